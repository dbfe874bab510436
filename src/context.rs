//! Per-call state: what one wrapped call's attempts share (its idempotency keys, the attempt
//! in progress) and what its hooks hand back (a typed failure, the kept error response).
//! It travels explicitly, in the per-call generated client's `inner` slot.

use std::sync::{Mutex, MutexGuard};

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
    /// The body was longer than [`ERROR_BODY_CAP`](crate::ERROR_BODY_CAP); the rest was not read.
    pub(crate) truncated: bool,
}

/// One wrapped call's context. Hooks can only fail with `Error::Custom(String)`, so they
/// leave the typed error here for the wrapper; and the wrapper, which re-runs the generated
/// method to retry, learns each attempt's verdict here. `Sync`: a generated call spawned
/// from the call's closure shares it.
#[derive(Default)]
pub(crate) struct CallContext {
    /// The caller's `Idempotency-Key`, for every POST of the call.
    supplied_key: Option<String>,
    state: Mutex<CallState>,
}

#[derive(Default)]
struct CallState {
    /// The key generated for the n-th POST of an attempt, reused by that POST on every
    /// retry: two creates in one call are two keys, each stable across attempts.
    keys: Vec<uuid::Uuid>,
    /// Which POST of the attempt in progress comes next.
    next_post: usize,
    /// The key of the latest POST sent, for the call's error.
    sent: Option<usize>,
    attempt: Try,
    verdict: Verdict,
    // Boxed: rare.
    failure: Option<Box<Error>>,
    response: Option<Box<RawResponse>>,
    /// Where a 201 really came from (after redirects): what its `Location` resolves against.
    created_at: Option<Box<Url>>,
}

impl CallContext {
    /// A context for one call, with the caller's idempotency key if any.
    pub(crate) fn new(supplied_key: Option<String>) -> Self {
        Self {
            supplied_key,
            ..Self::default()
        }
    }

    fn state(&self) -> MutexGuard<'_, CallState> {
        // A panic elsewhere while holding it leaves plain data: still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Start attempt `t`: POSTs count from the first again, and a resend forgets what the
    /// previous attempt left.
    pub(crate) fn begin(&self, t: Try) {
        let mut s = self.state();
        s.next_post = 0;
        if s.attempt != t {
            s.attempt = t;
            s.verdict = Verdict::Final;
            s.failure = None;
            s.response = None;
            s.created_at = None;
        }
    }

    pub(crate) fn attempt(&self) -> Try {
        self.state().attempt
    }
    pub(crate) fn verdict(&self) -> Verdict {
        self.state().verdict
    }
    pub(crate) fn set_verdict(&self, v: Verdict) {
        self.state().verdict = v;
    }
    pub(crate) fn fail(&self, e: Error) {
        self.state().failure = Some(Box::new(e));
    }
    pub(crate) fn take_failure(&self) -> Option<Error> {
        self.state().failure.take().map(|e| *e)
    }
    pub(crate) fn keep_response(&self, r: RawResponse) {
        self.state().response = Some(Box::new(r));
    }
    pub(crate) fn take_response(&self) -> Option<RawResponse> {
        self.state().response.take().map(|r| *r)
    }
    pub(crate) fn set_created_at(&self, url: &Url) {
        self.state().created_at = Some(Box::new(url.clone()));
    }
    pub(crate) fn take_created_at(&self) -> Option<Url> {
        self.state().created_at.take().map(|u| *u)
    }

    /// The key for the next POST of this attempt, as a header value.
    pub(crate) fn next_key(&self) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
        let mut s = self.state();
        let n = s.next_post;
        s.next_post = n.saturating_add(1);
        s.sent = Some(n);
        if let Some(k) = &self.supplied_key {
            return HeaderValue::from_str(k);
        }
        let key = match s.keys.get(n) {
            Some(k) => *k,
            None => {
                let k = uuid::Uuid::new_v4();
                s.keys.push(k);
                k
            }
        };
        uuid_header(key)
    }

    /// The `Idempotency-Key` of the latest POST this call sent, if any: for its errors.
    pub(crate) fn sent_key(&self) -> Option<String> {
        let s = self.state();
        let n = s.sent?;
        match &self.supplied_key {
            Some(k) => Some(k.clone()),
            None => s.keys.get(n).map(|k| k.hyphenated().to_string()),
        }
    }
}

pub(crate) fn uuid_header(
    key: uuid::Uuid,
) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
    let mut buf = uuid::Uuid::encode_buffer();
    HeaderValue::from_str(key.hyphenated().encode_lower(&mut buf))
}
