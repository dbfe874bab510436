//! What every generated operation's `send()` returns: the decoded body, the status and
//! headers, and for a create the resource its `Location` names.

use progenitor_client::ResponseValue;
use reqwest::header::{HeaderMap, HeaderValue};

use crate::error::Result;
use crate::hooks::key_text;
use crate::location::Created;

/// A successful call's answer: [`into_inner`](Self::into_inner) for the body (typed as
/// the spec declares it), [`created`](Self::created) for what a create made.
///
/// ```no_run
/// # #[cfg(all(dwolla_op = "create_customer", dwolla_op = "get_customer"))]
/// # async fn run(client: dwolla_api::Client, customer: dwolla_api::ops::create_customer::Body) -> Result<(), dwolla_api::Error> {
/// let created = client.create_customer().body(customer).send().await?.created()?;
/// let customer = client.get_customer().id(created.id()).send().await?.into_inner();
/// # let _ = customer; Ok(()) }
/// ```
pub struct Response<T> {
    value: ResponseValue<T>,
    location: Option<std::result::Result<Created, String>>,
    key: Option<HeaderValue>,
}

impl<T> Response<T> {
    pub(crate) fn new(
        value: ResponseValue<T>,
        location: Option<std::result::Result<Created, String>>,
        key: Option<HeaderValue>,
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
        self.key.as_ref().and_then(|k| k.to_str().ok())
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
