//! The spec change report (`dwolla_api_codegen::diff`) on fixture pairs made from the
//! vendored seed spec: each test loads the seed, changes the document in memory and
//! checks the exact report lines, their classification and the example's exit codes.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use dwolla_api_codegen::diff::{
    self, Change, ChangeKind, Impact, Report, Subject, bump_summary, exit_code, parse_args,
};
use dwolla_api_codegen::{Value, load};
use serde_json::{Map, json};

const OP_PATH: &str = "/customers/{id}/exchange-sessions";
const OP_ID: &str = "createCustomerExchangeSession";
const OP_LABEL: &str = "createCustomerExchangeSession (POST /customers/{id}/exchange-sessions)";
const WEB: &str = "CreateCustomerExchangeSessionForWeb";
const REDIRECT: &str = "CreateCustomerExchangeSessionWithRedirect";

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/dwolla.yaml")
}

/// The seed spec, parsed with the crate's loader.
fn seed() -> Value {
    load::read_spec(&seed_path()).expect("the seed spec loads")
}

/// The seed's one operation object.
fn op(doc: &mut Value) -> &mut Value {
    &mut doc["paths"][OP_PATH]["post"]
}

/// A component schema.
fn schema<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    let s = &mut doc["components"]["schemas"][name];
    assert!(s.is_object(), "schema {name} exists");
    s
}

fn push_required(s: &mut Value, name: &str) {
    s["required"]
        .as_array_mut()
        .expect("`required` is a list")
        .push(json!(name));
}

/// Adds `GET /exchange-sessions/{id}` (`retrieveExchangeSession`), whose 200 body is a new
/// component `ExchangeSession` with a string enum `status` holding `statuses`.
fn add_retrieve_operation(doc: &mut Value, statuses: &[&str]) {
    doc["paths"]["/exchange-sessions/{id}"] = json!({
        "get": {
            "tags": ["exchange sessions"],
            "summary": "Retrieve exchange session",
            "operationId": "retrieveExchangeSession",
            "parameters": [
                { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                { "$ref": "#/components/parameters/Accept" }
            ],
            "responses": {
                "200": {
                    "description": "successful operation",
                    "content": {
                        "application/vnd.dwolla.v1.hal+json": {
                            "schema": { "$ref": "#/components/schemas/ExchangeSession" }
                        }
                    }
                },
                "404": {
                    "description": "Not Found",
                    "content": {
                        "application/vnd.dwolla.v1.hal+json": {
                            "schema": { "$ref": "#/components/schemas/NotFoundError" }
                        }
                    }
                }
            }
        }
    });
    doc["components"]["schemas"]["ExchangeSession"] = json!({
        "title": "ExchangeSession",
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": { "type": "string" },
            "status": { "type": "string", "enum": statuses },
            "created": { "type": "string", "format": "date-time" }
        }
    });
}

fn run(old: &Value, new: &Value) -> Report {
    diff::diff(old, new).expect("both documents compare")
}

/// Asserts the report's lines, that `has_breaking` agrees with them, and the exit codes.
#[track_caller]
fn assert_lines(report: &Report, expected: &[&str]) {
    let lines = report.lines();
    assert_eq!(
        lines, expected,
        "report lines differ; the whole report:\n{report}"
    );
    let breaking = expected.iter().any(|l| l.starts_with("breaking "));
    assert_eq!(report.has_breaking(), breaking, "{report}");
    for c in &report.changes {
        let word = match c.impact {
            Impact::Breaking => "breaking ",
            Impact::Compatible => "compatible ",
        };
        assert!(c.to_string().starts_with(word), "{c}");
    }
    assert_eq!(exit_code(report, true), u8::from(breaking), "{report}");
    assert_eq!(exit_code(report, false), 0, "{report}");
}

fn op_subject() -> Subject {
    Subject::Operation {
        id: OP_ID.into(),
        label: OP_LABEL.into(),
    }
}

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

// ---------------------------------------------------------------- (f) parameters

fn add_param(doc: &mut Value, p: Value) {
    op(doc)["parameters"]
        .as_array_mut()
        .expect("parameters")
        .push(p);
}

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
        json!({ "name": "Idempotency-Key", "in": "header", "required": true, "schema": { "type": "string" } }),
    );
    let report = run(&old, &new);
    assert_lines(
        &report,
        &[
            "breaking   operation createCustomerExchangeSession: parameter header `Idempotency-Key` added, required",
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

// ---------------------------------------------------------------- (g), (h) no changes

#[test]
fn identical_documents_have_no_changes() {
    let old = seed();
    let report = run(&old, &old.clone());
    assert_lines(&report, &[]);
    assert!(report.is_empty());
    assert_eq!(
        report.to_string(),
        "no changes\nsummary: 0 breaking, 0 compatible; operations: 0 added, 0 removed, 0 newly left out; schemas: 0 added, 0 removed"
    );
    let files = diff::diff_files(&seed_path(), &seed_path()).expect("the seed compares");
    assert!(files.is_empty(), "{files}");
}

fn reverse_schemas(doc: &mut Value) {
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    let reversed: Map<String, Value> = std::mem::take(schemas).into_iter().rev().collect();
    *schemas = reversed;
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

// ---------------------------------------------------------------- CLI and build summary

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

#[test]
fn parse_args_takes_two_files_and_the_flag_anywhere() {
    let a = parse_args(args(&["old.yaml", "new.yaml"])).expect("two files");
    assert_eq!(a.old, PathBuf::from("old.yaml"));
    assert_eq!(a.new, PathBuf::from("new.yaml"));
    assert!(!a.fail_on_breaking);

    let a = parse_args(args(&["--fail-on-breaking", "old.yaml", "new.yaml"])).expect("flag first");
    assert!(a.fail_on_breaking);
    assert_eq!(
        (a.old, a.new),
        (PathBuf::from("old.yaml"), PathBuf::from("new.yaml"))
    );
    let a = parse_args(args(&["old.yaml", "new.yaml", "--fail-on-breaking"])).expect("flag last");
    assert!(a.fail_on_breaking);
}

#[test]
fn parse_args_rejects_missing_files_and_unknown_flags() {
    for (list, expected) in [
        (&[][..], "expected two spec files, got 0"),
        (&["old.yaml"][..], "expected two spec files, got 1"),
        (
            &["--fail-on-breaking", "old.yaml"][..],
            "expected two spec files, got 1",
        ),
        (
            &["a.yaml", "b.yaml", "c.yaml"][..],
            "expected two spec files, got 3",
        ),
        (
            &["old.yaml", "new.yaml", "--verbose"][..],
            "unknown option `--verbose`",
        ),
        (&["-x", "old.yaml", "new.yaml"][..], "unknown option `-x`"),
    ] {
        let err = parse_args(args(list)).expect_err("bad arguments");
        assert!(err.starts_with(expected), "{list:?}: {err}");
        assert!(err.ends_with(diff::USAGE), "{list:?}: {err}");
    }
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

fn enum_param(name: &str, location: &str, values: &[&str]) -> Value {
    json!({ "name": name, "in": location, "required": false,
            "schema": { "type": "string", "enum": values } })
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
