//! Requests the spec does not describe (`Client::request`): any method and path, through
//! the same auth, headers, idempotency keys, retries, origin checks, body caps and error.

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::response::Read;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::location::Created;

/// The HTTP method of a [`Client::request`].
pub use reqwest::Method;

/// A request the spec does not describe, made with [`Client::request`].
///
/// ```no_run
/// # async fn run(client: dwolla_api::Client) -> Result<(), dwolla_api::Error> {
/// use dwolla_api::Method;
/// let party = client
///     .request(Method::POST, "/external-parties")
///     .json(&serde_json::json!({ "name": "Acme" }))
///     .idempotency_key("party-42")
///     .send()
///     .await?
///     .created()?;
/// let json: serde_json::Value = client.request(Method::GET, party.url()).send().await?.json()?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    target: String,
    body: Result<Option<Bytes>>,
    key: Option<String>,
}

impl std::fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body may hold personal data; its size is all `Debug` shows.
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("target", &self.target)
            .field(
                "body_len",
                &self
                    .body
                    .as_ref()
                    .ok()
                    .and_then(|b| b.as_ref().map(Bytes::len)),
            )
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A request the spec does not describe: `target` is a path under the API's base URL
    /// (`/external-parties`) or an absolute URL on the API origin (a `Created`'s URL, a
    /// HAL link); anything else is refused before sending. It goes through the same token,
    /// Dwolla's media types, an `Idempotency-Key` on a POST (reused on its retries),
    /// retries, body caps and errors as every generated operation.
    pub fn request(&self, method: Method, target: impl AsRef<str>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            method,
            target: target.as_ref().to_string(),
            body: Ok(None),
            key: None,
        }
    }
}

impl RawRequest<'_> {
    /// A JSON body, serialised from `value`. A `serde_json::Value` keeps every member, so a
    /// partner's receipt passes through with its fields; for the exact bytes, use
    /// [`json_bytes`](Self::json_bytes).
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.body = serde_json::to_vec(value)
            .map(|v| Some(Bytes::from(v)))
            .map_err(|e| Error::validation("body", format!("does not serialise: {e}")));
        self
    }

    /// A JSON body sent byte for byte as given (checked to be JSON, never re-encoded).
    pub fn json_bytes(mut self, bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        self.body = match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
            Ok(_) => Ok(Some(bytes)),
            Err(e) => Err(Error::validation(
                "body",
                format!(
                    "is not JSON: {}",
                    crate::redact::serde_message(&e.to_string())
                ),
            )),
        };
        self
    }

    /// Your own `Idempotency-Key` (a POST gets a fresh one otherwise, reused on its
    /// retries).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Send it. A non-success answer is an [`Error`] with its status and Dwolla's error;
    /// every error of a POST carries the key it was sent with.
    pub async fn send(self) -> Result<RawResponse> {
        let state = &self.client.api.inner.state;
        let url = target_url(&state.base, &self.target)?;
        let mut builder = state.http.request(self.method, url);
        if let Some(body) = self.body? {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let request = builder.build().map_err(Error::transport)?;
        let read = state.execute_read(request, "request", self.key).await?;
        Ok(RawResponse { read })
    }
}

/// The URL a request's target names: an absolute URL as given (its origin is checked
/// before anything is sent), or a path joined under the base URL. A path with `.` or `..`
/// segments, a backslash or a fragment would go elsewhere than it reads: refused.
fn target_url(base: &Url, target: &str) -> Result<Url> {
    let invalid = |why: &str| Error::validation("target", why.to_string());
    if let Ok(url) = Url::parse(target) {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(&format!(
                "has scheme `{}`; only http(s) URLs on the API origin are sent",
                url.scheme()
            )));
        }
        return Ok(url);
    }
    let path = target.strip_prefix('/').unwrap_or(target);
    let (path_only, _) = path.split_once('?').unwrap_or((path, ""));
    if path.is_empty() {
        return Err(invalid("is empty: name a path such as /external-parties"));
    }
    if path.contains(['\\', '#']) || path.chars().any(|c| c.is_control() || c == ' ') {
        return Err(invalid(
            "has a backslash, a fragment, a space or a control character",
        ));
    }
    if path_only.split('/').any(|s| s == "." || s == "..") {
        return Err(invalid(
            "has `.` or `..` segments, which would leave the path it names",
        ));
    }
    base.join(path)
        .map_err(|e| invalid(&format!("makes no URL: {e}")))
}

/// The answer to a [`RawRequest`]: a success status, its headers and its body (read with
/// the client's body cap).
pub struct RawResponse {
    read: Read,
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.read.status)
            .field("body_len", &self.read.bytes.len())
            .finish_non_exhaustive()
    }
}

impl RawResponse {
    // For uploads, which a spec may not have.
    #[allow(dead_code)]
    pub(crate) fn from_read(read: Read) -> Self {
        Self { read }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.read.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.read.headers
    }

    /// The body as received.
    pub fn bytes(&self) -> &Bytes {
        &self.read.bytes
    }

    /// The body decoded as `T`; a mismatch names the path in the body, never its values.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        self.read.json("")
    }

    /// The created resource: a `201` with a `Location` on the API origin, else an
    /// [`ErrorKind::Location`](crate::ErrorKind::Location) error carrying the key.
    pub fn created(&self) -> Result<Created> {
        let key = crate::transport::key_text(self.read.key.as_ref());
        Created::outcome(self.read.location.as_ref(), self.read.status, key)
    }
}
