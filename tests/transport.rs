//! Timeouts, connection failures, and retries of direct calls on the generated client
//! (the `exec` hook resends a copy of the request), against the crate's fake Dwolla.

mod common;

use std::time::Duration;

use common::fake::{CUSTOMER, assert_one_create_replayed, fake, fake_client, fast};
use common::trace::capture;
use common::{CLIENT_ID, CLIENT_SECRET, create_plaid, plaid};
use dwolla_api::testing::Fault;
use dwolla_api::{Client, Credentials, Environment, ErrorKind, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The event the client logs before it waits to resend.
const RETRYING: &str = "retrying after a transient failure";

/// The first API request waits far beyond the 200 ms request timeout below, so the
/// timeout always wins; later ones are answered at once.
fn slow_first() -> dwolla_api::testing::FakeDwolla {
    let fake = fake();
    fake.push_fault(Fault::Delay(Duration::from_secs(60)));
    fake
}

#[tokio::test]
async fn a_response_slower_than_the_request_timeout_is_a_timeout_error_without_retries() {
    let fake = slow_first();
    let client = fake
        .client_builder()
        .retry(RetryPolicy::disabled())
        .request_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.is_timeout(), "{err:?}");
    assert!(err.kind() == ErrorKind::Timeout);
    assert_eq!(fake.api_requests().len(), 1);
}

#[tokio::test]
async fn a_response_slower_than_the_request_timeout_is_retried_and_the_retry_succeeds() {
    let fake = slow_first();
    let client = fake
        .client_builder()
        .retry(fast())
        .request_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();

    let (capture, _guard) = capture();
    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("the retry succeeds");

    assert_eq!(session.id(), fake.sessions()[0].id);
    let retries = capture.events_with(RETRYING);
    assert_eq!(retries.len(), 1, "{}", capture.text());
    assert!(
        !retries[0].contains_key("status"),
        "a timeout has no status"
    );
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_one_create_replayed(&posts);
}

/// A port on 127.0.0.1 that nothing listens on.
async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A port that answers one token request (`Connection: close`), then stops listening:
/// a broken server the fake Dwolla (which keeps listening) does not offer.
async fn token_then_closed() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut sock, _)) = listener.accept().await else {
            return;
        };
        drop(listener);
        let mut buf = vec![0; 4096];
        let _ = sock.read(&mut buf).await;
        let body = r#"{"access_token":"tok-1","token_type":"bearer","expires_in":3600}"#;
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = sock.write_all(format!("{head}{body}").as_bytes()).await;
        let _ = sock.shutdown().await;
    });
    base
}

fn client_for(base: &str) -> Client {
    Client::builder(
        Environment::custom(base).unwrap(),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .retry(RetryPolicy::disabled())
    .build()
    .unwrap()
}

#[tokio::test]
async fn a_connect_failure_with_retries_disabled_is_an_auth_error_without_a_retry() {
    let client = client_for(&closed_port().await);
    let (capture, _guard) = capture();

    let err = client
        .create_exchange_session(CUSTOMER, &plaid())
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();

    // The token endpoint is the first thing the client connects to.
    assert!(err.is_auth(), "{err:?}");
    let source = std::error::Error::source(&err).expect("the transport error is the source");
    let reqwest_err = source
        .downcast_ref::<reqwest::Error>()
        .expect("a reqwest error");
    assert!(reqwest_err.is_connect(), "{reqwest_err:?}");
    assert!(!err.to_string().contains(CLIENT_SECRET));
    assert!(capture.events_with(RETRYING).is_empty());
}

#[tokio::test]
async fn a_connect_failure_on_the_api_call_with_retries_disabled_is_a_transport_error() {
    // The token connection is accepted, then the port closes: the POST cannot connect.
    let client = client_for(&token_then_closed().await);
    let (capture, _guard) = capture();

    let err = client
        .create_exchange_session(CUSTOMER, &plaid())
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();

    assert!(err.kind() == ErrorKind::Transport, "{err:?}");
    assert!(!err.is_timeout());
    let source = std::error::Error::source(&err)
        .and_then(|s| s.downcast_ref::<reqwest::Error>())
        .expect("reqwest source");
    assert!(source.is_connect(), "{source:?}");
    assert!(capture.events_with(RETRYING).is_empty());
}

// A generated operation's own `send()`: the one driver resends a copy of its request.

async fn create_direct(
    client: &Client,
) -> dwolla_api::Result<dwolla_api::Response<dwolla_api::bound::exchange_session_create::Success>> {
    client
        .create_exchange_session(CUSTOMER, &plaid())
        .send()
        .await
}

#[tokio::test]
async fn a_direct_generated_call_retries_a_500_with_the_same_key_and_body() {
    let fake = fake();
    fake.push_fault(Fault::empty(500));
    let client = fake_client(&fake, fast());
    let response = create_direct(&client).await.expect("the retry succeeds");

    assert_eq!(response.status(), 201);
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2, "exactly two POSTs");
    assert_one_create_replayed(&posts);
    assert!(!posts[0].body.is_empty());
    assert_eq!(fake.token_requests(), 1);
}

#[tokio::test]
async fn a_direct_generated_call_refreshes_an_expired_token_and_resends_with_it() {
    let fake = fake();
    fake.push_fault(Fault::ExpiredToken);
    let client = fake_client(&fake, fast());
    let response = create_direct(&client)
        .await
        .expect("refresh and resend succeed");

    assert_eq!(response.status(), 201);
    assert_eq!(fake.token_requests(), 2, "the token was refreshed");
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].header("authorization"), Some("Bearer tok-1"));
    assert_eq!(posts[1].header("authorization"), Some("Bearer tok-2"));
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn a_direct_generated_call_returns_the_last_503_after_max_attempts() {
    let fake = fake();
    fake.script(|_| Some(Fault::empty(503)));
    let client = fake_client(&fake, fast().max_attempts(2));
    let err = create_direct(&client).await.expect_err("503 twice");

    assert_eq!(err.status(), Some(503), "{err:?}");
    assert_eq!(fake.api_requests().len(), 2);
}
