//! The one error type of the crate: API error responses, auth, validation, transport, timeouts.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::generated::types::DwollaError;

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong calling Dwolla.
///
/// Match on the variant, or use the predicates ([`Error::is_validation`],
/// [`Error::is_invalid_scope`], [`Error::is_forbidden`], [`Error::is_not_found`], ...)
/// and accessors ([`Error::status`], [`Error::code`], [`Error::request_id`]).
/// No variant ever shows the client secret or an access token.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Dwolla answered with an error status (4xx/5xx other than 409).
    Api(Box<ApiError>),
    /// Dwolla answered 409 Conflict: the `Idempotency-Key` is still being processed, or
    /// was used before with a different body. Never retried blindly.
    Conflict(Box<ApiError>),
    /// The OAuth token could not be obtained.
    Auth(AuthError),
    /// The request was refused before anything was sent.
    Validation(ValidationError),
    /// A URL not on the configured API origin was refused: the bearer token never leaves it.
    ForeignOrigin {
        /// The refused URL.
        url: String,
        /// The configured API origin.
        origin: String,
    },
    /// The request (or connecting) took longer than the configured timeout.
    Timeout(reqwest::Error),
    /// The connection failed or broke.
    Transport(reqwest::Error),
    /// A created resource's `Location` header was missing or not a URL under the API origin.
    Location(LocationError),
    /// A success response whose body did not decode.
    Decode {
        /// HTTP status of the response.
        status: Option<StatusCode>,
        /// What failed to decode, with the JSON path.
        reason: String,
    },
    /// The client could not be configured.
    Config(String),
}

impl Error {
    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) | Error::Conflict(e) => Some(e.status),
            Error::Auth(AuthError { status, .. }) => *status,
            Error::Decode { status, .. } => *status,
            Error::Location(e) => Some(e.status),
            _ => None,
        }
    }

    /// Dwolla's error `code` (e.g. `ValidationError`, `InvalidScope`, `NotFound`), or the
    /// OAuth `error` of the token endpoint.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) | Error::Conflict(e) => e.code(),
            Error::Auth(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// Dwolla's human-readable message.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api(e) | Error::Conflict(e) => e.message(),
            _ => None,
        }
    }

    /// The `X-Request-ID` Dwolla returned, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) | Error::Conflict(e) => e.request_id(),
            _ => None,
        }
    }

    /// The API error response, for 4xx/5xx answers (409 included).
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::Conflict(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// Dwolla rejected the request body (`400 ValidationError`), or it was refused locally.
    pub fn is_validation(&self) -> bool {
        matches!(self, Error::Validation(_)) || self.code() == Some("ValidationError")
    }

    /// `401 InvalidScope`: the application lacks the scope for this endpoint.
    pub fn is_invalid_scope(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED) && self.code() == Some("InvalidScope")
    }

    /// `403`: e.g. the exchange partner does not support the product, or is not enabled.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// `404 NotFound`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// `409 Conflict` on an idempotency key.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict(_))
    }

    /// A timeout (connect or request).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// Token acquisition failed.
    pub fn is_auth(&self) -> bool {
        matches!(self, Error::Auth(_))
    }

    pub(crate) fn transport(e: reqwest::Error) -> Self {
        // reqwest errors carry the URL; strip it so a query string never reaches logs.
        let e = e.without_url();
        if e.is_timeout() {
            Error::Timeout(e)
        } else {
            Error::Transport(e)
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "Dwolla API error: {e}"),
            Error::Conflict(e) => write!(
                f,
                "Dwolla answered 409 Conflict: a request with this Idempotency-Key is still being processed \
                 or was sent earlier with a different body; wait and retry with the same key and body, \
                 or use a new key for a new request ({e})"
            ),
            Error::Auth(e) => write!(f, "authentication failed: {e}"),
            Error::Validation(e) => write!(f, "invalid request: {e}"),
            Error::ForeignOrigin { url, origin } => write!(
                f,
                "refused to send credentials to {url}: it is not on the configured API origin {origin}"
            ),
            Error::Timeout(e) => write!(f, "request timed out: {e}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Location(e) => write!(f, "{e}"),
            Error::Decode { status, reason } => match status {
                Some(s) => write!(f, "could not decode the {s} response: {reason}"),
                None => write!(f, "could not decode the response: {reason}"),
            },
            Error::Config(m) => write!(f, "invalid client configuration: {m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(e) | Error::Transport(e) => Some(e),
            Error::Auth(e) => e.source.as_ref().map(|e| e as _),
            _ => None,
        }
    }
}

