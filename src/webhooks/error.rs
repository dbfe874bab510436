//! Why a webhook was refused: its signature, its signature header, or its body.

use std::fmt;

/// What kind of failure a [`WebhookError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookErrorKind {
    /// The signature is well formed but is not the HMAC of this body under this secret: the
    /// request is not from Dwolla, the body was altered or re-encoded, or the subscription's
    /// secret is another one.
    BadSignature,
    /// The `X-Request-Signature-SHA-256` header is not 64 hex digits.
    MalformedSignature(SignatureProblem),
    /// The secret is empty: anyone can sign with an empty key, so nothing is accepted.
    EmptySecret,
    /// The signature is valid but the body is not JSON.
    NotJson,
    /// The signature is valid and the body is JSON, but not a Dwolla event: a required field
    /// is missing or has the wrong type ([`WebhookError::path`] says which).
    NotAnEvent,
}

/// What is wrong with a signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureProblem {
    /// The header is empty (or only whitespace).
    Empty,
    /// The header starts with `sha256=`; Dwolla sends the bare hex digest.
    Prefix,
    /// The header is not 64 characters long.
    Length {
        /// Its length in bytes, surrounding whitespace excluded.
        found: usize,
    },
    /// The header has 64 characters, not all of them hex digits.
    NotHex,
}

/// A webhook that was refused, and why. Never holds the secret, the expected signature or
/// any value from the body.
///
/// There is deliberately no [`source`](std::error::Error::source): serde_json's messages quote
/// the offending value, and a body's values must not reach logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookError {
    kind: WebhookErrorKind,
    /// The JSON path of the offending value (`resourceId`, `_links.self`), for `NotAnEvent`.
    path: Option<String>,
    /// The required field that is missing, one of this crate's own field names.
    missing_field: Option<&'static str>,
    /// Where the JSON stopped being JSON, for `NotJson`.
    position: Option<(usize, usize)>,
}

impl WebhookError {
    pub(super) fn new(kind: WebhookErrorKind) -> Self {
        WebhookError {
            kind,
            path: None,
            missing_field: None,
            position: None,
        }
    }

    pub(super) fn malformed(problem: SignatureProblem) -> Self {
        Self::new(WebhookErrorKind::MalformedSignature(problem))
    }

    pub(super) fn not_json(line: usize, column: usize) -> Self {
        WebhookError {
            position: Some((line, column)),
            ..Self::new(WebhookErrorKind::NotJson)
        }
    }

    pub(super) fn not_an_event(path: String, missing_field: Option<&'static str>) -> Self {
        WebhookError {
            path: Some(path),
            missing_field,
            ..Self::new(WebhookErrorKind::NotAnEvent)
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> WebhookErrorKind {
        self.kind
    }

    /// The signature did not match ([`WebhookErrorKind::BadSignature`]).
    pub fn is_bad_signature(&self) -> bool {
        self.kind == WebhookErrorKind::BadSignature
    }

    /// The signature header was malformed ([`WebhookErrorKind::MalformedSignature`]).
    pub fn is_malformed_signature(&self) -> bool {
        matches!(self.kind, WebhookErrorKind::MalformedSignature(_))
    }

    /// The request was refused before its body was read: a bad or malformed signature, or an
    /// empty secret. Answer `401`; nothing about the body may be trusted.
    pub fn is_signature_error(&self) -> bool {
        matches!(
            self.kind,
            WebhookErrorKind::BadSignature
                | WebhookErrorKind::MalformedSignature(_)
                | WebhookErrorKind::EmptySecret
        )
    }

    /// The signed body was not JSON ([`WebhookErrorKind::NotJson`]).
    pub fn is_not_json(&self) -> bool {
        self.kind == WebhookErrorKind::NotJson
    }

    /// The signed body was JSON but not an event ([`WebhookErrorKind::NotAnEvent`]).
    pub fn is_not_an_event(&self) -> bool {
        self.kind == WebhookErrorKind::NotAnEvent
    }

    /// The JSON path of the field that failed to decode, as serde_path_to_error spells it:
    /// `resourceId`, `_links.self` (where a link lacks `href`), or `.` for the body itself.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The required field that is missing (`id`, `topic`, `resourceId`, or `href` in a link).
    pub fn missing_field(&self) -> Option<&str> {
        self.missing_field
    }
}

impl fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureProblem::Empty => f.write_str("it is empty"),
            SignatureProblem::Prefix => {
                f.write_str("it starts with `sha256=`; Dwolla sends the bare hex digest")
            }
            SignatureProblem::Length { found } => {
                write!(f, "it is {found} characters long, not 64 hex digits")
            }
            SignatureProblem::NotHex => f.write_str("it has characters that are not hex digits"),
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            WebhookErrorKind::BadSignature => f.write_str(
                "webhook signature does not match the body: not sent by Dwolla, altered or \
                 re-encoded on the way, or signed with another subscription's secret",
            ),
            WebhookErrorKind::MalformedSignature(problem) => {
                write!(f, "malformed X-Request-Signature-SHA-256 header: {problem}")
            }
            WebhookErrorKind::EmptySecret => f.write_str(
                "the webhook secret is empty: refusing every webhook, since anyone can sign \
                 with an empty key",
            ),
            WebhookErrorKind::NotJson => {
                f.write_str("signed webhook body is not JSON")?;
                if let Some((line, column)) = self.position {
                    write!(f, " (line {line}, column {column})")?;
                }
                Ok(())
            }
            WebhookErrorKind::NotAnEvent => {
                f.write_str("signed webhook body is not a Dwolla event: ")?;
                let path = self.path.as_deref().filter(|p| *p != ".");
                match (self.missing_field, path) {
                    (Some(field), None) => write!(f, "missing field `{field}`"),
                    (Some(field), Some(path)) => write!(f, "missing field `{field}` in `{path}`"),
                    (None, None) => {
                        f.write_str("the body is not an event object (or repeats a field)")
                    }
                    (None, Some(path)) => write!(f, "`{path}` has the wrong type or value"),
                }
            }
        }
    }
}

impl std::error::Error for WebhookError {}
