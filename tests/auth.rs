//! OAuth2 client credentials: request shape, caching, refresh, single flight, failures, redaction.

mod common;

use std::time::Duration;

use common::*;
use dwolla_api::testing::{FakeDwolla, Fault};
use dwolla_api::{Client, Credentials, Environment, Error, ErrorKind, ExchangeSessionRequest};
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn token_request_is_basic_auth_form_client_credentials_and_the_token_is_sent_as_bearer() {
    let server = MockServer::start_async().await;
    // token_mock matches Basic id:secret, the form content type and the exact body.
    let token = token_mock(&server).await;
    let api = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", format!("Bearer {TOKEN}"));
            then.status(201).header(
                "location",
                format!("{}/exchange-sessions/s-1", server.base_url()),
            );
        })
        .await;
    client(&server)
        .create_exchange_session(CUSTOMER, &plaid())
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap();
    assert_eq!(token.calls_async().await, 1);
    assert_eq!(api.calls_async().await, 1);
}

#[tokio::test]
async fn the_token_is_cached_across_calls_and_clones() {
    let fake = fake::fake();
    let client = fake.client_builder().build().unwrap();
    let clone = client.clone();
    for c in [&client, &clone, &client] {
        create_plaid(c, CUSTOMER).await.unwrap();
    }
    assert_eq!(fake.api_request_count(), 3);
    assert_eq!(fake.sessions_created(), 3);
    assert_eq!(fake.token_requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_token_is_refreshed_within_the_margin_before_expiry_but_not_before_half_its_life() {
    // expires_in 30 s with the default 60 s margin: used for half its life, 15 s.
    let fake = FakeDwolla::builder().expires_in(30).start().unwrap();
    let client = fake::timerless(&fake).build().unwrap();
    create_plaid(&client, CUSTOMER).await.unwrap();
    tokio::time::advance(Duration::from_secs(14)).await;
    create_plaid(&client, CUSTOMER).await.unwrap();
    assert_eq!(fake.token_requests(), 1);
    tokio::time::advance(Duration::from_secs(2)).await;
    create_plaid(&client, CUSTOMER).await.unwrap();
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.sessions_created(), 3);
    let tokens = fake.issued_tokens();
    let last = fake.api_requests().pop().unwrap();
    assert_eq!(
        last.header("authorization"),
        Some(format!("Bearer {}", tokens[1]).as_str()),
        "the refreshed token is used"
    );

    // An hour-long token with the 60 s margin is refreshed at 59 minutes.
    let fake = FakeDwolla::builder().expires_in(3600).start().unwrap();
    let client = fake::timerless(&fake).build().unwrap();
    create_plaid(&client, CUSTOMER).await.unwrap();
    tokio::time::advance(Duration::from_secs(3539)).await;
    create_plaid(&client, CUSTOMER).await.unwrap();
    assert_eq!(fake.token_requests(), 1);
    tokio::time::advance(Duration::from_secs(2)).await;
    create_plaid(&client, CUSTOMER).await.unwrap();
    assert_eq!(fake.token_requests(), 2);
}

#[tokio::test]
async fn a_failed_token_fetch_is_not_cached() {
    let fake = fake::fake();
    fake.push_fault_on(
        "/token",
        Fault::Respond {
            status: 503,
            headers: vec![],
            body: "upstream down".into(),
        },
    );
    let client = fake
        .client_builder()
        .retry(dwolla_api::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.status(), Some(503));
    assert!(err.to_string().contains("non-JSON"), "{err}");
    assert_eq!(fake.api_request_count(), 0);

    create_plaid(&client, CUSTOMER).await.unwrap();
    assert_eq!(fake.token_requests(), 2, "the failure was not cached");
    assert_eq!(fake.issued_tokens().len(), 1);
    assert_eq!(fake.sessions_created(), 1);
}

#[tokio::test]
async fn invalid_client_is_an_auth_error_naming_the_cause() {
    // The fake answers `invalid_client` to credentials other than its own.
    let fake = fake::fake();
    let client = Client::builder(fake.environment(), Credentials::new(CLIENT_ID, "wrong"))
        .build()
        .unwrap();
    let err = client
        .create_exchange_session(CUSTOMER, &plaid())
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
    assert_eq!(err.code(), Some("invalid_client"));
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("invalid_client"), "{err}");
    assert_eq!(fake.token_requests(), 1);
    assert_eq!(
        fake.api_request_count(),
        0,
        "nothing is sent without a token"
    );
}

