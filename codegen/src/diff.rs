//! The spec change report: what a spec bump changes for a user of `dwolla-api`.
//!
//! Both documents go through the same [`transforms::apply_all`] first, so the report
//! compares what the crate would generate, not the raw YAML: vendor media types,
//! unified error bodies and left-out operations are already accounted for.
//!
//! # What is compared
//!
//! * **Operations**, keyed by `operationId` (`METHOD /path` when there is none):
//!   added, removed, newly left out by the pipeline, and a new method or path.
//! * **Per operation**: parameters (keyed by `in` + `name`, path-level ones merged in,
//!   `$ref`s followed) added, removed, made required or optional, of another type, or
//!   with enum values added or removed (`diff/params.rs`); the request body added,
//!   removed, made required or optional (`diff/body.rs`); inline request bodies
//!   (`body…`) and inline success bodies (`response…`), compared like schemas.
//! * **Per component schema**: schema added or removed; properties added or removed;
//!   `required` changes; type changes (`type`, `format` and `$ref` are compared); enum
//!   values added or removed. Nested inline objects, array `items` (`tags[]`), inline
//!   `allOf` members (merged into their parent) and inline `oneOf`/`anyOf` variants are
//!   followed; a `$ref` is compared where its target is defined.
//!
//! # Classification
//!
//! Each change is [`Impact::Breaking`] or [`Impact::Compatible`] for a user of the
//! crate. A schema is *request-reachable* when any operation's request body or
//! parameter reaches it (following `$ref`s transitively), *response-reachable* when any
//! response reaches it; a schema reachable from both follows both rules (breaking wins).
//! Reachability is taken from the old and the new document together.
//!
//! | change | impact |
//! |---|---|
//! | operation, parameter, property or schema removed | breaking |
//! | operation newly left out (it was generated before) | breaking |
//! | operation added; new operation left out | compatible |
//! | parameter added, optional / required | compatible / breaking |
//! | parameter made required / made optional | breaking / compatible |
//! | parameter enum value added / removed (a request value, or a filter on what is returned) | compatible / breaking |
//! | request body added, optional / required | compatible / breaking |
//! | request body made required / made optional; removed | breaking / compatible; breaking |
//! | property added, optional | compatible |
//! | property added, required: request-reachable / response-only | breaking / compatible (it just appears) |
//! | property made required: request-reachable / otherwise | breaking (callers must send it) / compatible |
//! | property made optional: response-reachable / otherwise | breaking (it may be absent) / compatible |
//! | type change (`type`, `format`, `$ref`, composition) of a property, parameter or body | breaking |
//! | enum value added | compatible (a new option in requests; response enums are open) |
//! | enum value removed | breaking |
//! | operation moved to another method or path (same `operationId`) | compatible |
//!
//! The rules judge what a caller must change to keep working against the API. With
//! progenitor's positional methods and typify's plain structs, any added parameter or
//! property also changes a signature or a struct literal; those are not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

mod body;
mod params;

use crate::SpecError;
use crate::transforms::{self, Outcome};
use crate::walk::{self, METHODS, OpRef};

/// Whether a change breaks a user of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Code or requests that worked before may fail.
    Breaking,
    /// Nothing that worked before stops working.
    Compatible,
}

