//! The one error type of the crate: opaque, with a kind, predicates and accessors.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::generated::types::{DwollaError, DwollaErrorDetail};
pub(crate) use crate::response_error::{ApiError, AuthError};

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an [`Error`] is. New kinds may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Dwolla answered with an error status (4xx/5xx other than 409).
    Api,
    /// Dwolla answered 409 Conflict: the `Idempotency-Key` is still being processed, or was
    /// used before with a different body. Never retried blindly.
    Conflict,
    /// The OAuth token could not be obtained.
    Auth,
    /// The request was refused before anything was sent (a bad argument).
    Validation,
    /// A URL or response not on the configured API origin was refused.
    ForeignOrigin,
    /// The request, connecting or the token fetch took longer than its timeout.
    Timeout,
    /// The connection failed or broke.
    Transport,
    /// A create's response did not name the created resource (not 201, or no usable
    /// `Location`). The resource may exist: retry with [`Error::idempotency_key`].
    Location,
    /// A success response whose body did not decode.
    Decode,
    /// A response body was larger than the configured cap; reading stopped there.
    BodyTooLarge,
    /// The client could not be configured.
    Config,
}

/// Everything that can go wrong calling Dwolla: an opaque error with a [`kind`](Self::kind),
/// predicates and accessors. It never shows the client secret or an access token, and
/// server text in it has credentials removed.
///
/// ```
/// # fn handle(err: dwolla_api::Error) {
/// use dwolla_api::ErrorKind;
/// match err.kind() {
///     ErrorKind::Conflict => { /* wait, then retry with err.idempotency_key() */ }
///     ErrorKind::Api if err.is_not_found() => {}
///     _ => eprintln!("{err} (request id {:?})", err.request_id()),
/// }
/// # }
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    detail: Detail,
    idempotency_key: Option<String>,
}

// The whole error is one box (`Inner`), so the variants' sizes cost nothing to move.
#[allow(clippy::large_enum_variant)]
enum Detail {
    Api(ApiError),
    Auth(AuthError),
    Validation { field: String, reason: String },
    ForeignOrigin { url: String, origin: String },
    Transport(reqwest::Error),
    Status { status: StatusCode, reason: String },
    Message(String),
}

