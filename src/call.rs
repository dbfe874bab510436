//! The wrapped ways to call: any generated operation ([`Client::call`]), a create
//! ([`Client::create`]) and a resource URL ([`Client::get_resource`]), each ending in this
//! crate's [`Error`].

use std::future::Future;

use progenitor_client::ResponseValue;
use reqwest::StatusCode;

use crate::body::ERROR_BODY_CAP;
use crate::client::{CallOptions, Client};
use crate::error::{ApiError, Error, ErrorKind, Result};
use crate::generated;
use crate::hooks::{CALL, CallContext, ClientState};
use crate::location::Created;

impl Client {
    /// Run any generated operation and get this crate's [`Error`] on failure.
    ///
    /// `f` makes the call; it runs again for each retry (see [`RetryPolicy`](crate::RetryPolicy)),
    /// so it should make exactly one generated call and nothing else.
    ///
    /// ```no_run
    /// # async fn run(client: dwolla_api::Client, body: dwolla_api::types::CreateCustomerExchangeSessionBody) -> Result<(), dwolla_api::Error> {
    /// let response = client.call(|api| api.create_customer_exchange_session("customer-id", &body)).await?;
    /// println!("{:?}", response.headers().get("location"));
    /// # Ok(()) }
    /// ```
    pub async fn call<'a, T, E, F, Fut>(&'a self, f: F) -> Result<ResponseValue<T>>
    where
        F: Fn(&'a generated::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        self.call_with(CallOptions::default(), f).await
    }

    /// [`call`](Self::call) with options (e.g. your own idempotency key).
    pub async fn call_with<'a, T, E, F, Fut>(
        &'a self,
        options: CallOptions,
        f: F,
    ) -> Result<ResponseValue<T>>
    where
        F: Fn(&'a generated::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        self.run(options, f, |_, r| Ok(r)).await
    }

    /// Run a generated create operation and return the new resource from its `Location`.
    /// Like [`call`](Self::call), `f` runs again for each retry.
    ///
    /// Anything but a `201` with a `Location` on the API origin is an
    /// [`ErrorKind::Location`] error carrying the key: the resource may exist.
    ///
    /// Works for every create in the spec, present and future:
    /// ```no_run
    /// # async fn run(client: dwolla_api::Client, body: dwolla_api::types::CreateCustomerExchangeSessionBody) -> Result<(), dwolla_api::Error> {
    /// let session = client.create(|api| api.create_customer_exchange_session("customer-id", &body)).await?;
    /// println!("{} {}", session.url(), session.id());
    /// # Ok(()) }
    /// ```
    pub async fn create<'a, T, E, F, Fut>(&'a self, f: F) -> Result<Created>
    where
        F: Fn(&'a generated::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        self.create_with(CallOptions::default(), f).await
    }

    /// [`create`](Self::create) with options (e.g. your own idempotency key).
    pub async fn create_with<'a, T, E, F, Fut>(
        &'a self,
        options: CallOptions,
        f: F,
    ) -> Result<Created>
    where
        F: Fn(&'a generated::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        let base = &self.api.inner.base;
        let created = self.run(options, f, |ctx, response| {
            let status = response.status();
            if status != StatusCode::CREATED {
                return Err(not_created(status));
            }
            let at = ctx.created_at.borrow_mut().take();
            let resolve_against = at.as_deref().unwrap_or(base);
            Created::from_headers(status, response.headers(), resolve_against, base)
        });
        // A 2xx the spec does not declare (200, 202) reaches us as a decode error.
        created.await.map_err(|e| match e.status() {
            Some(s @ 200..=299) if e.kind() == ErrorKind::Decode => {
                let key = e.idempotency_key().map(str::to_string);
                not_created(StatusCode::from_u16(s).unwrap_or(StatusCode::OK))
                    .with_idempotency_key(key)
            }
            _ => e,
        })
    }

    /// Drive `f` through the retry policy in a fresh call context, then `finish` the
    /// response. Every error leaves with the `Idempotency-Key` the call sent, if any.
    async fn run<'a, T, E, F, Fut, R>(
        &'a self,
        options: CallOptions,
        f: F,
        finish: impl FnOnce(&CallContext, ResponseValue<T>) -> Result<R>,
    ) -> Result<R>
    where
        F: Fn(&'a generated::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        let api: &'a generated::Client = &self.api;
        let f = &f;
        // Retrying here, by re-running the generated method, spares every call a copy of its
        // request: the body is serialised again only when an attempt is actually resent.
        CALL.scope(CallContext::new(options.idempotency_key), async move {
            let result = api
                .inner
                .retry
                .run(|t| async move {
                    CALL.with(|c| c.begin(t));
                    let result = f(api).await;
                    (result, CALL.with(CallContext::verdict))
                })
                .await;
            CALL.with(|c| {
                // A hook's typed failure wins even over an `Ok`: that response was not
                // to be trusted (another origin, an over-long body).
                let failure = c.failure.borrow_mut().take();
                let outcome = match (failure, result) {
                    (Some(e), _) => Err(*e),
                    (None, Ok(r)) => finish(c, r),
                    (None, Err(e)) => Err(convert(e, c, &api.inner)),
                };
                outcome.map_err(|e| e.with_idempotency_key(c.sent_key()))
            })
        })
        .await
    }

    /// GET a Dwolla resource URL (e.g. a [`Created::url`]) with auth and the HAL `Accept`
    /// header, and return its JSON. A URL off the API origin, or not http(s), is refused
    /// before sending.
    pub async fn get_resource(&self, url: &str) -> Result<serde_json::Value> {
        let state = &self.api.inner;
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
        let mut request = state.http.get(url).build().map_err(Error::transport)?;
        CALL.scope(CallContext::new(None), async {
            state.prepare(&mut request, "get_resource").await?;
            let result = state.send(request, "get_resource").await;
            let failure = CALL.with(|c| c.failure.borrow_mut().take());
            if let Some(e) = failure {
                return Err(*e);
            }
            let response = result.map_err(Error::transport)?;
            let status = response.status();
            let headers = response.headers().clone();
            let cap = if status.is_success() {
                state.body_cap
            } else {
                ERROR_BODY_CAP
            };
            let (bytes, truncated) =
                crate::body::read_capped(response, cap).await.map_err(|e| {
                    match crate::body::limit_exceeded(&e) {
                        true => Error::too_large(Some(status), Some(cap)),
                        false => Error::transport(e),
                    }
                })?;
            if !status.is_success() {
                let clean = |t: &str| state.auth.redact(t);
                return Err(Error::api(ApiError::from_parts(
                    status, headers, &bytes, truncated, &clean,
                )));
            }
            if truncated {
                return Err(Error::too_large(Some(status), Some(cap)));
            }
            serde_json::from_slice(&bytes).map_err(|e| {
                Error::decode(Some(status), crate::redact::serde_message(&e.to_string()))
            })
        })
        .await
    }
}

fn not_created(status: StatusCode) -> Error {
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
    ) = (&e, ctx.response.borrow_mut().take())
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
