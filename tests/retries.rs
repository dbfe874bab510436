//! Retries, idempotency keys, timeouts, connection failures and token refresh, against a
//! loopback fake that answers each attempt as the test scripts it.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::trace::capture;
use common::{CLIENT_ID, CLIENT_SECRET, PLAID, create_plaid, plaid};
use dwolla_api::{
    CallOptions, Client, Credentials, Environment, ErrorKind, ResponseValue, RetryPolicy, types,
};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const CUSTOMER: &str = "cust-1";
const SESSION_PATH: &str = "/customers/cust-1/exchange-sessions";
/// The event the client logs before it waits to resend.
const RETRYING: &str = "retrying after a transient failure";

// ---------------------------------------------------------------------------------------
// A tiny HTTP/1.1 fake: one request per connection (`Connection: close`), every request
// recorded, `/token` answered with `tok-<n>`, every other request answered by a script.

#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

enum Reply {
    Respond {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Read the request, then close the connection without a word.
    Drop,
    /// Wait, then answer.
    Delay(Duration, Box<Reply>),
}

fn reply(status: u16) -> Reply {
    Reply::Respond {
        status,
        headers: vec![],
        body: String::new(),
    }
}

fn json_reply(status: u16, body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("Content-Type", "application/json".into())],
        body: body.into(),
    }
}

/// The answer to the `n`th (1-based) API request.
type Script = dyn Fn(usize, &Recorded) -> Reply + Send + Sync;

struct Fake {
    base: String,
    api: Arc<Mutex<Vec<Recorded>>>,
    tokens: Arc<Mutex<Vec<Recorded>>>,
}

impl Fake {
    /// Serve forever (for the test's lifetime).
    async fn start(script: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static) -> Fake {
        Self::start_limited(usize::MAX, script).await
    }

    /// Accept `connections` connections, then close the listening socket.
    async fn start_limited(
        connections: usize,
        script: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static,
    ) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let api = Arc::new(Mutex::new(Vec::new()));
        let tokens = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let (a, t, b) = (api.clone(), tokens.clone(), base.clone());
        tokio::spawn(async move {
            for _ in 0..connections {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(handle(
                    sock,
                    a.clone(),
                    t.clone(),
                    script.clone(),
                    b.clone(),
                ));
            }
        });
        Fake { base, api, tokens }
    }

    fn client(&self, policy: RetryPolicy) -> Client {
        self.builder(policy).build().expect("client builds")
    }

    fn builder(&self, policy: RetryPolicy) -> dwolla_api::ClientBuilder {
        Client::builder(
            Environment::custom(&self.base).unwrap(),
            Credentials::new(CLIENT_ID, CLIENT_SECRET),
        )
        .retry(policy)
    }

    fn location(&self, id: &str) -> String {
        format!("{}/exchange-sessions/{id}", self.base)
    }

    fn api_requests(&self) -> Vec<Recorded> {
        self.api.lock().unwrap().clone()
    }

    fn token_requests(&self) -> usize {
        self.tokens.lock().unwrap().len()
    }
}

async fn handle(
    sock: TcpStream,
    api: Arc<Mutex<Vec<Recorded>>>,
    tokens: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Script>,
    base: String,
) {
    let mut reader = BufReader::new(sock);
    let mut line = String::new();
    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut request = Recorded {
        method,
        path,
        headers,
        body: Vec::new(),
    };
    let len = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0usize);
    request.body = vec![0; len];
    if reader.read_exact(&mut request.body).await.is_err() {
        return;
    }
    let answer = if request.path == "/token" {
        let n = {
            let mut t = tokens.lock().unwrap();
            t.push(request.clone());
            t.len()
        };
        json_reply(
            200,
            &format!(r#"{{"access_token":"tok-{n}","token_type":"bearer","expires_in":3600}}"#),
        )
    } else {
        let n = {
            let mut a = api.lock().unwrap();
            a.push(request.clone());
            a.len()
        };
        script(n, &request)
    };
    let mut sock = reader.into_inner();
    let mut answer = answer;
    loop {
        match answer {
            Reply::Drop => return,
            Reply::Delay(d, next) => {
                tokio::time::sleep(d).await;
                answer = *next;
            }
            Reply::Respond {
                status,
                headers,
                body,
            } => {
                let reason = reqwest::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("X");
                let mut out = format!(
                    "HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Length: {}\r\n",
                    body.len()
                );
                for (n, v) in headers {
                    out.push_str(&format!("{n}: {}\r\n", v.replace("{base}", &base)));
                }
                out.push_str("\r\n");
                out.push_str(&body);
                let _ = sock.write_all(out.as_bytes()).await;
                let _ = sock.shutdown().await;
                return;
            }
        }
    }
}

