//! The hooks progenitor calls on every generated operation: auth, Dwolla's headers,
//! idempotency keys, retries and tracing, so a new operation in a bumped spec gets them all.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, Entry, HeaderMap, HeaderName, HeaderValue,
};
use reqwest::{Method, Request, Response, StatusCode};
use tracing::Instrument;
use url::Url;

use crate::auth::{TokenCache, is_expired_token_error};
use crate::body::{ERROR_BODY_CAP, Fits};
pub(crate) use crate::context::CallContext;
use crate::context::{RawResponse, uuid_header};
use crate::error::Error;
use crate::location::Created;
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

/// What the generated `Client` carries (progenitor's `inner` slot): the shared state, and
/// for a wrapped call, that call's context. Opaque.
#[derive(Clone, Debug)]
pub struct Inner {
    pub(crate) state: Arc<ClientState>,
    pub(crate) call: Option<Arc<CallContext>>,
}

impl std::fmt::Debug for CallContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallContext").finish_non_exhaustive()
    }
}

/// Leave `e` for the wrapper, when there is one, and give progenitor its message.
fn fail(ctx: Option<&CallContext>, e: Error) -> String {
    let message = e.to_string();
    if let Some(c) = ctx {
        c.fail(e);
    }
    message
}

impl ClientState {
    /// Whether `url` is on the API origin; runs twice on every request.
    pub(crate) fn on_api_origin(&self, url: &Url) -> bool {
        crate::location::on_origin(url, &self.origin, &self.base)
    }

    /// Origin check, token, Dwolla's headers, idempotency key. Runs once per call.
    pub(crate) async fn prepare(
        &self,
        request: &mut Request,
        operation: &str,
        ctx: Option<&CallContext>,
    ) -> Result<(), Error> {
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
        let token = self.auth.token().await.map_err(Error::auth)?;
        let has_body = request.body().is_some();
        let is_post = request.method() == Method::POST;
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
        if is_post && let Entry::Vacant(slot) = headers.entry(IDEMPOTENCY_KEY) {
            let value = match ctx {
                Some(c) => c.next_key(),
                None => uuid_header(uuid::Uuid::new_v4()),
            }
            .map_err(|_| Error::validation("Idempotency-Key", "must be visible ASCII"))?;
            slot.insert(value);
        }
        Ok(())
    }

    /// One attempt: send, in a `dwolla.request` span, and judge the outcome. A final
    /// non-success response is buffered and kept for the wrapper's error; an expired-token
    /// 401 drops the token and fetches a new one here, so the resend (a re-run `pre` or the
    /// next copy) finds it cached.
    pub(crate) async fn attempt(
        &self,
        mut request: Request,
        operation: &str,
        t: Try,
        ctx: Option<&CallContext>,
    ) -> (reqwest::Result<Response>, Verdict) {
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
                return (Err(e), verdict);
            }
        };
        let status = response.status();
        // A caller's HTTP client may have followed a redirect off the API origin: nothing
        // of that answer (token use, Location, body) is trusted.
        if !self.on_api_origin(response.url()) {
            let origin = self.base.origin().ascii_serialization();
            let failure = Error::foreign_origin(response.url().as_str(), origin);
            fail(ctx, failure);
            return (Ok(misdirected(response.version())), Verdict::Final);
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
            if status == StatusCode::CREATED
                && let Some(c) = ctx.filter(|c| c.wants_created())
            {
                // Here, not in the wrapper: the URL the answer came from is at hand.
                let at = response.url();
                c.set_created(Created::from_headers(
                    status,
                    response.headers(),
                    at,
                    &self.base,
                ));
            }
            let response = match crate::body::fits(&response, self.body_cap) {
                Fits::Yes => response,
                Fits::Unknown => crate::body::limited(response, self.body_cap),
                Fits::No => {
                    fail(ctx, Error::too_large(Some(status), Some(self.body_cap)));
                    misdirected(response.version())
                }
            };
            return (Ok(response), Verdict::Final);
        }
        // Boxed: reading an error body and refreshing a token are rare, and their state
        // would otherwise make every call's future larger.
        Box::pin(self.not_success(response, sent, t, ctx)).await
    }

    /// A non-success response: judge it, refresh an expired token (once per call), and keep
    /// the buffered response for the wrapper's error.
    async fn not_success(
        &self,
        response: Response,
        sent: Option<HeaderValue>,
        t: Try,
        ctx: Option<&CallContext>,
    ) -> (reqwest::Result<Response>, Verdict) {
        let status = response.status();
        let verdict = Verdict::of_response(status, response.headers());
        let (head, body, truncated) = match buffer(response).await {
            Ok(parts) => parts,
            Err(e) => {
                let verdict = Verdict::of_error(&e);
                return (Err(e), verdict);
            }
        };
        if t.may_refresh && is_expired_token_error(status, &body) {
            self.auth.invalidate(sent.as_ref());
            match self.auth.token().await {
                Ok(_) => return (Ok(keep(head, body, truncated, ctx)), Verdict::ExpiredToken),
                Err(e) => {
                    fail(ctx, Error::auth(e));
                }
            }
        }
        (Ok(keep(head, body, truncated, ctx)), verdict)
    }

    /// Send with retries, for a request made outside our wrappers (a direct `client.api()`
    /// call, or [`get_resource`](crate::Client::get_resource)): each attempt sends a copy
    /// of the request, body bytes and `Idempotency-Key` unchanged, with the current token.
    pub(crate) async fn send(
        &self,
        mut request: Request,
        operation: &str,
        ctx: Option<&CallContext>,
    ) -> reqwest::Result<Response> {
        let body = match request.body_mut().take() {
            None => None,
            Some(b) => match b.as_bytes() {
                Some(bytes) => Some(Bytes::copy_from_slice(bytes)),
                None => {
                    // A streaming body cannot be replayed: one attempt.
                    *request.body_mut() = Some(b);
                    return self
                        .attempt(request, operation, Try::default(), ctx)
                        .await
                        .0;
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
                self.attempt(copy, operation, t, ctx)
            })
            .await
    }
}

