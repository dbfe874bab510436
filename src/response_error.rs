//! What a server said when it refused: Dwolla's error response and the token endpoint's,
//! decoded as far as they go, with credentials removed from their text.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::generated::types::{DwollaError, DwollaErrorDetail};

/// A non-success answer from Dwolla, decoded as far as it goes.
#[derive(Clone)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) body: Option<DwollaError>,
    pub(crate) raw: Option<String>,
    pub(crate) truncated: bool,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) headers: HeaderMap,
}

impl ApiError {
    /// `bytes` is the (capped) body; `clean` removes credentials from server text.
    pub(crate) fn from_parts(
        status: StatusCode,
        headers: HeaderMap,
        bytes: &Bytes,
        truncated: bool,
        clean: &dyn Fn(&str) -> String,
    ) -> Self {
        // Redact before decoding, so neither the message nor the raw text can carry a
        // credential a misbehaving server echoed.
        let text = clean(&String::from_utf8_lossy(bytes));
        let body = serde_json::from_str::<DwollaError>(&text).ok();
        // Keep the raw text only when it wasn't a JSON error body: it is all the caller has.
        let raw = body.is_none().then(|| text.chars().take(4096).collect());
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(clean);
        let retry_after = crate::retry::retry_after(&headers, std::time::SystemTime::now());
        ApiError {
            status,
            body,
            raw,
            truncated,
            request_id,
            retry_after,
            headers,
        }
    }
    pub(crate) fn code(&self) -> Option<&str> {
        let b = self.body.as_ref()?;
        b.code.as_deref().or(b.error.as_deref())
    }
    pub(crate) fn message(&self) -> Option<&str> {
        let b = self.body.as_ref()?;
        b.message.as_deref().or(b.error_description.as_deref())
    }
    pub(crate) fn errors(&self) -> &[DwollaErrorDetail] {
        self.body
            .as_ref()
            .and_then(|b| b.embedded.as_ref())
            .map(|e| e.errors.as_slice())
            .unwrap_or(&[])
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
            .field("truncated", &self.truncated)
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
            let path = e.path.as_deref().unwrap_or("?");
            write!(f, "; {path} {}", e.message.as_deref().unwrap_or_default())?;
        }
        if let Some(raw) = self.raw.as_deref().filter(|r| !r.is_empty()) {
            write!(f, " (body: {})", raw.chars().take(200).collect::<String>())?;
        }
        if self.truncated {
            write!(
                f,
                " (body truncated at {} bytes)",
                crate::body::ERROR_BODY_CAP
            )?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// Why the token endpoint did not give a token. Never holds the secret or a token.
#[derive(Debug, Clone)]
pub(crate) struct AuthError {
    pub(crate) status: Option<StatusCode>,
    pub(crate) code: Option<String>,
    pub(crate) reason: String,
    pub(crate) timed_out: bool,
    // Shared: one failed fetch is handed to every caller that waited on it.
    pub(crate) source: Option<Arc<reqwest::Error>>,
}

impl AuthError {
    pub(crate) fn new(status: Option<StatusCode>, reason: impl Into<String>) -> Self {
        AuthError {
            status,
            code: None,
            reason: reason.into(),
            timed_out: false,
            source: None,
        }
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
