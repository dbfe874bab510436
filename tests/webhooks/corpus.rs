//! Every event body Dwolla publishes (`tests/fixtures/webhooks/dwolla/`, sources in its
//! `SOURCES.md`) verifies and decodes to its own fields; every documented topic name is known.
//!
//! What each event should decode to is read from the fixture itself as plain JSON
//! (`serde_json::Value`), never written down here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use dwolla_api::webhooks::{self, Topic, TopicForm, WebhookEvent};
use serde_json::Value;

const SECRET: &[u8] = b"dwolla-corpus-test-secret";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks/dwolla")
}

/// Every `.json` fixture: its file name, its exact bytes and those bytes read as plain JSON.
fn bodies() -> Vec<(String, Vec<u8>, Value)> {
    let mut bodies: Vec<_> = std::fs::read_dir(dir())
        .expect("the corpus folder")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes, value)
        })
        .collect();
    bodies.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!bodies.is_empty(), "no fixtures in {}", dir().display());
    bodies
}

/// Signs the exact bytes as Dwolla would and verifies them.
fn verified(name: &str, body: &[u8]) -> WebhookEvent {
    let signature = webhooks::sign(SECRET, body);
    webhooks::verify(SECRET, &signature, body).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn time(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap_or_else(|e| panic!("{raw}: {e}"))
        .with_timezone(&Utc)
}

/// The names in `topics.txt`, without its comments and page headings.
fn documented_topics() -> BTreeSet<String> {
    let text = std::fs::read_to_string(dir().join("topics.txt")).expect("topics.txt");
    let names: BTreeSet<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect();
    assert!(!names.is_empty(), "topics.txt lists no topic");
    names
}

#[test]
fn every_published_body_verifies_and_decodes_to_its_own_id_topic_resource_and_links() {
    for (name, body, expected) in bodies() {
        let event = verified(&name, &body);
        assert_eq!(Some(event.id.as_str()), field(&expected, "id"), "{name}");
        assert_eq!(
            Some(event.topic.as_str()),
            field(&expected, "topic"),
            "{name}"
        );
        assert_eq!(
            Some(event.resource_id.as_str()),
            field(&expected, "resourceId"),
            "{name}"
        );
        assert_eq!(
            event.correlation_id.as_deref(),
            field(&expected, "correlationId"),
            "{name}"
        );
        assert_eq!(event.created_raw(), field(&expected, "created"), "{name}");
        let links: BTreeMap<&str, &str> = event
            .links
            .keys()
            .map(|rel| (rel.as_str(), event.link(rel).unwrap_or_default()))
            .collect();
        let expected_links: BTreeMap<&str, &str> = expected["_links"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(rel, link)| (rel.as_str(), field(link, "href").unwrap_or_default()))
            .collect();
        assert_eq!(links, expected_links, "{name}");
    }
}

#[test]
fn every_published_created_and_timestamp_is_read_as_the_time_it_says() {
    for (name, body, expected) in bodies() {
        let event = verified(&name, &body);
        assert_eq!(
            event.created(),
            field(&expected, "created").map(time),
            "{name}"
        );
        assert_eq!(
            event.timestamp(),
            field(&expected, "timestamp").map(time),
            "{name}"
        );
    }
}

#[test]
fn published_bodies_without_created_decode_with_no_created() {
    let without: Vec<_> = bodies()
        .into_iter()
        .filter(|(_, _, expected)| expected.get("created").is_none())
        .collect();
    // The reason for issue 23: Dwolla publishes bodies without `created`.
    assert!(!without.is_empty(), "every published body has `created`");
    for (name, body, expected) in without {
        let event = verified(&name, &body);
        assert_eq!(event.created(), None, "{name}");
        assert_eq!(event.created_raw(), None, "{name}");
        assert_eq!(
            event.timestamp(),
            field(&expected, "timestamp").map(time),
            "{name}"
        );
    }
}

#[test]
fn every_published_body_has_a_known_topic_in_the_spelling_it_came_in() {
    for (name, body, _) in bodies() {
        let event = verified(&name, &body);
        let topic = event.topic();
        assert!(topic.is_known(), "{name}: {topic:?}");
        assert_eq!(
            topic.name_in(event.topic_form()),
            Some(event.topic.as_str()),
            "{name}"
        );
    }
}

#[test]
fn every_topic_of_a_published_body_is_in_the_documented_list() {
    let documented = documented_topics();
    for (name, _, expected) in bodies() {
        let topic = field(&expected, "topic").unwrap_or_default();
        assert!(
            documented.contains(topic),
            "{name}: {topic} not in topics.txt"
        );
    }
}

#[test]
fn every_documented_topic_name_parses_to_a_known_topic_and_round_trips() {
    for name in documented_topics() {
        let topic = Topic::parse(&name);
        assert!(topic.is_known(), "{name} is {topic:?}");
        assert_eq!(topic.name_in(TopicForm::of(&name)), Some(name.as_str()));
        assert_eq!(Topic::parse(topic.as_str()), topic, "{name}");
        assert_eq!(topic.to_string().parse::<Topic>(), Ok(topic.clone()));
    }
}

#[test]
fn the_real_time_payments_funding_source_topics_are_known() {
    assert_eq!(
        Topic::parse("customer_funding_source_rtp_enabled"),
        Topic::CustomerFundingSourceRtpEnabled
    );
    assert_eq!(
        Topic::parse("customer_funding_source_rtp_disabled"),
        Topic::CustomerFundingSourceRtpDisabled
    );
    assert_eq!(
        Topic::CustomerFundingSourceRtpEnabled.as_str(),
        "customer_funding_source_rtp_enabled"
    );
}

#[test]
fn every_fixture_is_listed_in_sources_and_every_listed_fixture_exists() {
    let sources = std::fs::read_to_string(dir().join("SOURCES.md")).expect("SOURCES.md");
    // The first cell of each row of the bodies table: | `name.json` | source |
    let listed: BTreeSet<String> = sources
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .filter(|cell| cell.ends_with(".json"))
        .map(str::to_owned)
        .collect();
    let present: BTreeSet<String> = bodies().into_iter().map(|(name, ..)| name).collect();
    assert_eq!(listed, present);
}