/// A copy of a body-less request template with `body`: the same method, URL, headers
/// (`Idempotency-Key` included), version and timeout on every attempt.
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

struct Head {
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
}

/// An error response's head and at most [`ERROR_BODY_CAP`] of its body (`true`: cut).
async fn buffer(response: Response) -> reqwest::Result<(Head, Bytes, bool)> {
    let head = Head {
        status: response.status(),
        version: response.version(),
        headers: response.headers().clone(),
    };
    let (body, truncated) = crate::body::read_capped(response, ERROR_BODY_CAP).await?;
    Ok((head, body, truncated))
}

/// What progenitor is handed instead of a response that must not be read (from another
/// origin, or over the body cap): no body, and a status no operation declares, while the
/// typed failure waits in the call context. A direct generated call sees a 421.
fn misdirected(version: reqwest::Version) -> Response {
    let mut r = http::Response::new(Bytes::new());
    *r.status_mut() = StatusCode::MISDIRECTED_REQUEST;
    *r.version_mut() = version;
    Response::from(r)
}

/// Record the final error response for the wrapper and hand progenitor an identical one.
fn keep(head: Head, body: Bytes, truncated: bool, ctx: Option<&CallContext>) -> Response {
    if let Some(c) = ctx {
        c.keep_response(RawResponse {
            status: head.status,
            headers: head.headers.clone(),
            body: body.clone(),
            truncated,
        });
    }
    let mut r = http::Response::new(body);
    *r.status_mut() = head.status;
    *r.version_mut() = head.version;
    *r.headers_mut() = head.headers;
    Response::from(r)
}

impl ClientHooks<Inner> for crate::generated::Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let ctx = self.inner.call.as_deref();
        self.inner
            .state
            .prepare(request, info.operation_id, ctx)
            .await
            .map_err(|e| progenitor_client::Error::Custom(fail(ctx, e)))
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let state = &self.inner.state;
        match self.inner.call.as_deref() {
            // A wrapper drives the retries by re-running the generated method: one attempt.
            Some(c) => {
                let (result, verdict) = state
                    .attempt(request, info.operation_id, c.attempt(), Some(c))
                    .await;
                c.set_verdict(verdict);
                result
            }
            // Boxed: only direct calls on the generated client need the resend loop.
            None => Box::pin(state.send(request, info.operation_id, None)).await,
        }
    }
}
