//! One test (or a few) per transform of `transforms::TRANSFORMS`: an input fragment,
//! the transform, and the fragment it must become.

use dwolla_api_codegen::transforms::{
    self, ERROR_SCHEMA, HAL_JSON, TRANSFORMS, X_ACCEPT, X_RAW_SUCCESS, X_REQUEST_MEDIA_TYPE,
};
use serde_json::{Value, json};

/// A 3.0.3 document around `paths` and `components`.
fn doc(paths: Value, components: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": paths,
        "components": components,
    })
}

fn ok(description: &str) -> Value {
    json!({ "description": description })
}

#[test]
fn every_transform_has_a_test_here() {
    let tested = [
        "check_local_refs",
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

// ---------------------------------------------------------------- normalize_vendor_media_types

#[test]
fn normalize_vendor_media_types_renames_hal_and_records_wire_types() {
    let mut d = doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "requestBody": { "content": { HAL_JSON: { "schema": { "type": "object" } } } },
            "responses": {
                "200": { "description": "ok", "content": { HAL_JSON: { "schema": { "type": "string" } } } },
                "404": { "$ref": "#/components/responses/NotFound" },
                "429": { "description": "slow down", "content": { "application/vnd.dwolla.v1.hal": {} } }
            }
        } } }),
        json!({ "responses": { "NotFound": {
            "description": "not found",
            "content": { HAL_JSON: { "schema": { "type": "object" } } }
        } } }),
    );
    transforms::normalize_vendor_media_types(&mut d).unwrap();
    assert_eq!(
        d["paths"]["/x"]["post"],
        json!({
            "operationId": "createX",
            "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
            "responses": {
                "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "string" } } } },
                "404": { "$ref": "#/components/responses/NotFound" },
                "429": { "description": "slow down", "content": { "application/json": { "schema": {} } } }
            },
            X_REQUEST_MEDIA_TYPE: HAL_JSON,
            X_ACCEPT: HAL_JSON
        })
    );
    assert_eq!(
        d["components"]["responses"]["NotFound"],
        json!({ "description": "not found", "content": { "application/json": { "schema": { "type": "object" } } } })
    );
}

#[test]
fn normalize_vendor_media_types_accept_is_found_through_a_ref() {
    let mut d = doc(
        json!({ "/x": { "get": {
            "operationId": "getX",
            "responses": { "200": { "$ref": "#/components/responses/Thing" } }
        } } }),
        json!({ "responses": { "Thing": {
            "description": "ok",
            "content": { "application/vnd.dwolla.v1.hal": { "schema": { "type": "object" } } }
        } } }),
    );
    transforms::normalize_vendor_media_types(&mut d).unwrap();
    let op = &d["paths"]["/x"]["get"];
    assert_eq!(op[X_ACCEPT], "application/vnd.dwolla.v1.hal");
    assert!(
        op.get(X_REQUEST_MEDIA_TYPE).is_none(),
        "no body, no request media type: {op}"
    );
    assert_eq!(
        d["components"]["responses"]["Thing"]["content"],
        json!({ "application/json": { "schema": { "type": "object" } } })
    );
}

#[test]
fn normalize_vendor_media_types_treats_hal_without_json_suffix_as_json() {
    assert!(transforms::is_json_media_type(
        "application/vnd.dwolla.v1.hal"
    ));
    assert!(transforms::is_json_media_type(HAL_JSON));
    assert!(transforms::is_json_media_type(
        "application/json; charset=utf-8"
    ));
    assert!(!transforms::is_json_media_type("multipart/form-data"));
    assert!(!transforms::is_json_media_type("application/octet-stream"));
}

// ---------------------------------------------------------------- drop_reserved_header_params

#[test]
fn drop_reserved_header_params_removes_accept_content_type_authorization() {
    let id =
        json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } });
    let idem = json!({ "name": "Idempotency-Key", "in": "header", "schema": { "type": "string" } });
    let mut d = doc(
        json!({ "/x/{id}": {
            "parameters": [
                id.clone(),
                { "name": "AUTHORIZATION", "in": "header", "schema": { "type": "string" } }
            ],
            "post": {
                "operationId": "createX",
                "parameters": [
                    { "$ref": "#/components/parameters/Accept" },
                    { "$ref": "#/components/parameters/ContentType" },
                    { "name": "accept", "in": "header", "schema": { "type": "string" } },
                    { "name": "authorization", "in": "header", "schema": { "type": "string" } },
                    { "$ref": "#/components/parameters/IdempotencyKey" },
                    { "name": "accept", "in": "query", "schema": { "type": "string" } }
                ],
                "responses": { "200": ok("ok") }
            }
        } }),
        json!({ "parameters": {
            "Accept": { "name": "Accept", "in": "header", "schema": { "type": "string" } },
            "ContentType": { "name": "content-TYPE", "in": "header", "schema": { "type": "string" } },
            "IdempotencyKey": idem.clone()
        } }),
    );
    transforms::drop_reserved_header_params(&mut d).unwrap();
    let item = &d["paths"]["/x/{id}"];
    assert_eq!(item["parameters"], json!([id]));
    assert_eq!(
        item["post"]["parameters"],
        json!([
            { "$ref": "#/components/parameters/IdempotencyKey" },
            { "name": "accept", "in": "query", "schema": { "type": "string" } }
        ])
    );
}

