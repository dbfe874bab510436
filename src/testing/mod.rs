//! A fake Dwolla on loopback for offline tests (feature `test-util`): [`FakeDwolla`].
//!
//! It serves `POST /token`, `POST /customers/{id}/exchange-sessions` and
//! `GET /exchange-sessions/{id}` the way Dwolla does, checks what a client must send
//! (Basic credentials, bearer token, Dwolla's media type, an `Idempotency-Key`), replays a
//! create whose key it has seen with the same body and answers `409` to the same key with
//! another body. Faults ([`Fault`]) make it fail on purpose; counters and records say what a
//! client sent.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use dwolla_api::testing::{Fault, FakeDwolla};
//! use dwolla_api::ExchangeSessionRequest;
//!
//! let fake = FakeDwolla::start()?;
//! let client = fake.client_builder().build()?;
//! fake.push_fault(Fault::retry_after(503, "0")); // the first create fails, once
//!
//! let partner = "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";
//! let request = ExchangeSessionRequest::plaid_web(partner)?;
//! let session = client
//!     .create_exchange_session("customer-1", &request)
//!     .send()
//!     .await?
//!     .created()?;
//! let details = client.retrieve_exchange_session(&session).await?;
//!
//! assert_eq!(details.id.as_deref(), Some(session.id()));
//! assert_eq!(fake.sessions_created(), 1);
//! assert_eq!(fake.token_requests(), 1);
//! let posts = fake.api_requests();
//! assert_eq!(posts[0].header("idempotency-key"), posts[1].header("idempotency-key"));
//! # Ok(()) }
//! ```

mod fault;
mod serve;
mod state;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

pub use fault::Fault;
pub use state::{FakeSession, RecordedRequest};

use crate::{Client, ClientBuilder, Credentials, Environment, RetryPolicy};
use fault::Target;
use state::{Shared, lock};

/// The client id a fake accepts unless told otherwise.
pub const CLIENT_ID: &str = "fake-client-id";
/// The client secret a fake accepts unless told otherwise.
pub const CLIENT_SECRET: &str = "fake-client-secret";

/// Configures a [`FakeDwolla`] before it starts.
#[derive(Debug, Clone)]
pub struct FakeDwollaBuilder {
    client_id: String,
    client_secret: String,
    expires_in: u64,
}

impl FakeDwollaBuilder {
    /// The credentials `/token` accepts (default [`CLIENT_ID`] / [`CLIENT_SECRET`]).
    pub fn credentials(mut self, client_id: &str, client_secret: &str) -> Self {
        self.client_id = client_id.into();
        self.client_secret = client_secret.into();
        self
    }

    /// The `expires_in` of every token, in seconds (default 3600).
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// Start on a thread of its own with its own single-threaded tokio runtime and clock,
    /// so a test's paused clock does not drive it. It stops when the handle is dropped.
    pub fn start(self) -> std::io::Result<FakeDwolla> {
        let std_listener = self.bind()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (fake, serve) = self.ready_on(std_listener, runtime.handle())?;
        std::thread::Builder::new()
            .name("fake-dwolla".into())
            .spawn(move || runtime.block_on(serve))?;
        Ok(fake)
    }

    /// Start as a task on `runtime` (e.g. a benchmark's server runtime with its own
    /// threads). It stops when the handle is dropped.
    pub fn start_on(self, runtime: &tokio::runtime::Handle) -> std::io::Result<FakeDwolla> {
        let std_listener = self.bind()?;
        let (fake, serve) = self.ready_on(std_listener, runtime)?;
        runtime.spawn(serve);
        Ok(fake)
    }

    fn bind(&self) -> std::io::Result<std::net::TcpListener> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        Ok(listener)
    }

    fn ready_on(
        self,
        listener: std::net::TcpListener,
        runtime: &tokio::runtime::Handle,
    ) -> std::io::Result<(FakeDwolla, impl Future<Output = ()> + Send + use<>)> {
        let base = format!("http://{}", listener.local_addr()?);
        // Checked once here, so `environment()` cannot fail (nor fall back elsewhere).
        let environment = Environment::custom(&base)
            .map_err(|e| std::io::Error::other(format!("fake base URL {base}: {e}")))?;
        let listener = {
            let _entered = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let basic = {
            use base64::Engine;
            let pair = format!("{}:{}", self.client_id, self.client_secret);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        };
        let shared = Arc::new(Shared::new(base, basic, self.expires_in));
        let (stop, stopped) = watch::channel(());
        let serve = serve::serve(listener, shared.clone(), stopped);
        let fake = FakeDwolla {
            environment,
            shared,
            client_id: self.client_id,
            client_secret: self.client_secret,
            _stop: stop,
        };
        Ok((fake, serve))
    }
}

