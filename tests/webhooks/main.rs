//! Webhooks: signature verification against vectors computed with openssl, event decoding.
//!
//! Every signature below was computed outside the crate, on the fixture file's exact bytes
//! (written with `printf '%s'`, so no trailing newline), with the command beside it, run from
//! `tests/fixtures/webhooks/`.
//!
//! `corpus` runs every event body Dwolla publishes through `verify`; `optional_fields` pins what
//! a body may leave out.

mod corpus;
mod optional_fields;

use dwolla_api::webhooks::{
    self, SignatureProblem, Topic, TopicForm, WebhookError, WebhookErrorKind,
};

const SECRET: &[u8] = b"dwolla-test-webhook-secret";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/webhooks/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// openssl dgst -sha256 -hmac 'dwolla-test-webhook-secret' customer_transfer_created.json
const TRANSFER_SIG: &str = "5103d016886ae59fdcf6811b307f369ec4e2e7ebabb2ae138e36895ae007d842";
// openssl dgst -sha256 -hmac 'not-the-subscription-secret' customer_transfer_created.json
const TRANSFER_SIG_OTHER_SECRET: &str =
    "0becc010a185c911a63c1014f14252c12a7de71cc5a0351955855b4956fe04a6";
// A secret longer than SHA-256's 64-byte block, which HMAC hashes first:
// openssl dgst -sha256 -hmac 'a-subscription-secret-longer-than-the-64-byte-sha256-block-so-hmac-hashes-it-first' customer_transfer_created.json
const LONG_SECRET: &[u8] =
    b"a-subscription-secret-longer-than-the-64-byte-sha256-block-so-hmac-hashes-it-first";
const TRANSFER_SIG_LONG_SECRET: &str =
    "d3a7f49a158d4243896aeb8cf7a994bd0e3f65fc02c0c4cb5c2e9f621dc779f6";
// openssl dgst -sha256 -hmac 'dwolla-test-webhook-secret' connect_transfer_created.json
const CONNECT_TRANSFER_SIG: &str =
    "7e1e39b896d15b3115e062756fe6072174f735e88ca0a8d075a273a020397f6e";
// openssl dgst -sha256 -hmac 'dwolla-test-webhook-secret' connect_external_party_funding_source_created.json
const CONNECT_FUNDING_SOURCE_SIG: &str =
    "45a6a8ce753174bdf19134c0538e7fd991d56d94c4bf49e7019b88264cc91fb8";
// openssl dgst -sha256 -hmac 'dwolla-test-webhook-secret' unknown_topic.json
const UNKNOWN_TOPIC_SIG: &str = "f73aeb4380a227bc383eca246554ee19b816d51a19d9fadee4f38e9a94f2f42a";
// openssl dgst -sha256 -hmac 'dwolla-test-webhook-secret' not_json.txt
const NOT_JSON_SIG: &str = "87fe58a181aaad57894e827bf2aa549bf2c5be5f1ce4896508dad1aab020ef88";
// openssl dgst -sha256 -hmac 'dwolla-test-webhook-secret' missing_resource_id.json
const MISSING_RESOURCE_ID_SIG: &str =
    "c653b902c11b2b930ef14f5830d797e2ade9a6ee5b8e4c244ef02eba20e3db5d";
// openssl dgst -sha256 -hmac 'dwolla-test-webhook-secret' wrong_type_resource_id.json
const WRONG_TYPE_SIG: &str = "ab0007a5ddb97aac97d2215fc701ddf758ae3d4bc6cd5c31b5cafbbfd70deaa5";

fn transfer() -> Vec<u8> {
    fixture("customer_transfer_created.json")
}

fn malformed(signature: &str) -> SignatureProblem {
    match webhooks::verify(SECRET, signature, &transfer())
        .unwrap_err()
        .kind()
    {
        WebhookErrorKind::MalformedSignature(problem) => problem,
        other => panic!("{signature:?}: expected a malformed header, got {other:?}"),
    }
}

// ---- signatures: known answers --------------------------------------------------------------

