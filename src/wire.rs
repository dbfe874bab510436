//! Wire facts of every generated operation (a table the build generates from the spec) and
//! the media types they send.

use reqwest::header::HeaderValue;

/// Dwolla's media type, sent in `Accept` (and `Content-Type`) unless the spec says otherwise.
pub const HAL_JSON: &str = "application/vnd.dwolla.v1.hal+json";

/// Wire facts of one generated operation (the table is generated from the spec).
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
    /// Success bodies are raw bytes (the spec's success responses differ).
    pub raw_success: bool,
}

/// Every generated operation's wire facts, sorted by `rust_name`.
pub fn operations() -> &'static [OperationWire] {
    crate::operations::OPERATIONS
}

pub(crate) fn wire(rust_name: &str) -> Option<&'static OperationWire> {
    let ops = operations();
    ops.binary_search_by(|w| w.rust_name.cmp(rust_name))
        .ok()
        .and_then(|i| ops.get(i))
}

/// A media type as a header value; Dwolla's own (nearly every operation's) without
/// re-validating its bytes on every call, as `HeaderValue::from_static` would at run time.
pub(crate) fn media_type(media: &'static str) -> HeaderValue {
    const HAL: HeaderValue = HeaderValue::from_static(HAL_JSON);
    if media == HAL_JSON {
        HAL
    } else {
        HeaderValue::from_static(media)
    }
}
