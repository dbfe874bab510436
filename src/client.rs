//! The [`Client`] and its configuration: environment, credentials, HTTP client, timeouts, retries.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use progenitor_client::ResponseValue;
use url::Url;

use crate::auth::{Credentials, TokenCache};
use crate::error::{Error, Result};
use crate::generated;
use crate::hooks::{CALL, CallContext, ClientState};
use crate::location::Created;
use crate::retry::RetryPolicy;

/// Which Dwolla to talk to (the spec's `servers`, or your own base URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://api.dwolla.com`
    Production,
    /// `https://api-sandbox.dwolla.com`
    Sandbox,
    /// Any base URL: a proxy, or a local fake in tests.
    Custom(Url),
}

impl Environment {
    /// A custom base URL; must be absolute http(s) without query or fragment.
    pub fn custom(base: &str) -> Result<Self> {
        let url = Url::parse(base)
            .map_err(|e| Error::Config(format!("base URL `{base}` is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::Config(format!(
                "base URL `{base}` must be an absolute http(s) URL"
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(format!(
                "base URL `{base}` must not have a query or fragment"
            )));
        }
        Ok(Environment::Custom(url))
    }

    /// The API base URL.
    pub fn base_url(&self) -> Url {
        match self {
            Environment::Production => Url::parse("https://api.dwolla.com").expect("literal URL"),
            Environment::Sandbox => {
                Url::parse("https://api-sandbox.dwolla.com").expect("literal URL")
            }
            Environment::Custom(u) => u.clone(),
        }
    }
}

/// Builds a [`Client`]. Defaults: 10 s connect timeout, 30 s per-attempt timeout,
/// [`RetryPolicy::default`], token refresh 60 s before expiry.
#[derive(Debug)]
pub struct ClientBuilder {
    environment: Environment,
    credentials: Credentials,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    retry: RetryPolicy,
    refresh_margin: Duration,
}

impl ClientBuilder {
    /// Use your own `reqwest::Client` (proxies, TLS roots, pools). Its own connect timeout
    /// applies; the per-attempt request timeout of this builder still does.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }
    /// Timeout for establishing a connection (ignored with [`http_client`](Self::http_client)).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }
    /// Timeout for one attempt of a request, response body included. `None` disables it.
    pub fn request_timeout(mut self, d: Option<Duration>) -> Self {
        self.request_timeout = d;
        self
    }
    /// How transient failures are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
    /// How long before `expires_in` runs out the token is refreshed (default 60 s).
    pub fn token_refresh_margin(mut self, d: Duration) -> Self {
        self.refresh_margin = d;
        self
    }

    /// Build the client. No request is sent until the first call.
    pub fn build(self) -> Result<Client> {
        let base = self.environment.base_url();
        // Our own HTTP client carries the per-attempt timeout itself, which is cheaper than
        // a timeout on every request (reqwest keeps that in the request's extensions, so
        // every retry copy would clone them). A caller's client gets it per request.
        let (http, per_request_timeout) = match self.http {
            Some(h) => (h, self.request_timeout),
            None => {
                let mut b = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .user_agent(concat!("dwolla-api-rust/", env!("CARGO_PKG_VERSION")));
                if let Some(t) = self.request_timeout {
                    b = b.timeout(t);
                }
                let http = b
                    .build()
                    .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?;
                (http, None)
            }
        };
        let token_url = base
            .join("token")
            .map_err(|e| Error::Config(format!("token URL: {e}")))?;
        let state = Arc::new(ClientState {
            auth: TokenCache::new(
                self.credentials,
                token_url,
                http.clone(),
                self.refresh_margin,
            ),
            base: base.clone(),
            http: http.clone(),
            retry: self.retry,
            request_timeout: per_request_timeout,
        });
        let api =
            generated::Client::new_with_client(base.as_str().trim_end_matches('/'), http, state);
        Ok(Client { api: Arc::new(api) })
    }
}

/// Per-call options.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// `Idempotency-Key` for a POST; a UUID v4 is generated when absent. Reused on every retry.
    pub idempotency_key: Option<String>,
}

impl CallOptions {
    /// Options with this idempotency key.
    pub fn idempotency_key(key: impl Into<String>) -> Self {
        Self {
            idempotency_key: Some(key.into()),
        }
    }
}

