//! What a [`FakeDwolla`](super::FakeDwolla) can be told to do instead of answering normally.

use std::time::Duration;

/// A scripted misbehaviour for one request.
///
/// Queue one with [`FakeDwolla::push_fault`](super::FakeDwolla::push_fault) (the next API
/// request), [`push_fault_on`](super::FakeDwolla::push_fault_on) (the next request to one
/// path, `/token` included), or answer from a [`script`](super::FakeDwolla::script).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer this instead, without touching any state.
    Respond {
        /// The HTTP status.
        status: u16,
        /// Extra response headers.
        headers: Vec<(String, String)>,
        /// The response body.
        body: String,
    },
    /// Read the request, then close the connection without an answer.
    Drop,
    /// Wait this long (the fake's own clock), then handle the request normally.
    Delay(Duration),
    /// Handle the request normally (a create is committed: the session exists and its
    /// idempotency key is spent), then answer this status with Dwolla's error JSON instead.
    CommitThenFail(u16),
    /// Answer `401` `ExpiredAccessToken`, as Dwolla does for an expired bearer token.
    ExpiredToken,
}

impl Fault {
    /// `status` with Dwolla's error JSON (`code` and `message` for that status).
    pub fn status(status: u16) -> Self {
        Fault::Respond {
            status,
            headers: vec![("Content-Type".into(), JSON.into())],
            body: error_json(status),
        }
    }

    /// `status` with a `Retry-After` header (seconds or an HTTP date) and Dwolla's error JSON.
    pub fn retry_after(status: u16, retry_after: &str) -> Self {
        Self::status(status).header("Retry-After", retry_after)
    }

    /// `status` with this body, as `application/json`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Fault::Respond {
            status,
            headers: vec![("Content-Type".into(), JSON.into())],
            body: body.into(),
        }
    }

    /// `status` with no body and no headers.
    pub fn empty(status: u16) -> Self {
        Fault::Respond {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// Add a response header (to a [`Fault::Respond`]; other faults are returned unchanged).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Fault::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// Which requests a queued fault waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Any request but `/token`.
    Api,
    /// Requests to exactly this path (no query).
    Path(String),
}

pub(crate) const JSON: &str = "application/json";

/// Dwolla's `{code, message}` error body for a status.
pub(crate) fn error_json(status: u16) -> String {
    let (code, message) = match status {
        400 => ("ValidationError", "Validation error(s) present."),
        401 => ("InvalidAccessToken", "Invalid access token."),
        403 => ("Forbidden", "The supplied credentials are not authorized."),
        404 => ("NotFound", "The requested resource was not found."),
        409 => ("Conflict", "The request conflicts with another request."),
        429 => ("TooManyRequests", "Too many requests; slow down."),
        500 => ("ServerError", "A server error occurred."),
        502 => ("BadGateway", "Bad gateway."),
        503 => (
            "ServiceUnavailable",
            "Service unavailable; try again later.",
        ),
        504 => ("GatewayTimeout", "Gateway timeout."),
        _ => ("Error", "An error occurred."),
    };
    error_body(code, message)
}

/// `{"code": .., "message": ..}`.
pub(crate) fn error_body(code: &str, message: &str) -> String {
    serde_json::json!({ "code": code, "message": message }).to_string()
}
