//! The conformance judge on fixture specs, in-process: a spec whose example contradicts
//! its own schema is reported, not failed; a generated type that really is wrong (the
//! collision typify makes without `hoist_colliding_inline_schemas`) still fails.

mod conformance_check;

use conformance_check::TypeUnderTest;
use conformance_check::validate::{SpecSchemas, violations};
use dwolla_api_codegen::generate::{self, Options};
use dwolla_api_codegen::transforms::TRANSFORMS;
use dwolla_api_codegen::{Value, conformance};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

/// A hand-written stand-in for a generated type: serde only, no JSON Schema.
struct Mirror<T> {
    pointer: String,
    type_name: &'static str,
    _t: std::marker::PhantomData<T>,
}

fn mirror<T>(pointer: &str, type_name: &'static str) -> Mirror<T> {
    Mirror {
        pointer: pointer.to_string(),
        type_name,
        _t: std::marker::PhantomData,
    }
}

impl<T: DeserializeOwned + Serialize> TypeUnderTest for Mirror<T> {
    fn pointer(&self) -> &str {
        &self.pointer
    }
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn json_schema(&self) -> Option<Value> {
        None
    }
    fn roundtrip(&self, example: Value) -> Result<Value, String> {
        let typed: T = serde_path_to_error::deserialize(example)
            .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
        serde_json::to_value(&typed).map_err(|e| e.to_string())
    }
}

/// Run the pipeline's transforms on `doc`, except those named in `skip`.
fn transformed(mut doc: Value, skip: &[&str]) -> Value {
    for (name, transform) in TRANSFORMS {
        if !skip.contains(name) {
            transform(&mut doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    doc
}

/// The generated code for a transformed fixture, and the registry's pointer for `type_name`.
fn generated(doc: &Value, type_name: &str) -> (String, String) {
    let g = generate::generate(doc, &Options::default()).expect("the fixture generates");
    let reg = conformance::registry(doc, &g.type_names);
    let pointer = reg
        .entries
        .iter()
        .find(|e| e.type_name == type_name)
        .unwrap_or_else(|| panic!("the registry pairs {type_name}: {:?}", reg.entries))
        .pointer
        .clone();
    (g.code, pointer)
}

/// The body of `pub struct name { … }` in generated code.
fn struct_body<'c>(code: &'c str, name: &str) -> &'c str {
    let start = code
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("no struct {name}"));
    let rest = &code[start..];
    &rest[..rest.find("\n}").expect("a struct ends")]
}

/// Dwolla's micro-deposit shape: an amount whose `value` the schema says is a string,
/// with an example that gives a number (as a real revision does).
fn self_contradicting() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "defect", "version": "1" },
        "paths": { "/funding-sources/{id}/micro-deposits": { "post": {
            "operationId": "verifyMicroDeposits",
            "parameters": [{ "name": "id", "in": "path", "required": true,
                             "schema": { "type": "string" } }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["amount1"],
                "properties": { "amount1": {
                    "$ref": "#/components/schemas/Amount",
                    "example": { "value": 0.02, "currency": "USD" } } }
            } } } },
            "responses": { "200": { "description": "ok" } }
        } } },
        "components": { "schemas": { "Amount": {
            "type": "object", "required": ["value", "currency"],
            "properties": {
                "value": { "type": "string", "example": "0.03" },
                "currency": { "type": "string", "example": "USD" } }
        } } }
    })
}

#[derive(serde::Deserialize, Serialize)]
struct Amount {
    value: String,
    currency: String,
}

#[derive(serde::Deserialize, Serialize)]
#[allow(dead_code)]
struct VerifyMicroDepositsBody {
    amount1: Amount,
}

