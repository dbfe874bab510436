//! Document fragments shared by the transform tests (`transforms*.rs`).
// Each test file uses some of these helpers and re-exports.
#![allow(dead_code, unused_imports)]

pub use dwolla_api_codegen::transforms::{
    self, ERROR_SCHEMA, HAL_JSON, TRANSFORMS, X_ACCEPT, X_RAW_SUCCESS, X_REQUEST_MEDIA_TYPE,
};
pub use serde_json::{Value, json};

/// A 3.0.3 document around `paths` and `components`.
pub fn doc(paths: Value, components: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": paths,
        "components": components,
    })
}

pub fn ok(description: &str) -> Value {
    json!({ "description": description })
}
