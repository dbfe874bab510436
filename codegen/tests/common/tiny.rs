//! Small specs built in code: a document around some paths and schemas, and the pieces
//! of an operation (a path parameter, a HAL request body, a HAL success).

use dwolla_api_codegen::Value;
use dwolla_api_codegen::transforms::HAL_JSON;
use serde_json::json;

/// A document with these `paths` and component `schemas`.
pub fn doc(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

/// A required string path parameter.
pub fn path_param(name: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
}

/// A required HAL JSON request body of `schema`.
pub fn hal_body(schema: Value) -> Value {
    json!({ "required": true, "content": { HAL_JSON: { "schema": schema } } })
}

/// Responses: `201` with a `Location` header and no body.
pub fn created() -> Value {
    json!({ "201": { "description": "created",
        "headers": { "Location": { "schema": { "type": "string" } } } } })
}

/// Responses: `200` with a HAL JSON body of `schema`.
pub fn ok(schema: Value) -> Value {
    json!({ "200": { "description": "ok", "content": { HAL_JSON: { "schema": schema } } } })
}

/// `{"$ref": "#/components/schemas/<name>"}`.
pub fn schema_ref(name: &str) -> Value {
    json!({ "$ref": dwolla_api_codegen::doc::schema_ref(name) })
}

/// An object schema with these string properties.
pub fn object(props: &[&str]) -> Value {
    let props: serde_json::Map<String, Value> = props
        .iter()
        .map(|p| (p.to_string(), json!({ "type": "string" })))
        .collect();
    json!({ "type": "object", "properties": props })
}