impl Impact {
    fn word(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// What a change belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An operation.
    Operation {
        /// `operationId` (or `METHOD /path` without one): the key operations are matched by.
        id: String,
        /// `createCustomer (POST /customers)`, in the newer document when it has it.
        label: String,
    },
    /// A component schema, by name.
    Schema(String),
}

/// The report's sections, in print order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Operations added, removed, left out.
    Operations,
    /// Changes inside one operation.
    OperationChanges,
    /// Component schemas.
    Schemas,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A new generated operation (possibly one that was left out before).
    OperationAdded {
        /// It existed before but the pipeline left it out.
        was_left_out: bool,
    },
    /// The operation is gone.
    OperationRemoved,
    /// The operation is in the new spec but the pipeline leaves it out.
    OperationLeftOut {
        /// The transform's reason.
        reason: String,
        /// The old spec generated it.
        was_generated: bool,
    },
    /// Same `operationId`, other method or path.
    EndpointChanged {
        /// `GET /old`.
        from: String,
    },
    /// A parameter was added.
    ParameterAdded {
        /// `in` and `name`, e.g. ``query `limit` ``.
        param: String,
        /// Whether it is required.
        required: bool,
    },
    /// A parameter was removed.
    ParameterRemoved {
        /// `in` and `name`.
        param: String,
    },
    /// A parameter went from optional to required.
    ParameterMadeRequired {
        /// `in` and `name`.
        param: String,
    },
    /// A parameter went from required to optional.
    ParameterMadeOptional {
        /// `in` and `name`.
        param: String,
    },
    /// A parameter's schema has another type.
    ParameterTypeChanged {
        /// `in` and `name`.
        param: String,
        /// Old type.
        from: String,
        /// New type.
        to: String,
    },
    /// A value was added to a parameter's enum.
    ParameterEnumValueAdded {
        /// `in` and `name`, with `[]` for an array's items.
        param: String,
        /// The value, as JSON.
        value: String,
    },
    /// A value was removed from a parameter's enum.
    ParameterEnumValueRemoved {
        /// `in` and `name`, with `[]` for an array's items.
        param: String,
        /// The value, as JSON.
        value: String,
    },
    /// The operation takes a request body it did not take.
    RequestBodyAdded {
        /// Whether it is required.
        required: bool,
    },
    /// The operation no longer takes a request body.
    RequestBodyRemoved,
    /// The request body went from optional to required.
    RequestBodyMadeRequired,
    /// The request body went from required to optional.
    RequestBodyMadeOptional,
    /// A component schema was added.
    SchemaAdded,
    /// A component schema was removed.
    SchemaRemoved,
    /// A property was added.
    PropertyAdded {
        /// Dotted property path, e.g. `_links.redirect-url.href`, `tags[]`.
        path: String,
        /// Whether it is required.
        required: bool,
    },
    /// A property was removed.
    PropertyRemoved {
        /// Property path.
        path: String,
    },
    /// A property became required.
    PropertyMadeRequired {
        /// Property path.
        path: String,
    },
    /// A property became optional.
    PropertyMadeOptional {
        /// Property path.
        path: String,
    },
    /// The type (`type`, `format`, `$ref`, composition) changed; empty path = the schema itself.
    TypeChanged {
        /// Property path.
        path: String,
        /// Old type.
        from: String,
        /// New type.
        to: String,
    },
    /// An enum value was added.
    EnumValueAdded {
        /// Property path of the enum; empty = the schema itself.
        path: String,
        /// The value, as JSON (`"pending"`).
        value: String,
    },
    /// An enum value was removed.
    EnumValueRemoved {
        /// Property path of the enum.
        path: String,
        /// The value, as JSON.
        value: String,
    },
}

/// A classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or compatible.
    pub impact: Impact,
    /// What it belongs to.
    pub subject: Subject,
    /// What changed.
    pub kind: ChangeKind,
}

impl Change {
    /// The section it is printed in.
    pub fn group(&self) -> Group {
        match (&self.subject, &self.kind) {
            (
                Subject::Operation { .. },
                ChangeKind::OperationAdded { .. }
                | ChangeKind::OperationRemoved
                | ChangeKind::OperationLeftOut { .. },
            ) => Group::Operations,
            (Subject::Operation { .. }, _) => Group::OperationChanges,
            (Subject::Schema(_), _) => Group::Schemas,
        }
    }
}

fn prop(path: &str) -> String {
    format!("`{path}`")
}

