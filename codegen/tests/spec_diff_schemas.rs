//! The spec change report on component schemas: required properties, enum values, type changes.

mod diff_support;

use diff_support::*;

// ---------------------------------------------------------------- (c) required property

#[test]
fn required_request_property_added_is_breaking() {
    let old = seed();
    let mut new = seed();
    let web = schema(&mut new, WEB);
    web["properties"]["email"] = json!({ "type": "string", "format": "email" });
    push_required(web, "email");
    // Nested: a required link inside `_links`; and an optional top-level property.
    let links = &mut web["properties"]["_links"];
    links["properties"]["customer"] = json!({
        "type": "object",
        "required": ["href"],
        "properties": { "href": { "type": "string", "format": "uri" } }
    });
    push_required(links, "customer");
    web["properties"]["nickname"] = json!({ "type": "string" });

    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   schema CreateCustomerExchangeSessionForWeb: property `_links.customer` added, required",
            "breaking   schema CreateCustomerExchangeSessionForWeb: property `email` added, required",
            "compatible schema CreateCustomerExchangeSessionForWeb: property `nickname` added, optional",
        ],
    );
    assert_eq!(
        report.changes[1],
        Change {
            impact: Impact::Breaking,
            subject: Subject::Schema(WEB.into()),
            kind: ChangeKind::PropertyAdded {
                path: "email".into(),
                required: true,
            },
        }
    );
}

#[test]
fn request_property_made_required_is_breaking() {
    let mut old = seed();
    schema(&mut old, WEB)["properties"]["nickname"] = json!({ "type": "string" });
    let mut new = old.clone();
    push_required(schema(&mut new, WEB), "nickname");
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   schema CreateCustomerExchangeSessionForWeb: property `nickname` made required",
        ],
    );
    // Made optional again: requests that send it still work.
    let report = run(&new, &old);
    assert_lines(
        &report,
        &[
            "compatible schema CreateCustomerExchangeSessionForWeb: property `nickname` made optional",
        ],
    );
}

#[test]
fn required_property_added_to_response_only_schema_is_compatible() {
    let mut old = seed();
    add_retrieve_operation(&mut old, &["active", "expired"]);
    let mut new = old.clone();
    let s = schema(&mut new, "ExchangeSession");
    s["properties"]["customerId"] = json!({ "type": "string" });
    // `customerId` added as required; `id` no longer required: readers may miss it.
    s["required"] = json!(["customerId"]);
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   schema ExchangeSession: property `id` made optional",
            "compatible schema ExchangeSession: property `customerId` added, required",
        ],
    );
}

// ---------------------------------------------------------------- (d) enum values

#[test]
fn request_enum_value_added_is_compatible_and_removed_is_breaking() {
    let with_kinds = |kinds: &[&str]| {
        let mut doc = seed();
        schema(&mut doc, WEB)["properties"]["platform"] =
            json!({ "type": "string", "enum": kinds });
        doc
    };
    let old = with_kinds(&["web", "ios"]);
    let new = with_kinds(&["web", "ios", "android"]);
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "compatible schema CreateCustomerExchangeSessionForWeb: enum value \"android\" added to `platform`",
        ],
    );
    assert_eq!(
        report.changes[0].kind,
        ChangeKind::EnumValueAdded {
            path: "platform".into(),
            value: "\"android\"".into(),
        }
    );

    let report = run(&new, &old);
    assert_lines(
        &report,
        &[
            "breaking   schema CreateCustomerExchangeSessionForWeb: enum value \"android\" removed from `platform`",
        ],
    );
}

#[test]
fn response_enum_value_added_is_compatible_and_removed_is_breaking() {
    let with_statuses = |statuses: &[&str]| {
        let mut doc = seed();
        add_retrieve_operation(&mut doc, statuses);
        doc
    };
    let old = with_statuses(&["active", "expired"]);
    let new = with_statuses(&["active", "expired", "completed"]);
    // The pipeline opens response enums: the documented values live in `...Known`.
    let report = run(&old, &new);
    assert_lines(
        &report,
        &["compatible schema ExchangeSessionStatusKnown: enum value \"completed\" added"],
    );
    assert_eq!(
        report.changes[0],
        Change {
            impact: Impact::Compatible,
            subject: Subject::Schema("ExchangeSessionStatusKnown".into()),
            kind: ChangeKind::EnumValueAdded {
                path: String::new(),
                value: "\"completed\"".into(),
            },
        }
    );

    let report = run(&new, &old);
    assert_lines(
        &report,
        &["breaking   schema ExchangeSessionStatusKnown: enum value \"completed\" removed"],
    );
}

// ---------------------------------------------------------------- (e) type changes

#[test]
fn property_type_change_is_breaking() {
    let old = seed();
    let mut new = seed();
    schema(&mut new, WEB)["properties"]["_links"]["properties"]["exchange-partner"]["properties"]
        ["href"] = json!({ "type": "integer", "format": "int64" });
    schema(&mut new, "NotFoundError")["properties"]["code"] = json!({ "type": "integer" });
    let report = run(&old, &new);
    // NotFoundError is no longer referenced after the error bodies are unified, yet the
    // component is still generated: its change is reported too.
    assert_lines(
        &report,
        &[
            "breaking   schema CreateCustomerExchangeSessionForWeb: property `_links.exchange-partner.href` type changed from string (uri) to integer (int64)",
            "breaking   schema NotFoundError: property `code` type changed from string to integer",
        ],
    );
    assert_eq!(
        report.changes[0].kind,
        ChangeKind::TypeChanged {
            path: "_links.exchange-partner.href".into(),
            from: "string (uri)".into(),
            to: "integer (int64)".into(),
        }
    );
}

#[test]
fn parameter_type_change_is_breaking() {
    let old = seed();
    let mut new = seed();
    op(&mut new)["parameters"][0]["schema"] = json!({ "type": "string", "format": "uuid" });
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   operation createCustomerExchangeSession: parameter path `id` type changed from string to string (uuid)",
        ],
    );
    assert_eq!(report.changes[0].subject, op_subject());
}
