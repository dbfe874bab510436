//! The one-line bump summary the build prints when the spec it builds differs from another revision.

use std::path::Path;

use serde_json::Value;

use super::report::Report;
use super::run::{compare, diff};
use crate::transforms::{self, Outcome};

/// One line for the build when the spec it builds differs from another revision, e.g.
/// `3 operations added, 1 removed, 0 newly left out, 2 breaking changes`.
/// `None` when the documents are equal or the report is empty; a spec that cannot be
/// compared says so (the build reports its own errors separately).
pub fn bump_summary(old_doc: &Value, new_doc: &Value) -> Option<String> {
    if old_doc == new_doc {
        return None;
    }
    match diff(old_doc, new_doc) {
        Ok(r) => summary_line(&r),
        Err(e) => Some(format!("cannot compare: {e}")),
    }
}

/// [`bump_summary`] for the build, which has already transformed the spec it builds:
/// only the spec file `old` is read and transformed here. The line ends with the
/// command that prints the details. `None` when `old` is `new` or cannot be read.
pub fn bump_summary_against(
    old: &Path,
    new: &Path,
    new_doc: &Value,
    new_outcome: &Outcome,
) -> Option<String> {
    if let (Ok(a), Ok(b)) = (old.canonicalize(), new.canonicalize())
        && a == b
    {
        return None;
    }
    let mut old_doc = crate::load::read_spec(old).ok()?;
    let line = match transforms::apply_all(&mut old_doc) {
        Ok(old_outcome) => summary_line(&compare(&old_doc, &old_outcome, new_doc, new_outcome))?,
        Err(e) => format!("cannot compare: old spec: {e}"),
    };
    Some(format!(
        "{line} (details: cargo run --example spec_diff -- {} {})",
        old.display(),
        new.display()
    ))
}

fn summary_line(report: &Report) -> Option<String> {
    if report.is_empty() {
        return None;
    }
    let n = report.counts();
    Some(format!(
        "{} operations added, {} removed, {} newly left out, {} breaking changes",
        n.operations_added, n.operations_removed, n.operations_left_out, n.breaking
    ))
}
