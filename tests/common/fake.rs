//! Clients for the crate's fake Dwolla (`dwolla_api::testing::FakeDwolla`): fast retries,
//! or no timers of their own for tests on a paused clock.

use dwolla_api::testing::FakeDwolla;
use dwolla_api::{Client, ClientBuilder, RetryPolicy};

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
