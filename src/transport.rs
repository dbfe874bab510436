//! How every request goes out: the client's shared state, each request's preparation (origin
//! check, token, Dwolla's headers, idempotency key) and the one retry driver every call takes.

use std::sync::Arc;
use std::time::{Duration, Instant};

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
    pub(crate) key: Option<HeaderValue>,
}

/// The key as text, for an error.
pub(crate) fn key_text(key: Option<&HeaderValue>) -> Option<String> {
    key.and_then(|k| k.to_str().ok()).map(str::to_string)
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
    ) -> Result<Option<HeaderValue>, Error> {
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
        let key = match (is_post, key) {
            (false, _) => None,
            (true, Some(k)) => Some(
                HeaderValue::try_from(k)
                    .map_err(|_| Error::validation("Idempotency-Key", "must be visible ASCII"))?,
            ),
            (true, None) => Some(uuid_header(uuid::Uuid::new_v4())),
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
        if let Some(k) = &key {
            headers.insert(IDEMPOTENCY_KEY, k.clone());
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

    /// Attempts under the retry policy, each a copy of the prepared request (body bytes and
    /// `Idempotency-Key` unchanged; the body shared, not copied) with the current token. A
    /// streaming body cannot be replayed: one attempt.
    async fn send(&self, request: Request, operation: &str) -> Result<Response, Error> {
        if request.body().is_some_and(|b| b.as_bytes().is_none()) {
            return self.attempt(request, operation, Try::default()).await.0;
        }
        let template = &request;
        self.retry
            .run(|t| {
                let mut copy = template.try_clone().unwrap_or_else(|| {
                    Request::new(template.method().clone(), template.url().clone())
                });
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

fn uuid_header(key: uuid::Uuid) -> HeaderValue {
    let mut buf = uuid::Uuid::encode_buffer();
    // A hyphenated UUID is visible ASCII.
    HeaderValue::from_str(key.hyphenated().encode_lower(&mut buf))
        .unwrap_or_else(|_| HeaderValue::from_static("00000000-0000-0000-0000-000000000000"))
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
