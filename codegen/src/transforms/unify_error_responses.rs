//! `unify_error_responses`: every error response of every operation shares one body schema.

use serde_json::{Map, Value, json};

use super::names::ERROR_SCHEMA;
use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{deref, for_each_operation_mut};

/// The unified error body: what every Dwolla error (and the OAuth token error) carries.
/// Nothing is required, so an error body that lacks a field still decodes and keeps its status.
pub fn error_schemas() -> Value {
    json!({
        ERROR_SCHEMA: {
            "title": ERROR_SCHEMA,
            "description": "An error response from the Dwolla API. Every field is optional so that no error body fails to decode; unknown fields are ignored.",
            "type": "object",
            "properties": {
                "code": { "type": "string", "description": "Machine-readable error code, e.g. `ValidationError`, `InvalidScope`, `NotFound`." },
                "message": { "type": "string", "description": "Human-readable description." },
                "_embedded": { "$ref": "#/components/schemas/DwollaErrorEmbedded" },
                "error": { "type": "string", "description": "OAuth error code (token endpoint), e.g. `invalid_client`." },
                "error_description": { "type": "string", "description": "OAuth error description (token endpoint)." }
            }
        },
        "DwollaErrorEmbedded": {
            "type": "object",
            "description": "Embedded details of a Dwolla error.",
            "properties": {
                "errors": { "type": "array", "items": { "$ref": "#/components/schemas/DwollaErrorDetail" } }
            }
        },
        "DwollaErrorDetail": {
            "type": "object",
            "description": "One field-level error inside a `ValidationError`.",
            "properties": {
                "code": { "type": "string" },
                "message": { "type": "string" },
                "path": { "type": "string", "description": "JSON pointer of the offending request field, e.g. `/email`." },
                "_links": { "type": "object" }
            }
        }
    })
}

fn is_error_status(code: &str) -> bool {
    matches!(code.as_bytes().first(), Some(b'4') | Some(b'5'))
}

/// Every 4xx/5xx response of every operation gets one body schema, [`ERROR_SCHEMA`], so
/// progenitor's "one error type per operation" assertion holds. The name is a constant,
/// so it cannot change when the spec reorders or renames its own error schemas.
/// A schema of the spec's own that has one of those names is renamed out of the way first
/// (`<Name>FromSpec`, or the first free `<Name>FromSpec<n>`), its references with it.
pub fn unify_error_responses(doc: &mut Value) -> Result<Outcome, SpecError> {
    let unified = error_schemas();
    let mut notes = Vec::new();
    for (name, schema) in unified.as_object().into_iter().flatten() {
        let existing = doc
            .pointer(&format!("/components/schemas/{}", crate::doc::escape(name)))
            .cloned();
        if existing.is_none() || existing.as_ref() == Some(schema) {
            continue;
        }
        let taken = |n: &str| {
            doc.pointer(&format!("/components/schemas/{}", crate::doc::escape(n)))
                .is_some()
        };
        let free = std::iter::once(format!("{name}FromSpec"))
            .chain((2..).map(|i| format!("{name}FromSpec{i}")))
            .find(|n| !taken(n))
            .unwrap_or_default();
        crate::revision::rename_schema(doc, name, &free)?;
        notes.push(format!(
            "the spec's own `{name}` renamed `{free}`: the name is the unified error's"
        ));
    }
    let frozen = doc.clone();
    {
        let components = doc
            .as_object_mut()
            .ok_or_else(|| SpecError::at("#", "the document is not a mapping"))?
            .entry("components")
            .or_insert_with(|| json!({}));
        let schemas = components
            .as_object_mut()
            .ok_or_else(|| SpecError::at("#/components", "`components` is not a mapping"))?
            .entry("schemas")
            .or_insert_with(|| json!({}));
        let schemas = schemas.as_object_mut().ok_or_else(|| {
            SpecError::at(
                "#/components/schemas",
                "`components.schemas` is not a mapping",
            )
        })?;
        for (name, schema) in unified.as_object().into_iter().flatten() {
            schemas.insert(name.clone(), schema.clone());
        }
    }
    let mut ops = 0usize;
    let mut responses_changed = 0usize;
    for_each_operation_mut(doc, |_, op| {
        let Some(Value::Object(rs)) = op.get_mut("responses") else {
            return;
        };
        let mut touched = false;
        for (code, r) in rs.iter_mut() {
            if !is_error_status(code) {
                continue;
            }
            let resolved = deref(&frozen, r).cloned().unwrap_or_else(|| json!({}));
            let mut new = Map::new();
            new.insert(
                "description".into(),
                resolved
                    .get("description")
                    .cloned()
                    .unwrap_or_else(|| json!(code)),
            );
            if let Some(h) = resolved.get("headers") {
                new.insert("headers".into(), h.clone());
            }
            new.insert(
                "content".into(),
                json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{ERROR_SCHEMA}") } } }),
            );
            *r = Value::Object(new);
            touched = true;
            responses_changed += 1;
        }
        ops += usize::from(touched);
    });
    notes.push(format!(
        "{responses_changed} error responses of {ops} operations share `{ERROR_SCHEMA}`"
    ));
    Ok(Outcome {
        notes,
        ..Default::default()
    })
}