/// 201 with `Location: {base}/exchange-sessions/<id>`.
/// Every attempt carries the first one's `Idempotency-Key` and body bytes.
fn assert_one_create_replayed(posts: &[Recorded]) {
    let key = posts[0].header("idempotency-key").expect("a generated key");
    for p in posts {
        assert_eq!(p.header("idempotency-key"), Some(key));
        assert_eq!(p.body, posts[0].body);
    }
}

/// The first API request gets `first()`, every later one a 201 for `id`.
fn first_then_created(
    first: impl Fn() -> Reply + Send + Sync + 'static,
    id: &'static str,
) -> impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static {
    move |n, _| if n == 1 { first() } else { created(id) }
}

/// Dwolla's answer to an expired access token.
fn expired_token() -> Reply {
    json_reply(
        401,
        r#"{"code":"ExpiredAccessToken","message":"Invalid access token."}"#,
    )
}

fn created(id: &str) -> Reply {
    Reply::Respond {
        status: 201,
        headers: vec![("Location", format!("{{base}}/exchange-sessions/{id}"))],
        body: String::new(),
    }
}

// ---------------------------------------------------------------------------------------

fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

fn assert_all_posts_to_session_path(requests: &[Recorded]) {
    for r in requests {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", SESSION_PATH));
    }
}

#[tokio::test]
async fn a_500_is_retried_with_the_same_generated_idempotency_key_and_identical_body() {
    let fake = Fake::start(first_then_created(
        || json_reply(500, r#"{"code":"ServerError","message":"boom"}"#),
        "sess-1",
    ))
    .await;
    let client = fake.client(fast());

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("retry succeeds");

    assert_eq!(session.id(), "sess-1");
    assert_eq!(session.url(), fake.location("sess-1"));
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2, "exactly two POSTs");
    assert_all_posts_to_session_path(&posts);
    let k1 = posts[0]
        .header("idempotency-key")
        .expect("first attempt has a key");
    let k2 = posts[1].header("idempotency-key").expect("retry has a key");
    assert_eq!(k1, k2, "the retry reuses the key");
    let uuid = uuid::Uuid::parse_str(k1).expect("generated key is a UUID");
    assert_eq!(uuid.get_version_num(), 4, "generated key is a UUID v4");
    assert!(!posts[0].body.is_empty());
    assert_eq!(posts[0].body, posts[1].body, "byte-identical bodies");
    let body: serde_json::Value = serde_json::from_slice(&posts[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "_links": { "exchange-partner": { "href": PLAID } } })
    );
    assert_eq!(fake.token_requests(), 1, "one token serves both attempts");
}

#[tokio::test]
async fn separate_calls_get_separate_generated_idempotency_keys() {
    let fake = Fake::start(|n, _| created(&format!("sess-{n}"))).await;
    let client = fake.client(fast());
    create_plaid(&client, CUSTOMER).await.unwrap();
    create_plaid(&client, CUSTOMER).await.unwrap();
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_ne!(
        posts[0].header("idempotency-key"),
        posts[1].header("idempotency-key")
    );
}

