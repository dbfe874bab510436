//! How every request goes out: the client's shared state, each request's preparation (origin
//! check, token, Dwolla's headers, idempotency key) and the one retry driver every call takes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, Request, Response};
use tracing::Instrument;
use url::Url;

use crate::auth::{TokenCache, is_expired_token_error};
use crate::body::{ERROR_BODY_CAP, Fits};
use crate::error::{ApiError, Error};
use crate::retry::{RetryPolicy, Try, Verdict};
pub use crate::wire::{HAL_JSON, OperationWire, operations};
use crate::wire::{media_type, wire};

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The state every clone of a [`Client`](crate::Client) shares; opaque.
pub struct ClientState {
    pub(crate) base: Url,
    /// `base`'s `scheme://host:port`, to tell a URL on the API origin without parsing.
    pub(crate) origin: String,
    pub(crate) http: reqwest::Client,
    pub(crate) auth: TokenCache,
    pub(crate) retry: RetryPolicy,
    pub(crate) request_timeout: Option<Duration>,
    /// Cap on a success body that is read (see `ClientBuilder::max_response_body`).
    pub(crate) body_cap: usize,
}

impl std::fmt::Debug for ClientState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientState")
            .field("base", &self.base.as_str())
            .field("auth", &self.auth)
            .field("retry", &self.retry)
            .field("request_timeout", &self.request_timeout)
            .field("body_cap", &self.body_cap)
            .finish_non_exhaustive()
    }
}

/// What the generated `Client` carries (progenitor's `inner` slot): the shared state. Opaque.
#[derive(Clone, Debug)]
pub struct Inner {
    pub(crate) state: Arc<ClientState>,
}

/// A success response as the driver hands it on: its body capped, and the key its `POST`
/// was sent with.
pub(crate) struct Sent {
    pub(crate) response: Response,
    pub(crate) key: Option<SentKey>,
}

/// The `Idempotency-Key` a `POST` was sent with: a generated one kept as its text in place
/// (no allocation on the happy path), or the caller's.
#[derive(Clone, Debug)]
pub(crate) enum SentKey {
    Generated([u8; 36]),
    Given(HeaderValue),
}

impl SentKey {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            SentKey::Generated(b) => std::str::from_utf8(b).ok(),
            SentKey::Given(h) => h.to_str().ok(),
        }
    }
}

/// The key as text, for an error.
pub(crate) fn key_text(key: Option<&SentKey>) -> Option<String> {
    key.and_then(SentKey::as_str).map(str::to_string)
}

/// A generated request's URL (`baseurl` and the operation's path, as progenitor formats it)
/// made on the parsed base URL: only the path is parsed, not the scheme and host again.
/// Text not on the API origin (never, as progenitor writes it) is parsed whole.
pub(crate) fn request_url(state: &ClientState, full: &str) -> Result<Url, url::ParseError> {
    url_on(&state.base, &state.origin, full)
}

fn url_on(base: &Url, origin: &str, full: &str) -> Result<Url, url::ParseError> {
    match full.strip_prefix(origin) {
        Some(path) if path.starts_with('/') && !path.contains(['?', '#']) => {
            let mut url = base.clone();
            url.set_path(path);
            Ok(url)
        }
        _ => Url::parse(full),
    }
}

impl ClientState {
    /// Whether `url` is on the API origin; runs twice on every request.
    pub(crate) fn on_api_origin(&self, url: &Url) -> bool {
        crate::location::on_origin(url, &self.origin, &self.base)
    }

    /// Send `request` for `operation`: origin check, token, Dwolla's headers and, on a
    /// `POST`, `key` or a new UUID as its `Idempotency-Key`; then attempts under the retry
    /// policy, each a copy of the request with the same key. The one driver every call
    /// takes. A success comes back with its body capped; anything else is this crate's
    /// error, carrying the key.
    pub(crate) async fn execute(
        &self,
        mut request: Request,
        operation: &str,
        key: Option<String>,
    ) -> Result<Sent, Error> {
        let key = self.prepare(&mut request, operation, key).await?;
        match self.send(request, operation).await {
            Ok(response) => Ok(Sent { response, key }),
            Err(e) => Err(e.with_idempotency_key(key_text(key.as_ref()))),
        }
    }

