//! Shared test helpers: httpmock mocks for exact request matching, clients for the crate's
//! fake Dwolla (`fake`), and the seed's examples.
#![allow(dead_code)]

pub mod fake;
pub mod raw;
pub mod trace;

use dwolla_api::{Client, Credentials, Environment, RetryPolicy};
use httpmock::prelude::*;
use serde_json::{Value, json};
use std::time::Duration;

pub const CLIENT_ID: &str = "test-client-id";
pub const CLIENT_SECRET: &str = "s3cr3t-client-secret-value";
pub const TOKEN: &str = "pBA9fVDBEyYZCEsLf-wKehyh1RTpzjUj5KzIRfDi0wKTii7DqY";
pub const HAL: &str = "application/vnd.dwolla.v1.hal+json";
pub const CUSTOMER: &str = "74a207b2-b7b7-4efa-8bf8-582148e7b980";
pub const PLAID: &str =
    "https://api.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";
pub const MX: &str =
    "https://api.dwolla.com/exchange-partners/2164407f-33c3-4555-a6a1-40d5e9e58744";
pub const CHECKOUT: &str =
    "https://api-sandbox.dwolla.com/exchange-partners/d652517d-9c02-4ea4-87af-2977e6cf3850";

/// `Basic base64(id:secret)`.
pub fn basic() -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    )
}

/// A client for `server`, retries fast and bounded.
pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client builds")
}

pub fn builder(server: &MockServer) -> dwolla_api::ClientBuilder {
    Client::builder(
        Environment::custom(&server.base_url()).expect("loopback URL"),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .retry(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(5)),
    )
}

/// The seed's Plaid web request.
pub fn plaid() -> dwolla_api::ExchangeSessionRequest {
    dwolla_api::ExchangeSessionRequest::plaid_web(PLAID).expect("a valid request")
}

/// Create a Plaid web exchange session for `customer`.
pub async fn create_plaid(
    client: &Client,
    customer: &str,
) -> dwolla_api::Result<dwolla_api::Created> {
    client
        .create_exchange_session(customer, &plaid())
        .send()
        .await
        .and_then(|r| r.created())
}

/// `/token` answering a token valid for an hour.
pub async fn token_mock(server: &MockServer) -> httpmock::Mock<'_> {
    token_mock_with(server, TOKEN, 3600).await
}

pub async fn token_mock_with<'a>(
    server: &'a MockServer,
    token: &str,
    expires_in: u64,
) -> httpmock::Mock<'a> {
    let token = token.to_string();
    server
        .mock_async(move |when, then| {
            when.method(POST)
                .path("/token")
                .header("authorization", basic())
                .header("content-type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials");
            then.status(200).json_body(
                json!({ "access_token": token, "token_type": "bearer", "expires_in": expires_in }),
            );
        })
        .await
}

/// The seed's five request examples: (name, partner, redirect, exact JSON).
pub fn seed_requests() -> Vec<(&'static str, Value)> {
    vec![
        (
            "plaid_web",
            json!({ "_links": { "exchange-partner": { "href": PLAID } } }),
        ),
        (
            "plaid_android",
            json!({ "_links": { "exchange-partner": { "href": PLAID }, "redirect-url": { "href": "com.example.app123" } } }),
        ),
        (
            "plaid_ios",
            json!({ "_links": { "exchange-partner": { "href": PLAID }, "redirect-url": { "href": "https://example.com/app123" } } }),
        ),
        (
            "mx",
            json!({ "_links": { "exchange-partner": { "href": MX } } }),
        ),
        (
            "checkout_com",
            json!({ "_links": { "exchange-partner": { "href": CHECKOUT } } }),
        ),
    ]
}

