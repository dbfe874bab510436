//! The spec change report: what a spec bump changes for a user of `dwolla-api`.
//!
//! Both documents go through the same [`apply_all`](crate::transforms::apply_all) first, so the report
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
//! * **Helpers** (`diff/helpers.rs`): for each hand-written helper of
//!   [`HELPERS`](crate::bindings::HELPERS), whether it binds in the old and the new
//!   document (read from the spec by the build's binding rules), and when its
//!   operation's request body changed shape (a renamed schema, one schema to a `oneOf`
//!   and back, inline to `$ref`), whether the helper survives. Not a change: no impact.
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

mod body;
mod change;
mod components;
mod helpers;
mod operations;
mod params;
mod report;
mod run;
mod schema;
mod summary;

pub use change::{Change, ChangeKind, Group, Impact, Subject};
pub use helpers::{BodyShape, HelperStatus, bind_in_spec, helper_statuses};
pub use report::{Counts, Report, exit_code};
pub use run::{compare, diff, diff_files};
pub use schema::signature;
pub use summary::{bump_summary, bump_summary_against};
