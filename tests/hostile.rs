//! A hostile or broken server: bodies without end, hung and failing token endpoints,
//! absurd durations. Nothing may panic, hang, buffer without bound, or be fetched twice.

mod common;

use std::time::Duration;

use common::raw::{RawServer, Reply, empty, json, raw_builder, token_json};
use common::*;
use dwolla_api::{ERROR_BODY_CAP, ErrorKind, RetryPolicy};

/// Bytes a server may get out past the cap before the client's close reaches it: the
/// kernel's socket buffers on loopback. Before the cap, a client read all 256 MiB.
const SLACK: u64 = 16 * 1024 * 1024;
const ENDLESS: u64 = 256 * 1024 * 1024;

fn endless(status: u16, chunked: bool) -> Reply {
    let framing = if chunked {
        "transfer-encoding: chunked\r\n".to_string()
    } else {
        format!("content-length: {ENDLESS}\r\n")
    };
    Reply::Endless {
        head: format!("HTTP/1.1 {status} X\r\ncontent-type: text/plain\r\n{framing}\r\n"),
        // Invalid UTF-8: the old path also grew it fourfold into a lossy String.
        chunk: vec![0xff; 64 * 1024],
        chunked,
        limit: ENDLESS,
    }
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_up_to_the_cap() {
    for chunked in [true, false] {
        let server = RawServer::start(move |req| match req.path.as_str() {
            "/token" => token_json(),
            _ => endless(500, chunked),
        });
        let err = create_plaid(&raw_builder(&server.base).build().unwrap(), CUSTOMER)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(500), "{err:?}");
        assert!(err.body_truncated(), "{err:?}");
        assert!(err.to_string().contains("truncated"), "{err}");
        let written = server.written();
        eprintln!(
            "error body, chunked={chunked}: {written} bytes written before the client closed"
        );
        assert!(
            written < ERROR_BODY_CAP as u64 + SLACK,
            "chunked={chunked}: the server got {written} bytes out"
        );
    }
}

#[tokio::test]
async fn an_endless_token_error_body_is_read_only_up_to_the_cap() {
    let server = RawServer::start(|_| endless(401, true));
    let err = create_plaid(&raw_builder(&server.base).build().unwrap(), CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(server.written() < ERROR_BODY_CAP as u64 + SLACK);
}

#[tokio::test]
async fn a_success_body_over_the_cap_is_refused() {
    for chunked in [true, false] {
        let server = RawServer::start(move |req| match req.path.as_str() {
            "/token" => token_json(),
            _ => endless(200, chunked),
        });
        let client = raw_builder(&server.base)
            .max_response_body(1024 * 1024)
            .build()
            .unwrap();
        let err = client
            .request(dwolla_api::Method::GET, "/exchange-sessions/abc")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BodyTooLarge, "{err:?}");
        assert!(err.to_string().contains("1048576"), "{err}");
        let written = server.written();
        eprintln!(
            "success body, chunked={chunked}: {written} bytes written before the client closed"
        );
        assert!(written < 1024 * 1024 + SLACK, "{written}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_hung_token_endpoint_times_out_on_a_callers_http_client() {
    let server = RawServer::start(|_| Reply::Hang);
    let client = raw_builder(&server.base)
        .http_client(reqwest::Client::new())
        .token_timeout(Some(Duration::from_secs(30)))
        .build()
        .unwrap();
    // The paused clock jumps to the next timer: the token timeout, or this guard if the
    // token request had none.
    let result = tokio::time::timeout(Duration::from_secs(3600), create_plaid(&client, CUSTOMER))
        .await
        .expect("the token request must time out by itself");
    let err = result.unwrap_err();
    assert!(err.is_timeout() && err.is_auth(), "{err:?}");
}

#[tokio::test]
async fn callers_waiting_on_a_failed_token_fetch_share_its_failure() {
    let server = RawServer::start(|_| {
        let body = r#"{"error":"temporarily_unavailable"}"#;
        let Reply::Bytes(b) = json(503, body) else {
            unreachable!()
        };
        Reply::Gated(b)
    });
    let client = raw_builder(&server.base).build().unwrap();
    let calls: Vec<_> = (0..64)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { create_plaid(&c, CUSTOMER).await })
        })
        .collect();
    // On this single-threaded runtime each yield lets every spawned call run to where it
    // waits: one on the token endpoint, the others on its fetch.
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    server.release(1);
    for call in calls {
        let err = call.await.unwrap().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
        assert_eq!(err.code(), Some("temporarily_unavailable"));
    }
    assert_eq!(
        server.requests(),
        1,
        "64 waiting callers, one token request"
    );
    // The next call after the failure may fetch again.
    server.release(1);
    create_plaid(&client, CUSTOMER).await.unwrap_err();
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_returns_the_error_with_the_delay() {
    for status in [429, 503] {
        let server = RawServer::start(move |req| match req.path.as_str() {
            "/token" => token_json(),
            _ => empty(status, "retry-after: 18446744073709551615\r\n"),
        });
        let client = raw_builder(&server.base)
            .retry(RetryPolicy::default().max_attempts(5))
            .build()
            .unwrap();
        let err = create_plaid(&client, CUSTOMER).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(server.requests(), 2, "one token request, one attempt");
    }
}

#[tokio::test]
async fn an_initial_backoff_of_duration_max_stops_instead_of_panicking() {
    let server = RawServer::start(|req| match req.path.as_str() {
        "/token" => token_json(),
        _ => empty(503, ""),
    });
    let client = raw_builder(&server.base)
        .retry(RetryPolicy::default().initial_backoff(Duration::MAX))
        .build()
        .unwrap();
    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn a_huge_expires_in_is_clamped_and_the_token_reused() {
    let server = RawServer::start(|req| match req.path.as_str() {
        "/token" => json(
            200,
            r#"{"access_token":"t0k3n","token_type":"bearer","expires_in":18446744073709551615}"#,
        ),
        _ => empty(201, "location: /exchange-sessions/s-1\r\n"),
    });
    let client = raw_builder(&server.base).build().unwrap();
    for _ in 0..3 {
        assert_eq!(create_plaid(&client, CUSTOMER).await.unwrap().id(), "s-1");
    }
    let tokens = server.seen().iter().filter(|s| s.path == "/token").count();
    assert_eq!(tokens, 1);
}

#[tokio::test(start_paused = true)]
async fn a_token_shorter_than_the_margin_is_used_for_half_its_life() {
    let fake = dwolla_api::testing::FakeDwolla::builder()
        .expires_in(5)
        .start()
        .unwrap();
    let client = fake::timerless(&fake).build().unwrap();
    // 400 calls over 10 s: a 5 s token is refreshed every 2.5 s, at 0, 2.5, 5 and 7.5 s.
    for _ in 0..400 {
        create_plaid(&client, CUSTOMER).await.unwrap();
        tokio::time::advance(Duration::from_millis(25)).await;
    }
    assert_eq!(fake.sessions_created(), 400);
    assert_eq!(fake.token_requests(), 4);
}

impl RawServer {
    fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }
}
