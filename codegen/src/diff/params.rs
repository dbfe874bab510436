//! The change report's parameter rules: added, removed, required, type and enum values.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::change::{ChangeKind, Impact};
use super::schema::signature;
use crate::doc;

struct Param {
    required: bool,
    schema: Value,
}

/// Parameters of an operation by `in` + `name`, path-level ones merged in, `$ref`s followed.
fn params(
    doc: &Value,
    item: &Map<String, Value>,
    op: &Map<String, Value>,
) -> BTreeMap<String, Param> {
    let mut out = BTreeMap::new();
    for list in [item.get("parameters"), op.get("parameters")]
        .into_iter()
        .flatten()
    {
        for p in list.as_array().into_iter().flatten() {
            let Some(p) = doc::deref(doc, p) else {
                continue;
            };
            let (Some(name), Some(loc)) = (
                p.get("name").and_then(Value::as_str),
                p.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            let required =
                loc == "path" || p.get("required").and_then(Value::as_bool).unwrap_or(false);
            let schema = p.get("schema").cloned().unwrap_or(Value::Null);
            // Operation-level parameters override path-level ones with the same key.
            out.insert(format!("{loc} `{name}`"), Param { required, schema });
        }
    }
    out
}

/// Compare the parameters of one operation in two documents.
pub(super) fn compare(
    old: &Value,
    old_item: &Map<String, Value>,
    old_op: &Map<String, Value>,
    new: &Value,
    new_item: &Map<String, Value>,
    new_op: &Map<String, Value>,
    push: &mut dyn FnMut(Impact, ChangeKind),
) {
    let before = params(old, old_item, old_op);
    let after = params(new, new_item, new_op);
    for (key, p) in &after {
        let Some(o) = before.get(key) else {
            let impact = if p.required {
                Impact::Breaking
            } else {
                Impact::Compatible
            };
            push(
                impact,
                ChangeKind::ParameterAdded {
                    param: key.clone(),
                    required: p.required,
                },
            );
            continue;
        };
        match (o.required, p.required) {
            (false, true) => push(
                Impact::Breaking,
                ChangeKind::ParameterMadeRequired { param: key.clone() },
            ),
            (true, false) => push(
                Impact::Compatible,
                ChangeKind::ParameterMadeOptional { param: key.clone() },
            ),
            _ => {}
        }
        let (from, to) = (signature(&o.schema), signature(&p.schema));
        if from != to {
            push(
                Impact::Breaking,
                ChangeKind::ParameterTypeChanged {
                    param: key.clone(),
                    from,
                    to,
                },
            );
            continue;
        }
        compare_enum(key, &o.schema, &p.schema, push);
        if let (Some(oi), Some(ni)) = (o.schema.get("items"), p.schema.get("items")) {
            compare_enum(&format!("{key}[]"), oi, ni, push);
        }
    }
    for key in before.keys().filter(|k| !after.contains_key(*k)) {
        push(
            Impact::Breaking,
            ChangeKind::ParameterRemoved { param: key.clone() },
        );
    }
}

/// Enum values of an inline parameter schema (a `$ref`'d one is compared at its
/// component). A parameter is always sent, so the request rule holds whether it is a
/// value the API acts on or a filter on what it returns: a new value is one more
/// option (compatible), a removed one may now be refused (breaking).
fn compare_enum(param: &str, old: &Value, new: &Value, push: &mut dyn FnMut(Impact, ChangeKind)) {
    let values = |s: &Value| -> Vec<Value> {
        s.get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (ov, nv) = (values(old), values(new));
    for v in nv.iter().filter(|v| !ov.contains(v)) {
        push(
            Impact::Compatible,
            ChangeKind::ParameterEnumValueAdded {
                param: param.to_string(),
                value: v.to_string(),
            },
        );
    }
    for v in ov.iter().filter(|v| !nv.contains(v)) {
        push(
            Impact::Breaking,
            ChangeKind::ParameterEnumValueRemoved {
                param: param.to_string(),
                value: v.to_string(),
            },
        );
    }
}