// ---------------------------------------------------------------- leave_out_unsupported_operations

#[test]
fn leave_out_unsupported_operations_removes_multipart_and_multi_type_bodies() {
    let get_docs = json!({ "operationId": "listDocuments", "responses": { "200": ok("ok") } });
    let delete = json!({ "operationId": "deleteX", "responses": { "200": ok("ok") } });
    let create = json!({
        "operationId": "createX",
        "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
        "responses": { "201": ok("created") }
    });
    let mut d = doc(
        json!({
            "/upload": { "post": {
                "operationId": "uploadDocument",
                "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object" } } } },
                "responses": { "201": ok("created") }
            } },
            "/docs": {
                "get": get_docs.clone(),
                "put": {
                    "operationId": "putDocs",
                    "requestBody": { "$ref": "#/components/requestBodies/Either" },
                    "responses": { "200": ok("ok") }
                }
            },
            "/x": { "post": create.clone(), "delete": delete.clone() }
        }),
        json!({ "requestBodies": { "Either": { "content": {
            "application/json": { "schema": { "type": "object" } },
            "application/x-www-form-urlencoded": { "schema": { "type": "object" } }
        } } } }),
    );
    let out = transforms::leave_out_unsupported_operations(&mut d).unwrap();

    let left: Vec<(String, &str)> = out
        .left_out
        .iter()
        .map(|l| (l.operation.label(), l.reason.as_str()))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert_eq!(left[0].0, "uploadDocument (POST /upload)");
    assert!(left[0].1.contains("multipart"), "{left:?}");
    assert_eq!(left[1].0, "putDocs (PUT /docs)");
    assert!(
        left[1].1.contains("several request media types"),
        "{left:?}"
    );

    assert_eq!(
        d["paths"],
        json!({
            "/docs": { "get": get_docs },
            "/x": { "post": create, "delete": delete }
        }),
        "the emptied /upload item is gone; ops without (or with one JSON) body stay"
    );
}

// ---------------------------------------------------------------- unify_error_responses

fn error_object(code: &str) -> Value {
    json!({
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": { "type": "string", "example": code },
            "message": { "type": "string" }
        }
    })
}

/// The seed's error responses, as they stand after `normalize_vendor_media_types`.
fn errors_doc(not_found: &str, reverse: bool) -> Value {
    let json_body = |schema: Value| json!({ "application/json": { "schema": schema } });
    let mut schemas = vec![
        (
            "Thing".to_string(),
            json!({ "type": "object", "properties": { "id": { "type": "string" } } }),
        ),
        (not_found.to_string(), error_object("NotFound")),
    ];
    if reverse {
        schemas.reverse();
    }
    let schemas: serde_json::Map<String, Value> = schemas.into_iter().collect();
    doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "responses": {
                "201": ok("created"),
                "400": { "description": "validation error", "content": json_body(json!({ "oneOf": [
                    error_object("ValidationError"), error_object("ValidationError"), error_object("ValidationError")
                ] })) },
                "401": { "description": "unauthorized", "content": json_body(error_object("InvalidScope")) },
                "403": { "description": "forbidden", "content": json_body(json!({ "oneOf": [
                    error_object("forbidden"), error_object("forbidden")
                ] })) },
                "404": { "$ref": "#/components/responses/NotFound" }
            }
        } } }),
        json!({
            "schemas": schemas,
            "responses": { "NotFound": {
                "description": "Not Found",
                "content": json_body(json!({ "$ref": format!("#/components/schemas/{not_found}") }))
            } }
        }),
    )
}

fn unified(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DwollaError" } } }
    })
}