#[tokio::test]
async fn a_malformed_token_response_is_an_auth_error_without_the_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/token");
            then.status(200)
                .json_body(json!({ "access_token": "leaky-token", "token_type": "bearer" }));
        })
        .await;
    let err = client(&server)
        .create_exchange_session(CUSTOMER, &plaid())
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();
    assert!(err.is_auth());
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("expires_in"), "{shown}");
    assert!(!shown.contains("leaky-token"), "{shown}");
}

#[tokio::test]
async fn an_expired_token_401_refreshes_and_retries_once() {
    let server = MockServer::start_async().await;
    let first = token_mock_with(&server, "old-token", 3600).await;
    let expired = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/customers/{CUSTOMER}/exchange-sessions"))
                .header("authorization", "Bearer old-token");
            then.status(401).json_body(
                json!({ "code": "ExpiredAccessToken", "message": "Access token is expired" }),
            );
        })
        .await;
    let client = client(&server);
    // Prime the cache with the old token, then swap the token endpoint's answer.
    let err = create_plaid(&client, CUSTOMER).await;
    assert!(
        err.is_err(),
        "the old token is refused even after one refresh with the same token"
    );
    assert_eq!(first.calls_async().await, 2);
    first.delete_async().await;

    let second = token_mock_with(&server, "new-token", 3600).await;
    let ok = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/customers/{CUSTOMER}/exchange-sessions"))
                .header("authorization", "Bearer new-token");
            then.status(201).header(
                "location",
                format!("{}/exchange-sessions/s-2", server.base_url()),
            );
        })
        .await;
    // The cache holds old-token again (the refresh above returned it): one 401, one refresh, one retry.
    let created = create_plaid(&client, CUSTOMER).await.unwrap();
    assert_eq!(created.id(), "s-2");
    assert_eq!(second.calls_async().await, 1);
    assert_eq!(ok.calls_async().await, 1);
    assert_eq!(expired.calls_async().await, 3);
}

#[tokio::test]
async fn invalid_scope_401_is_returned_without_refresh_or_retry() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    let api = server
        .mock_async(|when, then| {
            when.method(POST).path(format!("/customers/{CUSTOMER}/exchange-sessions"));
            then.status(401).json_body(json!({ "code": "InvalidScope", "message": "Missing or invalid scopes for requested endpoint" }));
        })
        .await;
    let err = client(&server)
        .create_exchange_session(CUSTOMER, &plaid())
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();
    assert!(err.is_invalid_scope(), "{err:?}");
    assert_eq!(api.calls_async().await, 1);
    assert_eq!(token.calls_async().await, 1);
}

#[tokio::test]
async fn debug_and_display_never_show_the_secret_or_token() {
    let server = MockServer::start_async().await;
    let _token = token_mock(&server).await;
    let _api = session_mock(&server).await;
    let client = client(&server);
    create_plaid(&client, CUSTOMER).await.unwrap();

    let creds = Credentials::new(CLIENT_ID, CLIENT_SECRET);
    let mut shown = vec![
        format!("{client:?}"),
        format!("{creds:?}"),
        format!("{:?}", client.create_exchange_session(CUSTOMER, &plaid())),
    ];
    // Every error kind the layer produces.
    let errors: Vec<Error> = vec![
        ExchangeSessionRequest::plaid_web("nope").unwrap_err(),
        client
            .create_exchange_session("", &plaid())
            .send()
            .await
            .and_then(|r| r.created())
            .unwrap_err(),
        client
            .request(
                dwolla_api::Method::GET,
                "https://evil.example/exchange-sessions/1",
            )
            .send()
            .await
            .unwrap_err(),
        Environment::custom("ftp://x").unwrap_err(),
        {
            let s = MockServer::start_async().await;
            s.mock_async(|when, then| {
                when.path("/token");
                then.status(401)
                    .json_body(json!({ "error": "invalid_client" }));
            })
            .await;
            Client::new(Environment::custom(&s.base_url()).unwrap(), creds.clone())
                .unwrap()
                .create_exchange_session(CUSTOMER, &plaid())
                .send()
                .await
                .and_then(|r| r.created())
                .unwrap_err()
        },
        {
            let s = MockServer::start_async().await;
            let _t = token_mock(&s).await;
            s.mock_async(|when, then| {
                when.path_includes("exchange-sessions");
                then.status(400)
                    .json_body(json!({ "code": "ValidationError", "message": "bad" }));
            })
            .await;
            builder(&s)
                .build()
                .unwrap()
                .create_exchange_session(CUSTOMER, &plaid())
                .send()
                .await
                .and_then(|r| r.created())
                .unwrap_err()
        },
    ];
    for e in &errors {
        shown.push(format!("{e:?}"));
        shown.push(e.to_string());
    }
    for text in shown {
        assert!(!text.contains(CLIENT_SECRET), "secret in {text}");
        assert!(!text.contains(TOKEN), "token in {text}");
    }
}
