//! Per-call state: what one wrapped call's attempts share (its idempotency keys, the attempt
//! in progress) and what its hooks hand back (a typed failure, the kept error response).
//! It travels explicitly, in the per-call generated client's `inner` slot.

use std::sync::{Mutex, MutexGuard};

use crate::error::Error;
use crate::location::Created;
use crate::retry::{Try, Verdict};
use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

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
    /// A create: the hook reads a 201's `Location` while the response is at hand.
    wants_created: bool,
    state: Mutex<CallState>,
}

#[derive(Default)]
struct CallState {
    /// The key generated for the n-th POST of an attempt, reused by that POST on every
    /// retry: two creates in one call are two keys, each stable across attempts.
    keys: Keys,
    /// Which POST of the attempt in progress comes next.
    next_post: usize,
    /// The key of the latest POST sent, for the call's error.
    sent: Option<usize>,
    attempt: Try,
    verdict: Verdict,
    // Boxed: rare.
    failure: Option<Box<Error>>,
    response: Option<Box<RawResponse>>,
    /// A create's 201 `Location`, resolved against where the response really came from
    /// (after redirects).
    created: Option<Result<Created, Error>>,
}

/// The generated keys of a call's POSTs; the first without an allocation (most calls
/// make one POST).
#[derive(Default)]
struct Keys {
    first: Option<uuid::Uuid>,
    more: Vec<uuid::Uuid>,
}

impl Keys {
    fn get(&self, n: usize) -> Option<uuid::Uuid> {
        match n.checked_sub(1) {
            None => self.first,
            Some(i) => self.more.get(i).copied(),
        }
    }

    /// The key of the `n`-th POST, made when it is the next one not yet made.
    fn get_or_make(&mut self, n: usize) -> uuid::Uuid {
        if let Some(k) = self.get(n) {
            return k;
        }
        let k = uuid::Uuid::new_v4();
        match self.first {
            None => self.first = Some(k),
            Some(_) => self.more.push(k),
        }
        k
    }
}

impl CallContext {
    /// A context for one call, with the caller's idempotency key if any.
    pub(crate) fn new(supplied_key: Option<String>) -> Self {
        Self {
            supplied_key,
            ..Self::default()
        }
    }

    /// A context for a create: its 201's `Location` is read (see [`Self::take_created`]).
    pub(crate) fn for_create(supplied_key: Option<String>) -> Self {
        Self {
            wants_created: true,
            ..Self::new(supplied_key)
        }
    }

    pub(crate) fn wants_created(&self) -> bool {
        self.wants_created
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
            s.created = None;
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
    pub(crate) fn set_created(&self, created: Result<Created, Error>) {
        self.state().created = Some(created);
    }
    /// The created resource of the latest 201, if a hook read one.
    pub(crate) fn take_created(&self) -> Option<Result<Created, Error>> {
        self.state().created.take()
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
        uuid_header(s.keys.get_or_make(n))
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
