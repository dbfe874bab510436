//! Backoff and `Retry-After` measured on tokio's paused clock: the fake Dwolla runs on its
//! own thread and clock, the client has no timers of its own, so virtual time moves only
//! while the retry loop sleeps and `tokio::time::Instant` gives each delay exactly.

mod common;

use std::time::Duration;

use common::fake::{fake, timerless};
use common::trace::capture;
use common::{CUSTOMER, create_plaid};
use dwolla_api::testing::Fault;
use dwolla_api::{ErrorKind, RetryPolicy};
use tokio::time::Instant;

/// The event the client logs before it waits to resend.
const RETRYING: &str = "retrying after a transient failure";
/// Virtual time a retried call may take beyond its delays (none is expected).
const EPSILON: Duration = Duration::from_millis(50);

fn no_jitter(initial: Duration, max: Duration) -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(initial)
        .max_backoff(max)
        .jitter(false)
}

fn assert_between(elapsed: Duration, at_least: Duration) {
    assert!(
        elapsed >= at_least && elapsed < at_least + EPSILON,
        "took {elapsed:?} of virtual time, expected {at_least:?} (+ < {EPSILON:?})"
    );
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_2_seconds_delays_the_retry_by_2_seconds() {
    let fake = fake();
    fake.push_fault(Fault::retry_after(503, "2"));
    let client = timerless(&fake)
        .retry(no_jitter(
            Duration::from_millis(1),
            Duration::from_millis(1),
        ))
        .build()
        .unwrap();

    let started = Instant::now();
    create_plaid(&client, CUSTOMER)
        .await
        .expect("retry succeeds");

    assert_between(started.elapsed(), Duration::from_secs(2));
    assert_eq!(fake.api_requests().len(), 2);
    assert_eq!(fake.sessions_created(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_429_with_retry_after_zero_is_retried_at_once_not_after_the_backoff() {
    let fake = fake();
    fake.push_fault(
        Fault::json(429, r#"{"code":"TooManyRequests","message":"slow down"}"#)
            .header("Retry-After", "0"),
    );
    // A long backoff that only Retry-After: 0 can shortcut.
    let client = timerless(&fake)
        .retry(no_jitter(Duration::from_secs(20), Duration::from_secs(20)))
        .build()
        .unwrap();
    let (capture, _guard) = capture();

    let started = Instant::now();
    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("retry succeeds");

    assert_between(started.elapsed(), Duration::ZERO);
    assert_eq!(session.id(), fake.sessions()[0].id);
    assert_eq!(fake.api_requests().len(), 2);
    let retries = capture.events_with(RETRYING);
    assert_eq!(retries.len(), 1, "{}", capture.text());
    assert_eq!(retries[0]["status"], "429");
}

#[tokio::test(start_paused = true)]
async fn without_retry_after_the_backoff_doubles_from_the_initial_delay() {
    let fake = fake();
    fake.push_fault(Fault::status(500));
    fake.push_fault(Fault::status(500));
    let client = timerless(&fake)
        .retry(no_jitter(Duration::from_secs(1), Duration::from_secs(30)))
        .build()
        .unwrap();

    let started = Instant::now();
    create_plaid(&client, CUSTOMER)
        .await
        .expect("third attempt succeeds");

    // 1 s, then 2 s.
    assert_between(started.elapsed(), Duration::from_secs(3));
    assert_eq!(fake.api_requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn the_backoff_is_capped_at_max_backoff() {
    let fake = fake();
    for _ in 0..3 {
        fake.push_fault(Fault::status(502));
    }
    let client = timerless(&fake)
        .retry(no_jitter(Duration::from_secs(1), Duration::from_secs(2)).max_attempts(4))
        .build()
        .unwrap();

    let started = Instant::now();
    create_plaid(&client, CUSTOMER)
        .await
        .expect("fourth attempt succeeds");

    // 1 s, 2 s, then 2 s again (capped), not 4 s.
    assert_between(started.elapsed(), Duration::from_secs(5));
    assert_eq!(fake.api_requests().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_max_elapsed_returns_the_429_without_waiting() {
    let fake = fake();
    fake.script(|_| Some(Fault::empty(429).header("Retry-After", "3600")));
    let client = timerless(&fake)
        .retry(
            no_jitter(Duration::from_millis(1), Duration::from_millis(5))
                .max_elapsed(Duration::from_secs(10)),
        )
        .build()
        .unwrap();
    let (capture, _guard) = capture();

    let started = Instant::now();
    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert_between(started.elapsed(), Duration::ZERO);
    assert!(err.kind() == ErrorKind::Api, "{err:?}");
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(fake.api_requests().len(), 1);
    assert!(capture.events_with(RETRYING).is_empty());
}

#[tokio::test(start_paused = true)]
async fn retries_stop_when_the_next_delay_would_pass_max_elapsed() {
    let fake = fake();
    fake.script(|_| Some(Fault::status(500)));
    let client = timerless(&fake)
        .retry(
            no_jitter(Duration::from_secs(4), Duration::from_secs(60))
                .max_attempts(10)
                .max_elapsed(Duration::from_secs(10)),
        )
        .build()
        .unwrap();

    let started = Instant::now();
    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    // 4 s, then 8 s would end at 12 s > 10 s: stop after the second attempt.
    assert_between(started.elapsed(), Duration::from_secs(4));
    assert_eq!(err.status(), Some(500));
    assert_eq!(fake.api_requests().len(), 2);
}