#[test]
fn a_valid_signature_verifies_and_decodes_the_event() {
    let event = webhooks::verify(SECRET, TRANSFER_SIG, &transfer()).unwrap();
    assert_eq!(event.id, "3c3ec2a7-7bfa-4f9a-9c3a-0d5c6f1a2b41");
    assert_eq!(event.topic, "customer_transfer_created");
    assert_eq!(event.topic(), Topic::CustomerTransferCreated);
    assert_eq!(event.topic_form(), TopicForm::SnakeCase);
    assert_eq!(event.resource_id, "d75a1882-a051-4c92-9631-bfe0b252a24e");
    assert_eq!(event.correlation_id.as_deref(), Some("order-8842"));
    assert_eq!(
        event.created().map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-30T16:19:35.319+00:00")
    );
    assert_eq!(
        event.link("resource"),
        Some("https://api-sandbox.dwolla.com/transfers/d75a1882-a051-4c92-9631-bfe0b252a24e")
    );
    assert_eq!(
        event.links.keys().collect::<Vec<_>>(),
        ["account", "customer", "resource", "self"]
    );
}

#[test]
fn sign_matches_openssl() {
    assert_eq!(webhooks::sign(SECRET, &transfer()), TRANSFER_SIG);
    assert_eq!(
        webhooks::sign(b"not-the-subscription-secret", &transfer()),
        TRANSFER_SIG_OTHER_SECRET
    );
}

#[test]
fn a_secret_longer_than_the_hash_block_matches_openssl() {
    assert_eq!(
        webhooks::sign(LONG_SECRET, &transfer()),
        TRANSFER_SIG_LONG_SECRET
    );
    webhooks::verify(LONG_SECRET, TRANSFER_SIG_LONG_SECRET, &transfer()).unwrap();
}

#[test]
fn one_changed_byte_of_the_body_is_a_bad_signature() {
    let mut body = transfer();
    // "order-8842" -> "order-8843": still a valid event, so only the signature can refuse it.
    let at = body.windows(4).position(|w| w == b"8842").unwrap() + 3;
    body[at] = b'3';
    let err = webhooks::verify(SECRET, TRANSFER_SIG, &body).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::BadSignature);
}

#[test]
fn the_signature_of_another_secret_is_a_bad_signature() {
    let err = webhooks::verify(SECRET, TRANSFER_SIG_OTHER_SECRET, &transfer()).unwrap_err();
    assert!(err.is_bad_signature());
    assert!(err.is_signature_error());
}

#[test]
fn upper_case_hex_is_accepted() {
    webhooks::verify(SECRET, &TRANSFER_SIG.to_ascii_uppercase(), &transfer()).unwrap();
}

#[test]
fn surrounding_whitespace_is_accepted() {
    webhooks::verify(SECRET, &format!(" \t{TRANSFER_SIG}\r\n "), &transfer()).unwrap();
}

#[test]
fn truncated_hex_is_a_length_problem() {
    assert_eq!(
        malformed(&TRANSFER_SIG[..63]),
        SignatureProblem::Length { found: 63 }
    );
    assert_eq!(
        malformed(&TRANSFER_SIG[..32]),
        SignatureProblem::Length { found: 32 }
    );
}

#[test]
fn an_empty_header_is_an_empty_problem() {
    assert_eq!(malformed(""), SignatureProblem::Empty);
    assert_eq!(malformed("   "), SignatureProblem::Empty);
}

#[test]
fn a_sha256_prefix_is_a_prefix_problem() {
    assert_eq!(
        malformed(&format!("sha256={TRANSFER_SIG}")),
        SignatureProblem::Prefix
    );
    assert_eq!(
        malformed(&format!("SHA256={TRANSFER_SIG}")),
        SignatureProblem::Prefix
    );
}