/// A non-success answer from Dwolla, decoded as far as it goes.
#[derive(Clone)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) body: Option<DwollaError>,
    pub(crate) raw: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) headers: HeaderMap,
}

impl ApiError {
    pub(crate) fn from_parts(status: StatusCode, headers: HeaderMap, bytes: &Bytes) -> Self {
        let body = serde_json::from_slice::<DwollaError>(bytes).ok();
        // Keep the raw text only when it wasn't a JSON error body: it is all the caller has.
        let raw = body
            .is_none()
            .then(|| String::from_utf8_lossy(bytes).chars().take(4096).collect());
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        ApiError {
            status,
            body,
            raw,
            request_id,
            headers,
        }
    }

    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// Dwolla's error code (an open string: unknown codes are kept as they are).
    pub fn code(&self) -> Option<&str> {
        let b = self.body.as_ref()?;
        b.code.as_deref().or(b.error.as_deref())
    }
    /// Dwolla's message.
    pub fn message(&self) -> Option<&str> {
        let b = self.body.as_ref()?;
        b.message.as_deref().or(b.error_description.as_deref())
    }
    /// Field-level errors (`_embedded.errors[]`), with their JSON `path`.
    pub fn errors(&self) -> &[crate::generated::types::DwollaErrorDetail] {
        self.body
            .as_ref()
            .and_then(|b| b.embedded.as_ref())
            .map(|e| e.errors.as_slice())
            .unwrap_or(&[])
    }
    /// The decoded error body, when the body was JSON.
    pub fn body(&self) -> Option<&DwollaError> {
        self.body.as_ref()
    }
    /// The raw body text, when it was not a JSON error body (e.g. an HTML page from a proxy).
    pub fn raw_body(&self) -> Option<&str> {
        self.raw.as_deref()
    }
    /// `X-Request-ID`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code())
            .field("message", &self.message())
            .field("errors", &self.errors())
            .field("request_id", &self.request_id)
            .field("raw_body", &self.raw)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        if let Some(code) = self.code() {
            write!(f, " {code}")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        for e in self.errors() {
            write!(
                f,
                "; {} {}",
                e.path.as_deref().unwrap_or("?"),
                e.message.as_deref().unwrap_or_default()
            )?;
        }
        if let Some(raw) = self.raw.as_deref().filter(|r| !r.is_empty()) {
            write!(f, " (body: {})", raw.chars().take(200).collect::<String>())?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// Why the token endpoint did not give a token. Never holds the secret or a token.
#[derive(Debug)]
pub struct AuthError {
    pub(crate) status: Option<StatusCode>,
    pub(crate) code: Option<String>,
    pub(crate) reason: String,
    pub(crate) source: Option<reqwest::Error>,
}

impl AuthError {
    /// The OAuth `error` code, e.g. `invalid_client`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// HTTP status of the token response, if one came.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("token request failed")?;
        if let Some(s) = self.status {
            write!(f, " with {s}")?;
        }
        if let Some(c) = &self.code {
            write!(f, " ({c})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// A request field that failed validation before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The field, as Dwolla names it (e.g. `_links.redirect-url.href`).
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.reason)
    }
}

/// A created resource's `Location` was unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationError {
    pub(crate) status: StatusCode,
    pub(crate) reason: String,
}

impl fmt::Display for LocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response has no usable Location header: {}",
            self.status, self.reason
        )
    }
}