/// The seed's seven error examples: (status, body).
pub fn seed_errors() -> Vec<(u16, Value)> {
    vec![
        (
            400,
            json!({ "code": "ValidationError", "message": "/_links/exchange-partner/href is invalid" }),
        ),
        (
            400,
            json!({ "code": "ValidationError", "message": "/_links/redirect-url/href is invalid" }),
        ),
        (
            400,
            json!({ "code": "ValidationError", "message": "The provided redirect URL must exactly match one of the configured URLs for the account" }),
        ),
        (
            401,
            json!({ "code": "InvalidScope", "message": "Missing or invalid scopes for requested endpoint" }),
        ),
        (
            403,
            json!({ "code": "forbidden", "message": "The exchange partner specified does not support this product" }),
        ),
        (
            403,
            json!({ "code": "forbidden", "message": "Exchange sessions with this exchange partner are not enabled for your account" }),
        ),
        (
            404,
            json!({ "code": "NotFound", "message": "The requested resource was not found." }),
        ),
    ]
}

/// `POST /customers/{CUSTOMER}/exchange-sessions` answering 201 with session `s-1`.
pub async fn session_mock(server: &MockServer) -> httpmock::Mock<'_> {
    let location = format!("{}/exchange-sessions/s-1", server.base_url());
    server
        .mock_async(move |when, then| {
            when.method(POST)
                .path(format!("/customers/{CUSTOMER}/exchange-sessions"));
            then.status(201).header("location", location);
        })
        .await
}

/// Says on stderr, past libtest's capture so that a plain `cargo test` shows it, that
/// `tests` were compiled out, and which of `needs` (what, whether the built spec has it)
/// the spec lacks: a gated test never passes silently.
pub fn say_compiled_out(tests: &str, needs: &[(&str, bool)]) {
    use std::io::Write;
    let missing: Vec<&str> = needs
        .iter()
        .filter(|(_, has)| !has)
        .map(|(n, _)| *n)
        .collect();
    assert!(
        !missing.is_empty(),
        "{tests} are gated off only when something is missing"
    );
    let _ = writeln!(
        std::io::stderr(),
        "skipped {tests}: the spec built has no {}",
        missing.join(", no ")
    );
}

/// A number for a generated setter whose type a revision may change (`limit` is a string
/// in some of Dwolla's revisions, an integer in others): it converts into either.
#[derive(Debug, Clone, Copy)]
pub struct Num(pub i64);

impl From<Num> for i64 {
    fn from(n: Num) -> i64 {
        n.0
    }
}
impl From<Num> for f64 {
    fn from(n: Num) -> f64 {
        n.0 as f64
    }
}
impl From<Num> for String {
    fn from(n: Num) -> String {
        n.0.to_string()
    }
}
impl TryFrom<Num> for i32 {
    type Error = std::num::TryFromIntError;
    fn try_from(n: Num) -> Result<i32, Self::Error> {
        i32::try_from(n.0)
    }
}
impl TryFrom<Num> for u32 {
    type Error = std::num::TryFromIntError;
    fn try_from(n: Num) -> Result<u32, Self::Error> {
        u32::try_from(n.0)
    }
}
impl TryFrom<Num> for u64 {
    type Error = std::num::TryFromIntError;
    fn try_from(n: Num) -> Result<u64, Self::Error> {
        u64::try_from(n.0)
    }
}

/// The exchange-session operation's wire facts, found by endpoint (`POST
/// /customers/{…}/exchange-sessions`), not by a name a revision may change.
pub fn exchange_session_operation() -> &'static dwolla_api::transport::OperationWire {
    dwolla_api::transport::operations()
        .iter()
        .find(|o| {
            o.method == "POST"
                && o.path.starts_with("/customers/{")
                && o.path.ends_with("}/exchange-sessions")
                && o.path.matches('/').count() == 3
        })
        .expect("the seed operation is generated")
}

/// The spec's name of the exchange-session operation's path parameter (`id` in every
/// published revision): what a validation error of that parameter names.
pub fn exchange_session_param() -> &'static str {
    let path = exchange_session_operation().path;
    path.split_once('{')
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(name, _)| name)
        .expect("the path has its parameter")
}
