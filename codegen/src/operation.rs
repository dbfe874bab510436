//! One generated operation: where it is in the spec, the method progenitor named it, and
//! the wire facts the client's transport needs.

use crate::doc::OpRef;

/// One generated operation, as the client's transport sees it at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Where it is in the spec.
    pub spec: OpRef,
    /// The Rust method name progenitor gives it (`OperationInfo::operation_id`).
    pub rust_name: String,
    /// `Content-Type` Dwolla wants for the body, if it takes one.
    pub request_media_type: Option<String>,
    /// `Accept` Dwolla wants.
    pub accept: String,
    /// Success bodies were made raw bytes (see `unify_success_responses`).
    pub raw_success: bool,
}