impl fmt::Display for Change {
    /// One line: `breaking   schema Customer: property `email` removed`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<10} ", self.impact.word())?;
        let (label, id) = match &self.subject {
            Subject::Operation { id, label } => (label.as_str(), id.as_str()),
            Subject::Schema(name) => (name.as_str(), name.as_str()),
        };
        match &self.kind {
            ChangeKind::OperationAdded {
                was_left_out: false,
            } => write!(f, "operation added: {label}"),
            ChangeKind::OperationAdded { was_left_out: true } => {
                write!(f, "operation added: {label} (no longer left out)")
            }
            ChangeKind::OperationRemoved => write!(f, "operation removed: {label}"),
            ChangeKind::OperationLeftOut {
                reason,
                was_generated,
            } => {
                let new = if *was_generated { "" } else { "new " };
                write!(f, "{new}operation left out: {label}: {reason}")
            }
            ChangeKind::SchemaAdded => write!(f, "schema added: {id}"),
            ChangeKind::SchemaRemoved => write!(f, "schema removed: {id}"),
            kind => {
                match &self.subject {
                    Subject::Operation { id, .. } => write!(f, "operation {id}: ")?,
                    Subject::Schema(name) => write!(f, "schema {name}: ")?,
                }
                match kind {
                    ChangeKind::EndpointChanged { from } => write!(f, "now {label} (was {from})"),
                    ChangeKind::ParameterAdded { param, required } => {
                        let r = if *required { "required" } else { "optional" };
                        write!(f, "parameter {param} added, {r}")
                    }
                    ChangeKind::ParameterRemoved { param } => {
                        write!(f, "parameter {param} removed")
                    }
                    ChangeKind::ParameterMadeRequired { param } => {
                        write!(f, "parameter {param} made required")
                    }
                    ChangeKind::ParameterMadeOptional { param } => {
                        write!(f, "parameter {param} made optional")
                    }
                    ChangeKind::ParameterTypeChanged { param, from, to } => {
                        write!(f, "parameter {param} type changed from {from} to {to}")
                    }
                    ChangeKind::ParameterEnumValueAdded { param, value } => {
                        write!(f, "parameter {param}: enum value {value} added")
                    }
                    ChangeKind::ParameterEnumValueRemoved { param, value } => {
                        write!(f, "parameter {param}: enum value {value} removed")
                    }
                    ChangeKind::RequestBodyAdded { required } => {
                        let r = if *required { "required" } else { "optional" };
                        write!(f, "request body added, {r}")
                    }
                    ChangeKind::RequestBodyRemoved => write!(f, "request body removed"),
                    ChangeKind::RequestBodyMadeRequired => write!(f, "request body made required"),
                    ChangeKind::RequestBodyMadeOptional => write!(f, "request body made optional"),
                    ChangeKind::PropertyAdded { path, required } => {
                        let r = if *required { "required" } else { "optional" };
                        write!(f, "property {} added, {r}", prop(path))
                    }
                    ChangeKind::PropertyRemoved { path } => {
                        write!(f, "property {} removed", prop(path))
                    }
                    ChangeKind::PropertyMadeRequired { path } => {
                        write!(f, "property {} made required", prop(path))
                    }
                    ChangeKind::PropertyMadeOptional { path } => {
                        write!(f, "property {} made optional", prop(path))
                    }
                    ChangeKind::TypeChanged { path, from, to } if path.is_empty() => {
                        write!(f, "type changed from {from} to {to}")
                    }
                    ChangeKind::TypeChanged { path, from, to } => {
                        write!(
                            f,
                            "property {} type changed from {from} to {to}",
                            prop(path)
                        )
                    }
                    ChangeKind::EnumValueAdded { path, value } if path.is_empty() => {
                        write!(f, "enum value {value} added")
                    }
                    ChangeKind::EnumValueAdded { path, value } => {
                        write!(f, "enum value {value} added to {}", prop(path))
                    }
                    ChangeKind::EnumValueRemoved { path, value } if path.is_empty() => {
                        write!(f, "enum value {value} removed")
                    }
                    ChangeKind::EnumValueRemoved { path, value } => {
                        write!(f, "enum value {value} removed from {}", prop(path))
                    }
                    _ => unreachable!("handled above"),
                }
            }
        }
    }
}

