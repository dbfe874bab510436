//! Fixture helpers of the spec change report tests (`spec_diff_*.rs`): the seed spec,
//! edits to it, and the assertion every test makes on the report it gets.
// Each test file uses some of these helpers and re-exports.
#![allow(dead_code, unused_imports)]

use std::path::{Path, PathBuf};

pub use dwolla_api_codegen::diff::{
    self, Change, ChangeKind, Impact, Report, Subject, bump_summary, exit_code,
};
pub use dwolla_api_codegen::{Value, load};
pub use serde_json::{Map, json};

pub const OP_PATH: &str = "/customers/{id}/exchange-sessions";

pub const OP_ID: &str = "createCustomerExchangeSession";

pub const OP_LABEL: &str = "createCustomerExchangeSession (POST /customers/{id}/exchange-sessions)";

pub const WEB: &str = "CreateCustomerExchangeSessionForWeb";

pub const REDIRECT: &str = "CreateCustomerExchangeSessionWithRedirect";

pub fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/dwolla.yaml")
}

/// The seed spec, parsed with the crate's loader.
pub fn seed() -> Value {
    load::read_spec(&seed_path()).expect("the seed spec loads")
}

/// The seed's one operation object.
pub fn op(doc: &mut Value) -> &mut Value {
    &mut doc["paths"][OP_PATH]["post"]
}

/// A component schema.
pub fn schema<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    let s = &mut doc["components"]["schemas"][name];
    assert!(s.is_object(), "schema {name} exists");
    s
}

pub fn push_required(s: &mut Value, name: &str) {
    s["required"]
        .as_array_mut()
        .expect("`required` is a list")
        .push(json!(name));
}

/// Adds `GET /exchange-sessions/{id}` (`retrieveExchangeSession`), whose 200 body is a new
/// component `ExchangeSession` with a string enum `status` holding `statuses`.
pub fn add_retrieve_operation(doc: &mut Value, statuses: &[&str]) {
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

pub fn run(old: &Value, new: &Value) -> Report {
    diff::diff(old, new).expect("both documents compare")
}

/// Asserts the report's lines, that `has_breaking` agrees with them, and the exit codes.
#[track_caller]
pub fn assert_lines(report: &Report, expected: &[&str]) {
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

pub fn op_subject() -> Subject {
    Subject::Operation {
        id: OP_ID.into(),
        label: OP_LABEL.into(),
    }
}

pub fn add_param(doc: &mut Value, p: Value) {
    op(doc)["parameters"]
        .as_array_mut()
        .expect("parameters")
        .push(p);
}

pub fn reverse_schemas(doc: &mut Value) {
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    let reversed: Map<String, Value> = std::mem::take(schemas).into_iter().rev().collect();
    *schemas = reversed;
}

pub fn enum_param(name: &str, location: &str, values: &[&str]) -> Value {
    json!({ "name": name, "in": location, "required": false,
            "schema": { "type": "string", "enum": values } })
}