#[test]
fn unify_error_responses_gives_every_error_status_dwolla_error() {
    let mut d = errors_doc("NotFoundError", false);
    transforms::unify_error_responses(&mut d).unwrap();
    assert_eq!(
        d["paths"]["/x"]["post"]["responses"],
        json!({
            "201": ok("created"),
            "400": unified("validation error"),
            "401": unified("unauthorized"),
            "403": unified("forbidden"),
            "404": unified("Not Found")
        })
    );
    let schemas = &d["components"]["schemas"];
    assert_eq!(schemas[ERROR_SCHEMA]["type"], "object");
    for name in transforms::error_schemas().as_object().unwrap().keys() {
        assert!(schemas.get(name).is_some(), "{name} added to components");
    }
    assert!(
        schemas.get("NotFoundError").is_some(),
        "spec schemas are kept"
    );
}

#[test]
fn unify_error_responses_name_does_not_follow_spec_schema_order_or_names() {
    let mut a = errors_doc("NotFoundError", false);
    let mut b = errors_doc("ResourceMissing", true);
    transforms::unify_error_responses(&mut a).unwrap();
    transforms::unify_error_responses(&mut b).unwrap();
    assert_eq!(a["paths"], b["paths"]);
    assert_eq!(
        a["paths"]["/x"]["post"]["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/DwollaError"
    );
}

#[test]
fn unify_error_responses_is_idempotent() {
    let mut d = errors_doc("NotFoundError", false);
    transforms::unify_error_responses(&mut d).unwrap();
    let once = d.clone();
    transforms::unify_error_responses(&mut d).unwrap();
    assert_eq!(d, once);
}

#[test]
fn unify_error_responses_rejects_a_different_dwolla_error() {
    let mut d = errors_doc("NotFoundError", false);
    d["components"]["schemas"][ERROR_SCHEMA] = json!({ "type": "string" });
    let err = transforms::unify_error_responses(&mut d).unwrap_err();
    assert_eq!(err.path, "#/components/schemas/DwollaError");
    assert!(err.message.contains("reserves"), "{err}");
}

// ---------------------------------------------------------------- unify_success_responses

#[test]
fn unify_success_responses_makes_differing_successes_raw_bytes() {
    let raw = |description: &str| {
        json!({
            "description": description,
            "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } }
        })
    };
    let location = json!({ "Location": { "schema": { "type": "string" } } });
    let mut d = doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "responses": {
                "200": { "description": "existing", "content": { "application/json": {
                    "schema": { "type": "object", "properties": { "id": { "type": "string" } } }
                } } },
                "201": { "description": "created", "headers": location.clone() },
                "404": unified("Not Found")
            }
        } } }),
        json!({}),
    );
    transforms::unify_success_responses(&mut d).unwrap();
    let mut created = raw("created");
    created["headers"] = location;
    assert_eq!(
        d["paths"]["/x"]["post"],
        json!({
            "operationId": "createX",
            "responses": {
                "200": raw("existing"),
                "201": created,
                "404": unified("Not Found")
            },
            X_RAW_SUCCESS: true
        })
    );
}

#[test]
fn unify_success_responses_leaves_a_single_success_alone() {
    let mut d = doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "responses": { "201": ok("created"), "400": unified("bad") }
        } } }),
        json!({}),
    );
    let before = d.clone();
    transforms::unify_success_responses(&mut d).unwrap();
    assert_eq!(d, before);
}

// ---------------------------------------------------------------- hoist_colliding_inline_schemas

fn component<'a>(d: &'a Value, name: &str) -> &'a Value {
    &d["components"]["schemas"][name]
}

#[test]
fn hoist_colliding_inline_schemas_moves_inline_that_clashes_with_a_component() {
    let inline_amount = json!({
        "type": "object",
        "properties": { "value": { "type": "string" }, "currency": { "type": "string" } }
    });
    let transfer_amount = json!({
        "type": "object",
        "properties": { "cents": { "type": "integer" } }
    });
    let mut d = doc(
        json!({}),
        json!({ "schemas": {
            "Transfer": { "type": "object", "properties": { "amount": inline_amount.clone() } },
            "TransferAmount": transfer_amount.clone()
        } }),
    );
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();

    let r = component(&d, "Transfer")["properties"]["amount"]["$ref"]
        .as_str()
        .expect("the inline property became a $ref")
        .to_string();
    let fresh = r.strip_prefix("#/components/schemas/").unwrap();
    assert_ne!(fresh, "TransferAmount");
    assert_ne!(fresh, "Transfer");
    assert_eq!(component(&d, fresh), &inline_amount, "moved unchanged");
    assert_eq!(
        component(&d, "TransferAmount"),
        &transfer_amount,
        "the component is untouched"
    );
    assert_eq!(d["components"]["schemas"].as_object().unwrap().len(), 3);
}

