//! Per-call state: what one wrapped call's attempts share (its idempotency key, the attempt
//! in progress) and what its hooks hand back (a typed failure, the kept error response).

use std::cell::{Cell, RefCell};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use url::Url;

use crate::error::Error;
use crate::retry::{Try, Verdict};

/// The final non-success response of a call, kept because progenitor's error (for an
/// undecodable body) would lose its status and headers.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The body was longer than [`ERROR_BODY_CAP`]; the rest was not read.
    pub(crate) truncated: bool,
}

/// Per-call context our wrappers set around a generated call. Hooks can only fail with
/// `Error::Custom(String)`, so they leave the typed error here for the wrapper; and the
/// wrapper, which re-runs the generated method to retry, learns each attempt's verdict here.
#[derive(Default)]
pub(crate) struct CallContext {
    /// The caller's `Idempotency-Key`.
    supplied_key: Option<String>,
    /// The key generated on the first attempt, reused by every retry of the call.
    generated_key: Cell<Option<uuid::Uuid>>,
    /// Whether a POST went out with this call's key (so its errors name it).
    pub(crate) key_sent: Cell<bool>,
    /// The attempt in progress.
    pub(crate) attempt: Cell<Try>,
    /// How the latest attempt ended.
    pub(crate) verdict: Cell<Verdict>,
    // Boxed: rare, and the task-local moves the whole context on every poll.
    pub(crate) failure: RefCell<Option<Box<Error>>>,
    pub(crate) response: RefCell<Option<Box<RawResponse>>>,
    /// Where a 201 really came from (after redirects): what its `Location` resolves against.
    pub(crate) created_at: RefCell<Option<Box<Url>>>,
}

impl CallContext {
    /// A context for one call, with the caller's idempotency key if any.
    pub(crate) fn new(supplied_key: Option<String>) -> Self {
        Self {
            supplied_key,
            ..Self::default()
        }
    }

    /// Start attempt `t`: forget what the previous attempt left. A fresh context is already
    /// at the first attempt, and every resend has a new `Try`, so only resends clear anything.
    pub(crate) fn begin(&self, t: Try) {
        if self.attempt.replace(t) != t {
            self.verdict.set(Verdict::Final);
            self.failure.take();
            self.response.take();
            self.created_at.take();
        }
    }

    /// How the latest attempt ended.
    pub(crate) fn verdict(&self) -> Verdict {
        self.verdict.get()
    }

    /// The `Idempotency-Key` this call sent, if it sent one: for its errors.
    pub(crate) fn sent_key(&self) -> Option<String> {
        if !self.key_sent.get() {
            return None;
        }
        match (&self.supplied_key, self.generated_key.get()) {
            (Some(k), _) => Some(k.clone()),
            (None, Some(k)) => Some(k.hyphenated().to_string()),
            (None, None) => None,
        }
    }

    /// This call's idempotency key as a header value.
    pub(crate) fn idempotency_key(&self) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
        if let Some(k) = &self.supplied_key {
            return HeaderValue::from_str(k);
        }
        let key = match self.generated_key.get() {
            Some(k) => k,
            None => {
                let k = uuid::Uuid::new_v4();
                self.generated_key.set(Some(k));
                k
            }
        };
        uuid_header(key)
    }
}

pub(crate) fn uuid_header(
    key: uuid::Uuid,
) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
    let mut buf = uuid::Uuid::encode_buffer();
    HeaderValue::from_str(key.hyphenated().encode_lower(&mut buf))
}

tokio::task_local! {
    pub(crate) static CALL: CallContext;
}

pub(crate) fn stash_failure(e: Error) -> String {
    let message = e.to_string();
    let _ = CALL.try_with(|c| *c.failure.borrow_mut() = Some(Box::new(e)));
    message
}
