//! Spec revisions derived from a real one, to rehearse bumps the suite has not seen:
//! schemas renamed, inlined or hoisted, an enum dropped, an operation removed, an
//! example that contradicts its schema. Each edit is one function on the raw document.

use serde_json::{Map, Value};

use crate::SpecError;
use crate::doc::{escape, schema_ref};

mod operations;
pub use operations::{
    remove_operation, rename_operation, reuse_operation_id, split_fragment_operation,
    trailing_slash_copy,
};

const SCHEMAS: &str = "/components/schemas";

fn schemas_mut(doc: &mut Value) -> Result<&mut Map<String, Value>, SpecError> {
    doc.pointer_mut(SCHEMAS)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SpecError::at(format!("#{SCHEMAS}"), "no component schemas"))
}

/// Apply `f` to every string anywhere in the document that is a reference (`$ref`
/// values and discriminator `mapping` targets), examples excepted.
fn for_each_ref_mut(v: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                match (k.as_str(), &*child) {
                    ("example" | "examples", _) => {}
                    ("$ref", Value::String(_)) => f(child),
                    ("mapping", Value::Object(_)) => {
                        child
                            .as_object_mut()
                            .into_iter()
                            .flatten()
                            .for_each(|(_, t)| f(t));
                    }
                    _ => for_each_ref_mut(child, f),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| for_each_ref_mut(i, f)),
        _ => {}
    }
}

/// Rename component schema `from` to `to`, with every reference to it (and its
/// `title` when that was its name).
pub fn rename_schema(doc: &mut Value, from: &str, to: &str) -> Result<(), SpecError> {
    let schemas = schemas_mut(doc)?;
    if schemas.contains_key(to) {
        return Err(SpecError::at(schema_ref(to), "the new name is taken"));
    }
    let mut schema = schemas
        .remove(from)
        .ok_or_else(|| SpecError::at(schema_ref(from), "no such schema to rename"))?;
    if schema.get("title").and_then(Value::as_str) == Some(from) {
        schema["title"] = Value::from(to);
    }
    schemas.insert(to.to_string(), schema);
    let (old, new) = (schema_ref(from), Value::from(schema_ref(to)));
    for_each_ref_mut(doc, &mut |r| {
        if r.as_str() == Some(old.as_str()) {
            *r = new.clone();
        }
    });
    Ok(())
}

/// Move the inline schema at `pointer` (no leading `#`) to component `name`, leaving a
/// `$ref` in its place.
pub fn hoist_schema(doc: &mut Value, pointer: &str, name: &str) -> Result<(), SpecError> {
    let at = format!("#{pointer}");
    if schemas_mut(doc)?.contains_key(name) {
        return Err(SpecError::at(schema_ref(name), "the name is taken"));
    }
    let slot = doc
        .pointer_mut(pointer)
        .ok_or_else(|| SpecError::at(&at, "no schema to hoist here"))?;
    if slot.get("$ref").is_some() {
        return Err(SpecError::at(&at, "already a reference"));
    }
    let schema = std::mem::replace(slot, serde_json::json!({ "$ref": schema_ref(name) }));
    schemas_mut(doc)?.insert(name.to_string(), schema);
    Ok(())
}

/// Replace every reference to component `name` with a copy of the schema and remove the
/// component. A schema that refers to itself cannot be inlined.
pub fn inline_schema(doc: &mut Value, name: &str) -> Result<(), SpecError> {
    let target = schema_ref(name);
    let schemas = schemas_mut(doc)?;
    let mut schema = schemas
        .get(name)
        .cloned()
        .ok_or_else(|| SpecError::at(&target, "no such schema to inline"))?;
    let mut recursive = false;
    for_each_ref_mut(&mut schema, &mut |r| {
        recursive |= r.as_str() == Some(&target)
    });
    if recursive {
        return Err(SpecError::at(&target, "the schema refers to itself"));
    }
    schemas.remove(name);
    inline_refs(doc, &target, &schema);
    Ok(())
}

fn inline_refs(v: &mut Value, target: &str, schema: &Value) {
    match v {
        Value::Object(m) if m.get("$ref").and_then(Value::as_str) == Some(target) => {
            *v = schema.clone();
        }
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if k != "example" && k != "examples" {
                    inline_refs(child, target, schema);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| inline_refs(i, target, schema)),
        _ => {}
    }
}

/// Drop the `enum` of the schema at `pointer`: its values become a plain string.
pub fn remove_enum(doc: &mut Value, pointer: &str) -> Result<(), SpecError> {
    doc.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .and_then(|m| m.remove("enum"))
        .map(drop)
        .ok_or_else(|| SpecError::at(format!("#{pointer}"), "no enum to remove"))
}

