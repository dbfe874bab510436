//! `stringify_versions`: version numbers YAML read as numbers become strings.

use serde_json::Value;

use super::outcome::Outcome;
use crate::SpecError;

/// YAML reads a quote-less `version: 2.0` (or `openapi: 3.1`) as a number; OpenAPI wants strings.
pub fn stringify_versions(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut out = Outcome::default();
    for ptr in ["/openapi", "/info/version"] {
        if let Some(v @ Value::Number(_)) = doc.pointer_mut(ptr) {
            let s = v.to_string();
            out.notes.push(format!("#{ptr}: number {s} read as string"));
            *v = Value::String(s);
        }
    }
    Ok(out)
}
