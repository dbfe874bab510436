//! What an event may leave out: only `id`, `topic` and `resourceId` are required; `created`
//! may be absent, null or unreadable without the webhook being refused.

use dwolla_api::webhooks::{self, WebhookError, WebhookErrorKind, WebhookEvent};

const SECRET: &[u8] = b"dwolla-optional-fields-secret";

fn verify(body: &str) -> Result<WebhookEvent, WebhookError> {
    webhooks::verify(
        SECRET,
        &webhooks::sign(SECRET, body.as_bytes()),
        body.as_bytes(),
    )
}

#[test]
fn a_body_with_only_id_topic_and_resource_id_decodes() {
    let event = verify(r#"{"id":"e","topic":"customer_created","resourceId":"r"}"#).unwrap();
    assert_eq!(
        (
            event.id.as_str(),
            event.topic.as_str(),
            event.resource_id.as_str()
        ),
        ("e", "customer_created", "r")
    );
    assert_eq!(event.created(), None);
    assert_eq!(event.created_raw(), None);
    assert_eq!(event.timestamp(), None);
    assert!(event.links.is_empty());
    assert_eq!(event.correlation_id, None);
}

#[test]
fn each_of_id_topic_and_resource_id_is_required_and_named_when_missing() {
    for (missing, body) in [
        ("id", r#"{"topic":"customer_created","resourceId":"r"}"#),
        ("topic", r#"{"id":"e","resourceId":"r"}"#),
        ("resourceId", r#"{"id":"e","topic":"customer_created"}"#),
    ] {
        let err = verify(body).unwrap_err();
        assert_eq!(err.kind(), WebhookErrorKind::NotAnEvent, "{missing}");
        assert_eq!(err.missing_field(), Some(missing));
        assert!(
            err.to_string()
                .contains(&format!("missing field `{missing}`")),
            "{err}"
        );
    }
}

#[test]
fn an_unparseable_created_is_kept_as_text_not_refused() {
    let event = verify(
        r#"{"id":"e","created":"last tuesday","topic":"customer_created","resourceId":"r"}"#,
    )
    .unwrap();
    assert_eq!(event.created(), None);
    assert_eq!(event.created_raw(), Some("last tuesday"));
}

#[test]
fn a_null_created_is_no_created() {
    let event =
        verify(r#"{"id":"e","created":null,"topic":"customer_created","resourceId":"r"}"#).unwrap();
    assert_eq!(event.created_raw(), None);
}

#[test]
fn a_created_without_fraction_or_with_an_offset_is_read() {
    let event = verify(
        r#"{"id":"e","created":"2015-10-16T10:37:02-05:00","timestamp":"2015-10-16T15:37:02Z","topic":"t","resourceId":"r"}"#,
    )
    .unwrap();
    assert_eq!(
        event.created().map(|t| t.to_rfc3339()).as_deref(),
        Some("2015-10-16T15:37:02+00:00")
    );
    assert_eq!(event.created(), event.timestamp());
}

#[test]
fn a_created_of_the_wrong_type_is_named_without_its_value() {
    let err =
        verify(r#"{"id":"e","created":1445009822,"topic":"t","resourceId":"r"}"#).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::NotAnEvent);
    assert_eq!(err.path(), Some("created"));
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(shown.contains("created"), "{shown}");
        assert!(!shown.contains("1445009822"), "the value leaked: {shown}");
    }
}

#[test]
fn the_raw_created_and_timestamp_survive_serialization() {
    let body = r#"{"id":"e","created":"not a time","timestamp":"2015-10-16T15:37:02.000Z","topic":"t","resourceId":"r"}"#;
    let event = verify(body).unwrap();
    let again: serde_json::Value = serde_json::to_value(&event).unwrap();
    assert_eq!(again["created"], "not a time");
    assert_eq!(again["timestamp"], "2015-10-16T15:37:02.000Z");
}
