//! The spec change report on operations: added, removed, left out; no change for equal or
//! reordered documents; and the build's one-line bump summary.

mod diff_support;

use diff_support::*;

// ---------------------------------------------------------------- (a) operation added

#[test]
fn added_operation_and_its_schema_are_compatible() {
    let old = seed();
    let mut new = seed();
    add_retrieve_operation(&mut new, &["active", "expired"]);
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "compatible operation added: retrieveExchangeSession (GET /exchange-sessions/{id})",
            "compatible schema added: ExchangeSession",
            "compatible schema added: ExchangeSessionStatusKnown",
        ],
    );
    assert_eq!(
        report.changes[0].kind,
        ChangeKind::OperationAdded {
            was_left_out: false
        }
    );
    let n = report.counts();
    assert_eq!((n.operations_added, n.schemas_added), (1, 2));
    assert_eq!(
        report.to_string(),
        "# operations added, removed, left out\n\
         compatible operation added: retrieveExchangeSession (GET /exchange-sessions/{id})\n\
         \n\
         # changes per component schema\n\
         compatible schema added: ExchangeSession\n\
         compatible schema added: ExchangeSessionStatusKnown\n\
         \n\
         # helpers\n\
         helper exchange_session_create: binds in old and new to createCustomerExchangeSession (POST /customers/{id}/exchange-sessions)\n\
         \n\
         summary: 0 breaking, 3 compatible; operations: 1 added, 0 removed, 0 newly left out; schemas: 2 added, 0 removed"
    );
}

// ---------------------------------------------------------------- (b) operation removed

#[test]
fn removed_operation_is_breaking() {
    let old = seed();
    let mut new = seed();
    new["paths"]
        .as_object_mut()
        .expect("paths")
        .remove(OP_PATH)
        .expect("the seed has the operation");
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   operation removed: createCustomerExchangeSession (POST /customers/{id}/exchange-sessions)",
        ],
    );
    assert_eq!(
        report.changes,
        vec![Change {
            impact: Impact::Breaking,
            subject: op_subject(),
            kind: ChangeKind::OperationRemoved,
        }]
    );
    assert_eq!(report.counts().operations_removed, 1);
}

#[test]
fn operation_newly_left_out_is_breaking() {
    let old = seed();
    let mut new = seed();
    let content = &mut op(&mut new)["requestBody"]["content"];
    let body = content["application/vnd.dwolla.v1.hal+json"].clone();
    content["multipart/form-data"] = body;
    content
        .as_object_mut()
        .expect("content")
        .remove("application/vnd.dwolla.v1.hal+json");
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   operation left out: createCustomerExchangeSession (POST /customers/{id}/exchange-sessions): multipart/form-data request body (progenitor 0.15 has no multipart support)",
        ],
    );
    assert_eq!(report.counts().operations_left_out, 1);
}

#[test]
fn removed_request_schema_is_breaking() {
    let old = seed();
    let mut new = seed();
    let body =
        &mut op(&mut new)["requestBody"]["content"]["application/vnd.dwolla.v1.hal+json"]["schema"];
    *body = json!({ "$ref": format!("#/components/schemas/{WEB}") });
    new["components"]["schemas"]
        .as_object_mut()
        .expect("schemas")
        .remove(REDIRECT)
        .expect("the seed has it");
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   operation createCustomerExchangeSession: property `body` type changed from oneOf(CreateCustomerExchangeSessionWithRedirect | CreateCustomerExchangeSessionForWeb) to CreateCustomerExchangeSessionForWeb",
            "breaking   schema removed: CreateCustomerExchangeSessionWithRedirect",
        ],
    );
    assert_eq!(report.counts().schemas_removed, 1);
}

// ---------------------------------------------------------------- (g), (h) no changes

#[test]
fn identical_documents_have_no_changes() {
    let old = seed();
    let report = run(&old, &old.clone());
    assert_lines(&report, &[]);
    assert!(report.is_empty());
    assert_eq!(
        report.to_string(),
        "no changes\n\n# helpers\nhelper exchange_session_create: binds in old and new to createCustomerExchangeSession (POST /customers/{id}/exchange-sessions)\n\nsummary: 0 breaking, 0 compatible; operations: 0 added, 0 removed, 0 newly left out; schemas: 0 added, 0 removed"
    );
    let files = diff::diff_files(&seed_path(), &seed_path()).expect("the seed compares");
    assert!(files.is_empty(), "{files}");
}

#[test]
fn reversed_schema_order_has_no_changes() {
    let old = seed();
    let mut new = seed();
    reverse_schemas(&mut new);
    assert_ne!(
        old["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .keys()
            .collect::<Vec<_>>(),
        new["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .keys()
            .collect::<Vec<_>>(),
        "the order changed"
    );
    assert_lines(&run(&old, &new), &[]);

    // With a response enum the pipeline opens, and the other way round.
    let mut old = seed();
    add_retrieve_operation(&mut old, &["active", "expired"]);
    let mut new = old.clone();
    reverse_schemas(&mut new);
    assert_lines(&run(&old, &new), &[]);
    assert_lines(&run(&new, &old), &[]);
}

#[test]
fn bump_summary_counts_what_a_bump_changes() {
    let old = seed();
    assert_eq!(bump_summary(&old, &old.clone()), None);

    let mut reordered = seed();
    reverse_schemas(&mut reordered);
    assert_eq!(
        bump_summary(&old, &reordered),
        None,
        "a reorder is no change"
    );

    let mut added = seed();
    add_retrieve_operation(&mut added, &["active"]);
    assert_eq!(
        bump_summary(&old, &added).as_deref(),
        Some("1 operations added, 0 removed, 0 newly left out, 0 breaking changes")
    );
    // The operation and both of its schemas (`ExchangeSession`, `ExchangeSessionStatusKnown`).
    assert_eq!(
        bump_summary(&added, &old).as_deref(),
        Some("0 operations added, 1 removed, 0 newly left out, 3 breaking changes")
    );
}
