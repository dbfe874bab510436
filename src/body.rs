//! Response bodies read with a cap: error and token bodies in full up to 64 KiB, success
//! bodies through a length limit, so no server can make the client buffer without bound.

use bytes::{Bytes, BytesMut};
use http_body_util::{LengthLimitError, Limited};
use reqwest::{Response, ResponseBuilderExt};

/// How much of an error or token response body is read; the rest is not (the connection is
/// dropped), and the error says the body was truncated.
pub const ERROR_BODY_CAP: usize = 64 * 1024;

/// The default cap on a success body that is decoded (see
/// [`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)).
pub const DEFAULT_SUCCESS_BODY_CAP: usize = 16 * 1024 * 1024;

/// Read at most `cap` bytes of `response`'s body. `true` when there was more: the rest is
/// left unread and the connection is closed when `response` drops.
pub(crate) async fn read_capped(
    mut response: Response,
    cap: usize,
) -> reqwest::Result<(Bytes, bool)> {
    let mut buf = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = cap.saturating_sub(buf.len());
        if chunk.len() > room {
            buf.extend_from_slice(chunk.get(..room).unwrap_or_default());
            return Ok((buf.freeze(), true));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((buf.freeze(), false))
}

/// What a success body's length says about `cap`.
pub(crate) enum Fits {
    /// A known length within the cap: hyper stops at that length, nothing to wrap.
    Yes,
    /// A known length over the cap: refuse without reading.
    No,
    /// No known length (chunked): read through a limit.
    Unknown,
}

/// The length is the one hyper will hold the body to (from `Content-Length`, unless the
/// body is chunked), not the header as sent: a header beside `Transfer-Encoding: chunked`
/// bounds nothing.
pub(crate) fn fits(response: &Response, cap: usize) -> Fits {
    match response.content_length() {
        Some(n) if n <= cap as u64 => Fits::Yes,
        Some(_) => Fits::No,
        None => Fits::Unknown,
    }
}

/// `response` with a body that fails once it passes `cap` bytes; the failure is found again
/// by [`limit_exceeded`] in whatever error the reader makes of it.
pub(crate) fn limited(response: Response, cap: usize) -> Response {
    let url = response.url().clone();
    let response: http::Response<reqwest::Body> = response.into();
    let (parts, body) = response.into_parts();
    let mut builder = http::Response::builder()
        .status(parts.status)
        .version(parts.version)
        .url(url);
    if let Some(h) = builder.headers_mut() {
        *h = parts.headers;
    }
    let body = reqwest::Body::wrap(Limited::new(body, cap));
    match builder.body(body) {
        Ok(r) => Response::from(r),
        // Unreachable: the parts came from a valid response. Fall back to an empty body
        // rather than an unbounded one.
        Err(_) => Response::from(http::Response::new(reqwest::Body::from(Bytes::new()))),
    }
}

/// Whether `e` (a body read error) came from a [`limited`] body.
pub(crate) fn limit_exceeded(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.is::<LengthLimitError>() {
            return true;
        }
        cur = err.source();
    }
    false
}
