//! `Client::request`: calls the spec does not describe go through the same auth, Dwolla's
//! media types, idempotency keys, retries, origin checks, body caps and error.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::raw::{RawServer, empty, instant_retries, json, raw_builder, token_json};
use dwolla_api::{Client, ErrorKind, Method};
use serde_json::{Value, json};

fn raw_client(server: &RawServer) -> Client {
    raw_builder(&server.base)
        .retry(instant_retries())
        .build()
        .unwrap()
}

fn posts(server: &RawServer) -> Vec<common::raw::Seen> {
    server
        .seen()
        .into_iter()
        .filter(|s| s.path != "/token")
        .collect()
}

#[tokio::test]
async fn a_post_goes_with_the_bearer_dwollas_media_types_and_a_key_reused_on_its_retry() {
    let attempts = AtomicUsize::new(0);
    let server = RawServer::start(move |req| match req.path.as_str() {
        "/token" => token_json(),
        _ if attempts.fetch_add(1, Ordering::SeqCst) == 0 => empty(503, ""),
        _ => empty(201, "location: /external-parties/p-1\r\n"),
    });
    let party = raw_client(&server)
        .request(Method::POST, "/external-parties")
        .json(&json!({ "name": "Acme" }))
        .send()
        .await
        .unwrap()
        .created()
        .unwrap();
    assert_eq!(party.id(), "p-1");
    assert_eq!(party.url(), format!("{}/external-parties/p-1", server.base));
    let sent = posts(&server);
    assert_eq!(sent.len(), 2, "one retry after the 503");
    for s in &sent {
        assert_eq!(s.method, "POST");
        assert_eq!(s.path, "/external-parties");
        assert!(
            s.header("authorization")
                .is_some_and(|a| a.starts_with("Bearer "))
        );
        assert_eq!(s.header("accept"), Some(common::HAL));
        assert_eq!(s.header("content-type"), Some(common::HAL));
        assert_eq!(
            serde_json::from_slice::<Value>(&s.body).unwrap(),
            json!({ "name": "Acme" })
        );
    }
    let key = sent[0].header("idempotency-key").expect("a POST has a key");
    assert_eq!(
        sent[1].header("idempotency-key"),
        Some(key),
        "the retry reuses it"
    );
}

#[tokio::test]
async fn json_bytes_are_sent_as_given_and_the_callers_key_is_used() {
    let server = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        _ => empty(201, "location: /funding-sources/f-1\r\n"),
    });
    // A partner's receipt: a member the spec does not know and a timestamp as written.
    let receipt = br#"{"receipt":{"signature":"c2lnbmF0dXJl","timestamp":"2026-01-02T03:04:05.123456+00:00"}, "n": 1.50}"#;
    raw_client(&server)
        .request(Method::POST, "/customers/c-1/funding-sources")
        .json_bytes(&receipt[..])
        .idempotency_key("order-42")
        .send()
        .await
        .unwrap();
    let sent = posts(&server);
    assert_eq!(sent[0].body, receipt.to_vec(), "byte for byte");
    assert_eq!(sent[0].header("idempotency-key"), Some("order-42"));
}

#[tokio::test]
async fn a_url_on_the_api_origin_is_fetched_and_decoded() {
    let server = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        "/external-parties/p-1" => json(200, r#"{"id":"p-1","name":"Acme"}"#),
        _ => empty(404, ""),
    });
    let url = format!("{}/external-parties/p-1", server.base);
    let response = raw_client(&server)
        .request(Method::GET, &url)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let v: Value = response.json().unwrap();
    assert_eq!(v["name"], "Acme");
    assert!(
        posts(&server)
            .iter()
            .all(|s| s.header("idempotency-key").is_none())
    );
}

#[tokio::test]
async fn targets_off_the_origin_or_off_their_path_are_refused_before_sending() {
    let server = RawServer::start(|_| token_json());
    let client = raw_client(&server);
    let err = client
        .request(Method::GET, "https://evil.example/external-parties")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ForeignOrigin, "{err:?}");
    for bad in ["", "/a/../token", "./x", "a\\b", "x#y", "a b"] {
        let err = client.request(Method::GET, bad).send().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{bad:?}: {err:?}");
        assert_eq!(err.field(), Some("target"), "{bad:?}");
    }
    let err = client
        .request(Method::POST, "/x")
        .json_bytes(&b"{not json"[..])
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("body"), "{err:?}");
    assert!(posts(&server).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_error_status_is_the_crates_error_with_its_status_code_and_key() {
    let server = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        _ => json(400, r#"{"code":"ValidationError","message":"bad"}"#),
    });
    let err = raw_client(&server)
        .request(Method::POST, "/external-parties")
        .json(&json!({}))
        .idempotency_key("k-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.code(), Some("ValidationError"));
    assert_eq!(err.idempotency_key(), Some("k-1"));
}

#[tokio::test]
async fn created_needs_a_201_and_says_so_with_the_key() {
    let server = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        _ => json(200, "{}"),
    });
    let response = raw_client(&server)
        .request(Method::POST, "/external-parties")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let err = response.created().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Location, "{err:?}");
    assert!(err.idempotency_key().is_some(), "the key goes with it");
}