#[test]
fn an_example_its_own_schema_rejects_is_a_reported_defect_not_a_failure() {
    let doc = transformed(self_contradicting(), &[]);
    let (code, body) = generated(&doc, "VerifyMicroDepositsBody");
    assert!(struct_body(&code, "Amount").contains("pub value: ::std::string::String"));
    let body_type = mirror::<VerifyMicroDepositsBody>(&body, "VerifyMicroDepositsBody");
    let amount = mirror::<Amount>("#/components/schemas/Amount", "Amount");
    let report = conformance_check::judge(&doc, &[&body_type, &amount]);

    assert!(report.failures.is_empty(), "{:?}", report.failures);
    // Found twice: in the body's example (judged with its type) and where it is written,
    // on the `amount1` property (judged with the rest of the document's examples).
    assert_eq!(report.defects.len(), 2, "{}", report.summary());
    let defect = &report.defects[0];
    assert_eq!(defect.type_name, "VerifyMicroDepositsBody");
    let written = &report.defects[1];
    assert!(
        written
            .example
            .ends_with("/schema/properties/amount1/example"),
        "{}",
        written.example
    );
    assert_eq!(written.violations[0].instance, "/value");
    assert_eq!(defect.violations[0].instance, "/amount1/value");
    assert!(
        defect.violations[0]
            .rule
            .ends_with("/properties/value/type"),
        "{}",
        defect.violations[0]
    );
    assert!(
        report.summary().contains("2 spec defects"),
        "{}",
        report.summary()
    );
    // Amount's own example (composed from its properties) is valid and round-trips.
    assert_eq!(report.examples_checked, 1);
}

/// `codegen/tests/collision.rs`'s fixture, with an example for `FooBar`.
fn collision() -> Value {
    let mut doc: Value =
        serde_json::from_str(include_str!("../codegen/tests/fixtures/collision.json"))
            .expect("the collision fixture is JSON");
    doc["components"]["schemas"]["FooBar"]["example"] = json!({ "baz": { "y": 1 } });
    doc
}

/// What typify generates for `FooBar` without the hoist: `baz` gets `Foo.barBaz`'s type.
#[derive(serde::Deserialize, Serialize)]
struct FooBar {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    baz: Option<FooBarBaz>,
}

#[derive(serde::Deserialize, Serialize)]
struct FooBarBaz {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x: Option<String>,
}

#[test]
fn a_type_that_loses_a_property_the_valid_example_has_still_fails() {
    let doc = transformed(collision(), &["hoist_colliding_inline_schemas"]);
    let (code, pointer) = generated(&doc, "FooBar");
    // The stand-ins are what typify made: `FooBar.baz` is the one `FooBarBaz`, with `x` only.
    assert!(struct_body(&code, "FooBar").contains("pub baz: ::std::option::Option<FooBarBaz>"));
    let shared = struct_body(&code, "FooBarBaz");
    assert!(
        shared.contains("pub x:") && !shared.contains("pub y:"),
        "{shared}"
    );

    let foo_bar = mirror::<FooBar>(&pointer, "FooBar");
    let report = conformance_check::judge(&doc, &[&foo_bar]);
    assert!(report.defects.is_empty(), "{}", report.summary());
    assert_eq!(
        report.failures,
        [
            "#/components/schemas/FooBar (example) through FooBar: /baz/y: 1 in the example, missing after the round trip"
        ]
    );
}

#[test]
fn the_validator_reads_openapi_nullable_refs_and_ignores_openapi_only_keywords() {
    let spec = json!({
        "openapi": "3.0.3",
        "paths": { "/a/{id}": { "get": { "responses": { "200": { "description": "ok",
            "content": { "application/json": { "schema": {
                "type": "object", "properties": { "b": { "$ref": "#/components/schemas/B" } }
            } } } } } } } },
        "components": { "schemas": {
            "B": { "type": "object", "required": ["n"], "readOnly": true, "x-extra": { "type": "integer" },
                   "discriminator": { "propertyName": "n" }, "example": 5,
                   "properties": { "n": { "type": "string", "nullable": true },
                                   "kind": { "oneOf": [ { "type": "string", "enum": ["a"] }, { "type": "string" } ] },
                                   "c": { "allOf": [{ "$ref": "#/components/schemas/C" }], "nullable": true } } },
            "C": { "type": "integer", "minimum": 0 }
        } }
    });
    let schemas = SpecSchemas::new(&spec);
    let b = schemas
        .validator("#/components/schemas/B")
        .expect("B compiles");
    // `nullable`, a known value of an open enum (both `oneOf` branches), a nullable `$ref`.
    assert!(violations(&b, &json!({ "n": null, "kind": "a", "c": null })).is_empty());
    assert!(violations(&b, &json!({ "n": "x", "kind": "zzz", "c": 3 })).is_empty());
    let wrong = violations(&b, &json!({ "n": 1, "c": -1 }));
    let at: Vec<&str> = wrong.iter().map(|v| v.instance.as_str()).collect();
    assert!(at.contains(&"/n") && at.contains(&"/c"), "{wrong:?}");
    // A path template's braces in an inline schema's pointer.
    let inline = "#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema";
    let a = schemas
        .validator(inline)
        .expect("the inline schema compiles");
    assert!(!violations(&a, &json!({ "b": { "n": 2 } })).is_empty());
    assert!(violations(&a, &json!({ "b": { "n": "2" } })).is_empty());
}

