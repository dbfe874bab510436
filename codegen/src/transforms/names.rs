//! The names the transforms give what they add: the unified error schema, the operation
//! extensions the transport reads, and Dwolla's HAL media type.

/// The schema every error response of every operation is given (see [`unify_error_responses`](fn@super::unify_error_responses)).
pub const ERROR_SCHEMA: &str = "DwollaError";
/// Extension on an operation: the media type Dwolla wants in `Content-Type`.
pub const X_REQUEST_MEDIA_TYPE: &str = "x-dwolla-request-media-type";
/// Extension on an operation: the media type Dwolla wants in `Accept`.
pub const X_ACCEPT: &str = "x-dwolla-accept";
/// Extension on an operation whose success bodies were made raw bytes.
pub const X_RAW_SUCCESS: &str = "x-dwolla-raw-success";
/// Dwolla's HAL media type.
pub const HAL_JSON: &str = "application/vnd.dwolla.v1.hal+json";
