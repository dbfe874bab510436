//! What a fake Dwolla remembers: issued tokens, sessions, idempotency keys, the fault
//! queue, counters and the record of every request.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

use super::fault::{Fault, Target};

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// Every header, in arrival order, names lower-case; values that are not UTF-8 are lossy.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Bytes,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// An exchange session the fake created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeSession {
    /// Its id (the last segment of its `Location`).
    pub id: String,
    /// The customer it was created for.
    pub customer_id: String,
    /// The `Idempotency-Key` it was created with.
    pub idempotency_key: String,
    /// The session JSON that `GET /exchange-sessions/{id}` answers.
    pub json: serde_json::Value,
}

/// A script consulted for every API request that no queued fault took.
pub(crate) type Script = dyn Fn(&RecordedRequest) -> Option<Fault> + Send + Sync;

#[derive(Default)]
pub(crate) struct Records {
    pub(crate) token: Vec<RecordedRequest>,
    pub(crate) api: Vec<RecordedRequest>,
}

/// A spent idempotency key: the request it was spent on and what it created.
pub(crate) struct Spent {
    pub(crate) request: (String, Bytes),
    pub(crate) session: String,
}

#[derive(Default)]
pub(crate) struct Store {
    /// Token → still valid.
    pub(crate) tokens: HashMap<String, bool>,
    pub(crate) issued: Vec<String>,
    pub(crate) sessions: HashMap<String, FakeSession>,
    pub(crate) order: Vec<String>,
    pub(crate) keys: HashMap<String, Spent>,
}

/// Everything the server task and the [`FakeDwolla`](super::FakeDwolla) handle share.
pub(crate) struct Shared {
    pub(crate) base: String,
    /// The exact `Authorization` header `/token` accepts.
    pub(crate) basic: String,
    pub(crate) expires_in: AtomicU64,
    pub(crate) history: AtomicBool,
    pub(crate) token_requests: AtomicU64,
    pub(crate) api_requests: AtomicU64,
    pub(crate) sessions_created: AtomicU64,
    pub(crate) records: Mutex<Records>,
    pub(crate) store: Mutex<Store>,
    pub(crate) faults: Mutex<VecDeque<(Target, Fault)>>,
    pub(crate) script: Mutex<Option<Arc<Script>>>,
}

/// Lock, and carry on after a panic elsewhere: the data stays usable for a fake.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    pub(crate) fn new(base: String, basic: String, expires_in: u64) -> Self {
        Shared {
            base,
            basic,
            expires_in: AtomicU64::new(expires_in),
            history: AtomicBool::new(true),
            token_requests: AtomicU64::new(0),
            api_requests: AtomicU64::new(0),
            sessions_created: AtomicU64::new(0),
            records: Mutex::default(),
            store: Mutex::default(),
            faults: Mutex::default(),
            script: Mutex::default(),
        }
    }

    /// Count and (with history on) record a request.
    pub(crate) fn record(&self, request: &RecordedRequest, token: bool) {
        let counter = if token {
            &self.token_requests
        } else {
            &self.api_requests
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if self.history.load(Ordering::Relaxed) {
            let mut records = lock(&self.records);
            let list = if token {
                &mut records.token
            } else {
                &mut records.api
            };
            list.push(request.clone());
        }
    }

    /// The fault for this request: the first queued one that targets it, else (not for
    /// `/token`) the script's.
    pub(crate) fn fault_for(&self, request: &RecordedRequest, token: bool) -> Option<Fault> {
        {
            let mut faults = lock(&self.faults);
            let hit = faults.iter().position(|(target, _)| match target {
                Target::Api => !token,
                Target::Path(p) => *p == request.path,
            });
            if let Some(fault) = hit.and_then(|i| faults.remove(i)) {
                return Some(fault.1);
            }
        }
        if token {
            return None;
        }
        let script = lock(&self.script).clone();
        script.and_then(|s| s(request))
    }

    /// Mint a token valid until [`expire_tokens`](Self::expire_tokens).
    pub(crate) fn issue_token(&self) -> String {
        let mut store = lock(&self.store);
        let token = format!("tok-{}", store.issued.len() + 1);
        store.tokens.insert(token.clone(), true);
        store.issued.push(token.clone());
        token
    }

    pub(crate) fn expire_tokens(&self) {
        for valid in lock(&self.store).tokens.values_mut() {
            *valid = false;
        }
    }

    /// `Some(true)` valid, `Some(false)` expired, `None` never issued.
    pub(crate) fn token_state(&self, token: &str) -> Option<bool> {
        lock(&self.store).tokens.get(token).copied()
    }
}
