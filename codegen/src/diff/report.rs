//! The change report's model: the list of changes, its counts, its printed form and the
//! example's exit code.

use std::fmt;

use super::change::{Change, ChangeKind, Group, Impact};
use super::helpers::HelperStatus;

/// The whole report: every change, sorted by group, subject, then discovery order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
    /// Each hand-written helper's binding in the old and new spec (not counted as changes).
    pub helpers: Vec<HelperStatus>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Compatible changes.
    pub compatible: usize,
    /// Operations added (including ones no longer left out).
    pub operations_added: usize,
    /// Operations removed.
    pub operations_removed: usize,
    /// Operations the pipeline newly leaves out.
    pub operations_left_out: usize,
    /// Component schemas added.
    pub schemas_added: usize,
    /// Component schemas removed.
    pub schemas_removed: usize,
}

impl Report {
    /// Is any change breaking?
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.impact == Impact::Breaking)
    }

    /// No change at all?
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Counts by impact and by kind.
    pub fn counts(&self) -> Counts {
        let mut n = Counts::default();
        for c in &self.changes {
            match c.impact {
                Impact::Breaking => n.breaking += 1,
                Impact::Compatible => n.compatible += 1,
            }
            match c.kind {
                ChangeKind::OperationAdded { .. } => n.operations_added += 1,
                ChangeKind::OperationRemoved => n.operations_removed += 1,
                ChangeKind::OperationLeftOut { .. } => n.operations_left_out += 1,
                ChangeKind::SchemaAdded => n.schemas_added += 1,
                ChangeKind::SchemaRemoved => n.schemas_removed += 1,
                _ => {}
            }
        }
        n
    }

    /// `summary: 2 breaking, 3 compatible; operations: 1 added, 1 removed, 0 newly left out; schemas: 0 added, 0 removed`.
    pub fn summary(&self) -> String {
        let n = self.counts();
        format!(
            "summary: {} breaking, {} compatible; operations: {} added, {} removed, {} newly left out; schemas: {} added, {} removed",
            n.breaking,
            n.compatible,
            n.operations_added,
            n.operations_removed,
            n.operations_left_out,
            n.schemas_added,
            n.schemas_removed
        )
    }

    /// The printed lines of the changes (no headings, no summary), in report order.
    pub fn lines(&self) -> Vec<String> {
        self.changes.iter().map(Change::to_string).collect()
    }

    /// The printed lines of the helpers section (no heading), in [`HELPERS`] order.
    ///
    /// [`HELPERS`]: crate::bindings::HELPERS
    pub fn helper_lines(&self) -> Vec<String> {
        self.helpers.iter().flat_map(HelperStatus::lines).collect()
    }
}

impl fmt::Display for Report {
    /// Grouped lines under `# ...` headings, the helpers section, then the summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            writeln!(f, "no changes")?;
            if !self.helpers.is_empty() {
                writeln!(f)?;
            }
        }
        let mut current = None;
        for c in &self.changes {
            let g = c.group();
            if current != Some(g) {
                let heading = match g {
                    Group::Operations => "# operations added, removed, left out",
                    Group::OperationChanges => "# changes per operation",
                    Group::Schemas => "# changes per component schema",
                };
                if current.is_some() {
                    writeln!(f)?;
                }
                writeln!(f, "{heading}")?;
                current = Some(g);
            }
            writeln!(f, "{c}")?;
        }
        if current.is_some() {
            writeln!(f)?;
        }
        if !self.helpers.is_empty() {
            writeln!(f, "# helpers")?;
            for line in self.helper_lines() {
                writeln!(f, "{line}")?;
            }
            writeln!(f)?;
        }
        write!(f, "{}", self.summary())
    }
}

/// The example's exit code for a report: 1 when `fail_on_breaking` and something is
/// breaking, else 0. (Bad arguments and unreadable specs exit with 2.)
pub fn exit_code(report: &Report, fail_on_breaking: bool) -> u8 {
    u8::from(fail_on_breaking && report.has_breaking())
}