#[test]
fn non_hex_characters_are_a_not_hex_problem() {
    let mut sig = TRANSFER_SIG.to_string();
    sig.replace_range(10..11, "g");
    assert_eq!(malformed(&sig), SignatureProblem::NotHex);
    // 64 bytes, of which two make one non-ASCII character.
    assert_eq!(
        malformed(&format!("{}é", &TRANSFER_SIG[..62])),
        SignatureProblem::NotHex
    );
}

#[test]
fn an_empty_secret_refuses_even_a_matching_signature() {
    let body = transfer();
    let err = webhooks::verify(b"", &webhooks::sign(b"", &body), &body).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::EmptySecret);
    assert!(err.is_signature_error());
}

#[test]
fn sign_round_trips_with_verify() {
    for name in [
        "customer_transfer_created.json",
        "connect_transfer_created.json",
        "connect_external_party_funding_source_created.json",
        "unknown_topic.json",
    ] {
        let body = fixture(name);
        for secret in [SECRET, LONG_SECRET, b"x"] {
            let signature = webhooks::sign(secret, &body);
            assert_eq!(signature.len(), 64);
            assert!(
                signature
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            );
            webhooks::verify(secret, &signature, &body).unwrap();
        }
    }
}

// ---- decoding -------------------------------------------------------------------------------

#[test]
fn a_connect_topic_decodes_and_maps_to_the_same_topic_as_its_snake_case_spelling() {
    let event = webhooks::verify(
        SECRET,
        CONNECT_TRANSFER_SIG,
        &fixture("connect_transfer_created.json"),
    )
    .unwrap();
    assert_eq!(event.topic, "transfer:created");
    assert_eq!(event.topic(), Topic::TransferCreated);
    assert_eq!(event.topic(), Topic::parse("transfer_created"));
    assert_eq!(event.topic_form(), TopicForm::Connect);
    assert_eq!(event.correlation_id, None);
}

#[test]
fn unknown_fields_and_link_relations_are_tolerated() {
    let body = fixture("connect_external_party_funding_source_created.json");
    let event = webhooks::verify(SECRET, CONNECT_FUNDING_SOURCE_SIG, &body).unwrap();
    assert_eq!(event.topic(), Topic::ExternalPartyFundingSourceCreated);
    assert_eq!(event.topic_form(), TopicForm::Connect);
    assert_eq!(
        event.link("external-party"),
        Some(
            "https://api-sandbox.dwolla.com/external-parties/9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c6b5"
        )
    );
}

#[test]
fn an_unknown_topic_decodes_as_other_with_its_raw_name() {
    let event =
        webhooks::verify(SECRET, UNKNOWN_TOPIC_SIG, &fixture("unknown_topic.json")).unwrap();
    assert_eq!(
        event.topic(),
        Topic::Other("customer_hologram_created".into())
    );
    assert!(!event.topic().is_known());
    assert_eq!(event.topic().to_string(), "customer_hologram_created");
    // No links beyond `self`: the others are simply absent.
    assert_eq!(event.link("customer"), None);
}

#[test]
fn a_signed_body_that_is_not_json_is_not_json() {
    let err = webhooks::verify(SECRET, NOT_JSON_SIG, &fixture("not_json.txt")).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::NotJson);
    assert!(!err.is_signature_error());
    assert!(err.to_string().contains("not JSON"), "{err}");
}

#[test]
fn the_signature_is_checked_before_the_body_is_parsed() {
    // Not JSON and signed with another secret: refused for the signature, unread.
    let body = fixture("not_json.txt");
    let err = webhooks::verify(SECRET, TRANSFER_SIG, &body).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::BadSignature);
}

#[test]
fn a_missing_required_field_is_named() {
    let body = fixture("missing_resource_id.json");
    let err = webhooks::verify(SECRET, MISSING_RESOURCE_ID_SIG, &body).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::NotAnEvent);
    assert_eq!(err.missing_field(), Some("resourceId"));
    assert!(
        err.to_string().contains("missing field `resourceId`"),
        "{err}"
    );
}

