//! The whole pipeline as `build.rs` runs it: read → transforms → progenitor → files.

use std::path::Path;

use crate::SpecError;
use crate::generate::{self, Generated, Options};
use crate::transforms::{self, Outcome};

/// Everything a build needs to write and report.
#[derive(Debug, Clone)]
pub struct Output {
    /// The generated client and its operations.
    pub generated: Generated,
    /// What the transforms did (left-out operations among it).
    pub outcome: Outcome,
    /// The Rust source of the operations table.
    pub wire: String,
    /// The Rust source of the conformance registry (see [`crate::conformance`]).
    pub conformance: String,
    /// The transformed document progenitor was given.
    pub spec: serde_json::Value,
    /// The multipart uploads of the spec (which the generator leaves out).
    pub uploads: Vec<crate::uploads::Upload>,
    /// HAL page types, read from the generated types.
    pub pages: Vec<crate::pages::PageType>,
    /// The hand-written helpers, bound to their operations or compiled out.
    pub bindings: Vec<crate::bindings::Binding>,
    /// The Rust source of the public `ops` module (role aliases per operation).
    pub ops: String,
    /// The Rust source of the helpers' bindings.
    pub bound: String,
    /// The `cfg`s saying which roles, fields and helpers this revision has.
    pub cfgs: Vec<String>,
}

/// Run every step on a spec file. Errors name the operation and spec path.
pub fn run(spec: &Path, opts: &Options) -> Result<Output, Vec<SpecError>> {
    let doc = crate::load::read_spec(spec).map_err(|e| vec![e])?;
    run_doc(doc, opts)
}

/// Run the transforms and generator on an already parsed document.
pub fn run_doc(mut doc: serde_json::Value, opts: &Options) -> Result<Output, Vec<SpecError>> {
    // Read before the transforms, which leave multipart operations out.
    let uploads = crate::uploads::uploads(&doc);
    let mut outcome = transforms::apply_all(&mut doc).map_err(|e| vec![e])?;
    let generated = generate::generate(&doc, opts)?;
    outcome.left_out.extend(generated.left_out.iter().cloned());
    let wire = generate::wire_table(&generated.operations);
    let conformance = crate::conformance::registry_source(&doc, &generated);
    let pages =
        crate::pages::page_types(&generated.code).map_err(|e| vec![SpecError::at("#", e)])?;
    let page_names = pages.iter().map(|p| p.type_name.clone()).collect();
    let bindings = crate::bindings::bind(
        crate::bindings::HELPERS,
        &generated.operations,
        &generated.roles,
    );
    let ops = crate::bindings::ops_source(&generated.operations, &generated.roles, &page_names);
    let bound = crate::bindings::bound_source(&bindings);
    let cfgs = crate::bindings::cfgs(&generated.roles, &page_names, &bindings);
    Ok(Output {
        pages,
        bindings,
        ops,
        bound,
        cfgs,
        generated,
        outcome,
        wire,
        conformance,
        spec: doc,
        uploads,
    })
}