#[test]
fn an_example_whose_schema_the_validator_cannot_compile_is_judged_strictly_and_said_so() {
    let mut doc = transformed(self_contradicting(), &[]);
    doc["components"]["schemas"]["Amount"]["properties"]["value"]["pattern"] = json!("[");
    doc["components"]["schemas"]["Amount"]["example"] = json!({ "value": 1, "currency": "USD" });
    let amount = mirror::<Amount>("#/components/schemas/Amount", "Amount");
    let report = conformance_check::judge(&doc, &[&amount]);
    let typed: Vec<&String> = report
        .unvalidated
        .iter()
        .filter(|u| u.starts_with("#/components/schemas/Amount (example)"))
        .collect();
    assert_eq!(typed.len(), 1, "{}", report.summary());
    // The document-wide pass cannot check the examples under Amount either, and says why.
    assert!(
        report
            .unvalidated
            .iter()
            .all(|u| u.contains(r#""[" is not a "regex""#)),
        "{}",
        report.summary()
    );
    assert!(
        report
            .summary()
            .contains("not checked against the spec's schema")
    );
    assert!(report.defects.is_empty());
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    assert!(
        report.failures[0].contains("does not deserialise into Amount"),
        "{}",
        report.failures[0]
    );
}

/// A stand-in with a given JSON Schema, whose round trip is the identity.
struct Shaped {
    pointer: &'static str,
    type_name: &'static str,
    schema: Value,
}

impl TypeUnderTest for Shaped {
    fn pointer(&self) -> &str {
        self.pointer
    }
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn json_schema(&self) -> Option<Value> {
        Some(self.schema.clone())
    }
    fn roundtrip(&self, example: Value) -> Result<Value, String> {
        Ok(example)
    }
}

#[test]
fn a_schema_that_contradicts_itself_is_a_reported_defect_not_a_failure() {
    // Shapes from Dwolla's 2025 revisions: `Address` requires `country` without defining
    // it; `DuplicateResourceSchema` is `type: string` with `properties`.
    let spec = json!({
        "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {},
        "components": { "schemas": {
            "Address": { "type": "object", "required": ["city", "country"],
                         "properties": { "city": { "type": "string" } } },
            "Duplicate": { "type": "string", "example": "DuplicateResource",
                           "properties": { "message": { "type": "string" } } }
        } }
    });
    // What typify makes of them: a field of any value for `country`; a string.
    let address = Shaped {
        pointer: "#/components/schemas/Address",
        type_name: "Address",
        schema: json!({ "type": "object", "required": ["city", "country"],
                        "properties": { "city": { "type": "string" }, "country": true } }),
    };
    let duplicate = Shaped {
        pointer: "#/components/schemas/Duplicate",
        type_name: "Duplicate",
        schema: json!({ "type": "string" }),
    };
    let report = conformance_check::judge(&spec, &[&address, &duplicate]);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.schema_defects.len(), 2, "{}", report.summary());
    assert!(
        report.schema_defects[0].contains("#/components/schemas/Address requires [\"country\"]"),
        "{}",
        report.schema_defects[0]
    );
    assert!(
        report.schema_defects[1].contains("has `type: string` and `properties`"),
        "{}",
        report.schema_defects[1]
    );
    assert!(report.summary().contains("2 self-contradicting schemas"));
    // A type that really lacks a defined property still fails.
    let wrong = Shaped {
        pointer: "#/components/schemas/Address",
        type_name: "Address",
        schema: json!({ "type": "object", "required": ["country"],
                        "properties": { "country": true } }),
    };
    let report = conformance_check::judge(&spec, &[&wrong]);
    assert_eq!(report.failures.len(), 2, "{:?}", report.failures);
}