#[tokio::test]
async fn a_caller_supplied_idempotency_key_is_sent_unchanged_on_every_attempt() {
    let fake = Fake::start(|n, _| if n < 3 { reply(502) } else { created("sess-k") }).await;
    let client = fake.client(fast());
    let key = "my-key_0123.ABC:xyz";

    let session = client
        .create_exchange_session_with(CallOptions::idempotency_key(key), CUSTOMER, &plaid())
        .await
        .expect("third attempt succeeds");

    assert_eq!(session.id(), "sess-k");
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 3);
    for p in &posts {
        assert_eq!(p.header("idempotency-key"), Some(key));
        assert_eq!(p.body, posts[0].body);
    }
}

#[tokio::test]
async fn a_429_with_retry_after_zero_is_retried_and_succeeds_on_the_second_attempt() {
    let fake = Fake::start(first_then_created(
        || Reply::Respond {
            status: 429,
            headers: vec![("Retry-After", "0".into())],
            body: r#"{"code":"TooManyRequests","message":"slow down"}"#.into(),
        },
        "sess-429",
    ))
    .await;
    // A long backoff that only Retry-After: 0 can shortcut.
    let client = fake.client(
        RetryPolicy::default()
            .initial_backoff(Duration::from_secs(20))
            .max_backoff(Duration::from_secs(20))
            .jitter(false),
    );
    let (capture, _guard) = capture();

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("retry succeeds");

    assert_eq!(session.id(), "sess-429");
    assert_eq!(fake.api_requests().len(), 2);
    // The delay the client chose, as it reports it: Retry-After's, not the backoff's.
    let retries = capture.events_with(RETRYING);
    assert_eq!(retries.len(), 1, "{}", capture.text());
    assert_eq!(retries[0]["status"], "429");
    assert_eq!(retries[0]["delay_ms"], "0");
}

#[tokio::test]
async fn a_retry_after_beyond_max_elapsed_returns_the_429_without_waiting() {
    let fake = Fake::start(|_, _| Reply::Respond {
        status: 429,
        headers: vec![("Retry-After", "3600".into())],
        body: String::new(),
    })
    .await;
    let client = fake.client(fast().max_elapsed(Duration::from_secs(10)));
    let (capture, _guard) = capture();

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.kind() == ErrorKind::Api, "{err:?}");
    assert_eq!(err.status(), Some(429));
    assert_eq!(fake.api_requests().len(), 1);
    // Stopped at once: no wait was scheduled.
    assert!(capture.events_with(RETRYING).is_empty());
}

#[tokio::test]
async fn three_503s_with_max_attempts_3_return_the_503_after_exactly_3_attempts() {
    let fake = Fake::start(|_, _| Reply::Respond {
        status: 503,
        headers: vec![
            ("Content-Type", "application/json".into()),
            ("X-Request-ID", "req-503".into()),
        ],
        body: r#"{"code":"ServiceUnavailable","message":"try later"}"#.into(),
    })
    .await;
    let client = fake.client(fast().max_attempts(3));

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.kind() == ErrorKind::Api, "{err:?}");
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(err.request_id(), Some("req-503"));
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 3, "exactly 3 attempts");
    assert!(
        posts
            .iter()
            .all(|p| p.header("idempotency-key") == posts[0].header("idempotency-key"))
    );
}

#[tokio::test]
async fn a_dropped_connection_is_retried_and_succeeds() {
    let fake = Fake::start(first_then_created(|| Reply::Drop, "sess-drop")).await;
    let client = fake.client(fast());

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("retry after a dropped connection");

    assert_eq!(session.id(), "sess-drop");
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn a_dropped_connection_without_retries_is_a_transport_error() {
    let fake = Fake::start(|_, _| Reply::Drop).await;
    let client = fake.client(RetryPolicy::disabled());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.kind() == ErrorKind::Transport, "{err:?}");
    assert!(!err.is_timeout());
    assert_eq!(fake.api_requests().len(), 1);
}

fn slow_first(n: usize) -> Reply {
    // Far beyond the 200 ms request timeout below, so the timeout always wins.
    if n == 1 {
        Reply::Delay(Duration::from_secs(60), Box::new(created("sess-slow-1")))
    } else {
        created("sess-fast")
    }
}