impl Error {
    fn new(kind: ErrorKind, detail: Detail) -> Self {
        Error(Box::new(Inner {
            kind,
            detail,
            idempotency_key: None,
        }))
    }
    pub(crate) fn api(e: ApiError) -> Self {
        let kind = if e.status == StatusCode::CONFLICT {
            ErrorKind::Conflict
        } else {
            ErrorKind::Api
        };
        Self::new(kind, Detail::Api(e))
    }
    pub(crate) fn auth(e: AuthError) -> Self {
        let kind = if e.timed_out {
            ErrorKind::Timeout
        } else {
            ErrorKind::Auth
        };
        Self::new(kind, Detail::Auth(e))
    }
    pub(crate) fn validation(field: impl Into<String>, reason: impl Into<String>) -> Self {
        let (field, reason) = (field.into(), reason.into());
        Self::new(ErrorKind::Validation, Detail::Validation { field, reason })
    }
    pub(crate) fn foreign_origin(url: &str, origin: String) -> Self {
        // The query may carry secrets of the caller's; the path says enough.
        let url = url.split(['?', '#']).next().unwrap_or_default().to_string();
        Self::new(
            ErrorKind::ForeignOrigin,
            Detail::ForeignOrigin { url, origin },
        )
    }
    pub(crate) fn transport(e: reqwest::Error) -> Self {
        if crate::body::limit_exceeded(&e) {
            return Self::too_large(None, None);
        }
        // reqwest errors carry the URL; strip it so a query string never reaches logs.
        let e = e.without_url();
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Transport
        };
        Self::new(kind, Detail::Transport(e))
    }
    pub(crate) fn with_status(
        kind: ErrorKind,
        status: StatusCode,
        reason: impl Into<String>,
    ) -> Self {
        let reason = reason.into();
        Self::new(kind, Detail::Status { status, reason })
    }
    pub(crate) fn decode(status: Option<StatusCode>, reason: impl Into<String>) -> Self {
        match status {
            Some(s) => Self::with_status(ErrorKind::Decode, s, reason),
            None => Self::new(ErrorKind::Decode, Detail::Message(reason.into())),
        }
    }
    pub(crate) fn too_large(status: Option<StatusCode>, cap: Option<usize>) -> Self {
        let reason = match cap {
            Some(cap) => format!("the response body exceeds the {cap}-byte cap; reading stopped"),
            None => "the response body exceeds the configured cap; reading stopped".into(),
        };
        match status {
            Some(s) => Self::with_status(ErrorKind::BodyTooLarge, s, reason),
            None => Self::new(ErrorKind::BodyTooLarge, Detail::Message(reason)),
        }
    }
    pub(crate) fn config(reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, Detail::Message(reason.into()))
    }
    /// Attach the `Idempotency-Key` the failed POST was sent with.
    pub(crate) fn with_idempotency_key(mut self, key: Option<String>) -> Self {
        if key.is_some() {
            self.0.idempotency_key = key;
        }
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match &self.0.detail {
            Detail::Api(e) => Some(e.status.as_u16()),
            Detail::Auth(e) => e.status.map(|s| s.as_u16()),
            Detail::Status { status, .. } => Some(status.as_u16()),
            _ => None,
        }
    }

    /// Dwolla's error `code` (e.g. `ValidationError`, `InvalidScope`, `NotFound`), or the
    /// OAuth `error` of the token endpoint.
    pub fn code(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::Api(e) => e.code(),
            Detail::Auth(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// Dwolla's human-readable message (credentials removed).
    pub fn message(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::Api(e) => e.message(),
            _ => None,
        }
    }

    /// Field-level errors (`_embedded.errors[]`), with their JSON `path`.
    pub fn errors(&self) -> &[DwollaErrorDetail] {
        match &self.0.detail {
            Detail::Api(e) => e.errors(),
            _ => &[],
        }
    }

    /// The decoded error body, when the body was Dwolla's JSON error.
    pub fn body(&self) -> Option<&DwollaError> {
        match &self.0.detail {
            Detail::Api(e) => e.body.as_ref(),
            _ => None,
        }
    }

    /// The raw error body text (credentials removed, at most 4 KiB), when it was not a JSON
    /// error body: e.g. an HTML page from a proxy.
    pub fn raw_body(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::Api(e) => e.raw.as_deref(),
            _ => None,
        }
    }

    /// Whether the error body was longer than the 64 KiB that is read of it.
    pub fn body_truncated(&self) -> bool {
        matches!(&self.0.detail, Detail::Api(e) if e.truncated)
    }

    /// The `X-Request-ID` Dwolla returned, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// A response header of the error response, when it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        match &self.0.detail {
            Detail::Api(e) => e.headers.get(name).and_then(|v| v.to_str().ok()),
            _ => None,
        }
    }

    /// The server's `Retry-After`, when it sent one: the client stops retrying when the
    /// delay is longer than the retry budget left, and hands it to you here.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.0.detail {
            Detail::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// The `Idempotency-Key` a failed POST was sent with. Sending the call again with it
    /// (`.idempotency_key(..)` on the builder) finishes the create without creating twice,
    /// whatever happened to the first attempts.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.0.idempotency_key.as_deref()
    }

    /// The request field a [`Validation`](ErrorKind::Validation) error is about (e.g.
    /// `_links.redirect-url.href`, or a path parameter's name).
    pub fn field(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Dwolla rejected the request body (`400 ValidationError`), or it was refused locally.
    pub fn is_validation(&self) -> bool {
        self.kind() == ErrorKind::Validation || self.code() == Some("ValidationError")
    }
    /// `401 InvalidScope`: the application lacks the scope for this endpoint.
    pub fn is_invalid_scope(&self) -> bool {
        self.status() == Some(401) && self.code() == Some("InvalidScope")
    }
    /// `403`: e.g. the exchange partner does not support the product, or is not enabled.
    pub fn is_forbidden(&self) -> bool {
        self.kind() == ErrorKind::Api && self.status() == Some(403)
    }
    /// `404 NotFound`.
    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::Api && self.status() == Some(404)
    }
    /// `409 Conflict` on an idempotency key.
    pub fn is_conflict(&self) -> bool {
        self.kind() == ErrorKind::Conflict
    }
    /// A timeout (connect, request or token fetch).
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }
    /// Token acquisition failed (a token fetch that timed out included).
    pub fn is_auth(&self) -> bool {
        matches!(self.0.detail, Detail::Auth(_))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.0.kind);
        match &self.0.detail {
            Detail::Api(e) => d.field("response", e),
            Detail::Auth(e) => d.field("auth", e),
            Detail::Validation { field, reason } => d.field("field", field).field("reason", reason),
            Detail::ForeignOrigin { url, origin } => d.field("url", url).field("origin", origin),
            Detail::Transport(e) => d.field("source", e),
            Detail::Status { status, reason } => d.field("status", status).field("reason", reason),
            Detail::Message(m) => d.field("reason", m),
        };
        if let Some(k) = &self.0.idempotency_key {
            d.field("idempotency_key", k);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.detail {
            Detail::Api(e) if self.0.kind == ErrorKind::Conflict => write!(
                f,
                "Dwolla answered 409 Conflict: a request with this Idempotency-Key is still being processed \
                 or was sent earlier with a different body; wait and retry with the same key and body, \
                 or use a new key for a new request ({e})"
            )?,
            Detail::Api(e) => write!(f, "Dwolla API error: {e}")?,
            Detail::Auth(e) => write!(f, "authentication failed: {e}")?,
            Detail::Validation { field, reason } => {
                write!(f, "invalid request: `{field}` {reason}")?
            }
            Detail::ForeignOrigin { url, origin } => write!(
                f,
                "refused {url}: it is not on the configured API origin {origin}, which alone gets credentials and is trusted"
            )?,
            Detail::Transport(e) if self.0.kind == ErrorKind::Timeout => {
                write!(f, "request timed out: {e}")?
            }
            Detail::Transport(e) => write!(f, "transport error: {e}")?,
            Detail::Status { status, reason } => write!(f, "the {status} response: {reason}")?,
            Detail::Message(m) if self.0.kind == ErrorKind::Config => {
                write!(f, "invalid client configuration: {m}")?
            }
            Detail::Message(m) => write!(f, "{m}")?,
        }
        if let Some(k) = &self.0.idempotency_key {
            write!(f, " [Idempotency-Key {k}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.detail {
            Detail::Transport(e) => Some(e),
            Detail::Auth(e) => e.source.as_deref().map(|e| e as _),
            _ => None,
        }
    }
}
