//! Dwolla webhooks: check a request's signature in constant time, then decode its event.
//!
//! Dwolla signs the raw request body with the subscription's secret (HMAC-SHA256, lowercase
//! hex in `X-Request-Signature-SHA-256`). Verify the bytes exactly as received: parsing and
//! re-encoding the JSON changes them and breaks the signature. Nothing is parsed before the
//! signature has matched. `X-Dwolla-Topic` is not signed: read the topic from the event.
//!
//! Dwolla expects a `2xx` within 10 seconds, retries 8 times over 72 hours, may deliver an
//! event more than once and sends up to 10 webhooks at a time: deduplicate on
//! [`WebhookEvent::id`], queue the work and answer at once.

mod error;
mod event;
mod topic;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use error::{SignatureProblem, WebhookError, WebhookErrorKind};
pub use event::{Link, WebhookEvent};
pub use topic::{Topic, TopicForm};

/// The header holding the body's signature.
pub const SIGNATURE_HEADER: &str = "X-Request-Signature-SHA-256";
/// The header naming the topic. It is not covered by the signature; prefer
/// [`WebhookEvent::topic`].
pub const TOPIC_HEADER: &str = "X-Dwolla-Topic";

type HmacSha256 = Hmac<Sha256>;

/// Hex digits in a SHA-256 signature.
const SIGNATURE_HEX_LEN: usize = 64;

/// Checks that `signature` (the `X-Request-Signature-SHA-256` header) is the HMAC-SHA256 of
/// the raw `body` under the subscription's `secret`, then decodes the event.
///
/// The comparison takes constant time (the `hmac` crate's `verify_slice`). Surrounding
/// whitespace and upper-case hex digits are accepted; anything but 64 hex digits is
/// [`WebhookErrorKind::MalformedSignature`]. The body is only parsed once the signature has
/// matched. No size limit is applied: cap the body before reading it.
///
/// Decoding asks only for what every Dwolla event carries (`id`, `topic`, `resourceId`, and
/// `href` in each link there is): a body without `created`, with an unknown topic or with
/// fields this crate does not know still decodes, and a `created` this crate cannot read is
/// kept as text ([`WebhookEvent::created`]) rather than refused.
///
/// ```
/// use dwolla_api::webhooks::{self, Topic};
///
/// let secret = b"the-subscription-secret";
/// let body = br#"{"id":"e6b2c5f4-1d1a-4f1e-9a43-4fb1c2d3e4f5","created":"2026-11-30T16:19:35.319Z",
///     "topic":"customer_created","resourceId":"266ae7de-6393-423b-a4ec-dec8028a9b5a",
///     "_links":{"resource":{"href":"https://api-sandbox.dwolla.com/customers/266ae7de-6393-423b-a4ec-dec8028a9b5a"}}}"#;
/// let signature = webhooks::sign(secret, body); // what Dwolla puts in the header
///
/// let event = webhooks::verify(secret, &signature, body)?;
/// assert_eq!(event.topic(), Topic::CustomerCreated);
/// assert!(webhooks::verify(b"another-secret", &signature, body).unwrap_err().is_bad_signature());
/// # Ok::<(), webhooks::WebhookError>(())
/// ```
pub fn verify(secret: &[u8], signature: &str, body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    verify_signature(secret, signature, body)?;
    decode(body)
}

/// Only the signature check of [`verify`]: for a body you decode yourself or queue as is.
pub fn verify_signature(secret: &[u8], signature: &str, body: &[u8]) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::new(WebhookErrorKind::EmptySecret));
    }
    let tag = parse_signature(signature)?;
    let mac = keyed(secret).ok_or_else(|| WebhookError::new(WebhookErrorKind::BadSignature))?;
    mac.chain_update(body)
        .verify_slice(&tag)
        .map_err(|_| WebhookError::new(WebhookErrorKind::BadSignature))
}

/// The signature Dwolla would send for `body`: HMAC-SHA256 under `secret`, lowercase hex.
/// For testing a receiver.
///
/// ```
/// assert_eq!(dwolla_api::webhooks::sign(b"secret", b"{}").len(), 64);
/// ```
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    keyed(secret)
        .map(|mac| hex::encode(mac.chain_update(body).finalize().into_bytes()))
        .unwrap_or_default()
}

/// HMAC accepts keys of any length (longer ones are hashed first), so this is always `Some`;
/// the constructor's error type is shared with fixed-size-key MACs.
fn keyed(secret: &[u8]) -> Option<HmacSha256> {
    HmacSha256::new_from_slice(secret).ok()
}

/// The header's 32 bytes, decoded without allocating.
fn parse_signature(header: &str) -> Result<[u8; 32], WebhookError> {
    let hex_digits = header.trim_matches(|c: char| c.is_ascii_whitespace());
    if hex_digits.is_empty() {
        return Err(WebhookError::malformed(SignatureProblem::Empty));
    }
    if hex_digits
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("sha256="))
    {
        return Err(WebhookError::malformed(SignatureProblem::Prefix));
    }
    if hex_digits.len() != SIGNATURE_HEX_LEN {
        return Err(WebhookError::malformed(SignatureProblem::Length {
            found: hex_digits.len(),
        }));
    }
    let mut tag = [0u8; 32];
    hex::decode_to_slice(hex_digits, &mut tag)
        .map_err(|_| WebhookError::malformed(SignatureProblem::NotHex))?;
    Ok(tag)
}

/// Fields serde may report missing; the error names one of these, never text from the body.
/// Only what every event body Dwolla publishes carries (see [`WebhookEvent`]).
const REQUIRED_FIELDS: [&str; 4] = ["id", "topic", "resourceId", "href"];

fn decode(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let event: WebhookEvent = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            WebhookError::not_json(inner.line(), inner.column())
        } else {
            WebhookError::not_an_event(path, missing_field(&inner.to_string()))
        }
    })?;
    // Trailing bytes after the object are not JSON either (serde_json reports them here).
    de.end()
        .map_err(|e| WebhookError::not_json(e.line(), e.column()))?;
    Ok(event)
}

/// serde's derive reports a missing field as "missing field `name`"; only names from
/// [`REQUIRED_FIELDS`] are returned, so nothing from the body can leak through.
fn missing_field(message: &str) -> Option<&'static str> {
    let name = message.strip_prefix("missing field `")?.split('`').next()?;
    REQUIRED_FIELDS.into_iter().find(|field| *field == name)
}
