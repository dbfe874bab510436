//! A small raw HTTP/1.1 server on loopback, for what httpmock cannot do: endless bodies,
//! hanging, holding a reply until the test releases it, counting the bytes it got out.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
pub enum Reply {
    /// These bytes, then close.
    Bytes(Vec<u8>),
    /// A head, then `chunk` again and again (chunked encoding unless the head says a
    /// length) until the client goes away or `limit` bytes are out.
    Endless {
        head: String,
        chunk: Vec<u8>,
        chunked: bool,
        limit: u64,
    },
    /// Read the request, never answer (until the test ends).
    Hang,
    /// Wait for [`RawServer::release`], then these bytes.
    Gated(Vec<u8>),
}

/// `/token` answering the test token, valid for an hour.
pub fn token_json() -> Reply {
    json(
        200,
        &format!(
            r#"{{"access_token":"{}","token_type":"bearer","expires_in":3600}}"#,
            super::TOKEN
        ),
    )
}

/// A client builder for `base`, retries off (tests turn on what they need).
pub fn raw_builder(base: &str) -> dwolla_api::ClientBuilder {
    dwolla_api::Client::builder(
        dwolla_api::Environment::custom(base).expect("loopback URL"),
        dwolla_api::Credentials::new(super::CLIENT_ID, super::CLIENT_SECRET),
    )
    .retry(dwolla_api::RetryPolicy::disabled())
}

/// Retries with no delay, for tests that count attempts.
pub fn instant_retries() -> dwolla_api::RetryPolicy {
    dwolla_api::RetryPolicy::default()
        .initial_backoff(std::time::Duration::ZERO)
        .max_backoff(std::time::Duration::ZERO)
}

/// A JSON response with `status`.
pub fn json(status: u16, body: &str) -> Reply {
    Reply::Bytes(
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

/// A response with `status`, extra header lines and no body.
pub fn empty(status: u16, headers: &str) -> Reply {
    Reply::Bytes(
        format!("HTTP/1.1 {status} X\r\n{headers}content-length: 0\r\nconnection: close\r\n\r\n")
            .into_bytes(),
    )
}

pub struct RawServer {
    pub base: String,
    pub seen: Arc<std::sync::Mutex<Vec<Seen>>>,
    pub written: Arc<AtomicU64>,
    pub requests: Arc<AtomicUsize>,
    gate: Arc<Semaphore>,
}

impl RawServer {
    /// Serve on its own thread and runtime, so the test's runtime (paused clock or not)
    /// does not drive it.
    pub fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Self {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let base = format!("http://{}", std_listener.local_addr().expect("addr"));
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let written = Arc::new(AtomicU64::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(Semaphore::new(0));
        let (s, w, r, g) = (
            seen.clone(),
            written.clone(),
            requests.clone(),
            gate.clone(),
        );
        let handler = Arc::new(handler);
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).expect("listener");
                loop {
                    let Ok((sock, _)) = listener.accept().await else {
                        return;
                    };
                    let (s, w, r, g, h) =
                        (s.clone(), w.clone(), r.clone(), g.clone(), handler.clone());
                    tokio::spawn(async move { serve(sock, &*h, &s, &w, &r, &g).await });
                }
            });
        });
        RawServer {
            base,
            seen,
            written,
            requests,
            gate,
        }
    }

    /// Let `n` gated replies go.
    pub fn release(&self, n: usize) {
        self.gate.add_permits(n);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("seen").clone()
    }

    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut sock: TcpStream,
    handler: &(dyn Fn(&Seen) -> Reply + Send + Sync),
    seen: &std::sync::Mutex<Vec<Seen>>,
    written: &AtomicU64,
    requests: &AtomicUsize,
    gate: &Semaphore,
) {
    // One request per connection: every reply closes it.
    let Some(req) = read_request(&mut sock).await else {
        return;
    };
    requests.fetch_add(1, Ordering::SeqCst);
    seen.lock().expect("seen").push(req.clone());
    match handler(&req) {
        Reply::Bytes(b) => {
            let _ = sock.write_all(&b).await;
            let _ = sock.shutdown().await;
        }
        Reply::Gated(b) => {
            if let Ok(p) = gate.acquire().await {
                p.forget();
            }
            let _ = sock.write_all(&b).await;
            let _ = sock.shutdown().await;
        }
        Reply::Hang => {
            let mut sink = [0u8; 1024];
            while sock.read(&mut sink).await.is_ok_and(|n| n > 0) {}
        }
        Reply::Endless {
            head,
            chunk,
            chunked,
            limit,
        } => {
            if sock.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let frame = if chunked {
                let mut f = format!("{:x}\r\n", chunk.len()).into_bytes();
                f.extend_from_slice(&chunk);
                f.extend_from_slice(b"\r\n");
                f
            } else {
                chunk
            };
            while written.load(Ordering::SeqCst) < limit {
                if sock.write_all(&frame).await.is_err() {
                    return;
                }
                written.fetch_add(frame.len() as u64, Ordering::SeqCst);
            }
        }
    }
}

async fn read_request(sock: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&tmp[..n]);
    }
    Some(Seen {
        method,
        path,
        headers,
        body,
    })
}