#[test]
fn a_link_without_href_names_the_link() {
    let body = br#"{"id":"e","created":"2026-11-30T18:00:00Z","topic":"customer_created","resourceId":"r","_links":{"self":{"rel":"x"}}}"#;
    let err = webhooks::verify(SECRET, &webhooks::sign(SECRET, body), body).unwrap_err();
    assert_eq!(err.missing_field(), Some("href"));
    assert_eq!(err.path(), Some("_links.self"));
    assert!(err.to_string().contains("`href` in `_links.self`"), "{err}");
}

#[test]
fn a_field_of_the_wrong_type_is_named_without_its_value() {
    let body = fixture("wrong_type_resource_id.json");
    let err = webhooks::verify(SECRET, WRONG_TYPE_SIG, &body).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::NotAnEvent);
    assert_eq!(err.path(), Some("resourceId"));
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(shown.contains("resourceId"), "{shown}");
        assert!(!shown.contains("987654321"), "the value leaked: {shown}");
    }
}

#[test]
fn json_that_is_not_an_object_is_not_an_event() {
    let body = b"[1, 2, 3]";
    let err = webhooks::verify(SECRET, &webhooks::sign(SECRET, body), body).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::NotAnEvent);
}

#[test]
fn trailing_bytes_after_the_event_are_not_json() {
    let mut body = transfer();
    body.extend_from_slice(b" {}");
    let err = webhooks::verify(SECRET, &webhooks::sign(SECRET, &body), &body).unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::NotJson);
}

// ---- nothing secret in errors ---------------------------------------------------------------

fn every_error() -> Vec<WebhookError> {
    let body = transfer();
    let mut changed = body.clone();
    changed[0] = b' ';
    vec![
        webhooks::verify(SECRET, TRANSFER_SIG_OTHER_SECRET, &body).unwrap_err(),
        webhooks::verify(SECRET, TRANSFER_SIG, &changed).unwrap_err(),
        webhooks::verify(SECRET, "", &body).unwrap_err(),
        webhooks::verify(SECRET, &TRANSFER_SIG[..40], &body).unwrap_err(),
        webhooks::verify(SECRET, &format!("sha256={TRANSFER_SIG}"), &body).unwrap_err(),
        webhooks::verify(SECRET, &"z".repeat(64), &body).unwrap_err(),
        webhooks::verify(b"", TRANSFER_SIG, &body).unwrap_err(),
        webhooks::verify(SECRET, NOT_JSON_SIG, &fixture("not_json.txt")).unwrap_err(),
        webhooks::verify(
            SECRET,
            MISSING_RESOURCE_ID_SIG,
            &fixture("missing_resource_id.json"),
        )
        .unwrap_err(),
        webhooks::verify(
            SECRET,
            WRONG_TYPE_SIG,
            &fixture("wrong_type_resource_id.json"),
        )
        .unwrap_err(),
    ]
}

#[test]
fn errors_never_show_the_secret_or_the_expected_signature() {
    let secret = std::str::from_utf8(SECRET).unwrap();
    let errors = every_error();
    assert_eq!(errors.len(), 10);
    for err in errors {
        for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!shown.contains(secret), "secret in {shown}");
            for expected in [
                TRANSFER_SIG,
                NOT_JSON_SIG,
                WRONG_TYPE_SIG,
                MISSING_RESOURCE_ID_SIG,
            ] {
                assert!(!shown.contains(expected), "expected signature in {shown}");
                assert!(
                    !shown.contains(&expected[..16]),
                    "part of a signature in {shown}"
                );
            }
        }
    }
}

#[test]
fn each_failure_has_its_own_kind() {
    let kinds: Vec<_> = every_error().iter().map(WebhookError::kind).collect();
    use SignatureProblem::*;
    use WebhookErrorKind::*;
    assert_eq!(
        kinds,
        [
            BadSignature,
            BadSignature,
            MalformedSignature(Empty),
            MalformedSignature(Length { found: 40 }),
            MalformedSignature(Prefix),
            MalformedSignature(NotHex),
            EmptySecret,
            NotJson,
            NotAnEvent,
            NotAnEvent,
        ]
    );
}
