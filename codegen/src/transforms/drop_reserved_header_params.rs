//! `drop_reserved_header_params`: `Accept`, `Content-Type` and `Authorization` parameters leave the signatures.

use serde_json::Value;

use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{METHODS, deref};

/// `Accept`, `Content-Type` and `Authorization` header parameters are ignored by
/// OpenAPI 3.0.3 (§4.7.12.1); the client's hooks set them, so they leave the signatures.
/// A required `Idempotency-Key` header becomes optional: the hooks always send one.
pub fn drop_reserved_header_params(doc: &mut Value) -> Result<Outcome, SpecError> {
    let frozen = doc.clone();
    let reserved = |p: &Value| {
        deref(&frozen, p).is_some_and(|p| {
            p.get("in").and_then(Value::as_str) == Some("header")
                && p.get("name").and_then(Value::as_str).is_some_and(|n| {
                    ["accept", "content-type", "authorization"]
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
    // The client sends an `Idempotency-Key` on every POST (the caller's, or its own): a
    // revision that makes the header required must not make every call set it.
    let mut relaxed = 0usize;
    let mut relax = |p: &mut Value| {
        let is_key = p.get("in").and_then(Value::as_str) == Some("header")
            && p.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case("idempotency-key"));
        if is_key && p.get("required") == Some(&Value::Bool(true)) {
            p["required"] = Value::Bool(false);
            relaxed += 1;
        }
    };
    if let Some(Value::Object(params)) = doc.pointer_mut("/components/parameters") {
        params.values_mut().for_each(&mut relax);
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            if let Some(Value::Array(ps)) = item.get_mut("parameters") {
                ps.iter_mut().for_each(&mut relax);
            }
            for m in METHODS {
                if let Some(Value::Array(ps)) =
                    item.get_mut(m).and_then(|o| o.get_mut("parameters"))
                {
                    ps.iter_mut().for_each(&mut relax);
                }
            }
        }
    }
    Ok(Outcome {
        notes: vec![format!(
            "{dropped} reserved header parameters dropped; {relaxed} required Idempotency-Key headers made optional"
        )],
        ..Default::default()
    })
}
