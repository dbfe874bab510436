//! What a transform reports: remarks, and the operations it left out.

use crate::doc::OpRef;

/// What a transform did, for the build's report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Human-readable remarks (counted and shown by the build on request).
    pub notes: Vec<String>,
    /// Operations removed because progenitor cannot express them.
    pub left_out: Vec<LeftOut>,
}

/// An operation the pipeline removed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The operation.
    pub operation: OpRef,
    /// Why it was left out.
    pub reason: String,
}
