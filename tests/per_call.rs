//! Per-call state (the key, the attempt) lives in the call itself, nothing ambient: two
//! calls keep their own keys, and a call spawned with a clone of the client keeps its
//! auth, retries and typed errors.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::raw::{RawServer, empty, instant_retries, json, raw_builder, token_json};
use common::*;
use dwolla_api::{Client, ErrorKind};

fn raw_client(server: &RawServer) -> Client {
    raw_builder(&server.base)
        .retry(instant_retries())
        .build()
        .unwrap()
}

fn keys(server: &RawServer) -> Vec<String> {
    server
        .seen()
        .iter()
        .filter_map(|s| s.header("idempotency-key").map(str::to_string))
        .collect()
}

#[tokio::test]
async fn two_creates_send_two_keys_each_stable_across_its_retries() {
    let posts = AtomicUsize::new(0);
    // Each create's first attempt fails once.
    let server = RawServer::start(move |req| match req.path.as_str() {
        "/token" => token_json(),
        _ if posts.fetch_add(1, Ordering::SeqCst).is_multiple_of(2) => empty(503, ""),
        _ => empty(201, "location: /exchange-sessions/s\r\n"),
    });
    let client = raw_client(&server);
    let body = plaid();
    for customer in ["customer-a", "customer-b"] {
        client
            .create_exchange_session(customer, &body)
            .send()
            .await
            .and_then(|r| r.created())
            .unwrap();
    }
    let sent = keys(&server);
    assert_eq!(sent.len(), 4, "two POSTs, twice: {sent:?}");
    assert_eq!(sent[0], sent[1], "the first create's key on its retry");
    assert_eq!(sent[2], sent[3], "the second create's key on its retry");
    assert_ne!(sent[0], sent[2], "two creates, two keys");
}

/// A create sent from a spawned task, with a clone of the client.
async fn spawned_create(
    client: &Client,
    id: &'static str,
) -> dwolla_api::Result<dwolla_api::Created> {
    let client = client.clone();
    tokio::spawn(async move {
        client
            .create_exchange_session(id, &plaid())
            .send()
            .await?
            .created()
    })
    .await
    .expect("the spawned call ends")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spawned_generated_call_keeps_retries_and_its_key() {
    let posts = AtomicUsize::new(0);
    let server = RawServer::start(move |req| match req.path.as_str() {
        "/token" => token_json(),
        _ if posts.fetch_add(1, Ordering::SeqCst) == 0 => empty(500, ""),
        _ => empty(201, "location: /exchange-sessions/s-2\r\n"),
    });
    let created = spawned_create(&raw_client(&server), CUSTOMER)
        .await
        .unwrap();
    assert_eq!(created.id(), "s-2");
    let sent = keys(&server);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0], sent[1], "the retry reuses the spawned call's key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spawned_generated_call_keeps_typed_auth_and_validation_errors() {
    let server = RawServer::start(|_| json(401, r#"{"error":"invalid_client"}"#));
    let err = spawned_create(&raw_client(&server), CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
    assert_eq!(err.code(), Some("invalid_client"));

    let server = RawServer::start(|_| token_json());
    let err = spawned_create(&raw_client(&server), "..")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err:?}");
    assert_eq!(err.field(), Some(exchange_session_param()));
    assert!(server.seen().is_empty(), "nothing was sent");
}

// Names the builder's `id`: a revision may call it otherwise.
#[cfg(dwolla_field = "create_customer_exchange_session.path.id")]
#[tokio::test]
async fn a_builder_sent_without_a_required_parameter_names_it_and_sends_nothing() {
    let server = RawServer::start(|_| token_json());
    let body = plaid().body().clone();
    let body = &body;
    let err = raw_client(&server)
        .create_customer_exchange_session()
        .body(body.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err:?}");
    assert!(
        err.to_string().contains("id was not initialized"),
        "the unset parameter is named: {err}"
    );
    assert!(
        !server
            .seen()
            .iter()
            .any(|s| s.path.contains("exchange-sessions")),
        "nothing was sent"
    );
}

#[cfg(not(dwolla_field = "create_customer_exchange_session.path.id"))]
#[test]
fn the_unset_parameter_test_is_compiled_out_without_its_parameter() {
    common::say_compiled_out(
        "a_builder_sent_without_a_required_parameter_names_it_and_sends_nothing",
        &[(
            "path parameter `id` of create_customer_exchange_session",
            cfg!(dwolla_field = "create_customer_exchange_session.path.id"),
        )],
    );
}
