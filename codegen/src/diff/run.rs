//! Running the comparison: both documents through the transforms, then every rule.

use std::path::Path;

use serde_json::Value;

use super::change::Subject;
use super::components::compare_schemas;
use super::helpers::helper_statuses;
use super::operations::compare_operations;
use super::report::Report;
use crate::SpecError;
use crate::doc::Reach;
use crate::transforms::{self, Outcome};

/// Compare two raw spec documents: each is cloned and run through
/// [`transforms::apply_all`], then [`compare`]d. An error names the side.
pub fn diff(old: &Value, new: &Value) -> Result<Report, SpecError> {
    let prepare = |doc: &Value, side: &str| {
        let mut doc = doc.clone();
        let outcome = transforms::apply_all(&mut doc).map_err(|mut e| {
            e.message = format!("{side} spec: {}", e.message);
            e
        })?;
        Ok::<_, SpecError>((doc, outcome))
    };
    let (old_doc, old_out) = prepare(old, "old")?;
    let (new_doc, new_out) = prepare(new, "new")?;
    Ok(compare(&old_doc, &old_out, &new_doc, &new_out))
}

/// Read two spec files and [`diff`] them.
pub fn diff_files(old: &Path, new: &Path) -> Result<Report, SpecError> {
    let old = crate::load::read_spec(old)?;
    let new = crate::load::read_spec(new)?;
    diff(&old, &new)
}

/// Compare two documents that already went through [`transforms::apply_all`], with
/// the [`Outcome`]s it returned (for left-out operations).
pub fn compare(old: &Value, old_outcome: &Outcome, new: &Value, new_outcome: &Outcome) -> Report {
    let mut changes = Vec::new();
    let reach = Reach::of(old).union(Reach::of(new));
    compare_operations(old, old_outcome, new, new_outcome, &mut changes);
    compare_schemas(old, new, &reach, &mut changes);
    // Stable sort: discovery order is kept within one subject.
    changes
        .sort_by(|a, b| (a.group(), sort_key(&a.subject)).cmp(&(b.group(), sort_key(&b.subject))));
    let helpers = helper_statuses(old, new);
    Report { changes, helpers }
}

fn sort_key(s: &Subject) -> &str {
    match s {
        Subject::Operation { id, .. } => id,
        Subject::Schema(name) => name,
    }
}
