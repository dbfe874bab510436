//! Where a request may go and whose answer is trusted: path parameters that would move the
//! path, redirects off the API origin, base URLs with a path, resource URLs of other schemes.

mod common;

use common::raw::{RawServer, empty, json, raw_builder, token_json};
use common::*;
use dwolla_api::{Client, ErrorKind};
use httpmock::prelude::*;

fn raw_client(base: &str, http: Option<reqwest::Client>) -> Client {
    let b = raw_builder(base);
    match http {
        Some(h) => b.http_client(h),
        None => b,
    }
    .build()
    .unwrap()
}

#[tokio::test]
async fn path_parameters_that_would_move_the_path_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).header("location", "/exchange-sessions/x");
        })
        .await;
    let client = client(&server);
    let body = &plaid();
    for id in ["..", ".", "..\\token", "a\\..\\b", "\\", ""] {
        let err = client
            .create_exchange_session(id, body)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{id:?}: {err:?}");
        assert_eq!(err.field(), Some(exchange_session_param()), "{id:?}: {err}");
    }
    assert_eq!(token.calls_async().await, 0, "not even a token was fetched");
    assert_eq!(any.calls_async().await, 0, "nothing was sent");
}

#[tokio::test]
async fn odd_but_harmless_ids_stay_one_segment_under_the_template() {
    let server = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        _ => empty(201, "location: /exchange-sessions/x\r\n"),
    });
    let client = raw_client(&server.base, None);
    for id in ["%2e%2e", "...", "a.b", "x y"] {
        create_plaid(&client, id).await.unwrap();
    }
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths[1..],
        [
            "/customers/%252e%252e/exchange-sessions",
            "/customers/.../exchange-sessions",
            "/customers/a.b/exchange-sessions",
            "/customers/x%20y/exchange-sessions",
        ]
    );
}

/// A server on another origin that would accept anything, counting what reaches it.
fn elsewhere() -> RawServer {
    RawServer::start(|req| match req.path.as_str() {
        "/token" => json(
            200,
            r#"{"access_token":"minted-elsewhere","token_type":"bearer","expires_in":3600}"#,
        ),
        _ => empty(201, "location: /exchange-sessions/from-elsewhere\r\n"),
    })
}

#[tokio::test]
async fn the_crates_client_follows_no_redirect_to_another_origin() {
    let other = elsewhere();
    let target = other.base.clone();
    let api = RawServer::start(move |req| match req.path.as_str() {
        "/token" => token_json(),
        p => empty(307, &format!("location: {target}{p}\r\n")),
    });
    let err = create_plaid(&raw_client(&api.base, None), CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(307), "{err:?}");
    assert!(
        other.seen().is_empty(),
        "the body and key went nowhere else"
    );

    // The same for the token request: a token minted elsewhere is never used.
    let target = other.base.clone();
    let api =
        RawServer::start(move |req| empty(307, &format!("location: {target}{}\r\n", req.path)));
    let err = create_plaid(&raw_client(&api.base, None), CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
    assert!(other.seen().is_empty());
}

#[tokio::test]
async fn a_callers_client_that_follows_a_redirect_off_the_origin_gets_nothing_trusted() {
    let other = elsewhere();
    let target = other.base.clone();
    let api = RawServer::start(move |req| match req.path.as_str() {
        "/token" => token_json(),
        p => empty(307, &format!("location: {target}{p}\r\n")),
    });
    // reqwest's default client follows redirects anywhere.
    let client = raw_client(&api.base, Some(reqwest::Client::new()));
    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ForeignOrigin, "{err:?}");
    assert!(!err.to_string().contains("from-elsewhere"), "{err}");

    let target = other.base.clone();
    let api =
        RawServer::start(move |req| empty(307, &format!("location: {target}{}\r\n", req.path)));
    let client = raw_client(&api.base, Some(reqwest::Client::new()));
    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
    assert!(err.to_string().contains("not the API origin"), "{err}");
    let bearer_sent_elsewhere = other.seen().iter().any(|s| {
        s.header("authorization")
            .is_some_and(|a| a.contains("minted-elsewhere"))
    });
    assert!(!bearer_sent_elsewhere);
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_and_location_resolves_against_where_it_landed() {
    let api = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        p if p.starts_with("/moved/") => empty(201, "location: abc\r\n"),
        p => empty(307, &format!("location: /moved{p}\r\n")),
    });
    let created = create_plaid(&raw_client(&api.base, None), CUSTOMER)
        .await
        .unwrap();
    assert_eq!(
        created.url(),
        format!("{}/moved/customers/{CUSTOMER}/abc", api.base)
    );
    assert_eq!(created.id(), "abc");
}

#[tokio::test]
async fn a_base_url_with_a_path_puts_the_token_request_under_it() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/token");
            then.status(200).json_body(
                serde_json::json!({ "access_token": TOKEN, "token_type": "bearer", "expires_in": 3600 }),
            );
        })
        .await;
    let api = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/api/customers/{CUSTOMER}/exchange-sessions"))
                .header("authorization", format!("Bearer {TOKEN}"));
            then.status(201)
                .header("location", "/api/exchange-sessions/s-1");
        })
        .await;
    for base in [
        format!("{}/api", server.base_url()),
        format!("{}/api/", server.base_url()),
    ] {
        let client = raw_client(&base, None);
        let created = create_plaid(&client, CUSTOMER).await.unwrap();
        assert_eq!(created.id(), "s-1");
    }
    assert_eq!(token.calls_async().await, 2);
    assert_eq!(api.calls_async().await, 2);
}

#[tokio::test]
async fn resource_urls_of_other_schemes_are_validation_errors() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    for url in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/plain,hi",
    ] {
        let err = client
            .request(dwolla_api::Method::GET, url)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{url}: {err:?}");
        assert_eq!(err.field(), Some("target"));
    }
}

#[tokio::test]
async fn a_location_with_an_empty_last_segment_is_a_location_error() {
    for location in ["/exchange-sessions/", "/exchange-sessions/abc/"] {
        let loc = location.to_string();
        let server = RawServer::start(move |req| match req.path.as_str() {
            "/token" => token_json(),
            _ => empty(201, &format!("location: {loc}\r\n")),
        });
        let err = create_plaid(&raw_client(&server.base, None), CUSTOMER)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Location, "{location}: {err:?}");
        assert!(err.idempotency_key().is_some(), "{err:?}");
    }
}
