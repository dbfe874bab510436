//! The fake Dwolla of `tests/contract.rs`: httpmock mocks shaped as Dwolla answers, and
//! the bodies the contract sends.

use super::*;

pub fn link(href: String, kind: &str) -> Value {
    json!({ "href": href, "type": HAL, "resource-type": kind })
}

/// A HAL resource at `{b}/{collection}/{id}` with `fields`.
pub fn resource(b: &str, collection: &str, id: &str, mut fields: Value) -> Value {
    fields["_links"]["self"] = json!({ "href": format!("{b}/{collection}/{id}"), "type": HAL });
    fields["id"] = json!(id);
    fields
}

pub fn customer_json(b: &str, id: &str) -> Value {
    let fields = json!({ "firstName": "Jane", "lastName": "Merchant", "email": format!("jane+{id}@example.com"),
        "type": "unverified", "status": "unverified", "created": "2026-01-05T17:49:05.000Z" });
    resource(b, "customers", id, fields)
}

/// The create-customer body, and the JSON it sends.
pub fn customer_body() -> (ops::create_customer::Body, Value) {
    let given = json!({ "firstName": "Jane", "lastName": "Merchant", "email": "jane@example.com", "type": "unverified" });
    let body: ops::create_customer::Body = serde_json::from_value(given).unwrap();
    // What the typed body sends: a revision's type may keep fewer of the fields given.
    let sent = serde_json::to_value(&body).unwrap();
    (body, sent)
}

pub fn embedded_len<T: serde::Serialize>(page: &T) -> usize {
    let v = serde_json::to_value(page).unwrap();
    v["_embedded"]["exchange-partners"]
        .as_array()
        .map_or(0, Vec::len)
}

pub fn id_of<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()["id"].clone()
}

/// A UUID v4: the key a POST gets when the caller gives none.
pub fn is_uuid_v4(key: &str) -> bool {
    uuid::Uuid::parse_str(key).is_ok_and(|u| u.get_version_num() == 4)
}

pub fn header(req: &HttpMockRequest, name: &str) -> Option<String> {
    req.headers().get(name)?.to_str().ok().map(String::from)
}

/// A client of the crate's fake Dwolla, retrying at once.
pub fn fast_client(fake: &FakeDwolla) -> Client {
    let now = RetryPolicy::default().initial_backoff(Duration::ZERO);
    let builder = fake.client_builder().retry(now.max_backoff(Duration::ZERO));
    builder.build().unwrap()
}

/// On `s`: first a mock of every API request lacking the bearer token or Dwolla's media
/// type (none should come), then `/token` for the contract's credentials; and a client.
pub async fn dwolla(s: &MockServer) -> dwolla_api::Result<(Mock<'_>, Mock<'_>, Client)> {
    let unauthorised = s
        .mock_async(|when, then| {
            when.is_true(|req| {
                let bearer = header(req, "authorization") == Some(format!("Bearer {TOKEN}"));
                let hal = header(req, "accept").as_deref() == Some(HAL);
                req.uri().path() != "/token" && !(bearer && hal)
            });
            then.status(401);
        })
        .await;
    let token = s
        .mock_async(|when, then| {
            let when = when.method(POST).path("/token");
            when.header("authorization", BASIC).body(FORM);
            let t = json!({ "access_token": TOKEN, "token_type": "bearer", "expires_in": 3600 });
            then.status(200).json_body(t);
        })
        .await;
    let env = Environment::custom(&s.base_url())?;
    let client = Client::builder(env, Credentials::new("id", "secret")).build()?;
    Ok((token, unauthorised, client))
}

/// `GET url` (path and query) answering `body`; no `offset` in `url` requires none sent.
pub async fn get<'a>(s: &'a MockServer, url: &str, body: Value) -> Mock<'a> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let query = url::form_urlencoded::parse(query.as_bytes());
    s.mock_async(|when, then| {
        let mut when = when.method(GET).path(path);
        for (k, v) in query {
            when = when.query_param(k, v);
        }
        if !query.into_iter().any(|(k, _)| k == "offset") {
            when.query_param_missing("offset");
        }
        then.status(200).header("content-type", HAL).json_body(body);
    })
    .await
}

/// A list's HAL pages at `first`, then `&offset=2`, `&offset=4`…: two `items` a page
/// under `_embedded` by the list's name, each `next` absolute, as Dwolla sends it.
pub async fn pages<'a>(s: &'a MockServer, first: &str, items: &[Value]) -> Vec<Mock<'a>> {
    let rel = first[1..].split('?').next().unwrap();
    let sep = if first.contains('?') { '&' } else { '?' };
    let url = |i: usize| match i {
        0 => first.to_string(),
        _ => format!("{first}{sep}offset={}", 2 * i),
    };
    let (b, total, mut mocks) = (s.base_url(), items.len(), Vec::new());
    for (i, chunk) in items.chunks(2).enumerate() {
        let mut links = json!({ "self": link(format!("{b}{}", url(i)), rel) });
        if 2 * (i + 1) < total {
            links["next"] = link(format!("{b}{}", url(i + 1)), rel);
        }
        let body = json!({ "_links": links, "_embedded": { rel: chunk }, "total": total });
        mocks.push(get(s, &url(i), body).await);
    }
    mocks
}

/// `POST path` as `more` asks: 201 with a `Location` of `id` in the path's last collection.
pub async fn create<'a>(
    s: &'a MockServer,
    path: &str,
    id: &str,
    more: impl FnOnce(When) -> When,
) -> Mock<'a> {
    let location = s.url(format!("/{}/{id}", path.rsplit('/').next().unwrap()));
    s.mock_async(|when, then| {
        more(when.method(POST).path(path));
        then.status(201).header("location", location);
    })
    .await
}