/// The whole report: every change, sorted by group, subject, then discovery order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
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
}

impl fmt::Display for Report {
    /// Grouped lines under `# ...` headings, then the summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            writeln!(f, "no changes")?;
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
        write!(f, "{}", self.summary())
    }
}

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
    let usage = Usage::of(old).union(Usage::of(new));
    compare_operations(old, old_outcome, new, new_outcome, &mut changes);
    compare_schemas(old, new, &usage, &mut changes);
    // Stable sort: discovery order is kept within one subject.
    changes
        .sort_by(|a, b| (a.group(), sort_key(&a.subject)).cmp(&(b.group(), sort_key(&b.subject))));
    Report { changes }
}

fn sort_key(s: &Subject) -> &str {
    match s {
        Subject::Operation { id, .. } => id,
        Subject::Schema(name) => name,
    }
}

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

// ---------------------------------------------------------------- the example's CLI

/// Usage text of `examples/spec_diff.rs`.
pub const USAGE: &str = "usage: spec_diff OLD.yaml NEW.yaml [--fail-on-breaking]";

/// Parsed arguments of the `spec_diff` example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliArgs {
    /// The older spec.
    pub old: PathBuf,
    /// The newer spec.
    pub new: PathBuf,
    /// Exit 1 when anything is breaking.
    pub fail_on_breaking: bool,
}

/// Parse the example's arguments (without the program name). `Err` holds the message
/// to print before exiting with 2.
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<CliArgs, String> {
    let mut files = Vec::new();
    let mut fail_on_breaking = false;
    for a in args {
        match a.to_str() {
            Some("--fail-on-breaking") => fail_on_breaking = true,
            Some(s) if s.starts_with('-') && s != "-" => {
                return Err(format!("unknown option `{s}`\n{USAGE}"));
            }
            _ => files.push(PathBuf::from(a)),
        }
    }
    match <[PathBuf; 2]>::try_from(files) {
        Ok([old, new]) => Ok(CliArgs {
            old,
            new,
            fail_on_breaking,
        }),
        Err(files) => Err(format!(
            "expected two spec files, got {}\n{USAGE}",
            files.len()
        )),
    }
}

/// The example's exit code for a report: 1 when `fail_on_breaking` and something is
/// breaking, else 0. (Bad arguments and unreadable specs exit with 2.)
pub fn exit_code(report: &Report, fail_on_breaking: bool) -> u8 {
    u8::from(fail_on_breaking && report.has_breaking())
}

// ---------------------------------------------------------------- reachability

/// Which component schemas requests and responses reach.
#[derive(Debug, Default)]
struct Usage {
    request: BTreeSet<String>,
    response: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy)]
struct Sides {
    request: bool,
    response: bool,
}

impl Usage {
    fn of(doc: &Value) -> Usage {
        let mut request_roots = Vec::new();
        let mut response_roots = Vec::new();
        for (item, op, _) in operation_objects(doc) {
            request_roots.extend(item.get("parameters"));
            request_roots.extend(op.get("parameters"));
            request_roots.extend(op.get("requestBody"));
            response_roots.extend(op.get("responses"));
        }
        Usage {
            request: reachable(doc, &request_roots),
            response: reachable(doc, &response_roots),
        }
    }

    fn union(mut self, other: Usage) -> Usage {
        self.request.extend(other.request);
        self.response.extend(other.response);
        self
    }

