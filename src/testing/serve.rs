//! The fake's HTTP side: hyper 1 on a loopback listener (keep-alive), faults first, then
//! Dwolla's token, create and retrieve endpoints; anything else is Dwolla's 404.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::fault::{Fault, JSON, error_body, error_json};
use super::state::{FakeSession, RecordedRequest, Shared, Spent, lock};
use crate::wire::HAL_JSON;

/// Request bodies above this are answered `413` unread.
const BODY_LIMIT: usize = 1024 * 1024;

type Reply = Response<Full<Bytes>>;

/// Returned by the service to make hyper close the connection without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a scripted fault")
    }
}

impl std::error::Error for Dropped {}

/// Accept connections until `stop` changes (or its sender is gone).
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, stop: watch::Receiver<()>) {
    loop {
        let mut stopped = stop.clone();
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stopped.changed() => return,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let mut stopped = stop.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(req, shared.clone()));
            let connection = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stopped.changed() => {}
            }
        });
    }
}

async fn handle(req: Request<Incoming>, shared: Arc<Shared>) -> Result<Reply, Dropped> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            // The rest of the body is not read, so the connection cannot be reused: say so,
            // or the client's next request on it would find it closed.
            let mut r = reply(413, JSON, error_json(413));
            r.headers_mut()
                .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
            return Ok(r);
        }
        Err(_) => return Err(Dropped),
    };
    let request = RecordedRequest {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into(),
                )
            })
            .collect(),
        body,
    };
    let token = request.path == "/token";
    shared.record(&request, token);
    let mut fault = shared.fault_for(&request, token);
    if let Some(Fault::Delay(d)) = fault {
        tokio::time::sleep(d).await;
        fault = None;
    }
    Ok(match fault {
        Some(Fault::Drop) => return Err(Dropped),
        Some(Fault::Respond {
            status,
            headers,
            body,
        }) => {
            let mut r = reply(status, "", body);
            for (n, v) in headers {
                if let (Ok(n), Ok(v)) = (HeaderName::try_from(n), HeaderValue::try_from(v)) {
                    r.headers_mut().append(n, v);
                }
            }
            r
        }
        Some(Fault::ExpiredToken) => expired(),
        Some(Fault::CommitThenFail(status)) => {
            let _committed = route(&shared, &request);
            reply(status, JSON, error_json(status))
        }
        Some(Fault::Delay(_)) | None => route(&shared, &request),
    })
}

fn route(shared: &Shared, req: &RecordedRequest) -> Reply {
    let segments: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    match (req.method.as_str(), segments.as_slice()) {
        (_, ["token"]) => token(shared, req),
        ("POST", ["customers", id, "exchange-sessions"]) if !id.is_empty() => {
            create(shared, req, id)
        }
        ("GET", ["exchange-sessions", id]) => retrieve(shared, req, id),
        _ => reply(404, JSON, error_json(404)),
    }
}

fn token(shared: &Shared, req: &RecordedRequest) -> Reply {
    let oauth =
        |status: u16, error: &str| reply(status, JSON, json!({ "error": error }).to_string());
    if req.method != Method::POST.as_str() {
        return oauth(405, "invalid_request");
    }
    if req.header("authorization") != Some(shared.basic.as_str()) {
        return oauth(401, "invalid_client");
    }
    let form = req
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return oauth(400, "invalid_request");
    }
    let grant = url::form_urlencoded::parse(&req.body)
        .any(|(k, v)| k == "grant_type" && v == "client_credentials");
    if !grant {
        return oauth(400, "unsupported_grant_type");
    }
    let access_token = shared.issue_token();
    let expires_in = shared.expires_in.load(Ordering::Relaxed);
    let body =
        json!({ "access_token": access_token, "token_type": "bearer", "expires_in": expires_in });
    reply(200, JSON, body.to_string())
}

fn expired() -> Reply {
    reply(
        401,
        JSON,
        error_body("ExpiredAccessToken", "Invalid access token."),
    )
}

/// The 401 to answer, if the bearer token is not a valid one.
fn refused(shared: &Shared, req: &RecordedRequest) -> Option<Reply> {
    let token = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "));
    match token.and_then(|t| shared.token_state(t)) {
        Some(true) => None,
        Some(false) => Some(expired()),
        None => Some(reply(
            401,
            JSON,
            error_body("InvalidAccessToken", "Invalid access token."),
        )),
    }
}