/// A Dwolla API client: `Clone + Send + Sync`, cheap to clone (all clones share one token
/// cache and connection pool), safe to use from many tasks.
///
/// ```no_run
/// # async fn run() -> Result<(), dwolla_api::Error> {
/// use dwolla_api::{Client, Credentials, Environment};
/// let client = Client::new(Environment::Sandbox, Credentials::new("id", "secret"))?;
/// // Every operation of the spec, with auth, headers and retries applied:
/// let _api = client.api();
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    api: Arc<generated::Client>,
}

impl Client {
    /// A builder for `environment` and `credentials`.
    pub fn builder(environment: Environment, credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            environment,
            credentials,
            http: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Some(Duration::from_secs(30)),
            retry: RetryPolicy::default(),
            refresh_margin: Duration::from_secs(60),
        }
    }

    /// A client with default settings.
    pub fn new(environment: Environment, credentials: Credentials) -> Result<Self> {
        Self::builder(environment, credentials).build()
    }

    /// The generated client: one method per spec operation. Its calls get auth, Dwolla's
    /// headers, idempotency keys and retries from the hooks; their errors are progenitor's,
    /// so prefer [`call`](Self::call) / [`create`](Self::create) for this crate's [`Error`].
    pub fn api(&self) -> &generated::Client {
        &self.api
    }

    /// The API base URL.
    pub fn base_url(&self) -> &Url {
        &self.api.inner.base
    }

    /// Token requests sent so far by this client and its clones.
    pub fn token_requests(&self) -> u64 {
        self.api.inner.auth.token_requests()
    }

    /// Run any generated operation and get this crate's [`Error`] on failure.
    ///
    /// `f` makes the call; it runs again for each retry (see [`RetryPolicy`]), so it should
    /// make exactly one generated call and nothing else.
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
            result.map_err(|e| CALL.with(|c| convert(e, c)))
        })
        .await
    }

    /// Run a generated create operation and return the new resource from its `Location`.
    /// Like [`call`](Self::call), `f` runs again for each retry.
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
        let response = self.call_with(options, f).await?;
        Created::from_headers(response.status(), response.headers(), self.base_url())
            .map_err(Error::Location)
    }

    /// GET a Dwolla resource URL (e.g. a [`Created::url`]) with auth and the HAL `Accept`
    /// header, and return its JSON. A URL off the API origin is refused before sending.
    pub async fn get_resource(&self, url: &str) -> Result<serde_json::Value> {
        let state = &self.api.inner;
        let url = state.base.join(url).map_err(|e| {
            Error::Validation(crate::ValidationError {
                field: "url".into(),
                reason: format!("is not a URL: {e}"),
            })
        })?;
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
            let bytes = response.bytes().await.map_err(Error::transport)?;
            if !status.is_success() {
                return Err(api_error(crate::error::ApiError::from_parts(
                    status, headers, &bytes,
                )));
            }
            serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
                status: Some(status),
                reason: e.to_string(),
            })
        })
        .await
    }
}

fn api_error(e: crate::error::ApiError) -> Error {
    if e.status == reqwest::StatusCode::CONFLICT {
        Error::Conflict(Box::new(e))
    } else {
        Error::Api(Box::new(e))
    }
}

/// progenitor's error, plus what the hooks left in the call context, → our error.
fn convert<E>(e: progenitor_client::Error<E>, ctx: &CallContext) -> Error {
    use progenitor_client::Error as P;
    if let Some(failure) = ctx.failure.borrow_mut().take() {
        return *failure;
    }
    // The hook kept the raw error response: that is Dwolla's error, whatever progenitor made of it.
    if let (
        P::ErrorResponse(_) | P::UnexpectedResponse(_) | P::InvalidResponsePayload(..),
        Some(r),
    ) = (&e, ctx.response.borrow_mut().take())
    {
        return api_error(crate::error::ApiError::from_parts(
            r.status, r.headers, &r.body,
        ));
    }
    match e {
        P::UnexpectedResponse(r) => Error::Decode {
            status: Some(r.status()),
            reason: format!(
                "the spec does not declare status {} for this operation",
                r.status()
            ),
        },
        P::InvalidResponsePayload(_, e) => Error::Decode {
            status: None,
            reason: e.to_string(),
        },
        P::ErrorResponse(rv) => Error::Decode {
            status: Some(rv.status()),
            reason: "undecoded error response".into(),
        },
        P::CommunicationError(e) | P::ResponseBodyError(e) | P::InvalidUpgrade(e) => {
            Error::transport(e)
        }
        P::InvalidRequest(m) => Error::Validation(crate::ValidationError {
            field: "request".into(),
            reason: m,
        }),
        P::Custom(m) => Error::Config(m),
    }
}
