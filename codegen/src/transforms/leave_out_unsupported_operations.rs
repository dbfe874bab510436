//! `leave_out_unsupported_operations`: operations progenitor cannot express are removed and reported.

use serde_json::Value;

use super::outcome::{LeftOut, Outcome};
use crate::SpecError;
use crate::doc::{METHODS, deref, views};

const BODY_TYPES: [&str; 5] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
    "text/x-markdown",
];

/// Operations progenitor cannot express are removed and reported (the build turns
/// each into a `cargo:warning`): multipart uploads, several request media types, and
/// request media types progenitor has no encoder for.
pub fn leave_out_unsupported_operations(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut out = Outcome::default();
    let mut remove = Vec::new();
    for v in views(doc) {
        let op = v.at;
        let body = v.op.get("requestBody").and_then(|b| deref(doc, b));
        let Some(content) = body
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        let types: Vec<&String> = content.keys().collect();
        let reason = if let Some(mp) = types.iter().find(|t| t.starts_with("multipart/")) {
            Some(format!(
                "{mp} request body (progenitor 0.15 has no multipart support)"
            ))
        } else if types.len() > 1 {
            Some(format!(
                "several request media types ({}); progenitor takes one",
                types
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        } else {
            types
                .first()
                .filter(|t| !BODY_TYPES.contains(&t.split(';').next().unwrap_or_default().trim()))
                .map(|t| format!("request media type {t} is not supported by progenitor"))
        };
        if let Some(reason) = reason {
            remove.push(op.clone());
            out.left_out.push(LeftOut {
                operation: op,
                reason,
            });
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for op in &remove {
            if let Some(Value::Object(item)) = paths.get_mut(&op.path) {
                item.remove(&op.method);
            }
        }
        paths.retain(|_, item| METHODS.iter().any(|m| item.get(*m).is_some()));
    }
    Ok(out)
}