    fn sides(&self, schema: &str) -> Sides {
        Sides {
            request: self.request.contains(schema),
            response: self.response.contains(schema),
        }
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Names of the component schemas `roots` reach through `$ref`s, transitively.
fn reachable(doc: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    for root in roots {
        walk::for_each_ref(root, "#", &mut |r, _| queue.push(r.to_string()));
    }
    while let Some(r) = queue.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(target) = walk::resolve(doc, &r) {
            walk::for_each_ref(target, "#", &mut |r, _| queue.push(r.to_string()));
        }
    }
    seen.iter()
        .filter_map(|r| r.strip_prefix(SCHEMA_PREFIX))
        .map(unescape)
        .collect()
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `(path item, operation, OpRef)` of one operation, read-only.
type OpEntry<'a> = (&'a Map<String, Value>, &'a Map<String, Value>, OpRef);

/// `(path item, operation, OpRef)` of every operation, read-only.
fn operation_objects(doc: &Value) -> Vec<OpEntry<'_>> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for method in METHODS {
            if let Some(op) = item.get(method).and_then(Value::as_object) {
                out.push((item, op, OpRef::new(path, method, op)));
            }
        }
    }
    out
}

// ---------------------------------------------------------------- operations

fn op_key(r: &OpRef) -> String {
    r.operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {}", r.method.to_uppercase(), r.path))
}

fn endpoint(r: &OpRef) -> String {
    format!("{} {}", r.method.to_uppercase(), r.path)
}

fn compare_operations(
    old: &Value,
    old_out: &Outcome,
    new: &Value,
    new_out: &Outcome,
    out: &mut Vec<Change>,
) {
    let index = |doc| -> BTreeMap<String, OpEntry<'_>> {
        operation_objects(doc)
            .into_iter()
            .map(|(i, o, r)| (op_key(&r), (i, o, r)))
            .collect()
    };
    let old_ops = index(old);
    let new_ops = index(new);
    let left = |o: &Outcome| -> BTreeMap<String, (OpRef, String)> {
        o.left_out
            .iter()
            .map(|l| {
                (
                    op_key(&l.operation),
                    (l.operation.clone(), l.reason.clone()),
                )
            })
            .collect()
    };
    let old_left = left(old_out);
    let new_left = left(new_out);
    let subject = |r: &OpRef| Subject::Operation {
        id: op_key(r),
        label: r.label(),
    };

    for (key, (_, _, r)) in &new_ops {
        if !old_ops.contains_key(key) {
            let was_left_out = old_left.contains_key(key);
            out.push(Change {
                impact: Impact::Compatible,
                subject: subject(r),
                kind: ChangeKind::OperationAdded { was_left_out },
            });
        }
    }
    for (key, (r, reason)) in &new_left {
        if old_left.contains_key(key) {
            continue;
        }
        let was_generated = old_ops.contains_key(key);
        out.push(Change {
            impact: if was_generated {
                Impact::Breaking
            } else {
                Impact::Compatible
            },
            subject: subject(r),
            kind: ChangeKind::OperationLeftOut {
                reason: reason.clone(),
                was_generated,
            },
        });
    }
    for (key, (_, _, r)) in &old_ops {
        if !new_ops.contains_key(key) && !new_left.contains_key(key) {
            out.push(Change {
                impact: Impact::Breaking,
                subject: subject(r),
                kind: ChangeKind::OperationRemoved,
            });
        }
    }
    for (key, (new_item, new_op, r)) in &new_ops {
        let Some((old_item, old_op, old_r)) = old_ops.get(key) else {
            continue;
        };
        let subject = subject(r);
        let mut push = |impact, kind| {
            out.push(Change {
                impact,
                subject: subject.clone(),
                kind,
            })
        };
        if endpoint(old_r) != endpoint(r) {
            push(
                Impact::Compatible,
                ChangeKind::EndpointChanged {
                    from: endpoint(old_r),
                },
            );
        }
        params::compare(old, old_item, old_op, new, new_item, new_op, &mut push);
        let mut cx = Cx {
            old_doc: old,
            new_doc: new,
            sides: Sides {
                request: true,
                response: false,
            },
            push: &mut push,
        };
        body::compare(&mut cx, old_op, new_op);
        cx.sides = Sides {
            request: false,
            response: true,
        };
        compare_optional(
            &mut cx,
            success_schema(old, old_op),
            success_schema(new, new_op),
            "response",
        );
    }
}