#[tokio::test]
async fn a_response_slower_than_the_request_timeout_is_a_timeout_error_without_retries() {
    let fake = Fake::start(|n, _| slow_first(n)).await;
    let client = fake
        .builder(RetryPolicy::disabled())
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
    let fake = Fake::start(|n, _| slow_first(n)).await;
    let client = fake
        .builder(fast())
        .request_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();

    let (capture, _guard) = capture();
    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("the retry succeeds");

    assert_eq!(session.id(), "sess-fast");
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

#[tokio::test]
async fn a_409_is_a_conflict_error_after_one_attempt_explaining_the_idempotency_key() {
    let fake = Fake::start(|_, _| json_reply(409, r#"{"code":"Conflict","message":"A request with this idempotency key is already being processed."}"#)).await;
    let client = fake.client(fast());

    let err = client
        .create_exchange_session_with(CallOptions::idempotency_key("dup-key"), CUSTOMER, &plaid())
        .await
        .unwrap_err();

    assert!(err.kind() == ErrorKind::Conflict, "{err:?}");
    assert!(err.is_conflict());
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("Conflict"));
    assert_eq!(fake.api_requests().len(), 1, "a 409 is never retried");
    let text = err.to_string();
    assert!(text.contains("409"), "{text}");
    assert!(text.contains("Idempotency-Key"), "{text}");
    assert!(
        text.contains("still being processed") && text.contains("different body"),
        "{text}"
    );
}

#[tokio::test]
async fn a_400_is_a_validation_error_and_not_retried() {
    let fake = Fake::start(|_, _| {
        json_reply(
            400,
            r#"{"code":"ValidationError","message":"Validation error(s) present. See embedded errors list for more details.","_embedded":{"errors":[{"code":"Invalid","message":"Invalid parameter.","path":"/_links/exchange-partner/href"}]}}"#,
        )
    })
    .await;
    let client = fake.client(fast());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.is_validation(), "{err:?}");
    assert_eq!(err.status(), Some(400));
    assert_eq!(fake.api_requests().len(), 1, "a 400 is never retried");
    assert!(
        err.to_string().contains("/_links/exchange-partner/href"),
        "{err}"
    );
}

#[tokio::test]
async fn with_retries_disabled_the_first_500_is_returned_after_one_attempt() {
    let fake = Fake::start(first_then_created(
        || json_reply(500, r#"{"code":"ServerError","message":"boom"}"#),
        "never",
    ))
    .await;
    let client = fake.client(RetryPolicy::disabled());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.kind() == ErrorKind::Api, "{err:?}");
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.code(), Some("ServerError"));
    assert_eq!(fake.api_requests().len(), 1);
}

#[tokio::test]
async fn an_expired_token_401_refreshes_the_token_and_retries_once_with_the_new_token() {
    let fake = Fake::start(first_then_created(expired_token, "sess-fresh")).await;
    let client = fake.client(fast());

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("refresh and retry succeed");

    assert_eq!(session.id(), "sess-fresh");
    assert_eq!(fake.token_requests(), 2, "the token was refreshed");
    assert_eq!(client.token_requests(), 2);
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2, "retried once");
    assert_eq!(posts[0].header("authorization"), Some("Bearer tok-1"));
    assert_eq!(
        posts[1].header("authorization"),
        Some("Bearer tok-2"),
        "the retry carries the NEW token"
    );
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn an_expired_token_401_twice_is_refreshed_only_once_then_returned() {
    let fake = Fake::start(|_, _| expired_token()).await;
    let client = fake.client(fast());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("ExpiredAccessToken"));
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.api_requests().len(), 2);
}