fn create(shared: &Shared, req: &RecordedRequest, customer: &str) -> Reply {
    if let Some(r) = refused(shared, req) {
        return r;
    }
    if req.header("content-type") != Some(HAL_JSON) {
        let message = format!("Content-Type must be {HAL_JSON}.");
        return reply(415, JSON, error_body("UnsupportedMediaType", &message));
    }
    if req.header("accept") != Some(HAL_JSON) {
        let message = format!("Accept must be {HAL_JSON}.");
        return reply(406, JSON, error_body("NotAcceptable", &message));
    }
    let Some(key) = req.header("idempotency-key").filter(|k| !k.is_empty()) else {
        return validation("Idempotency-Key is required.", "/Idempotency-Key");
    };
    let body: Option<Value> = serde_json::from_slice(&req.body).ok();
    let partner = body
        .as_ref()
        .and_then(|b| b.pointer("/_links/exchange-partner/href"))
        .and_then(Value::as_str);
    let Some(partner) = partner else {
        return validation("Invalid parameter.", "/_links/exchange-partner/href");
    };
    let id = uuid::Uuid::new_v4().to_string();
    let location = format!("{}/exchange-sessions/{id}", shared.base);
    if !shared.history.load(Ordering::Relaxed) {
        shared.sessions_created.fetch_add(1, Ordering::Relaxed);
        return created(&location);
    }
    let mut store = lock(&shared.store);
    let request = (req.path.clone(), req.body.clone());
    if let Some(spent) = store.keys.get(key) {
        return if spent.request == request {
            created(&format!(
                "{}/exchange-sessions/{}",
                shared.base, spent.session
            ))
        } else {
            let message = "This Idempotency-Key was already used with a different request.";
            reply(409, JSON, error_body("Conflict", message))
        };
    }
    let session = FakeSession {
        id: id.clone(),
        customer_id: customer.to_string(),
        idempotency_key: key.to_string(),
        json: session_json(shared, &id, &location, customer, partner),
    };
    store.keys.insert(
        key.to_string(),
        Spent {
            request,
            session: id.clone(),
        },
    );
    store.sessions.insert(id.clone(), session);
    store.order.push(id);
    shared.sessions_created.fetch_add(1, Ordering::Relaxed);
    created(&location)
}

fn session_json(shared: &Shared, id: &str, location: &str, customer: &str, partner: &str) -> Value {
    let created = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    json!({
        "_links": {
            "self": { "href": location, "type": HAL_JSON, "resource-type": "exchange-session" },
            "exchange-partner": { "href": partner, "type": HAL_JSON, "resource-type": "exchange-partner" },
            "customer": { "href": format!("{}/customers/{customer}", shared.base), "type": HAL_JSON, "resource-type": "customer" },
        },
        "id": id,
        "created": created,
        "externalProviderSessionToken": format!("link-sandbox-{}", uuid::Uuid::new_v4()),
    })
}

fn retrieve(shared: &Shared, req: &RecordedRequest, id: &str) -> Reply {
    if let Some(r) = refused(shared, req) {
        return r;
    }
    match lock(&shared.store).sessions.get(id) {
        Some(s) => reply(200, HAL_JSON, s.json.to_string()),
        None => reply(404, JSON, error_json(404)),
    }
}

fn validation(message: &str, path: &str) -> Reply {
    let body = json!({
        "code": "ValidationError",
        "message": "Validation error(s) present. See embedded errors list for more details.",
        "_embedded": { "errors": [ { "code": "Invalid", "message": message, "path": path } ] },
    });
    reply(400, JSON, body.to_string())
}

fn created(location: &str) -> Reply {
    let mut r = reply(201, "", String::new());
    if let Ok(v) = HeaderValue::try_from(location) {
        r.headers_mut().insert(http::header::LOCATION, v);
    }
    r
}

/// A response; an out-of-range status becomes a 500, an empty `content_type` none.
fn reply(status: u16, content_type: &str, body: String) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let (false, Ok(v)) = (content_type.is_empty(), HeaderValue::try_from(content_type)) {
        r.headers_mut().insert(http::header::CONTENT_TYPE, v);
    }
    r
}