/// The first 2xx response's JSON schema, or a pseudo-type for raw and empty bodies.
fn success_schema(doc: &Value, op: &Map<String, Value>) -> Option<Value> {
    let responses = op.get("responses")?.as_object()?;
    let (_, resp) = responses.iter().find(|(code, _)| code.starts_with('2'))?;
    let content = walk::deref(doc, resp)?
        .get("content")
        .and_then(Value::as_object);
    match content {
        Some(c) if c.contains_key("application/json") => Some(
            c["application/json"]
                .get("schema")
                .cloned()
                .unwrap_or(Value::Null),
        ),
        Some(c) if !c.is_empty() => Some(serde_json::json!({ "type": "bytes" })),
        _ => None,
    }
}

fn compare_optional(cx: &mut Cx<'_, '_>, old: Option<Value>, new: Option<Value>, path: &str) {
    match (old, new) {
        (None, None) => {}
        (Some(o), Some(n)) => compare_node(cx, &o, &n, path),
        (o, n) => {
            let sig = |v: Option<Value>| v.map_or_else(|| "none".to_string(), |v| signature(&v));
            (cx.push)(
                Impact::Breaking,
                ChangeKind::TypeChanged {
                    path: path.into(),
                    from: sig(o),
                    to: sig(n),
                },
            );
        }
    }
}

// ---------------------------------------------------------------- schemas