/// A fake Dwolla serving on `127.0.0.1:<free port>`, HTTP/1.1 with keep-alive.
///
/// Answers: `POST /token` (client credentials, Basic auth checked against its
/// credentials; tokens `tok-1`, `tok-2`, …), `POST /customers/{id}/exchange-sessions`
/// (bearer, `Content-Type` and `Accept` `application/vnd.dwolla.v1.hal+json` and an
/// `Idempotency-Key` required; `201` + `Location`; the same key with the same body
/// replays the first answer, with another body is a `409`), `GET /exchange-sessions/{id}`
/// (the session JSON, with a Plaid `externalProviderSessionToken`). Anything else is
/// Dwolla's `404` JSON. No request can make it panic.
pub struct FakeDwolla {
    environment: Environment,
    shared: Arc<Shared>,
    client_id: String,
    client_secret: String,
    // Dropping it stops the server and its connections.
    _stop: watch::Sender<()>,
}

impl std::fmt::Debug for FakeDwolla {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeDwolla")
            .field("base_url", &self.shared.base)
            .field("client_id", &self.client_id)
            .field("token_requests", &self.token_requests())
            .field("api_requests", &self.api_request_count())
            .field("sessions_created", &self.sessions_created())
            .finish_non_exhaustive()
    }
}

impl FakeDwolla {
    /// Configure, then [`start`](FakeDwollaBuilder::start).
    pub fn builder() -> FakeDwollaBuilder {
        FakeDwollaBuilder {
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            expires_in: 3600,
        }
    }

    /// Start with the defaults, on a thread of its own.
    pub fn start() -> std::io::Result<FakeDwolla> {
        Self::builder().start()
    }

    /// `http://127.0.0.1:<port>`, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.shared.base
    }

    /// The [`Environment`] pointing at it.
    pub fn environment(&self) -> Environment {
        self.environment.clone()
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.client_id.clone(), self.client_secret.clone())
    }

    /// A client builder for it: its environment and credentials, and retries with a
    /// 1 ms backoff capped at 5 ms, so a test of retries does not wait.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.environment(), self.credentials()).retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
    }

    /// The URL of session `id`, as its `Location` gives it.
    pub fn session_url(&self, id: &str) -> String {
        format!("{}/exchange-sessions/{id}", self.shared.base)
    }

    /// The next API request (any path but `/token`) gets `fault`. Faults queue up.
    pub fn push_fault(&self, fault: Fault) {
        lock(&self.shared.faults).push_back((Target::Api, fault));
    }

    /// The next request to exactly `path` (`/token` included) gets `fault`.
    pub fn push_fault_on(&self, path: &str, fault: Fault) {
        lock(&self.shared.faults).push_back((Target::Path(path.into()), fault));
    }

    /// Consult `script` for every API request (any path but `/token`) that no queued
    /// fault took; `None` answers normally. It runs on the fake's thread: do not block.
    pub fn script(
        &self,
        script: impl Fn(&RecordedRequest) -> Option<Fault> + Send + Sync + 'static,
    ) {
        *lock(&self.shared.script) = Some(Arc::new(script));
    }

    /// Every token issued so far is expired: the next API call with one answers `401`
    /// `ExpiredAccessToken`, and tokens issued later are valid.
    pub fn expire_tokens(&self) {
        self.shared.expire_tokens();
    }

    /// Set the `expires_in` of tokens issued from now on.
    pub fn set_expires_in(&self, seconds: u64) {
        self.shared.expires_in.store(seconds, Ordering::Relaxed);
    }

    /// Mint a valid token without a token request (for requests a test sends by hand).
    pub fn issue_token(&self) -> String {
        self.shared.issue_token()
    }

    /// Tokens issued so far, in order.
    pub fn issued_tokens(&self) -> Vec<String> {
        lock(&self.shared.store).issued.clone()
    }

    /// Keep records of requests and sessions (on by default). Off, only the counters
    /// move: nothing grows per request (for benchmarks), sessions are not stored (a
    /// retrieve is a `404`) and idempotency keys are not remembered.
    pub fn keep_history(&self, on: bool) {
        self.shared.history.store(on, Ordering::Relaxed);
    }

    /// `POST /token` requests received.
    pub fn token_requests(&self) -> u64 {
        self.shared.token_requests.load(Ordering::Relaxed)
    }

    /// Requests to any other path received (faulted ones included).
    pub fn api_request_count(&self) -> u64 {
        self.shared.api_requests.load(Ordering::Relaxed)
    }

    /// Exchange sessions created (a replay creates none).
    pub fn sessions_created(&self) -> u64 {
        self.shared.sessions_created.load(Ordering::Relaxed)
    }

    /// The token requests received, in order.
    pub fn token_request_log(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.records).token.clone()
    }

    /// Every other request received, in order.
    pub fn api_requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.records).api.clone()
    }

    /// The sessions created, in order.
    pub fn sessions(&self) -> Vec<FakeSession> {
        let store = lock(&self.shared.store);
        store
            .order
            .iter()
            .filter_map(|id| store.sessions.get(id).cloned())
            .collect()
    }
}