#[test]
fn hoist_colliding_inline_schemas_separates_two_inline_schemas_with_one_predicted_name() {
    // typify names a property type `{Parent}_{prop_snake}` in PascalCase, so `Foo.barBaz`
    // and `FooBar.baz` both become `FooBarBaz`. (`A.bC` → `ABC` and `AB.c` → `AbC` do not
    // collide: heck reads `AB` as one word.)
    let bar_baz = json!({ "type": "object", "properties": { "x": { "type": "string" } } });
    let baz = json!({ "type": "object", "properties": { "y": { "type": "integer" } } });
    let mut d = doc(
        json!({}),
        json!({ "schemas": {
            "Foo": { "type": "object", "properties": { "barBaz": bar_baz.clone() } },
            "FooBar": { "type": "object", "properties": { "baz": baz.clone() } }
        } }),
    );
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();

    let slots = [
        (
            &d["components"]["schemas"]["Foo"]["properties"]["barBaz"],
            &bar_baz,
        ),
        (
            &d["components"]["schemas"]["FooBar"]["properties"]["baz"],
            &baz,
        ),
    ];
    let hoisted: Vec<_> = slots
        .iter()
        .filter(|(slot, _)| slot.get("$ref").is_some())
        .collect();
    assert_eq!(hoisted.len(), 1, "exactly one is hoisted: {d}");
    let (slot, original) = hoisted[0];
    let fresh = slot["$ref"]
        .as_str()
        .unwrap()
        .strip_prefix("#/components/schemas/")
        .unwrap();
    assert!(!["Foo", "FooBar", "FooBarBaz"].contains(&fresh), "{fresh}");
    assert_eq!(component(&d, fresh), *original, "moved unchanged");
    let kept: Vec<_> = slots
        .iter()
        .filter(|(slot, _)| slot.get("$ref").is_none())
        .collect();
    assert_eq!(kept[0].0, kept[0].1, "the other stays inline, unchanged");
}

#[test]
fn hoist_colliding_inline_schemas_leaves_identical_inline_schemas_sharing_a_name() {
    let same = json!({ "type": "object", "properties": { "x": { "type": "string" } } });
    let mut d = doc(
        json!({}),
        json!({ "schemas": {
            "Foo": { "type": "object", "properties": { "barBaz": same.clone() } },
            "FooBar": { "type": "object", "properties": { "baz": same } }
        } }),
    );
    let before = d.clone();
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();
    assert_eq!(d, before, "one type serves both, nothing is mistyped");
}

#[test]
fn hoist_colliding_inline_schemas_without_collision_changes_nothing() {
    let mut d = doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "requestBody": { "content": { "application/json": { "schema": {
                "type": "object", "properties": { "name": { "type": "string" } }
            } } } },
            "responses": { "201": ok("created") }
        } } }),
        json!({ "schemas": {
            "Transfer": { "type": "object", "properties": {
                "amount": { "type": "object", "properties": { "value": { "type": "string" } } }
            } },
            "Customer": { "type": "object", "properties": { "id": { "type": "string" } } }
        } }),
    );
    let before = d.clone();
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();
    assert_eq!(d, before);
}

// ---------------------------------------------------------------- open_response_enums
// (More cases, splitting and discriminators among them, in `src/open_enums.rs`.)

#[test]
fn open_response_enums_opens_a_response_enum_and_leaves_the_request_one_closed() {
    let closed = json!({ "type": "string", "enum": ["a", "b"] });
    let mut d = doc(
        json!({ "/x": {
            "post": {
                "operationId": "createX",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewX" } } } },
                "responses": { "201": ok("created") }
            },
            "get": {
                "operationId": "getX",
                "responses": { "200": { "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/X" } } } } }
            }
        } }),
        json!({ "schemas": {
            "NewX": { "type": "object", "properties": { "kind": closed.clone() } },
            "X": { "type": "object", "properties": { "kind": closed.clone() } }
        } }),
    );
    transforms::apply_all(&mut d).unwrap();
    assert_eq!(component(&d, "NewX")["properties"]["kind"], closed);
    assert_eq!(
        component(&d, "X")["properties"]["kind"],
        json!({ "oneOf": [
            { "title": "Known", "allOf": [{ "$ref": "#/components/schemas/XKindKnown" }] },
            { "title": "Other", "type": "string" }
        ] })
    );
    assert_eq!(component(&d, "XKindKnown"), &closed);
}
