//! `drop_reserved_header_params`: `Accept`, `Content-Type`, `Authorization` and `Idempotency-Key` parameters leave the signatures.

use serde_json::Value;

use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{METHODS, deref};

/// `Accept`, `Content-Type` and `Authorization` header parameters are ignored by
/// OpenAPI 3.0.3 (§4.7.12.1); the client sets them, so they leave the signatures. So does
/// an `Idempotency-Key` header, required or not: the client sends one on every `POST`, and
/// every builder has `idempotency_key(..)` for the caller's own.
pub fn drop_reserved_header_params(doc: &mut Value) -> Result<Outcome, SpecError> {
    let frozen = doc.clone();
    let reserved = |p: &Value| {
        deref(&frozen, p).is_some_and(|p| {
            p.get("in").and_then(Value::as_str) == Some("header")
                && p.get("name").and_then(Value::as_str).is_some_and(|n| {
                    ["accept", "content-type", "authorization", "idempotency-key"]
                        .contains(&n.to_ascii_lowercase().as_str())
                })
        })
    };
    let mut dropped = 0usize;
    let mut strip = |params: Option<&mut Value>| {
        if let Some(Value::Array(ps)) = params {
            let before = ps.len();
            ps.retain(|p| !reserved(p));
            dropped += before - ps.len();
        }
    };
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            strip(item.get_mut("parameters"));
            for m in METHODS {
                if let Some(op) = item.get_mut(m) {
                    strip(op.get_mut("parameters"));
                }
            }
        }
    }
    Ok(Outcome {
        notes: vec![format!("{dropped} reserved header parameters dropped")],
        ..Default::default()
    })
}
