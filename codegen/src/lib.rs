//! The spec pipeline behind `dwolla-api`: load Dwolla's OpenAPI YAML, apply named
//! transforms that make it digestible for progenitor, and generate the client.
//!
//! `build.rs` of `dwolla-api` is a thin caller of [`pipeline::run`]; tests and the
//! `spec_diff` example reach the same functions, so every fix is testable by name.

pub mod base_url;
pub mod bindings;
pub mod conformance;
pub mod diff;
pub mod doc;
pub mod error;
pub mod generate;
pub mod load;
mod method_names;
pub mod operation;
pub mod pages;
pub mod pipeline;
pub mod revision;
pub mod rewrite;
pub mod roles;
pub mod send;
pub mod transforms;
pub mod uploads;

pub use error::SpecError;
pub use serde_json::Value;