#[tokio::test]
async fn an_invalid_scope_401_is_returned_without_refresh_or_retry() {
    let fake = Fake::start(|_, _| json_reply(401, r#"{"code":"InvalidScope","message":"Missing or invalid scopes for requested endpoint"}"#)).await;
    let client = fake.client(fast());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.is_invalid_scope(), "{err:?}");
    assert_eq!(fake.api_requests().len(), 1, "only one POST");
    assert_eq!(fake.token_requests(), 1, "only one token request");
}

/// A port on 127.0.0.1 that nothing listens on.
async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

#[tokio::test]
async fn a_connect_failure_with_retries_disabled_is_an_auth_error_without_a_retry() {
    let base = closed_port().await;
    let client = Client::builder(
        Environment::custom(&base).unwrap(),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .retry(RetryPolicy::disabled())
    .build()
    .unwrap();
    let (capture, _guard) = capture();

    let err = client
        .create_exchange_session(CUSTOMER, &plaid())
        .await
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
    let fake = Fake::start_limited(1, |_, _| created("never")).await;
    let client = fake.client(RetryPolicy::disabled());
    let (capture, _guard) = capture();

    let err = client
        .create_exchange_session(CUSTOMER, &plaid())
        .await
        .unwrap_err();

    assert!(err.kind() == ErrorKind::Transport, "{err:?}");
    assert!(!err.is_timeout());
    let source = std::error::Error::source(&err)
        .and_then(|s| s.downcast_ref::<reqwest::Error>())
        .expect("reqwest source");
    assert!(source.is_connect(), "{source:?}");
    assert_eq!(fake.token_requests(), 1);
    assert!(fake.api_requests().is_empty());
    assert!(capture.events_with(RETRYING).is_empty());
}

// Direct calls on the generated client (`client.api()`) have no wrapper to re-run them;
// the `exec` hook resends a copy of the request itself.

async fn create_direct(
    client: &Client,
) -> Result<ResponseValue<()>, progenitor_client::Error<types::DwollaError>> {
    let request = plaid();
    client
        .api()
        .create_customer_exchange_session()
        .id(CUSTOMER)
        .body(request.body().clone())
        .send()
        .await
}

#[tokio::test]
async fn a_direct_generated_call_retries_a_500_with_the_same_key_and_body() {
    let fake = Fake::start(first_then_created(|| reply(500), "sess-d")).await;
    let client = fake.client(fast());
    let response = create_direct(&client)
        .await
        .expect("the hook's retry succeeds");

    assert_eq!(response.status().as_u16(), 201);
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2, "exactly two POSTs");
    assert_all_posts_to_session_path(&posts);
    assert_one_create_replayed(&posts);
    assert!(!posts[0].body.is_empty());
    assert_eq!(fake.token_requests(), 1);
}

#[tokio::test]
async fn a_direct_generated_call_refreshes_an_expired_token_and_resends_with_it() {
    let fake = Fake::start(first_then_created(expired_token, "sess-d2")).await;
    let client = fake.client(fast());
    let response = create_direct(&client)
        .await
        .expect("refresh and resend succeed");

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(fake.token_requests(), 2, "the token was refreshed");
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].header("authorization"), Some("Bearer tok-1"));
    assert_eq!(posts[1].header("authorization"), Some("Bearer tok-2"));
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn a_direct_generated_call_returns_the_last_503_after_max_attempts() {
    let fake = Fake::start(|_, _| reply(503)).await;
    let client = fake.client(fast().max_attempts(2));
    let err = create_direct(&client).await.expect_err("503 twice");

    assert!(
        matches!(&err, progenitor_client::Error::UnexpectedResponse(r) if r.status().as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(fake.api_requests().len(), 2);
}

#[tokio::test]
async fn a_caller_supplied_idempotency_key_that_is_not_a_header_value_is_refused_before_sending() {
    let fake = Fake::start(|_, _| created("never")).await;
    let client = fake.client(fast());

    let err = client
        .create_exchange_session_with(CallOptions::idempotency_key("bad\nkey"), CUSTOMER, &plaid())
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Validation, "{err:?}");
    assert_eq!(err.field(), Some("Idempotency-Key"), "{err:?}");
    assert!(fake.api_requests().is_empty(), "nothing was sent");
}
