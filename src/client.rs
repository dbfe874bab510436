//! The [`Client`] and its configuration: environment, credentials, HTTP client, timeouts, retries.

use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::auth::{Credentials, TokenCache, TokenEndpoint};
use crate::body::DEFAULT_SUCCESS_BODY_CAP;
use crate::error::{Error, Result};
use crate::generated;
use crate::retry::RetryPolicy;
use crate::transport::ClientState;

/// Which Dwolla to talk to (the spec's `servers`, or your own base URL).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// `https://api.dwolla.com`
    Production,
    /// `https://api-sandbox.dwolla.com`
    Sandbox,
    /// Any base URL: a proxy, or a local fake in tests. Made by [`Environment::custom`],
    /// which checks it.
    Custom(CustomBase),
}

/// A checked custom base URL: only [`Environment::custom`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomBase(Url);

impl CustomBase {
    /// The base URL.
    pub fn url(&self) -> &Url {
        &self.0
    }
}

impl Environment {
    /// A custom base URL; must be absolute http(s) without query or fragment.
    ///
    /// A base with a path (`http://proxy/dwolla`) puts every call under it, the token
    /// request (`/dwolla/token`) included.
    pub fn custom(base: &str) -> Result<Self> {
        let url = Url::parse(base)
            .map_err(|e| Error::config(format!("base URL `{base}` is not a URL: {e}")))?;
        check_base(&url)?;
        Ok(Environment::Custom(CustomBase(url)))
    }

    /// The API base URL.
    pub fn base_url(&self) -> Url {
        match self {
            Environment::Production => literal("https://api.dwolla.com/"),
            Environment::Sandbox => literal("https://api-sandbox.dwolla.com/"),
            Environment::Custom(u) => u.0.clone(),
        }
    }
}

// Narrow: only ever called with the two literal URLs above, which parse.
#[allow(clippy::expect_used)]
fn literal(s: &str) -> Url {
    Url::parse(s).expect("a literal URL")
}

/// An API base must be an absolute http(s) URL without query or fragment.
fn check_base(url: &Url) -> Result<()> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(format!(
            "base URL `{url}` must be an absolute http(s) URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "base URL `{url}` must not have a query or fragment"
        )));
    }
    Ok(())
}

/// Builds a [`Client`]. Defaults: 10 s connect timeout, 30 s per-attempt and token-request
/// timeouts, [`RetryPolicy::default`], token refresh 60 s before expiry, success bodies up
/// to 16 MiB.
#[derive(Debug)]
pub struct ClientBuilder {
    environment: Environment,
    credentials: Credentials,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    token_timeout: Option<Duration>,
    retry: RetryPolicy,
    refresh_margin: Duration,
    body_cap: usize,
}

impl ClientBuilder {
    /// Use your own `reqwest::Client` (proxies, TLS roots, pools). Its own connect timeout
    /// and redirect policy apply; the per-attempt and token timeouts of this builder still
    /// do, and a response that a redirect brought from another origin is refused.
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
    /// Timeout for one token request, on any HTTP client: every call waits on it while a
    /// token is fetched. `None` disables it.
    pub fn token_timeout(mut self, d: Option<Duration>) -> Self {
        self.token_timeout = d;
        self
    }
    /// How transient failures are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
    /// How long before `expires_in` runs out the token is refreshed (default 60 s); a
    /// token is always used for at least half its life.
    pub fn token_refresh_margin(mut self, d: Duration) -> Self {
        self.refresh_margin = d;
        self
    }
    /// The most bytes of a success body that are read (default 16 MiB); a longer body is
    /// an [`ErrorKind::BodyTooLarge`](crate::ErrorKind::BodyTooLarge) error. Error bodies are read up to 64 KiB.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.body_cap = bytes;
        self
    }

    /// Build the client. No request is sent until the first call.
    pub fn build(self) -> Result<Client> {
        let mut base = self.environment.base_url();
        // A trailing `/` makes the token URL land under a base path, like every call.
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        // Our own HTTP client carries the per-attempt timeout itself, which is cheaper than
        // a timeout on every request (reqwest keeps that in the request's extensions, so
        // every retry copy would clone them). A caller's client gets it per request.
        let (http, per_request_timeout) = match self.http {
            Some(h) => (h, self.request_timeout),
            None => {
                let origin = base.clone();
                // Redirects stay on the API origin: another origin would get the body and
                // Idempotency-Key, and its answer would pass for the API's.
                let redirects = reqwest::redirect::Policy::custom(move |attempt| {
                    if attempt.previous().len() < 10
                        && crate::location::same_origin(attempt.url(), &origin)
                    {
                        attempt.follow()
                    } else {
                        attempt.stop()
                    }
                });
                let mut b = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(redirects)
                    .user_agent(concat!("dwolla-api-rust/", env!("CARGO_PKG_VERSION")));
                if let Some(t) = self.request_timeout {
                    b = b.timeout(t);
                }
                let http = b
                    .build()
                    .map_err(|e| Error::config(format!("could not build the HTTP client: {e}")))?;
                (http, None)
            }
        };
        let token_url = base
            .join("token")
            .map_err(|e| Error::config(format!("token URL: {e}")))?;
        let endpoint = TokenEndpoint {
            url: token_url,
            http: http.clone(),
            timeout: self.token_timeout,
            refresh_margin: self.refresh_margin,
        };
        let state = Arc::new(ClientState {
            auth: TokenCache::new(self.credentials, endpoint),
            origin: base[..url::Position::BeforePath].to_string(),
            base: base.clone(),
            http: http.clone(),
            retry: self.retry,
            request_timeout: per_request_timeout,
            body_cap: self.body_cap,
        });
        let inner = crate::transport::Inner { state };
        let api =
            generated::Client::new_with_client(base.as_str().trim_end_matches('/'), http, inner);
        Ok(Client { api: Arc::new(api) })
    }
}

/// A Dwolla API client: `Clone + Send + Sync`, cheap to clone (all clones share one token
/// cache and connection pool), safe to use from many tasks.
///
/// ```no_run
/// # async fn run() -> Result<(), dwolla_api::Error> {
/// use dwolla_api::{Client, Credentials, Environment};
/// let client = Client::new(Environment::Sandbox, Credentials::new("id", "secret"))?;
/// // Every operation of the spec is a method: `client.<operation>()…send().await?`.
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) api: Arc<generated::Client>,
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
            token_timeout: Some(Duration::from_secs(30)),
            retry: RetryPolicy::default(),
            refresh_margin: Duration::from_secs(60),
            body_cap: DEFAULT_SUCCESS_BODY_CAP,
        }
    }

    /// A client with default settings.
    pub fn new(environment: Environment, credentials: Credentials) -> Result<Self> {
        Self::builder(environment, credentials).build()
    }

    /// The API base URL.
    pub fn base_url(&self) -> &Url {
        &self.api.inner.state.base
    }
}
