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
mod change;
mod params;
mod schema;

pub use change::{Change, ChangeKind, Group, Impact, Subject};
pub use schema::signature;

use crate::SpecError;
use crate::transforms::{self, Outcome};
use crate::walk::{self, METHODS, OpRef};
use schema::{Cx, SCHEMA_PREFIX, Sides, compare_node, compare_optional, unescape};

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
