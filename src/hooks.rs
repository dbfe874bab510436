//! The hooks progenitor calls on every generated operation: auth, Dwolla's headers,
//! idempotency keys, retries and tracing, so a new operation in a bumped spec gets them all.

use std::cell::RefCell;
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
use crate::error::Error;
use crate::retry::{Decision, Outcome, RetryPolicy};

/// Dwolla's media type, sent in `Accept` (and `Content-Type`) unless the spec says otherwise.
pub const HAL_JSON: &str = "application/vnd.dwolla.v1.hal+json";
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const API_VERSION: HeaderName = HeaderName::from_static("api-version");
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The state every clone of a [`Client`](crate::Client) shares; opaque.
pub struct ClientState {
    pub(crate) base: Url,
    pub(crate) http: reqwest::Client,
    pub(crate) auth: TokenCache,
    pub(crate) retry: RetryPolicy,
    pub(crate) request_timeout: Option<Duration>,
}

impl std::fmt::Debug for ClientState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientState")
            .field("base", &self.base.as_str())
            .field("auth", &self.auth)
            .field("retry", &self.retry)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

/// What the generated `Client` carries (progenitor's `inner` slot).
pub type Inner = Arc<ClientState>;

/// Wire facts of one generated operation (the table is generated from the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationWire {
    /// progenitor's snake_case method name.
    pub rust_name: &'static str,
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// `Content-Type` Dwolla wants, when there is a body.
    pub request_media_type: Option<&'static str>,
    /// `Accept` Dwolla wants.
    pub accept: &'static str,
    /// Success bodies are raw bytes (the spec's success responses differ).
    pub raw_success: bool,
}

/// Every generated operation's wire facts, sorted by `rust_name`.
pub fn operations() -> &'static [OperationWire] {
    crate::operations::OPERATIONS
}

fn wire(rust_name: &str) -> Option<&'static OperationWire> {
    let ops = operations();
    ops.binary_search_by(|w| w.rust_name.cmp(rust_name))
        .ok()
        .map(|i| &ops[i])
}

/// The final non-success response of a call, kept because progenitor's error (for an
/// undecodable body) would lose its status and headers.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Per-call context our wrappers set around a generated call: hooks can only fail with
/// `Error::Custom(String)`, so they leave the typed error here for the wrapper.
#[derive(Default)]
pub(crate) struct CallContext {
    pub(crate) idempotency_key: Option<String>,
    pub(crate) failure: RefCell<Option<Error>>,
    pub(crate) response: RefCell<Option<RawResponse>>,
}

tokio::task_local! {
    pub(crate) static CALL: CallContext;
}

fn stash_failure(e: Error) -> String {
    let message = e.to_string();
    let _ = CALL.try_with(|c| *c.failure.borrow_mut() = Some(e));
    message
}