fn compare_schemas(old: &Value, new: &Value, usage: &Usage, out: &mut Vec<Change>) {
    let schemas = |doc: &Value| {
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let before = schemas(old);
    let after = schemas(new);
    for (name, s) in &after {
        let subject = Subject::Schema(name.clone());
        let Some(o) = before.get(name) else {
            out.push(Change {
                impact: Impact::Compatible,
                subject,
                kind: ChangeKind::SchemaAdded,
            });
            continue;
        };
        let mut push = |impact, kind| {
            out.push(Change {
                impact,
                subject: subject.clone(),
                kind,
            })
        };
        let mut cx = Cx {
            old_doc: old,
            new_doc: new,
            sides: usage.sides(name),
            push: &mut push,
        };
        compare_node(&mut cx, o, s, "");
    }
    for name in before.keys().filter(|n| !after.contains_key(*n)) {
        out.push(Change {
            impact: Impact::Breaking,
            subject: Subject::Schema(name.clone()),
            kind: ChangeKind::SchemaRemoved,
        });
    }
}

struct Cx<'d, 'p> {
    old_doc: &'d Value,
    new_doc: &'d Value,
    sides: Sides,
    push: &'p mut dyn FnMut(Impact, ChangeKind),
}

fn ref_name(r: &str) -> String {
    r.strip_prefix(SCHEMA_PREFIX)
        .map(unescape)
        .unwrap_or_else(|| r.to_string())
}

/// The type of a schema as the report names it: `string (date-time)`, `Customer` for a
/// `$ref`, `string enum` for an enum, `oneOf(A | B)` for a type-less composition,
/// `any` for `{}`.
pub fn signature(s: &Value) -> String {
    let Some(m) = s.as_object() else {
        return "any".into();
    };
    if let Some(r) = m.get("$ref").and_then(Value::as_str) {
        return ref_name(r);
    }
    let ty = match m.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(other) => other.to_string(),
        None => {
            let composed = ["oneOf", "anyOf", "allOf"].iter().find_map(|k| {
                let members = m.get(*k)?.as_array()?;
                let names: Vec<String> = members.iter().map(signature).collect();
                Some(format!("{k}({})", names.join(" | ")))
            });
            match composed {
                Some(c) => c,
                None if m.contains_key("properties") => "object".into(),
                None => "any".into(),
            }
        }
    };
    let ty = match m.get("format").and_then(Value::as_str) {
        Some(f) => format!("{ty} ({f})"),
        None => ty,
    };
    // A closed set of values is another Rust type than a free one.
    if m.contains_key("enum") {
        format!("{ty} enum")
    } else {
        ty
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Properties and `required` of a schema, inline `allOf` members merged in.
fn object_view(s: &Map<String, Value>) -> (Map<String, Value>, BTreeSet<String>) {
    let mut props = Map::new();
    let mut required = BTreeSet::new();
    let mut add = |m: &Map<String, Value>| {
        if let Some(p) = m.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                props.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        if let Some(r) = m.get("required").and_then(Value::as_array) {
            required.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
        }
    };
    add(s);
    for member in s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(m) = member.as_object().filter(|m| !m.contains_key("$ref")) {
            add(m);
        }
    }
    (props, required)
}

fn compare_node(cx: &mut Cx<'_, '_>, old: &Value, new: &Value, path: &str) {
    let (from, to) = (signature(old), signature(new));
    if from != to {
        if !same_after_deref(cx, old, new) {
            (cx.push)(
                Impact::Breaking,
                ChangeKind::TypeChanged {
                    path: path.into(),
                    from,
                    to,
                },
            );
        }
        return;
    }
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return;
    };
    if o.contains_key("$ref") {
        return; // compared where it is defined
    }
    compare_enum(cx, o, n, path);

    let (old_props, old_req) = object_view(o);
    let (new_props, new_req) = object_view(n);
    let Sides { request, response } = cx.sides;
    for (name, ns) in &new_props {
        let p = join(path, name);
        let required = new_req.contains(name);
        let Some(os) = old_props.get(name) else {
            let impact = if required && request {
                Impact::Breaking
            } else {
                Impact::Compatible
            };
            (cx.push)(impact, ChangeKind::PropertyAdded { path: p, required });
            continue;
        };
        match (old_req.contains(name), required) {
            (false, true) => {
                let impact = if request {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                };
                (cx.push)(impact, ChangeKind::PropertyMadeRequired { path: p.clone() });
            }
            (true, false) => {
                let impact = if response {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                };
                (cx.push)(impact, ChangeKind::PropertyMadeOptional { path: p.clone() });
            }
            _ => {}
        }
        compare_node(cx, os, ns, &p);
    }
    for name in old_props.keys().filter(|k| !new_props.contains_key(*k)) {
        (cx.push)(
            Impact::Breaking,
            ChangeKind::PropertyRemoved {
                path: join(path, name),
            },
        );
    }

    if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
        compare_node(cx, oi, ni, &format!("{path}[]"));
    }
    if let (Some(oa @ Value::Object(_)), Some(na @ Value::Object(_))) =
        (o.get("additionalProperties"), n.get("additionalProperties"))
    {
        compare_node(cx, oa, na, &join(path, "*"));
    }
    for key in ["oneOf", "anyOf"] {
        if let (Some(ov), Some(nv)) = (
            o.get(key).and_then(Value::as_array),
            n.get(key).and_then(Value::as_array),
        ) {
            for (i, (a, b)) in ov.iter().zip(nv).enumerate() {
                compare_node(cx, a, b, &format!("{path}<{key} {i}>"));
            }
        }
    }
}

/// A `$ref` on one side and an inline schema on the other are the same type when the
/// reference resolves to exactly that schema (a hoisting transform moved it).
fn same_after_deref(cx: &Cx<'_, '_>, old: &Value, new: &Value) -> bool {
    match (walk::deref(cx.old_doc, old), walk::deref(cx.new_doc, new)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn compare_enum(cx: &mut Cx<'_, '_>, o: &Map<String, Value>, n: &Map<String, Value>, path: &str) {
    let values = |m: &Map<String, Value>| -> Vec<Value> {
        m.get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (ov, nv) = (values(o), values(n));
    for v in nv.iter().filter(|v| !ov.contains(v)) {
        (cx.push)(
            Impact::Compatible,
            ChangeKind::EnumValueAdded {
                path: path.into(),
                value: v.to_string(),
            },
        );
    }
    for v in ov.iter().filter(|v| !nv.contains(v)) {
        (cx.push)(
            Impact::Breaking,
            ChangeKind::EnumValueRemoved {
                path: path.into(),
                value: v.to_string(),
            },
        );
    }
}
