//! What an error hands back: the `Idempotency-Key` to finish a create with, and server text
//! without credentials or field values.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::raw::{RawServer, Reply, empty, json, raw_builder, token_json};
use common::*;
use dwolla_api::{Client, ErrorKind, RetryPolicy};
use httpmock::prelude::*;

fn raw_client(server: &RawServer, retry: RetryPolicy) -> Client {
    raw_builder(&server.base).retry(retry).build().unwrap()
}

/// A server that commits every create, then fails the first `fail` answers: the fault that
/// leaves a caller with an error for a session that exists.
fn commit_then_fail(fail: usize) -> (RawServer, Arc<Mutex<HashMap<String, String>>>) {
    let sessions: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let s = sessions.clone();
    let answered = std::sync::atomic::AtomicUsize::new(0);
    let server = RawServer::start(move |req| {
        if req.path == "/token" {
            return token_json();
        }
        let key = req
            .header("idempotency-key")
            .unwrap_or_default()
            .to_string();
        let mut sessions = s.lock().unwrap();
        let n = sessions.len();
        let id = sessions
            .entry(key)
            .or_insert_with(|| format!("s-{n}"))
            .clone();
        if answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < fail {
            return empty(500, "");
        }
        empty(201, &format!("location: /exchange-sessions/{id}\r\n"))
    });
    (server, sessions)
}

#[tokio::test]
async fn every_error_of_a_post_carries_the_idempotency_key_it_was_sent_with() {
    let (server, _) = commit_then_fail(usize::MAX);
    let fast = RetryPolicy::default()
        .initial_backoff(std::time::Duration::ZERO)
        .max_backoff(std::time::Duration::ZERO);
    let err = create_plaid(&raw_client(&server, fast), CUSTOMER)
        .await
        .unwrap_err();
    let sent: Vec<String> = server
        .seen()
        .iter()
        .filter_map(|s| s.header("idempotency-key").map(str::to_string))
        .collect();
    assert_eq!(sent.len(), 3, "three attempts");
    assert!(
        sent.iter().all(|k| k == &sent[0]),
        "one key for all attempts"
    );
    assert_eq!(err.idempotency_key(), Some(sent[0].as_str()), "{err:?}");
    assert!(err.to_string().contains(&sent[0]), "{err}");
}

#[tokio::test]
async fn retrying_with_the_key_of_a_failed_create_yields_the_same_session() {
    let (server, sessions) = commit_then_fail(1);
    let client = raw_client(&server, RetryPolicy::disabled());
    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();
    let key = err.idempotency_key().expect("the key of the failed create");
    let created = client
        .create_exchange_session(CUSTOMER, &plaid())
        .idempotency_key(key)
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap();
    assert_eq!(created.id(), "s-0");
    assert_eq!(sessions.lock().unwrap().len(), 1, "one session, not two");
}

#[tokio::test]
async fn a_create_answered_without_201_says_the_resource_may_exist_with_the_key() {
    for status in [200, 202] {
        let server = RawServer::start(move |req| match req.path.as_str() {
            "/token" => token_json(),
            _ => empty(status, "location: /exchange-sessions/s-1\r\n"),
        });
        let err = create_plaid(&raw_client(&server, RetryPolicy::disabled()), CUSTOMER)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Location, "{err:?}");
        assert_eq!(err.status(), Some(status));
        assert!(err.to_string().contains("may exist"), "{err}");
        assert!(err.idempotency_key().is_some());
    }
}

#[tokio::test]
async fn credentials_a_server_echoes_never_reach_an_error() {
    use base64::Engine;
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    let echo = format!("Authorization: Basic {basic} secret={CLIENT_SECRET}");
    let server = RawServer::start(move |_| {
        let body = echo.clone();
        Reply::Bytes(
            format!(
                "HTTP/1.1 400 X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    });
    let err = create_plaid(&raw_client(&server, RetryPolicy::disabled()), CUSTOMER)
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert!(
        !shown.contains(&basic) && !shown.contains(CLIENT_SECRET),
        "{shown}"
    );

    let api = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        _ => json(
            400,
            &format!(
                r#"{{"code":"ValidationError","message":"bad Authorization: Bearer {TOKEN}"}}"#
            ),
        ),
    });
    let err = create_plaid(&raw_client(&api, RetryPolicy::disabled()), CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ValidationError"));
    let shown = format!("{err} {err:?} {:?}", err.message());
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn a_decode_error_names_the_field_and_type_but_not_the_value() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/exchange-sessions/s-1");
            then.status(200).json_body(serde_json::json!({
                "id": "s-1",
                "externalProviderSessionData": "pss_0123456789abcdef-secret"
            }));
        })
        .await;
    let err = client(&server)
        .retrieve_exchange_session("s-1")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("externalProviderSessionData"), "{shown}");
    assert!(!shown.contains("pss_0123456789abcdef-secret"), "{shown}");
}
