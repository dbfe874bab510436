//! Multipart uploads, read from the spec: a binary `file` beside a document-type field (an
//! enum lists the types; a plain `…type…` string lists none); without such a field, no upload.

use dwolla_api_codegen::Value;
use dwolla_api_codegen::uploads::{HAND_WRITTEN, Upload, uploads};
use serde_json::json;

/// `POST /customers/{id}/documents` taking a multipart form of a binary `file` and `props`.
fn spec(props: Value) -> Value {
    let mut properties = json!({ "file": { "type": "string", "format": "binary" } });
    for (k, v) in props.as_object().expect("props is an object") {
        properties[k] = v.clone();
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": { "/customers/{id}/documents": { "post": {
            "operationId": "uploadDocument",
            "requestBody": { "content": { "multipart/form-data": { "schema": {
                "type": "object", "properties": properties } } } },
            "responses": { "201": { "description": "created" } },
        } } },
    })
}

fn only(found: &[Upload]) -> &Upload {
    match found {
        [u] => u,
        _ => panic!("expected one upload, got {found:?}"),
    }
}

#[test]
fn a_document_type_enum_is_the_list_of_types() {
    let types = ["passport", "license", "idCard"];
    let d = spec(json!({ "documentType": { "type": "string", "enum": types } }));
    let found = uploads(&d);
    let u = only(&found);
    assert_eq!(u.type_field, "documentType");
    assert_eq!(u.document_types, types);
    let key = HAND_WRITTEN
        .iter()
        .find(|(shape, _, _)| *shape == "/customers/{}/documents")
        .map(|(_, key, _)| *key)
        .expect("customer documents are hand-written");
    assert_eq!(u.rust_name, key);
}

#[test]
fn a_document_type_string_without_enum_is_an_upload_listing_no_types() {
    let d = spec(json!({ "documentType": { "type": "string" } }));
    let found = uploads(&d);
    let u = only(&found);
    assert_eq!(u.type_field, "documentType");
    assert!(u.document_types.is_empty(), "{:?}", u.document_types);
}

#[test]
fn a_file_without_a_type_field_is_not_an_upload() {
    let d = spec(json!({ "description": { "type": "string" } }));
    assert_eq!(uploads(&d), []);
}