    /// Origin check, token, Dwolla's headers, idempotency key (returned). Once per call.
    async fn prepare(
        &self,
        request: &mut Request,
        operation: &str,
        key: Option<String>,
    ) -> Result<Option<SentKey>, Error> {
        if !self.on_api_origin(request.url()) {
            return Err(Error::foreign_origin(
                request.url().as_str(),
                self.base.origin().ascii_serialization(),
            ));
        }
        let w = wire(operation);
        // Before the token: a parameter that moved the path gets nothing sent anywhere.
        if let Some(w) = w
            && let Err(moved) = crate::path::check(request.url().path(), self.base.path(), w.path)
        {
            return Err(Error::validation(moved.params.join(", "), moved.reason));
        }
        let is_post = request.method() == Method::POST;
        let (key, value) = match (is_post, key) {
            (false, _) => (None, None),
            (true, Some(k)) => {
                let v = HeaderValue::try_from(k)
                    .map_err(|_| Error::validation("Idempotency-Key", "must be visible ASCII"))?;
                (Some(SentKey::Given(v.clone())), Some(v))
            }
            (true, None) => {
                let mut text = [0u8; 36];
                uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
                let v = HeaderValue::from_bytes(&text)
                    .map_err(|_| Error::validation("Idempotency-Key", "must be visible ASCII"))?;
                (Some(SentKey::Generated(text)), Some(v))
            }
        };
        let token = self.auth.token().await.map_err(Error::auth)?;
        let has_body = request.body().is_some();
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, token.header.clone());
        headers.insert(ACCEPT, media_type(w.map_or(HAL_JSON, |w| w.accept)));
        if has_body
            && let Some(ct) = headers.get_mut(CONTENT_TYPE)
            && ct.as_bytes().starts_with(b"application/json")
        {
            let media = w.and_then(|w| w.request_media_type).unwrap_or(HAL_JSON);
            *ct = media_type(media);
        }
        if let Some(v) = value {
            headers.insert(IDEMPOTENCY_KEY, v);
        }
        Ok(key)
    }

    /// One attempt: send, in a `dwolla.request` span, and judge the outcome. A non-success
    /// response becomes this crate's error (its body read up to [`ERROR_BODY_CAP`]); an
    /// expired-token 401 drops the token and fetches a new one here, so the resend finds
    /// it cached.
    async fn attempt(
        &self,
        mut request: Request,
        operation: &str,
        t: Try,
    ) -> (Result<Response, Error>, Verdict) {
        if let Some(timeout) = self.request_timeout {
            // Only for a caller's HTTP client; ours carries the timeout itself.
            request.timeout_mut().get_or_insert(timeout);
        }
        let span = tracing::info_span!(
            "dwolla.request",
            operation,
            method = %request.method(),
            path = request.url().path(),
            attempt = t.n,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        // Entering and recording a span nobody listens to still costs; skip it then.
        let traced = !span.is_disabled();
        // The token sent, to drop exactly it if the server says it expired.
        let sent = t
            .may_refresh
            .then(|| request.headers().get(AUTHORIZATION).cloned())
            .flatten();
        let result = if traced {
            let sent_at = Instant::now();
            let r = self.http.execute(request).instrument(span.clone()).await;
            span.record("elapsed_ms", sent_at.elapsed().as_millis() as u64);
            r
        } else {
            self.http.execute(request).await
        };
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                if traced {
                    span.in_scope(
                        || tracing::info!(error = %e.without_url_ref(), "transport error"),
                    );
                }
                let verdict = Verdict::of_error(&e);
                return (Err(Error::transport(e)), verdict);
            }
        };
        let status = response.status();
        // A caller's HTTP client may have followed a redirect off the API origin: nothing
        // of that answer (token use, Location, body) is trusted.
        if !self.on_api_origin(response.url()) {
            let origin = self.base.origin().ascii_serialization();
            let failure = Error::foreign_origin(response.url().as_str(), origin);
            return (Err(failure), Verdict::Final);
        }
        if traced {
            span.record("status", status.as_u16());
            if let Some(id) = response
                .headers()
                .get(X_REQUEST_ID)
                .and_then(|v| v.to_str().ok())
            {
                span.record("request_id", id);
            }
        }
        if status.is_success() {
            let response = match crate::body::fits(&response, self.body_cap) {
                Fits::Yes => Ok(response),
                Fits::Unknown => Ok(crate::body::limited(response, self.body_cap)),
                Fits::No => Err(Error::too_large(Some(status), Some(self.body_cap))),
            };
            return (response, Verdict::Final);
        }
        // Boxed: reading an error body and refreshing a token are rare, and their state
        // would otherwise make every call's future larger.
        Box::pin(self.not_success(response, sent, t)).await
    }

    /// A non-success response: judge it, refresh an expired token (once per call), and make
    /// it this crate's error.
    async fn not_success(
        &self,
        response: Response,
        sent: Option<HeaderValue>,
        t: Try,
    ) -> (Result<Response, Error>, Verdict) {
        let status = response.status();
        let verdict = Verdict::of_response(status, response.headers());
        let headers = response.headers().clone();
        let (body, truncated) = match crate::body::read_capped(response, ERROR_BODY_CAP).await {
            Ok(parts) => parts,
            Err(e) => {
                let verdict = Verdict::of_error(&e);
                return (Err(Error::transport(e)), verdict);
            }
        };
        let mut verdict = verdict;
        if t.may_refresh && is_expired_token_error(status, &body) {
            self.auth.invalidate(sent.as_ref());
            match self.auth.token().await {
                Ok(_) => verdict = Verdict::ExpiredToken,
                Err(e) => return (Err(Error::auth(e)), Verdict::Final),
            }
        }
        let clean = |t: &str| self.auth.redact(t);
        let error = Error::api(ApiError::from_parts(
            status, headers, &body, truncated, &clean,
        ));
        (Err(error), verdict)
    }

    /// Attempts under the retry policy, each a copy of the prepared request (the same body
    /// bytes and `Idempotency-Key`) with the current token. A streaming body cannot be
    /// replayed: one attempt.
    async fn send(&self, mut request: Request, operation: &str) -> Result<Response, Error> {
        let body = match request.body_mut().take() {
            None => None,
            Some(b) => match b.as_bytes() {
                Some(bytes) => Some(Bytes::copy_from_slice(bytes)),
                None => {
                    *request.body_mut() = Some(b);
                    return self.attempt(request, operation, Try::default()).await.0;
                }
            },
        };
        let template = &request;
        self.retry
            .run(|t| {
                let mut copy = copy_of(template, body.clone());
                if t.n > 1 || !t.may_refresh {
                    // An earlier attempt may have refreshed the token.
                    if let Some(h) = self.auth.current_header() {
                        copy.headers_mut().insert(AUTHORIZATION, h);
                    }
                }
                self.attempt(copy, operation, t)
            })
            .await
    }
}

