//! The transform table (every transform tested, none panics on a malformed document) and
//! the tests of the first transforms: `check_local_refs`, `stringify_versions`,
//! `downgrade_openapi_31`. Each test: an input fragment, the transform, the fragment it must become.

mod transform_support;

use transform_support::*;

#[test]
fn every_transform_has_a_test_here() {
    let tested = [
        "check_local_refs",
        "normalize_path_keys",
        "stringify_versions",
        "downgrade_openapi_31",
        "normalize_vendor_media_types",
        "drop_reserved_header_params",
        "leave_out_unsupported_operations",
        "unify_error_responses",
        "unify_success_responses",
        "hoist_colliding_inline_schemas",
        "open_response_enums",
    ];
    let names: Vec<&str> = TRANSFORMS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names, tested,
        "a transform was added, removed or reordered: test it here"
    );
}

/// Documents of the wrong shape at the top or one level down, as a broken YAML file gives.
fn malformed_documents() -> Vec<Value> {
    let mut docs = vec![json!(null), json!([]), json!("openapi: 3.0.3"), json!(3)];
    for version in ["3.0.3", "3.1.0"] {
        for (key, value) in [
            ("paths", json!([])),
            ("paths", json!({ "/a": [] })),
            ("paths", json!({ "/a": { "post": "x" } })),
            ("paths", json!({ "/a": { "post": { "responses": [] } } })),
            ("components", json!(5)),
            ("components", json!({ "schemas": [] })),
            ("components", json!({ "schemas": { "A": 1 } })),
        ] {
            let mut d = json!({ "openapi": version, "info": { "title": "t", "version": "1" } });
            d[key] = value;
            docs.push(d);
        }
    }
    docs
}

#[test]
fn every_transform_returns_on_a_malformed_document_instead_of_panicking() {
    for bad in malformed_documents() {
        for (name, transform) in TRANSFORMS {
            let mut d = bad.clone();
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| transform(&mut d)));
            assert!(result.is_ok(), "{name} panicked on {bad}");
        }
    }
}

#[test]
fn unify_error_responses_on_a_document_that_is_not_a_mapping_names_the_root() {
    let err = transforms::unify_error_responses(&mut json!([])).unwrap_err();
    assert_eq!(err.path, "#");
    assert!(err.message.contains("not a mapping"), "{err}");
}

// ---------------------------------------------------------------- check_local_refs

#[test]
fn check_local_refs_dangling_ref_in_a_response_names_operation_and_pointer() {
    let mut d = doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Missing" }
            } } } }
        } } }),
        json!({ "schemas": { "Present": { "type": "object" } } }),
    );
    let err = transforms::check_local_refs(&mut d).unwrap_err();
    assert_eq!(err.operation.as_deref(), Some("createX (POST /x)"));
    assert_eq!(
        err.path,
        "#/paths/~1x/post/responses/200/content/application~1json/schema"
    );
    assert!(
        err.message.contains("#/components/schemas/Missing"),
        "{err}"
    );
}

#[test]
fn check_local_refs_non_local_ref_is_an_error() {
    let mut d = doc(
        json!({ "/x": { "get": {
            "operationId": "getX",
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": "other.yaml#/components/schemas/Thing" }
            } } } }
        } } }),
        json!({}),
    );
    let err = transforms::check_local_refs(&mut d).unwrap_err();
    assert_eq!(err.operation.as_deref(), Some("getX (GET /x)"));
    assert!(err.message.contains("not a local reference"), "{err}");
}

#[test]
fn check_local_refs_resolving_refs_pass_and_leave_the_doc_alone() {
    let mut d = doc(
        json!({ "/x": { "get": {
            "operationId": "getX",
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Present" },
                "example": { "$ref": "a payload, not a reference" }
            } } } }
        } } }),
        json!({ "schemas": { "Present": { "type": "object" } } }),
    );
    let before = d.clone();
    transforms::check_local_refs(&mut d).unwrap();
    assert_eq!(d, before);
}

// ---------------------------------------------------------------- stringify_versions

#[test]
fn stringify_versions_number_becomes_string() {
    let mut d = json!({ "openapi": "3.1.0", "info": { "title": "t", "version": 2.0 } });
    transforms::stringify_versions(&mut d).unwrap();
    assert_eq!(
        d,
        json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "2.0" } })
    );
}

#[test]
fn stringify_versions_keeps_strings() {
    let mut d = json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "2.0" } });
    let before = d.clone();
    transforms::stringify_versions(&mut d).unwrap();
    assert_eq!(d, before);
}

// ---------------------------------------------------------------- downgrade_openapi_31

#[test]
fn downgrade_openapi_31_rewrites_31_keywords_to_30() {
    let mut d = json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": { "title": "t", "version": "1" },
        "webhooks": { "hook": { "post": { "responses": { "200": { "description": "ok" } } } } },
        "paths": {},
        "components": { "schemas": { "S": {
            "type": "object",
            "properties": {
                "name": { "type": ["string", "null"] },
                "kind": { "type": "string", "const": "foo" },
                "tag": { "type": "string", "examples": ["a", "b"] },
                "amount": { "type": "number", "exclusiveMinimum": 5 }
            }
        } } }
    });
    transforms::downgrade_openapi_31(&mut d).unwrap();
    assert_eq!(
        d,
        json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": { "schemas": { "S": {
                "type": "object",
                "properties": {
                    "name": { "type": "string", "nullable": true },
                    "kind": { "type": "string", "enum": ["foo"] },
                    "tag": { "type": "string", "example": "a" },
                    "amount": { "type": "number", "minimum": 5, "exclusiveMinimum": true }
                }
            } } }
        })
    );
}

#[test]
fn downgrade_openapi_31_leaves_media_type_examples_map_untouched() {
    let media = json!({
        "schema": { "type": "object" },
        "examples": {
            "first": { "value": { "a": 1 } },
            "second": { "value": { "a": 2 } }
        }
    });
    let mut d = doc(
        json!({ "/x": { "get": {
            "operationId": "getX",
            "responses": { "200": { "description": "ok", "content": { "application/json": media.clone() } } }
        } } }),
        json!({}),
    );
    d["openapi"] = json!("3.1.0");
    transforms::downgrade_openapi_31(&mut d).unwrap();
    assert_eq!(
        d["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"],
        media
    );
}

#[test]
fn downgrade_openapi_31_leaves_a_property_named_const_untouched() {
    let schema = json!({
        "type": "object",
        "properties": {
            "const": { "type": "string" },
            "examples": { "type": "string" },
            "type": { "type": "string" }
        }
    });
    let mut d = doc(json!({}), json!({ "schemas": { "S": schema.clone() } }));
    d["openapi"] = json!("3.1.0");
    transforms::downgrade_openapi_31(&mut d).unwrap();
    assert_eq!(d["components"]["schemas"]["S"], schema);
}

#[test]
fn downgrade_openapi_31_leaves_30_alone_and_rejects_other_versions() {
    let mut d = doc(json!({}), json!({ "schemas": { "S": { "const": "x" } } }));
    let before = d.clone();
    transforms::downgrade_openapi_31(&mut d).unwrap();
    assert_eq!(d, before);

    let mut d = json!({ "openapi": "2.0", "info": { "title": "t", "version": "1" } });
    let err = transforms::downgrade_openapi_31(&mut d).unwrap_err();
    assert_eq!(err.path, "#/openapi");
}
