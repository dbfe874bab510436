//! The event a webhook carries: which fields Dwolla always sends, which it may omit, and their accessors.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::topic::{Topic, TopicForm};

/// The event a webhook carries. Unknown fields are ignored, so new ones never fail decoding.
///
/// Only `id`, `topic` and `resourceId` are required: they are in every event body Dwolla
/// publishes (its developer docs, OpenAPI documents and SDK tests; `tests/fixtures/webhooks/dwolla/`
/// keeps each one). Everything else is missing from at least one of them and is optional here:
/// `created` (absent from the body of a recorded delivery attempt and from the Balance webhooks
/// guide's example, which carry the older `timestamp` instead), `_links` and each link relation,
/// and `correlationId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The event's id. Dwolla may deliver an event more than once: process each id once.
    pub id: String,
    /// The topic exactly as Dwolla sent it; [`WebhookEvent::topic`] parses it.
    pub topic: String,
    /// The id of the resource (customer, transfer, funding source...) the event is about.
    pub resource_id: String,
    /// `_links` by relation: `self` (this event), `account`, `resource`, and `customer` or
    /// `external-party` where there is one. Empty when Dwolla sends none; any relation may be
    /// missing.
    #[serde(rename = "_links", default)]
    pub links: BTreeMap<String, Link>,
    /// The `correlationId` given when the transfer was created, on transfer events that had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// `created` as sent; see [`WebhookEvent::created`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    /// The older `timestamp` as sent; see [`WebhookEvent::timestamp`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
}

/// A link of an event. Other members of the link (`type`, `resource-type`) are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Link {
    /// The URL.
    pub href: String,
}

impl WebhookEvent {
    /// The topic as a known value when it is one, in either spelling; a new topic is
    /// [`Topic::Other`], never an error.
    pub fn topic(&self) -> Topic {
        Topic::parse(&self.topic)
    }

    /// Whether the topic is spelled the Balance way (`customer_transfer_created`) or the
    /// Connect way (`transfer:created`).
    pub fn topic_form(&self) -> TopicForm {
        TopicForm::of(&self.topic)
    }

    /// The `href` of the link `rel`, e.g. `event.link("resource")` for the resource to fetch.
    pub fn link(&self, rel: &str) -> Option<&str> {
        self.links.get(rel).map(|link| link.href.as_str())
    }

    /// When the event was created, from its `created` field. Webhooks may arrive out of order;
    /// this orders them.
    ///
    /// `None` when the body has no `created` (Dwolla omits it in some bodies: use
    /// [`WebhookEvent::timestamp`] then) **or** when its text is not a time this crate reads.
    /// Read are RFC 3339 times with or without fractional seconds, ending in `Z` or an offset
    /// (`2015-10-16T15:37:02.000Z`, `2015-10-16T15:37:02Z`, `2015-10-16T10:37:02-05:00`), and the
    /// same without a zone, taken as UTC, Dwolla's zone. An unreadable `created` does not refuse
    /// the webhook: the event is still genuine, so it decodes and [`WebhookEvent::created_raw`]
    /// keeps the text.
    ///
    /// ```
    /// # use dwolla_api::webhooks;
    /// let body = br#"{"id":"e","topic":"customer_created","resourceId":"r","timestamp":"2015-10-22T14:44:11.407Z"}"#;
    /// let event = webhooks::verify(b"secret", &webhooks::sign(b"secret", body), body)?;
    /// assert_eq!(event.created(), None);
    /// let when = event.created().or_else(|| event.timestamp());
    /// assert_eq!(when.map(|t| t.to_rfc3339()).as_deref(), Some("2015-10-22T14:44:11.407+00:00"));
    /// # Ok::<(), webhooks::WebhookError>(())
    /// ```
    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.created.as_deref().and_then(parse_time)
    }

    /// The `created` field exactly as Dwolla sent it, parseable or not; `None` when absent.
    pub fn created_raw(&self) -> Option<&str> {
        self.created.as_deref()
    }

    /// The older `timestamp` field, read like [`WebhookEvent::created`]. Earlier bodies carry it
    /// beside `created` (always with the same value in Dwolla's examples) or instead of it.
    pub fn timestamp(&self) -> Option<DateTime<Utc>> {
        self.timestamp.as_deref().and_then(parse_time)
    }
}

/// An RFC 3339 time, or one without a zone read as UTC; `None` for anything else.
fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(raw) {
        return Some(time.with_timezone(&Utc));
    }
    // `%.f` also matches no fraction at all.
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> Option<String> {
        parse_time(raw).map(|t| t.to_rfc3339())
    }

    #[test]
    fn created_is_read_with_or_without_fractional_seconds() {
        assert_eq!(
            at("2015-10-16T15:37:02.000Z").as_deref(),
            Some("2015-10-16T15:37:02+00:00")
        );
        assert_eq!(
            at("2021-12-28T20:27:29.06Z").as_deref(),
            Some("2021-12-28T20:27:29.060+00:00")
        );
        assert_eq!(
            at("2015-10-16T15:37:02Z").as_deref(),
            Some("2015-10-16T15:37:02+00:00")
        );
    }

    #[test]
    fn an_offset_is_converted_to_utc() {
        assert_eq!(
            at("2015-10-16T10:37:02.5-05:00").as_deref(),
            Some("2015-10-16T15:37:02.500+00:00")
        );
    }

    #[test]
    fn a_time_without_a_zone_is_read_as_utc() {
        assert_eq!(
            at("2015-10-16T15:37:02.123").as_deref(),
            Some("2015-10-16T15:37:02.123+00:00")
        );
        assert_eq!(
            at("2015-10-16T15:37:02").as_deref(),
            Some("2015-10-16T15:37:02+00:00")
        );
    }

    #[test]
    fn text_that_is_not_a_time_is_none() {
        for raw in [
            "",
            "last tuesday",
            "2015-10-16",
            "2015-13-16T15:37:02Z",
            "2015-10-16T25:37:02Z",
            "1445009822",
            "2015-10-16T15:37:02+99:00",
            "2015-10-16T15:37:02.000Zjunk",
        ] {
            assert_eq!(at(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn an_unreadable_created_keeps_its_text_and_parses_to_none() {
        let event: WebhookEvent = serde_json::from_str(
            r#"{"id":"e","topic":"t","resourceId":"r","created":"yesterday-ish"}"#,
        )
        .unwrap();
        assert_eq!(event.created(), None);
        assert_eq!(event.created_raw(), Some("yesterday-ish"));
    }
}
