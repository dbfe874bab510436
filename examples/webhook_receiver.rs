//! A minimal Dwolla webhook receiver on loopback: caps the body, verifies, deduplicates, answers.
//!
//! ```text
//! cargo run --example webhook_receiver                      # http://127.0.0.1:$PORT (8080)
//! WEBHOOK_SELFTEST=1 cargo run --example webhook_receiver   # posts to itself, prints, exits
//! ```
//!
//! The secret is `DWOLLA_WEBHOOK_SECRET` (the subscription's `secret`), or a dev default.

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::error::Error;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use dwolla_api::webhooks::{self, SIGNATURE_HEADER, TOPIC_HEADER};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Dwolla's events are well under 1 KiB; a larger body is refused unread.
const MAX_BODY: usize = 64 * 1024;
/// Event ids remembered for deduplication: memory stays bounded whatever the traffic.
const RECENT_IDS: usize = 10_000;
const DEV_SECRET: &str = "dev-webhook-secret";

/// The most recent event ids; the oldest is forgotten first.
struct RecentIds {
    set: HashSet<String>,
    order: VecDeque<String>,
}

impl RecentIds {
    /// Remembers `id`; false if it was already there.
    fn insert(&mut self, id: &str) -> bool {
        if self.set.contains(id) {
            return false;
        }
        if self.order.len() == RECENT_IDS
            && let Some(oldest) = self.order.pop_front()
        {
            self.set.remove(&oldest);
        }
        self.set.insert(id.to_owned());
        self.order.push_back(id.to_owned());
        true
    }
}

struct Receiver {
    secret: Vec<u8>,
    seen: Mutex<RecentIds>,
}

fn reply(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}

async fn handle(
    req: Request<Incoming>,
    receiver: Arc<Receiver>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.method() != Method::POST {
        return Ok(reply(StatusCode::METHOD_NOT_ALLOWED, "POST only"));
    }
    let signature = req
        .headers()
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // The raw bytes as sent: the signature covers them, not their JSON meaning.
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => return Ok(reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large")),
    };
    let event = match webhooks::verify(&receiver.secret, &signature, &body) {
        Ok(event) => event,
        Err(e) if e.is_signature_error() => {
            eprintln!("refused: {e}");
            return Ok(reply(StatusCode::UNAUTHORIZED, "bad signature"));
        }
        // Signed by Dwolla but not decodable: a non-2xx makes Dwolla retry once this is fixed.
        Err(e) => {
            eprintln!("undecodable event: {e}");
            return Ok(reply(StatusCode::BAD_REQUEST, "not an event"));
        }
    };
    let new = (receiver.seen.lock())
        .unwrap_or_else(PoisonError::into_inner)
        .insert(&event.id);
    if !new {
        println!("duplicate {} ({})", event.id, event.topic);
        return Ok(reply(StatusCode::OK, "duplicate"));
    }
    // A real receiver queues the event here and works on it after answering: Dwolla waits
    // 10 s at most, and sends up to 10 webhooks at once.
    println!(
        "event {} {} on {}",
        event.id,
        event.topic(),
        event.resource_id
    );
    Ok(reply(StatusCode::OK, "ok"))
}

async fn serve(listener: TcpListener, receiver: Arc<Receiver>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let receiver = receiver.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(req, receiver.clone()));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Posts a signed event, the same event again and a forged one; fails on any other answer.
async fn self_test(addr: SocketAddr, secret: &[u8]) -> Result<(), Box<dyn Error>> {
    let body = r#"{"_links":{"resource":{"href":"https://api-sandbox.dwolla.com/customers/266ae7de-6393-423b-a4ec-dec8028a9b5a"}},"id":"80d8ff7d-7e5a-4975-ade8-9e97306d6c15","created":"2026-11-30T14:44:11.407Z","topic":"customer_created","resourceId":"266ae7de-6393-423b-a4ec-dec8028a9b5a"}"#;
    let signed = webhooks::sign(secret, body.as_bytes());
    let forged = webhooks::sign(b"not-the-subscription-secret", body.as_bytes());
    let cases = [
        ("signed event", &signed, StatusCode::OK, "ok"),
        ("same event again", &signed, StatusCode::OK, "duplicate"),
        (
            "bad signature",
            &forged,
            StatusCode::UNAUTHORIZED,
            "bad signature",
        ),
    ];
    let client = reqwest::Client::new();
    let mut failed = 0;
    for (case, signature, status, text) in cases {
        let response = client
            .post(format!("http://{addr}/webhooks"))
            .header(SIGNATURE_HEADER, signature.as_str())
            .header(TOPIC_HEADER, "customer_created")
            .body(body)
            .send()
            .await?;
        let got = (response.status(), response.text().await?);
        let pass = got.0 == status && got.1 == text;
        failed += usize::from(!pass);
        println!(
            "{}: {case}: {} {}",
            if pass { "pass" } else { "FAIL" },
            got.0,
            got.1
        );
    }
    if failed > 0 {
        return Err(format!("self-test: {failed} case(s) failed").into());
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let secret = std::env::var("DWOLLA_WEBHOOK_SECRET").unwrap_or_else(|_| {
        eprintln!("DWOLLA_WEBHOOK_SECRET is not set: using the dev secret");
        DEV_SECRET.to_owned()
    });
    let selftest = std::env::var("WEBHOOK_SELFTEST").is_ok_and(|v| v == "1");
    let port = match std::env::var("PORT") {
        _ if selftest => 0,
        Ok(port) => port.parse()?,
        Err(_) => 8080,
    };
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    let addr = listener.local_addr()?;
    let receiver = Arc::new(Receiver {
        secret: secret.clone().into_bytes(),
        seen: Mutex::new(RecentIds {
            set: HashSet::new(),
            order: VecDeque::new(),
        }),
    });
    let server = tokio::spawn(serve(listener, receiver));
    if selftest {
        return self_test(addr, secret.as_bytes()).await;
    }
    println!("receiving Dwolla webhooks on http://{addr}/");
    server.await?;
    Ok(())
}