/// Turn the string `example` at `pointer` (the example itself) into the number it
/// spells, as a revision that forgot the quotes: the spec then contradicts itself.
pub fn unquote_example(doc: &mut Value, pointer: &str) -> Result<(), SpecError> {
    let at = format!("#{pointer}");
    let slot = doc
        .pointer_mut(pointer)
        .ok_or_else(|| SpecError::at(&at, "no example here"))?;
    let number = slot
        .as_str()
        .and_then(|s| s.parse::<f64>().ok())
        .and_then(serde_json::Number::from_f64)
        .ok_or_else(|| SpecError::at(&at, "the example is not a numeric string"))?;
    *slot = Value::Number(number);
    Ok(())
}

/// One named edit of the rehearsal.
pub type Step = (&'static str, fn(&mut Value) -> Result<(), SpecError>);

/// The rehearsal revision `.ci/run` builds and tests the whole suite on, derived from
/// Dwolla's 2026-01 spec, as named steps (all of them, in order, by default).
pub const REHEARSAL: &[Step] = &[
    // An older revision's shape: the partner's name and status are free strings.
    ("drop-partner-enums", |doc| {
        remove_enum(doc, "/components/schemas/ExchangePartner/properties/name")?;
        remove_enum(doc, "/components/schemas/ExchangePartner/properties/status")
    }),
    // `Transfer` → `Payment` also moves the inline `amount`'s derived name.
    ("rename-schemas", |doc| {
        rename_schema(doc, "ExchangePartner", "Partner")?;
        rename_schema(doc, "Transfer", "Payment")
    }),
    // A list schema inlined into the one response that uses it.
    ("inline-schema", |doc| {
        inline_schema(doc, "ExchangePartners")
    }),
    // createCustomer's inline request body becomes a component.
    ("hoist-schema", |doc| {
        let body = first_media_schema(doc, "/paths/~1customers/post/requestBody/content")?;
        hoist_schema(doc, &body, "CreateCustomerRequest")
    }),
    ("remove-operation", |doc| {
        remove_operation(doc, "getExchangePartner")
    }),
    // A newer revision's defect: a number where its schema says string.
    ("unquote-example", |doc| {
        unquote_example(
            doc,
            "/components/schemas/VerifyMicroDeposits/properties/amount1/properties/value/example",
        )
    }),
    // Processed revisions' shape: verifying micro-deposits is its own operation under a
    // `#verify` key, taking only the verify body, whose example has the same defect.
    ("fragment-path", |doc| {
        split_fragment_operation(
            doc,
            "/funding-sources/{id}/micro-deposits",
            "post",
            "verify",
            "verifyMicroDeposits",
            serde_json::json!({ "$ref": schema_ref("VerifyMicroDeposits") }),
            serde_json::json!({
                "amount1": { "value": 0.02, "currency": "USD" },
                "amount2": { "value": "0.03", "currency": "USD" }
            }),
        )
    }),
    ("trailing-slash", |doc| {
        trailing_slash_copy(doc, "/exchange-partners", "get")
    }),
    // The seed operation under another operationId and path parameter name: the
    // exchange-session helpers bind by endpoint and keep working.
    ("rename-seed-operation", |doc| {
        rename_operation(
            doc,
            "createCustomerExchangeSession",
            "createExchangeSessionForCustomer",
            "id",
            "customerId",
        )
    }),
    ("duplicate-operation-id", |doc| {
        reuse_operation_id(doc, "/accounts/{id}", "get", "getCustomer")
    }),
];

/// Apply the rehearsal steps named in `only` (all when empty), in the table's order.
pub fn rehearsal(doc: &mut Value, only: &[String]) -> Result<(), SpecError> {
    if let Some(unknown) = only.iter().find(|n| !REHEARSAL.iter().any(|(s, _)| s == n)) {
        let names: Vec<&str> = REHEARSAL.iter().map(|(s, _)| *s).collect();
        return Err(SpecError::at(
            "#",
            format!(
                "no rehearsal step {unknown:?} (steps: {})",
                names.join(", ")
            ),
        ));
    }
    for (name, step) in REHEARSAL {
        if only.is_empty() || only.iter().any(|n| n == name) {
            step(doc).map_err(|mut e| {
                e.message = format!("rehearsal step {name}: {}", e.message);
                e
            })?;
        }
    }
    Ok(())
}

/// Pointer of the schema under the first media type of a `content` map.
pub fn first_media_schema(doc: &Value, content: &str) -> Result<String, SpecError> {
    let media = doc
        .pointer(content)
        .and_then(Value::as_object)
        .and_then(|c| c.keys().next())
        .ok_or_else(|| SpecError::at(format!("#{content}"), "no media type"))?;
    Ok(format!("{content}/{}/schema", escape(media)))
}
