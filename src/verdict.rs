//! How one attempt ended, as far as retrying cares: transient or final, and the server's
//! `Retry-After`.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How one attempt ended, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Verdict {
    /// Success, or a failure that resending cannot fix.
    #[default]
    Final,
    /// 429, 500, 502, 503, 504 (`status`), or a connection failure or timeout (no status).
    Transient {
        status: Option<StatusCode>,
        retry_after: Option<Duration>,
    },
    /// A 401 for an expired token; the attempt has already fetched a fresh one.
    ExpiredToken,
}

impl Verdict {
    /// The verdict on a response's status (and its `Retry-After`).
    pub(crate) fn of_response(status: StatusCode, headers: &HeaderMap) -> Self {
        let retry_after = match status.as_u16() {
            429 | 503 => retry_after(headers, SystemTime::now()),
            500 | 502 | 504 => None,
            _ => return Verdict::Final,
        };
        Verdict::Transient {
            status: Some(status),
            retry_after,
        }
    }

    /// The verdict on a transport error: connecting, a broken connection or a timeout is
    /// worth another attempt; building the request or reading a body is not.
    pub(crate) fn of_error(e: &reqwest::Error) -> Self {
        if e.is_timeout() || e.is_connect() || e.is_request() {
            Verdict::Transient {
                status: None,
                retry_after: None,
            }
        } else {
            Verdict::Final
        }
    }
}

/// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // Delta-seconds past u64: as long as can be said, which stops the retries.
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::MAX);
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}