/// A copy of a body-less request template with `body`: the same method, URL, headers
/// (`Idempotency-Key` included), version and timeout. By hand, not `Request::try_clone`,
/// which makes and drops an extensions map on every copy.
fn copy_of(template: &Request, body: Option<Bytes>) -> Request {
    let mut copy = Request::new(template.method().clone(), template.url().clone());
    *copy.headers_mut() = template.headers().clone();
    *copy.version_mut() = template.version();
    if let Some(t) = template.timeout() {
        *copy.timeout_mut() = Some(*t);
    }
    *copy.body_mut() = body.map(reqwest::Body::from);
    copy
}

trait WithoutUrlRef {
    fn without_url_ref(&self) -> String;
}
impl WithoutUrlRef for reqwest::Error {
    // Display of reqwest errors includes the URL; ours may carry query strings.
    fn without_url_ref(&self) -> String {
        let mut s = self.to_string();
        if let Some(url) = self.url() {
            s = s.replace(url.as_str(), url.path());
        }
        s
    }
}

// progenitor's generated client must implement its hooks trait; the crate's `send()`
// never calls them (the driver above does their work), so the defaults stand.
impl progenitor_client::ClientHooks<Inner> for crate::generated::Client {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_url_on_the_parsed_base_is_the_url_parsed_whole() {
        for base in [
            "http://127.0.0.1:8080/",
            "https://api.dwolla.com/",
            "https://proxy.example/dwolla/",
        ] {
            let base = Url::parse(base).unwrap();
            let origin = &base[..url::Position::BeforePath];
            let root = base.as_str().trim_end_matches('/');
            for path in [
                "/customers/74a207b2/exchange-sessions",
                "/customers/a%2Fb/documents",
                "/customers/%E2%82%AC%20x/labels",
                "/funding-sources/x/micro-deposits",
                "/customers/ü space/x",
                "/customers/a%3Fb%23c",
                "/a/../b",
                "/",
            ] {
                let full = format!("{root}{path}");
                assert_eq!(
                    url_on(&base, origin, &full).unwrap(),
                    Url::parse(&full).unwrap(),
                    "{full}"
                );
            }
            // Not on the origin, or with a query: parsed whole, as before.
            for full in ["http://elsewhere.example/x", &format!("{root}/x?y=1")] {
                assert_eq!(url_on(&base, origin, full).ok(), Url::parse(full).ok());
            }
        }
    }
}
