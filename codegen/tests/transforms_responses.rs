//! Tests of the response transforms: `unify_error_responses`, `unify_success_responses`.

mod transform_support;

use transform_support::*;

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
fn a_spec_schema_named_like_the_unified_error_is_renamed_with_its_references() {
    let mut d = errors_doc("NotFoundError", false);
    d["components"]["schemas"][ERROR_SCHEMA] = json!({ "type": "string" });
    d["components"]["schemas"]["Holder"] = json!({ "type": "object", "properties": {
        "e": { "$ref": format!("#/components/schemas/{ERROR_SCHEMA}") } } });
    let out = transforms::unify_error_responses(&mut d).unwrap();
    let renamed = format!("{ERROR_SCHEMA}FromSpec");
    assert_eq!(
        d["components"]["schemas"][&renamed],
        json!({ "type": "string" })
    );
    assert_eq!(
        d["components"]["schemas"]["Holder"]["properties"]["e"]["$ref"],
        format!("#/components/schemas/{renamed}")
    );
    assert_eq!(d["components"]["schemas"][ERROR_SCHEMA]["type"], "object");
    assert!(
        out.notes.iter().any(|n| n.contains(&renamed)),
        "{:?}",
        out.notes
    );
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
