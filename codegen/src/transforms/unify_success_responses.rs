//! `unify_success_responses`: an operation whose success bodies differ returns raw bytes.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::names::X_RAW_SUCCESS;
use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{deref, for_each_operation_mut};

/// progenitor also asserts one success type per operation. When an operation's 2xx
/// responses differ (a 200 with a body beside a 201 without, or two different bodies),
/// all of them become raw bytes (`ByteStream`) and the operation is marked
/// [`X_RAW_SUCCESS`]: nothing is mistyped, the caller decodes by status.
pub fn unify_success_responses(doc: &mut Value) -> Result<Outcome, SpecError> {
    let frozen = doc.clone();
    let mut out = Outcome::default();
    for_each_operation_mut(doc, |r, op| {
        let Some(Value::Object(rs)) = op.get_mut("responses") else {
            return;
        };
        let shapes: BTreeSet<String> = rs
            .iter()
            .filter(|(code, _)| code.starts_with('2'))
            .map(|(_, r)| success_shape(&frozen, r))
            .collect();
        if shapes.len() <= 1 {
            return;
        }
        for (code, resp) in rs.iter_mut() {
            if !code.starts_with('2') {
                continue;
            }
            let description = deref(&frozen, resp)
                .and_then(|r| r.get("description").cloned())
                .unwrap_or_else(|| json!(code));
            let headers = deref(&frozen, resp).and_then(|r| r.get("headers").cloned());
            let mut new = json!({
                "description": description,
                "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } }
            });
            if let Some(h) = headers {
                new["headers"] = h;
            }
            *resp = new;
        }
        op.insert(X_RAW_SUCCESS.into(), json!(true));
        out.notes.push(format!(
            "{}: success bodies differ, returned as raw bytes",
            r.label()
        ));
    });
    Ok(out)
}

fn success_shape(doc: &Value, r: &Value) -> String {
    let Some(content) = deref(doc, r)
        .and_then(|r| r.get("content"))
        .and_then(Value::as_object)
    else {
        return "none".into();
    };
    match content.get("application/json") {
        Some(m) => format!("json:{}", m.get("schema").unwrap_or(&Value::Null)),
        None if content.is_empty() => "none".into(),
        None => "raw".into(),
    }
}
