//! What goes on the wire for the seed operation, and how the seed's errors come back.

mod common;

use common::*;
use dwolla_api::ExchangeSessionRequest;
use httpmock::prelude::*;

fn request_for(name: &str) -> ExchangeSessionRequest {
    match name {
        "plaid_web" => ExchangeSessionRequest::plaid_web(PLAID),
        "plaid_android" => ExchangeSessionRequest::plaid_android(PLAID, "com.example.app123"),
        "plaid_ios" => ExchangeSessionRequest::plaid_ios(PLAID, "https://example.com/app123"),
        "mx" => ExchangeSessionRequest::mx(MX),
        "checkout_com" => ExchangeSessionRequest::checkout_com(CHECKOUT),
        other => panic!("no example {other}"),
    }
    .expect("seed example is valid")
}

#[test]
fn each_seed_request_example_serialises_to_the_seed_json() {
    for (name, expected) in seed_requests() {
        let body = serde_json::to_value(request_for(name).body()).unwrap();
        assert_eq!(body, expected, "{name}");
        // And the generated body type, whatever the revision names or shapes it, reads
        // the seed JSON back to the same request.
        let parsed: dwolla_api::bound::exchange_session_create::Body =
            serde_json::from_value(expected.clone()).unwrap();
        assert_eq!(&parsed, request_for(name).body(), "{name}");
    }
}

#[tokio::test]
async fn each_seed_request_is_received_with_dwolla_headers_path_and_body() {
    let server = MockServer::start_async().await;
    let _token = token_mock(&server).await;
    let client = client(&server);
    for (name, expected) in seed_requests() {
        let session = format!("{}/exchange-sessions/{name}-id", server.base_url());
        let mock = server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!("/customers/{CUSTOMER}/exchange-sessions"))
                    .header("accept", HAL)
                    .header("content-type", HAL)
                    .header("authorization", format!("Bearer {TOKEN}"))
                    .header_exists("idempotency-key")
                    .header_missing("api-version")
                    .json_body(expected.clone());
                then.status(201).header("location", session.clone());
            })
            .await;
        let created = client
            .create_exchange_session(CUSTOMER, &request_for(name))
            .send()
            .await
            .and_then(|r| r.created())
            .unwrap();
        assert_eq!(created.id(), format!("{name}-id"));
        assert_eq!(created.url(), session);
        assert_eq!(mock.calls_async().await, 1, "{name}");
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn the_customer_id_is_percent_encoded_and_cannot_leave_the_path() {
    let server = MockServer::start_async().await;
    let _token = token_mock(&server).await;
    let escaped = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/..%2Ftoken/exchange-sessions");
            then.status(201).header(
                "location",
                format!("{}/exchange-sessions/x", server.base_url()),
            );
        })
        .await;
    let created = client(&server)
        .create_exchange_session(
            "../token",
            &ExchangeSessionRequest::plaid_web(PLAID).unwrap(),
        )
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap();
    assert_eq!(created.id(), "x");
    assert_eq!(escaped.calls_async().await, 1);
}

#[tokio::test]
async fn each_seed_error_example_decodes_into_the_generated_error_type() {
    for (status, body) in seed_errors() {
        let decoded: dwolla_api::bound::exchange_session_create::Error =
            serde_json::from_value(body.clone()).unwrap();
        assert_eq!(decoded.code.as_deref(), body["code"].as_str());
        assert_eq!(decoded.message.as_deref(), body["message"].as_str());

        let server = MockServer::start_async().await;
        let _token = token_mock(&server).await;
        server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!("/customers/{CUSTOMER}/exchange-sessions"));
                then.status(status)
                    .header("content-type", HAL)
                    .header("x-request-id", "req-7")
                    .json_body(body.clone());
            })
            .await;
        let client = client(&server);
        // This crate's error with status, code, message, request id.
        let err = client
            .create_exchange_session(CUSTOMER, &request_for("plaid_web"))
            .send()
            .await
            .and_then(|r| r.created())
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.code(), body["code"].as_str());
        assert_eq!(err.message(), body["message"].as_str());
        assert_eq!(err.request_id(), Some("req-7"));
        match status {
            400 => assert!(err.is_validation()),
            401 => assert!(err.is_invalid_scope()),
            403 => assert!(err.is_forbidden()),
            404 => assert!(err.is_not_found()),
            _ => unreachable!(),
        }
    }
}

#[test]
fn operations_table_keeps_dwollas_media_types() {
    let op = exchange_session_operation();
    // Whatever the revision calls it, the table keys it by the generated method's name.
    assert!(
        dwolla_api::transport::operations()
            .iter()
            .filter(|o| o.rust_name == op.rust_name)
            .count()
            == 1
    );
    assert_eq!(op.request_media_type, Some(HAL));
    assert_eq!(op.accept, HAL);
    assert_eq!(op.method, "POST");
}
