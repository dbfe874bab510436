//! Tracing: one `dwolla.request` span per attempt with the documented fields, and no
//! secret (client secret, access token, Authorization header, query string) anywhere in
//! what a subscriber sees.
#![cfg(dwolla_helper = "exchange_session_create")]

mod common;

use common::trace::capture;
use common::{CUSTOMER, PLAID};
use dwolla_api::{ExchangeSessionRequest, RetryPolicy};
use httpmock::prelude::*;

#[tokio::test]
async fn a_create_emits_one_request_span_with_operation_method_path_attempt_status_request_id_and_elapsed()
 {
    let server = MockServer::start_async().await;
    common::token_mock(&server).await;
    let location = format!("{}/exchange-sessions/fcd15e5f", server.base_url());
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/customers/{CUSTOMER}/exchange-sessions"));
            then.status(201)
                .header("Location", location.as_str())
                .header("X-Request-ID", "req-abc-123");
        })
        .await;
    let (capture, _guard) = capture();

    let client = common::client(&server);
    let request = ExchangeSessionRequest::plaid_web(PLAID).unwrap();
    client
        .create_exchange_session(CUSTOMER, &request)
        .send()
        .await
        .and_then(|r| r.created())
        .expect("created");

    let requests = capture.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let span = &requests[0];
    // The generated method's name, as the operations table has it.
    assert_eq!(
        span["operation"],
        common::exchange_session_operation().rust_name
    );
    assert_eq!(span["method"], "POST");
    assert_eq!(
        span["path"],
        format!("/customers/{CUSTOMER}/exchange-sessions")
    );
    assert_eq!(span["attempt"], "1");
    assert_eq!(span["status"], "201");
    assert_eq!(span["request_id"], "req-abc-123");
    assert!(
        span["elapsed_ms"].parse::<u64>().is_ok(),
        "elapsed_ms is a number: {span:?}"
    );
    assert!(
        capture.names().iter().any(|n| n == "dwolla.token"),
        "the token fetch has its own span"
    );
    capture.assert_no_secrets();
}

#[tokio::test]
async fn every_retry_attempt_gets_its_own_span_numbered_from_one() {
    let server = MockServer::start_async().await;
    common::token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(503).header("X-Request-ID", "req-503");
        })
        .await;
    let (capture, _guard) = capture();

    let client = common::builder(&server)
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(std::time::Duration::from_millis(1))
                .max_backoff(std::time::Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    let request = ExchangeSessionRequest::plaid_web(PLAID).unwrap();
    let err = client
        .create_exchange_session(CUSTOMER, &request)
        .send()
        .await
        .and_then(|r| r.created())
        .expect_err("503 three times");
    assert_eq!(err.status(), Some(503));

    let requests = capture.requests();
    let attempts: Vec<&str> = requests.iter().map(|s| s["attempt"].as_str()).collect();
    assert_eq!(attempts, ["1", "2", "3"]);
    assert!(requests.iter().all(|s| s["status"] == "503"));
    assert!(requests.iter().all(|s| s["request_id"] == "req-503"));
    capture.assert_no_secrets();
}

#[tokio::test]
async fn the_path_field_never_carries_the_query_string() {
    let server = MockServer::start_async().await;
    common::token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/exchange-sessions/abc");
            then.status(200)
                .header("Content-Type", "application/vnd.dwolla.v1.hal+json")
                .body(r#"{"_links":{}}"#);
        })
        .await;
    let (capture, _guard) = capture();

    let client = common::client(&server);
    let url = format!(
        "{}/exchange-sessions/abc?sig=very-secret",
        server.base_url()
    );
    client
        .request(dwolla_api::Method::GET, &url)
        .send()
        .await
        .expect("retrieved");

    let requests = capture.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0]["path"], "/exchange-sessions/abc");
    assert_eq!(requests[0]["method"], "GET");
    capture.assert_no_secrets();
}
