//! Tests of the media-type and operation transforms: `normalize_vendor_media_types`,
//! `drop_reserved_header_params`, `leave_out_unsupported_operations`.

mod transform_support;

use transform_support::*;

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
fn an_idempotency_key_header_leaves_the_signature_inline_and_as_a_component() {
    let key = |required: bool| {
        json!({ "name": "idempotency-key", "in": "header", "required": required,
                "schema": { "type": "string" } })
    };
    let mut d = doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "parameters": [ key(true), { "$ref": "#/components/parameters/Key" } ],
            "responses": { "200": ok("ok") }
        } } }),
        json!({ "parameters": { "Key": key(true) } }),
    );
    let out = transforms::drop_reserved_header_params(&mut d).unwrap();
    assert_eq!(d["paths"]["/x"]["post"]["parameters"], json!([]));
    assert!(
        out.notes[0].contains("2 reserved header parameters dropped"),
        "{:?}",
        out.notes
    );
}

#[test]
fn drop_reserved_header_params_removes_accept_content_type_authorization_idempotency_key() {
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
        json!([{ "name": "accept", "in": "query", "schema": { "type": "string" } }])
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
