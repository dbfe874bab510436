//! The fake Dwolla itself (`dwolla_api::testing`), spoken to with a bare `reqwest::Client`:
//! what it checks, replays and refuses, and that no request breaks it.

use dwolla_api::testing::{CLIENT_ID, CLIENT_SECRET, FakeDwolla, Fault};
use serde_json::{Value, json};

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
const PLAID: &str =
    "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";

fn body(partner: &str) -> String {
    json!({ "_links": { "exchange-partner": { "href": partner } } }).to_string()
}

async fn create(
    fake: &FakeDwolla,
    token: &str,
    key: Option<&str>,
    body: String,
) -> reqwest::Response {
    let mut r = reqwest::Client::new()
        .post(format!(
            "{}/customers/c-1/exchange-sessions",
            fake.base_url()
        ))
        .bearer_auth(token)
        .header("content-type", HAL)
        .header("accept", HAL)
        .body(body);
    if let Some(key) = key {
        r = r.header("idempotency-key", key);
    }
    r.send().await.unwrap()
}

async fn code(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_token_endpoint_checks_basic_credentials_and_the_grant() {
    let fake = FakeDwolla::builder().expires_in(120).start().unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/token", fake.base_url());
    let token = |id: &str, secret: &str, grant: &str| {
        http.post(&url)
            .basic_auth(id, Some(secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("grant_type={grant}"))
            .send()
    };

    let (status, ok) = code(
        token(CLIENT_ID, CLIENT_SECRET, "client_credentials")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        ok,
        json!({ "access_token": "tok-1", "token_type": "bearer", "expires_in": 120 })
    );
    let (status, bad) = code(
        token(CLIENT_ID, "wrong", "client_credentials")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, bad), (401, json!({ "error": "invalid_client" })));
    let (status, grant) = code(token(CLIENT_ID, CLIENT_SECRET, "password").await.unwrap()).await;
    assert_eq!(
        (status, grant),
        (400, json!({ "error": "unsupported_grant_type" }))
    );
    assert_eq!(fake.token_requests(), 3);
    assert_eq!(fake.issued_tokens(), ["tok-1"]);
}

#[tokio::test]
async fn a_create_needs_a_valid_bearer_the_hal_media_type_and_an_idempotency_key() {
    let fake = FakeDwolla::start().unwrap();
    let token = fake.issue_token();

    let (status, e) = code(create(&fake, "forged", Some("k"), body(PLAID)).await).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (401, Some("InvalidAccessToken"))
    );
    let (status, e) = code(create(&fake, &token, None, body(PLAID)).await).await;
    assert_eq!((status, e["code"].as_str()), (400, Some("ValidationError")));
    let (status, e) = code(create(&fake, &token, Some("k"), "{}".into()).await).await;
    assert_eq!(status, 400);
    assert_eq!(
        e["_embedded"]["errors"][0]["path"],
        "/_links/exchange-partner/href"
    );
    let wrong_type = reqwest::Client::new()
        .post(format!(
            "{}/customers/c-1/exchange-sessions",
            fake.base_url()
        ))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .header("accept", HAL)
        .header("idempotency-key", "k")
        .body(body(PLAID))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status().as_u16(), 415);
    assert_eq!(fake.sessions_created(), 0);

    fake.expire_tokens();
    let (status, e) = code(create(&fake, &token, Some("k"), body(PLAID)).await).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (401, Some("ExpiredAccessToken"))
    );
}

#[tokio::test]
async fn the_same_key_and_body_replay_the_session_and_another_body_is_a_409() {
    let fake = FakeDwolla::start().unwrap();
    let token = fake.issue_token();

    let first = create(&fake, &token, Some("key-1"), body(PLAID)).await;
    assert_eq!(first.status().as_u16(), 201);
    let location = first.headers()["location"].to_str().unwrap().to_string();
    let again = create(&fake, &token, Some("key-1"), body(PLAID)).await;
    assert_eq!(again.status().as_u16(), 201);
    assert_eq!(again.headers()["location"], location.as_str());
    let (status, e) = code(
        create(
            &fake,
            &token,
            Some("key-1"),
            body("https://other.example/p"),
        )
        .await,
    )
    .await;
    assert_eq!((status, e["code"].as_str()), (409, Some("Conflict")));

    assert_eq!(fake.sessions_created(), 1);
    let session = &fake.sessions()[0];
    assert_eq!(location, fake.session_url(&session.id));
    assert_eq!(
        (
            session.customer_id.as_str(),
            session.idempotency_key.as_str()
        ),
        ("c-1", "key-1")
    );
    let got: Value = reqwest::Client::new()
        .get(&location)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got, session.json);
    assert_eq!(got["_links"]["exchange-partner"]["href"], PLAID);
}

#[tokio::test]
async fn unknown_paths_are_dwollas_404_json_and_odd_requests_never_break_the_fake() {
    let fake = FakeDwolla::start().unwrap();
    let http = reqwest::Client::new();
    for path in [
        "/nope",
        "/customers//exchange-sessions",
        "/exchange-sessions/",
        "/%ff%00/..",
        "/token/x",
    ] {
        let r = http
            .delete(format!("{}{path}", fake.base_url()))
            .body(vec![0xff; 2048])
            .send()
            .await
            .unwrap();
        let (status, e) = code(r).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (404, Some("NotFound")),
            "{path}"
        );
    }
    let huge = http
        .post(format!("{}/token", fake.base_url()))
        .body(vec![b'a'; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status().as_u16(), 413);
    // Still serving.
    assert_eq!(
        http.get(format!("{}/nope", fake.base_url()))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn faults_on_a_path_are_served_in_order_then_the_fake_answers_normally() {
    let fake = FakeDwolla::start().unwrap();
    fake.push_fault_on("/token", Fault::retry_after(503, "7"));
    let client = fake
        .client_builder()
        .retry(dwolla_api::RetryPolicy::disabled())
        .build()
        .unwrap();
    let request = dwolla_api::ExchangeSessionRequest::plaid_web(PLAID).unwrap();

    let err = client
        .create_exchange_session("c-1", &request)
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.status(), Some(503));
    client
        .create_exchange_session("c-1", &request)
        .send()
        .await
        .and_then(|r| r.created())
        .expect("the fault was used up");
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(
        fake.token_request_log()[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}
