//! The wrapped ways to call: any generated operation ([`Client::call`]), a create
//! ([`Client::create`]) and a resource URL ([`Client::get_resource`]), each ending in this
//! crate's [`Error`].

use std::future::Future;
use std::sync::Arc;

use futures::FutureExt;
use progenitor_client::ResponseValue;
use reqwest::StatusCode;

use crate::body::ERROR_BODY_CAP;
use crate::client::{CallOptions, Client};
use crate::error::{ApiError, Error, ErrorKind, Result};
use crate::generated;
use crate::hooks::{CallContext, ClientState, Inner};
use crate::location::Created;

/// What a call's closure returns: a generated operation's result.
type Generated<T, E> = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>;

impl Client {
    /// Run any generated operation and get this crate's [`Error`] on failure.
    ///
    /// `f` gets a generated client made for this call (cheap: it shares this client's
    /// pool and token cache) and makes the call with it; `f` runs again for each retry
    /// (see [`RetryPolicy`](crate::RetryPolicy)). Every POST it sends gets its own
    /// `Idempotency-Key`, reused by that POST on every retry; a generated call spawned
    /// with a clone of the client keeps the call's auth, retries and typed errors.
    ///
    /// ```no_run
    /// # #[cfg(dwolla_field = "create_customer_exchange_session.path.id")]
    /// # async fn run(client: dwolla_api::Client, body: dwolla_api::ops::create_customer_exchange_session::Body) -> Result<(), dwolla_api::Error> {
    /// let body = &body;
    /// let response = client
    ///     .call(|api| async move {
    ///         api.create_customer_exchange_session().id("customer-id").body(body.clone()).send().await
    ///     })
    ///     .await?;
    /// println!("{:?}", response.headers().get("location"));
    /// # Ok(()) }
    /// ```
    pub async fn call<T, E, F, Fut>(&self, f: F) -> Result<ResponseValue<T>>
    where
        F: Fn(generated::Client) -> Fut,
        Fut: Future<Output = Generated<T, E>>,
    {
        self.call_with(CallOptions::default(), f).await
    }

    /// [`call`](Self::call) with options (e.g. your own idempotency key).
    pub async fn call_with<T, E, F, Fut>(
        &self,
        options: CallOptions,
        f: F,
    ) -> Result<ResponseValue<T>>
    where
        F: Fn(generated::Client) -> Fut,
        Fut: Future<Output = Generated<T, E>>,
    {
        let ctx = CallContext::new(options.idempotency_key);
        self.run(ctx, f, |_, r| Ok(r)).await
    }

    /// Run a generated create operation and return the new resource from its `Location`.
    /// Like [`call`](Self::call), `f` runs again for each retry.
    ///
    /// Anything but a `201` with a `Location` on the API origin is an
    /// [`ErrorKind::Location`] error carrying the key: the resource may exist.
    ///
    /// Works for every create in the spec, present and future:
    /// ```no_run
    /// # #[cfg(dwolla_field = "create_customer_exchange_session.path.id")]
    /// # async fn run(client: dwolla_api::Client, body: dwolla_api::ops::create_customer_exchange_session::Body) -> Result<(), dwolla_api::Error> {
    /// let body = &body;
    /// let session = client
    ///     .create(|api| async move {
    ///         api.create_customer_exchange_session().id("customer-id").body(body.clone()).send().await
    ///     })
    ///     .await?;
    /// println!("{} {}", session.url(), session.id());
    /// # Ok(()) }
    /// ```
    pub async fn create<T, E, F, Fut>(&self, f: F) -> Result<Created>
    where
        F: Fn(generated::Client) -> Fut,
        Fut: Future<Output = Generated<T, E>>,
    {
        self.create_with(CallOptions::default(), f).await
    }

    /// [`create`](Self::create) with options (e.g. your own idempotency key).
    pub async fn create_with<T, E, F, Fut>(&self, options: CallOptions, f: F) -> Result<Created>
    where
        F: Fn(generated::Client) -> Fut,
        Fut: Future<Output = Generated<T, E>>,
    {
        let base = &self.api.inner.state.base;
        let ctx = CallContext::for_create(options.idempotency_key);
        // Awaited where it is made: a future kept in a local and then awaited takes its
        // room twice in this one.
        let created = self
            .run(ctx, f, |ctx, response| {
                let status = response.status();
                if status != StatusCode::CREATED {
                    return Err(not_created(status));
                }
                ctx.take_created().unwrap_or_else(|| {
                    Created::from_headers(status, response.headers(), base, base)
                })
            })
            .await;
        // A 2xx the spec does not declare (200, 202) reaches us as a decode error.
        created.map_err(|e| match e.status() {
            Some(s @ 200..=299) if e.kind() == ErrorKind::Decode => {
                let key = e.idempotency_key().map(str::to_string);
                not_created(StatusCode::from_u16(s).unwrap_or(StatusCode::OK))
                    .with_idempotency_key(key)
            }
            _ => e,
        })
    }

    /// A generated client for one call: the shared state and this call's context.
    fn for_call(&self, ctx: &Arc<CallContext>) -> generated::Client {
        use progenitor_client::ClientInfo;
        let inner = Inner {
            state: self.api.inner.state.clone(),
            call: Some(ctx.clone()),
        };
        generated::Client::new_with_client(self.api.baseurl(), self.api.client().clone(), inner)
    }

