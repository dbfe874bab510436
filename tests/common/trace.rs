//! A tracing subscriber for tests: records every span (with fields recorded later), every
//! event, and all of it as text, at every level, per test.
//!
//! One global subscriber routes to the capture of the test running on the current thread.
//! Per-test `set_default` subscribers lose events: tracing caches each callsite's interest
//! globally, and tests starting and ending on other threads race that cache.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};

use super::{CLIENT_SECRET, TOKEN};

/// A span as the subscriber saw it: its name and every field, including those recorded
/// after it was created.
#[derive(Debug, Clone, Default)]
struct SeenSpan {
    name: String,
    fields: BTreeMap<String, String>,
}

/// Records every span and every event (as text) at every level.
#[derive(Clone, Default)]
pub struct Capture {
    spans: Arc<Mutex<Vec<(Id, SeenSpan)>>>,
    events: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
    text: Arc<Mutex<String>>,
}

struct FieldsInto<'a>(&'a mut BTreeMap<String, String>);

impl Visit for FieldsInto<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut seen = SeenSpan {
            name: attrs.metadata().name().to_string(),
            ..SeenSpan::default()
        };
        attrs.record(&mut FieldsInto(&mut seen.fields));
        self.text
            .lock()
            .unwrap()
            .push_str(&format!("span {} {:?}\n", seen.name, seen.fields));
        self.spans.lock().unwrap().push((id.clone(), seen));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some((_, seen)) = spans.iter_mut().rev().find(|(i, _)| i == id) {
            values.record(&mut FieldsInto(&mut seen.fields));
            self.text
                .lock()
                .unwrap()
                .push_str(&format!("record {} {:?}\n", seen.name, seen.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut FieldsInto(&mut fields));
        self.text.lock().unwrap().push_str(&format!(
            "event {} {} {:?}\n",
            event.metadata().target(),
            event.metadata().level(),
            fields
        ));
        self.events.lock().unwrap().push(fields);
    }
}

impl Capture {
    /// The fields of every `dwolla.request` span, in the order they began.
    pub fn requests(&self) -> Vec<BTreeMap<String, String>> {
        self.spans
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, s)| s.name == "dwolla.request")
            .map(|(_, s)| s.fields.clone())
            .collect()
    }

    /// The names of every span, in the order they began.
    pub fn names(&self) -> Vec<String> {
        let spans = self.spans.lock().unwrap();
        spans.iter().map(|(_, s)| s.name.clone()).collect()
    }

    /// Everything captured, one line per span, record and event: for failure messages.
    pub fn text(&self) -> String {
        self.text.lock().unwrap().clone()
    }

    /// The fields of every event whose message is `message`.
    pub fn events_with(&self, message: &str) -> Vec<BTreeMap<String, String>> {
        let events = self.events.lock().unwrap();
        events
            .iter()
            .filter(|e| e.get("message").map(String::as_str) == Some(message))
            .cloned()
            .collect()
    }

    /// Everything captured must be free of secrets, whatever the level.
    pub fn assert_no_secrets(&self) {
        let text = self.text.lock().unwrap().clone();
        assert!(!text.is_empty(), "nothing was captured");
        let lower = text.to_ascii_lowercase();
        for needle in [
            CLIENT_SECRET,
            TOKEN,
            "bearer",
            "basic ",
            "authorization",
            "sig=",
        ] {
            assert!(
                !lower.contains(&needle.to_ascii_lowercase()),
                "{needle:?} leaked into tracing output:\n{text}"
            );
        }
    }
}

thread_local! {
    /// The capture of the test on this thread; a `#[tokio::test]` runtime runs every task of
    /// the test (client, connections, fake server) here.
    static CURRENT: RefCell<Option<Capture>> = const { RefCell::new(None) };
}

/// The global layer: forwards to this thread's capture, if any.
struct Router;

impl Router {
    fn with(f: impl FnOnce(&Capture)) {
        CURRENT.with(|c| {
            if let Some(capture) = c.borrow().as_ref() {
                f(capture)
            }
        })
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Router {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        Router::with(|c| c.on_new_span(attrs, id, ctx))
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        Router::with(|c| c.on_record(id, values, ctx))
    }
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        Router::with(|c| c.on_event(event, ctx))
    }
}

/// Stops this thread's capture when dropped.
pub struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| c.borrow_mut().take());
    }
}

/// Capture what this (current-thread) test's code traces, until the guard is dropped.
pub fn capture() -> (Capture, CaptureGuard) {
    static GLOBAL: Once = Once::new();
    GLOBAL.call_once(|| {
        tracing::subscriber::set_global_default(Registry::default().with(Router))
            .expect("no other global subscriber in this test binary")
    });
    let capture = Capture::default();
    CURRENT.with(|c| *c.borrow_mut() = Some(capture.clone()));
    (capture, CaptureGuard(()))
}
