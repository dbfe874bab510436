//! The spec change report on parameters and request bodies: added, made required or
//! optional, enum values of request and filter parameters.

mod diff_support;

use diff_support::*;

// ---------------------------------------------------------------- (f) parameters

#[test]
fn optional_parameter_added_is_compatible() {
    let old = seed();
    let mut new = seed();
    add_param(
        &mut new,
        json!({ "name": "limit", "in": "query", "required": false, "schema": { "type": "integer" } }),
    );
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "compatible operation createCustomerExchangeSession: parameter query `limit` added, optional",
        ],
    );
    assert_eq!(
        report.changes[0],
        Change {
            impact: Impact::Compatible,
            subject: op_subject(),
            kind: ChangeKind::ParameterAdded {
                param: "query `limit`".into(),
                required: false,
            },
        }
    );
}

#[test]
fn required_parameter_added_is_breaking() {
    let old = seed();
    let mut new = seed();
    add_param(
        &mut new,
        json!({ "name": "limit", "in": "query", "schema": { "type": "integer" } }),
    );
    add_param(
        &mut new,
        json!({ "name": "X-Partner-Id", "in": "header", "required": true, "schema": { "type": "string" } }),
    );
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   operation createCustomerExchangeSession: parameter header `X-Partner-Id` added, required",
            "compatible operation createCustomerExchangeSession: parameter query `limit` added, optional",
        ],
    );
    assert_eq!(report.counts().breaking, 1);
    assert_eq!(report.counts().compatible, 1);
}

#[test]
fn reserved_header_parameter_added_is_no_change() {
    // `Content-Type` never reaches a signature: the pipeline drops it.
    let old = seed();
    let mut new = seed();
    add_param(
        &mut new,
        json!({ "name": "Content-Type", "in": "header", "required": true, "schema": { "type": "string" } }),
    );
    assert_lines(&run(&old, &new), &[]);
}

// ---------------------------------------------------------------- request body, parameter enums

#[test]
fn new_required_request_body_is_breaking_and_an_optional_one_compatible() {
    let mut old = seed();
    let body = op(&mut old)
        .as_object_mut()
        .unwrap()
        .remove("requestBody")
        .expect("the seed operation takes a body");
    let mut new = old.clone();
    op(&mut new)["requestBody"] = body.clone();
    assert_eq!(body["required"], json!(true));
    let report = run(&old, &new);
    assert_lines(
        &report,
        &["breaking   operation createCustomerExchangeSession: request body added, required"],
    );
    assert_eq!(
        report.changes[0].kind,
        ChangeKind::RequestBodyAdded { required: true }
    );

    op(&mut new)["requestBody"]["required"] = json!(false);
    assert_lines(
        &run(&old, &new),
        &["compatible operation createCustomerExchangeSession: request body added, optional"],
    );
    assert_lines(
        &run(&new, &old),
        &["breaking   operation createCustomerExchangeSession: request body removed"],
    );
}

#[test]
fn request_body_made_required_is_breaking_and_made_optional_compatible() {
    let mut old = seed();
    op(&mut old)["requestBody"]["required"] = json!(false);
    let new = seed();
    let report = run(&old, &new);
    assert_lines(
        &report,
        &["breaking   operation createCustomerExchangeSession: request body made required"],
    );
    assert_eq!(report.changes[0].subject, op_subject());
    assert_lines(
        &run(&new, &old),
        &["compatible operation createCustomerExchangeSession: request body made optional"],
    );
}

#[test]
fn request_body_without_required_is_optional_as_openapi_says() {
    let mut old = seed();
    op(&mut old)["requestBody"]
        .as_object_mut()
        .unwrap()
        .remove("required");
    assert_lines(
        &run(&old, &seed()),
        &["breaking   operation createCustomerExchangeSession: request body made required"],
    );
}

#[test]
fn request_parameter_enum_value_removed_is_breaking_and_added_compatible() {
    let mut old = seed();
    add_param(&mut old, enum_param("X-Mode", "header", &["live", "test"]));
    let mut new = seed();
    add_param(
        &mut new,
        enum_param("X-Mode", "header", &["live", "sandbox"]),
    );
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "compatible operation createCustomerExchangeSession: parameter header `X-Mode`: enum value \"sandbox\" added",
            "breaking   operation createCustomerExchangeSession: parameter header `X-Mode`: enum value \"test\" removed",
        ],
    );
    assert!(report.changes.contains(&Change {
        impact: Impact::Breaking,
        subject: op_subject(),
        kind: ChangeKind::ParameterEnumValueRemoved {
            param: "header `X-Mode`".into(),
            value: "\"test\"".into(),
        },
    }));
}

#[test]
fn filter_parameter_enum_value_added_is_compatible_and_removed_breaking() {
    // A query filter on what a GET returns, also on an array's items.
    let with = |statuses: &[&str]| {
        let mut doc = seed();
        add_retrieve_operation(&mut doc, &["active"]);
        let get = &mut doc["paths"]["/exchange-sessions/{id}"]["get"]["parameters"];
        get.as_array_mut()
            .unwrap()
            .push(enum_param("status", "query", statuses));
        get.as_array_mut()
            .unwrap()
            .push(json!({ "name": "types", "in": "query",
            "schema": { "type": "array", "items": { "type": "string", "enum": statuses } } }));
        doc
    };
    let (old, new) = (
        with(&["active", "expired"]),
        with(&["active", "expired", "used"]),
    );
    assert_lines(
        &run(&old, &new),
        &[
            "compatible operation retrieveExchangeSession: parameter query `status`: enum value \"used\" added",
            "compatible operation retrieveExchangeSession: parameter query `types`[]: enum value \"used\" added",
        ],
    );
    assert_lines(
        &run(&new, &old),
        &[
            "breaking   operation retrieveExchangeSession: parameter query `status`: enum value \"used\" removed",
            "breaking   operation retrieveExchangeSession: parameter query `types`[]: enum value \"used\" removed",
        ],
    );
}

#[test]
fn a_required_idempotency_key_added_changes_nothing_as_the_client_always_sends_one() {
    let old = seed();
    let mut new = seed();
    add_param(
        &mut new,
        json!({ "name": "Idempotency-Key", "in": "header", "required": true, "schema": { "type": "string" } }),
    );
    let report = run(&old, &new);
    // The header is the client's (every builder has `idempotency_key(..)`), never a
    // parameter of the generated call: the signature does not change.
    assert_lines(&report, &[]);
    assert_eq!(report.counts().breaking, 0);
}
