//! `check_local_refs`: every `$ref` is local and resolves, or the build says where not.

use serde_json::Value;

use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{error_at, for_each_ref, resolve};

/// Every `$ref` must be local and resolve: a dangling one is an error naming the
/// operation that uses it and the place it stands, instead of a progenitor panic later.
pub fn check_local_refs(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut first: Option<SpecError> = None;
    let mut count = 0usize;
    for_each_ref(doc, "#", &mut |r, ptr| {
        count += 1;
        if first.is_some() {
            return;
        }
        let message = if !r.starts_with("#/") {
            Some(format!(
                "`$ref: {r}` is not a local reference; only `#/...` references are supported"
            ))
        } else if resolve(doc, r).is_none() {
            Some(format!(
                "dangling `$ref: {r}`: nothing in the spec is at that path"
            ))
        } else {
            None
        };
        if let Some(m) = message {
            first = Some(error_at(doc, ptr, m));
        }
    });
    match first {
        Some(e) => Err(e),
        None => Ok(Outcome {
            notes: vec![format!("{count} references resolve")],
            ..Default::default()
        }),
    }
}
