//! The one model of the spec document the pipeline shares: JSON pointers, operations,
//! schema walks, `$ref` reachability and typify's naming rules.
//!
//! Transforms, the generator, the conformance registry and the change report all read the
//! document through this module, so each of these questions has one answer. What tests
//! and examples need is public; the rest is for the crate.

mod naming;
mod ops;
mod pointer;
mod reach;
mod schemas;

pub use ops::{METHODS, OpRef, operations};
pub use pointer::{SCHEMAS, deref, escape, resolve, schema_ref, unescape};

pub(crate) use naming::{component_type_name, inline_named_schemas, type_name_at};
pub(crate) use ops::{OpView, error_at, for_each_operation_mut, views};
pub(crate) use pointer::component_of;
pub(crate) use reach::{Reach, refs_under};
pub(crate) use schemas::{Side, for_each_ref, for_each_schema, for_each_schema_mut, walk_schema};