impl ClientState {
    /// Origin check, token, Dwolla's headers, idempotency key. Runs once per call.
    pub(crate) async fn prepare(
        &self,
        request: &mut Request,
        operation: &str,
    ) -> Result<(), Error> {
        if !crate::location::same_origin(request.url(), &self.base) {
            return Err(Error::ForeignOrigin {
                url: request.url().as_str().to_string(),
                origin: self.base.origin().ascii_serialization(),
            });
        }
        let token = self.auth.token().await.map_err(Error::Auth)?;
        let w = wire(operation);
        let has_body = request.body().is_some();
        let is_post = request.method() == Method::POST;
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, token.header.clone());
        // progenitor adds it for API-versioned servers; Dwolla versions by media type.
        headers.remove(API_VERSION);
        headers.insert(
            ACCEPT,
            HeaderValue::from_static(w.map_or(HAL_JSON, |w| w.accept)),
        );
        if has_body
            && let Some(ct) = headers.get_mut(CONTENT_TYPE)
            && ct.as_bytes().starts_with(b"application/json")
        {
            let media = w.and_then(|w| w.request_media_type).unwrap_or(HAL_JSON);
            *ct = HeaderValue::from_static(media);
        }
        if is_post && let Entry::Vacant(slot) = headers.entry(IDEMPOTENCY_KEY) {
            let supplied = CALL
                .try_with(|c| c.idempotency_key.as_deref().map(HeaderValue::from_str))
                .ok()
                .flatten();
            let value = match supplied {
                Some(v) => v,
                None => {
                    let mut buf = uuid::Uuid::encode_buffer();
                    HeaderValue::from_str(uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buf))
                }
            }
            .map_err(|_| {
                Error::Validation(crate::ValidationError {
                    field: "Idempotency-Key".into(),
                    reason: "must be visible ASCII".into(),
                })
            })?;
            slot.insert(value);
        }
        Ok(())
    }

    /// Send with retries, refresh-once on an expired token, per-attempt timeout and a span
    /// per attempt. The request (body bytes and `Idempotency-Key` included) is cloned
    /// unchanged for every attempt.
    pub(crate) async fn send(
        &self,
        mut request: Request,
        operation: &str,
    ) -> reqwest::Result<Response> {
        if let Some(t) = self.request_timeout {
            request.timeout_mut().get_or_insert(t);
        }
        let started = Instant::now();
        let mut backoff = self.retry.backoff();
        let mut attempt = 0u32;
        let mut refreshed = false;
        loop {
            attempt += 1;
            let Some(this) = request.try_clone() else {
                // A streaming body cannot be replayed: one attempt.
                return self.http.execute(request).await;
            };
            let span = tracing::info_span!(
                "dwolla.request",
                operation,
                method = %request.method(),
                path = request.url().path(),
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            // Recording into a span nobody listens to still costs; skip it then.
            let traced = !span.is_disabled();
            let sent_at = Instant::now();
            let result = self.http.execute(this).instrument(span.clone()).await;
            if traced {
                span.record("elapsed_ms", sent_at.elapsed().as_millis() as u64);
            }
            let response = match result {
                Ok(r) => r,
                Err(e) => {
                    let outcome = if e.is_timeout() || e.is_connect() || e.is_request() {
                        Outcome::Transient
                    } else {
                        Outcome::Fatal
                    };
                    match self
                        .retry
                        .decide(outcome, attempt, started.elapsed(), backoff.next())
                    {
                        Decision::RetryAfter(d) => {
                            span.in_scope(|| tracing::info!(error = %e.without_url_ref(), delay_ms = d.as_millis() as u64, "retrying after transport error"));
                            tokio::time::sleep(d).await;
                            continue;
                        }
                        Decision::Stop => return Err(e),
                    }
                }
            };
            let status = response.status();
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
                return Ok(response);
            }
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                let (head, body) = buffer(response).await?;
                if is_expired_token_error(status, &body) {
                    refreshed = true;
                    self.auth.invalidate(request.headers().get(AUTHORIZATION));
                    match self.auth.token().await {
                        Ok(t) => {
                            span.in_scope(|| {
                                tracing::info!("access token expired; refreshed, retrying once")
                            });
                            request
                                .headers_mut()
                                .insert(AUTHORIZATION, t.header.clone());
                            attempt -= 1;
                            continue;
                        }
                        Err(e) => {
                            stash_failure(Error::Auth(e));
                        }
                    }
                }
                return Ok(keep(head, body));
            }
            match self.retry.decide(
                Outcome::Response(status, response.headers()),
                attempt,
                started.elapsed(),
                backoff.next(),
            ) {
                Decision::RetryAfter(d) => {
                    span.in_scope(|| {
                        tracing::info!(delay_ms = d.as_millis() as u64, "retrying after {status}")
                    });
                    drop(response);
                    tokio::time::sleep(d).await;
                }
                Decision::Stop => {
                    let (head, body) = buffer(response).await?;
                    return Ok(keep(head, body));
                }
            }
        }
    }
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

async fn buffer(response: Response) -> reqwest::Result<(Head, Bytes)> {
    let head = Head {
        status: response.status(),
        version: response.version(),
        headers: response.headers().clone(),
    };
    let body = response.bytes().await?;
    Ok((head, body))
}

/// Record the final error response for the wrapper and hand progenitor an identical one.
fn keep(head: Head, body: Bytes) -> Response {
    let _ = CALL.try_with(|c| {
        *c.response.borrow_mut() = Some(RawResponse {
            status: head.status,
            headers: head.headers.clone(),
            body: body.clone(),
        })
    });
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
        self.inner
            .prepare(request, info.operation_id)
            .await
            .map_err(|e| progenitor_client::Error::Custom(stash_failure(e)))
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner.send(request, info.operation_id).await
    }
}
