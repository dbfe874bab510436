//! What a call returns: a generated operation's success decoded into a [`Response`] (its
//! `send()` ends here, after the one driver), and a raw request's body read whole.

use std::future::Future;

use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::{Error, Result};
use crate::location::Created;
use crate::transport::{ClientState, Sent, SentKey, key_text};

/// A successful call's answer: [`into_inner`](Self::into_inner) for the body (typed as
/// the spec declares it), [`created`](Self::created) for what a create made.
///
/// ```no_run
/// # #[cfg(all(dwolla_role = "create_customer.body", dwolla_field = "get_customer.path.id"))]
/// # async fn run(client: dwolla_api::Client, customer: dwolla_api::ops::create_customer::Body) -> Result<(), dwolla_api::Error> {
/// let created = client.create_customer().body(customer).send().await?.created()?;
/// let customer = client.get_customer().id(created.id()).send().await?.into_inner();
/// # let _ = customer; Ok(()) }
/// ```
pub struct Response<T> {
    value: ResponseValue<T>,
    location: Option<std::result::Result<Created, String>>,
    key: Option<SentKey>,
}

impl<T> Response<T> {
    pub(crate) fn new(
        value: ResponseValue<T>,
        location: Option<std::result::Result<Created, String>>,
        key: Option<SentKey>,
    ) -> Self {
        Self {
            value,
            location,
            key,
        }
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// The decoded body, by reference.
    pub fn body(&self) -> &T {
        &self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.value.status().as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.value.headers()
    }

    /// The `Idempotency-Key` the request was sent with (a `POST`'s), if any.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.key.as_ref().and_then(SentKey::as_str)
    }

    /// The created resource: a `201` whose `Location` is on the API origin, else an
    /// [`ErrorKind::Location`](crate::ErrorKind::Location) error carrying the key (the
    /// resource may exist all the same: send again with that key to find out).
    pub fn created(&self) -> Result<Created> {
        let status = self.value.status();
        Created::outcome(self.location.as_ref(), status, key_text(self.key.as_ref()))
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.value.status())
            .field("body", &*self.value)
            .finish_non_exhaustive()
    }
}

/// Send a generated operation's `request` and decode its success with `decode`.
pub(crate) async fn send<T, E, Fut>(
    state: &ClientState,
    request: reqwest::Request,
    operation: &'static str,
    key: Option<String>,
    decode: impl FnOnce(reqwest::Response) -> Fut,
) -> Result<Response<T>>
where
    Fut: Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>>,
{
    let is_post = request.method() == reqwest::Method::POST;
    let Sent { response, key } = state.execute(request, operation, key).await?;
    let location = Created::read(&response, &state.base);
    match decode(response).await {
        Ok(value) => Ok(Response::new(value, location, key)),
        Err(e) => {
            let e = match e {
                // A POST answered with a 2xx its spec does not declare (200, 202 where it
                // says 201): whatever it made, the key finds it again.
                progenitor_client::Error::UnexpectedResponse(r)
                    if is_post && r.status().is_success() =>
                {
                    crate::location::not_created(r.status())
                }
                e => decode_error(e, state),
            };
            Err(e.with_idempotency_key(key_text(key.as_ref())))
        }
    }
}

/// A builder that could not make its request (a parameter unset or unconvertible).
pub(crate) fn request_error<E>(e: progenitor_client::Error<E>) -> Error {
    use progenitor_client::Error as P;
    match e {
        P::InvalidRequest(m) => Error::validation("request", m),
        P::CommunicationError(e) => Error::validation("request", e.without_url().to_string()),
        _ => Error::validation("request", "could not be built"),
    }
}

/// progenitor's error on a success response the driver passed on: a status the spec does
/// not declare, a body that is not the declared type, or one over the cap.
fn decode_error<E>(e: progenitor_client::Error<E>, state: &ClientState) -> Error {
    use progenitor_client::Error as P;
    match e {
        P::UnexpectedResponse(r) => Error::decode(
            Some(r.status()),
            format!(
                "the spec does not declare status {} for this operation",
                r.status()
            ),
        ),
        // serde's message can quote the value (a session secret in a mistyped field): say
        // what was expected, not what came.
        P::InvalidResponsePayload(_, e) => {
            Error::decode(None, crate::redact::serde_message(&e.to_string()))
        }
        P::ErrorResponse(rv) => Error::decode(Some(rv.status()), "undecoded error response"),
        P::ResponseBodyError(e) if crate::body::limit_exceeded(&e) => {
            Error::too_large(None, Some(state.body_cap))
        }
        P::CommunicationError(e) | P::ResponseBodyError(e) | P::InvalidUpgrade(e) => {
            Error::transport(e)
        }
        P::InvalidRequest(m) => Error::validation("request", m),
        P::Custom(m) => Error::config(m),
    }
}

impl ClientState {
    /// [`execute`](Self::execute), then the body read whole (within the body cap): for the
    /// requests no generated operation makes (raw requests, pages, uploads).
    pub(crate) async fn execute_read(
        &self,
        request: reqwest::Request,
        operation: &str,
        key: Option<String>,
    ) -> Result<Read> {
        let Sent { response, key } = self.execute(request, operation, key).await?;
        let status = response.status();
        let location = Created::read(&response, &self.base);
        let headers = response.headers().clone();
        let fail = |e: Error| e.with_idempotency_key(key_text(key.as_ref()));
        let (bytes, truncated) = crate::body::read_capped(response, self.body_cap)
            .await
            .map_err(|e| match crate::body::limit_exceeded(&e) {
                true => fail(Error::too_large(Some(status), Some(self.body_cap))),
                false => fail(Error::transport(e)),
            })?;
        if truncated {
            return Err(fail(Error::too_large(Some(status), Some(self.body_cap))));
        }
        Ok(Read {
            status,
            headers,
            bytes,
            location,
            key,
        })
    }
}

impl Read {
    /// The body decoded as `T`; a mismatch names `what` and the path in the body, never
    /// its values (a field may hold a secret).
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self, what: &str) -> Result<T> {
        let mut de = serde_json::Deserializer::from_slice(&self.bytes);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let why = crate::redact::serde_message(&e.inner().to_string());
            Error::decode(Some(self.status), format!("{what}at `{}`: {why}", e.path()))
        })
    }
}

/// A success read whole.
pub(crate) struct Read {
    pub(crate) status: StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) bytes: bytes::Bytes,
    pub(crate) location: Option<std::result::Result<Created, String>>,
    pub(crate) key: Option<SentKey>,
}
