//! The hooks progenitor calls on every generated operation: auth, Dwolla's headers, retries.

/// Per-client state the generated `Client` carries.
pub type Inner = ();

/// Wire facts of one generated operation (table generated from the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationWire {
    /// progenitor's snake_case method name.
    pub rust_name: &'static str,
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// `Content-Type` Dwolla wants, when there is a body.
    pub request_media_type: Option<&'static str>,
    /// `Accept` Dwolla wants.
    pub accept: &'static str,
    /// Success bodies are raw bytes.
    pub raw_success: bool,
}

impl progenitor_client::ClientHooks<Inner> for crate::generated::Client {}
