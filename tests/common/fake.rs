//! Clients for the crate's fake Dwolla (`dwolla_api::testing::FakeDwolla`): fast retries,
//! or no timers of their own for tests on a paused clock.

use std::time::Duration;

use dwolla_api::testing::{FakeDwolla, RecordedRequest};
use dwolla_api::{Client, ClientBuilder, RetryPolicy};

/// The customer the fake's tests create sessions for, and the path of that create.
pub const CUSTOMER: &str = "cust-1";
pub const SESSION_PATH: &str = "/customers/cust-1/exchange-sessions";

/// Retries a millisecond apart, for tests on the fake's own clock.
pub fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// Every attempt is the first one's create: its `Idempotency-Key`, its body bytes, the
/// same `POST` to [`SESSION_PATH`].
pub fn assert_one_create_replayed(posts: &[RecordedRequest]) {
    let key = posts[0].header("idempotency-key").expect("a generated key");
    for p in posts {
        assert_eq!(p.header("idempotency-key"), Some(key));
        assert_eq!(p.body, posts[0].body);
        assert_eq!((p.method.as_str(), p.path.as_str()), ("POST", SESSION_PATH));
    }
}

/// A fake on its own thread and clock.
pub fn fake() -> FakeDwolla {
    FakeDwolla::start().expect("the fake starts on loopback")
}

/// A client for `fake` with `policy`.
pub fn fake_client(fake: &FakeDwolla, policy: RetryPolicy) -> Client {
    fake.client_builder()
        .retry(policy)
        .build()
        .expect("client builds")
}

/// A builder with no timers of its own, for tests on a paused clock: no pool idle timer,
/// request or token timeout, so virtual time moves only for backoff and token expiry
/// (tokio auto-advances to the next timer whenever the runtime waits on I/O).
pub fn timerless(fake: &FakeDwolla) -> ClientBuilder {
    let http = reqwest::Client::builder()
        .pool_idle_timeout(None)
        .build()
        .expect("http client");
    fake.client_builder()
        .http_client(http)
        .request_timeout(None)
        .token_timeout(None)
}