    /// Drive `f` through the retry policy with the call's context `ctx`, then `finish` the
    /// response. Every error leaves with the `Idempotency-Key` the call sent, if any.
    async fn run<T, E, F, Fut, R>(
        &self,
        ctx: CallContext,
        f: F,
        finish: impl FnOnce(&CallContext, ResponseValue<T>) -> Result<R>,
    ) -> Result<R>
    where
        F: Fn(generated::Client) -> Fut,
        Fut: Future<Output = Generated<T, E>>,
    {
        let ctx = Arc::new(ctx);
        // The first attempt takes it; a retry (rare) makes another.
        let mut first = Some(self.for_call(&ctx));
        let state = &self.api.inner.state;
        // Retrying here, by re-running the generated method, spares every call a copy of its
        // request: the body is serialised again only when an attempt is actually resent.
        let result = state
            .retry
            .run(|t| {
                ctx.begin(t);
                let api = first.take().unwrap_or_else(|| self.for_call(&ctx));
                // `map`, not an `async move` block awaiting it: that would hold the
                // generated call's future twice over in every call's future.
                f(api).map(|result| (result, ctx.verdict()))
            })
            .await;
        // A hook's typed failure wins even over an `Ok`: that response was not to be
        // trusted (another origin, an over-long body).
        let outcome = match (ctx.take_failure(), result) {
            (Some(e), _) => Err(e),
            (None, Ok(r)) => finish(&ctx, r),
            (None, Err(e)) => Err(convert(e, &ctx, state)),
        };
        outcome.map_err(|e| e.with_idempotency_key(ctx.sent_key()))
    }

    /// GET a Dwolla resource URL (e.g. a [`Created::url`]) with auth and the HAL `Accept`
    /// header, and return its JSON. A URL off the API origin, or not http(s), is refused
    /// before sending.
    pub async fn get_resource(&self, url: &str) -> Result<serde_json::Value> {
        let state = &self.api.inner.state;
        let url = state
            .base
            .join(url)
            .map_err(|e| Error::validation("url", format!("is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::validation(
                "url",
                format!(
                    "has scheme `{}`; only http(s) URLs on the API origin are fetched",
                    url.scheme()
                ),
            ));
        }
        let request = state.http.get(url).build().map_err(Error::transport)?;
        let ctx = CallContext::new(None);
        let (status, _, bytes) = state.send_raw(request, "get_resource", &ctx).await?;
        {
            serde_json::from_slice(&bytes).map_err(|e| {
                Error::decode(Some(status), crate::redact::serde_message(&e.to_string()))
            })
        }
    }
}

pub(crate) fn not_created(status: StatusCode) -> Error {
    Error::with_status(
        ErrorKind::Location,
        status,
        "a create must answer 201 Created; the resource may exist all the same, so retry \
         with the same Idempotency-Key to find out without creating twice",
    )
}

/// progenitor's error, plus what the hooks left in the call context, → our error.
fn convert<E>(e: progenitor_client::Error<E>, ctx: &CallContext, state: &ClientState) -> Error {
    use progenitor_client::Error as P;
    // The hook kept the raw error response: that is Dwolla's error, whatever progenitor made of it.
    if let (
        P::ErrorResponse(_) | P::UnexpectedResponse(_) | P::InvalidResponsePayload(..),
        Some(r),
    ) = (&e, ctx.take_response())
    {
        let clean = |t: &str| state.auth.redact(t);
        return Error::api(ApiError::from_parts(
            r.status,
            r.headers,
            &r.body,
            r.truncated,
            &clean,
        ));
    }
    match e {
        P::UnexpectedResponse(r) => Error::decode(
            Some(r.status()),
            format!(
                "the spec does not declare status {} for this operation",
                r.status()
            ),
        ),
        // serde's message can quote the value (a session secret in a mistyped field): say
        // what was expected, not what came.
        P::InvalidResponsePayload(_, e) => {
            Error::decode(None, crate::redact::serde_message(&e.to_string()))
        }
        P::ErrorResponse(rv) => Error::decode(Some(rv.status()), "undecoded error response"),
        P::ResponseBodyError(e) if crate::body::limit_exceeded(&e) => {
            Error::too_large(None, Some(state.body_cap))
        }
        P::CommunicationError(e) | P::ResponseBodyError(e) | P::InvalidUpgrade(e) => {
            Error::transport(e)
        }
        P::InvalidRequest(m) => Error::validation("request", m),
        P::Custom(m) => Error::config(m),
    }
}

impl ClientState {
    /// Send a hand-made request (not a generated operation's) through the same hooks: origin
    /// check, token, Dwolla's headers, the idempotency key of a POST, retries (a copy of the
    /// request per attempt), body caps. A non-success answer is this crate's API error.
    pub(crate) async fn send_raw(
        &self,
        mut request: reqwest::Request,
        operation: &str,
        ctx: &CallContext,
    ) -> Result<(StatusCode, reqwest::header::HeaderMap, bytes::Bytes)> {
        let ctx = Some(ctx);
        self.prepare(&mut request, operation, ctx).await?;
        let result = self.send(request, operation, ctx).await;
        if let Some(e) = ctx.and_then(CallContext::take_failure) {
            return Err(e);
        }
        let response = result.map_err(Error::transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let cap = if status.is_success() {
            self.body_cap
        } else {
            ERROR_BODY_CAP
        };
        let (bytes, truncated) = crate::body::read_capped(response, cap).await.map_err(|e| {
            match crate::body::limit_exceeded(&e) {
                true => Error::too_large(Some(status), Some(cap)),
                false => Error::transport(e),
            }
        })?;
        if !status.is_success() {
            let clean = |t: &str| self.auth.redact(t);
            return Err(Error::api(ApiError::from_parts(
                status, headers, &bytes, truncated, &clean,
            )));
        }
        if truncated {
            return Err(Error::too_large(Some(status), Some(cap)));
        }
        Ok((status, headers, bytes))
    }
}
