//! Multipart document uploads, read from the spec before the transforms leave them out:
//! which operations take a file, at which path, with which document types.

use heck::ToSnakeCase;
use serde_json::Value;

use crate::doc::{METHODS, OpRef, deref};

/// The uploads the crate has a hand-written call for, by endpoint (method `POST` and the
/// path with its parameter names blanked, which survive Dwolla's renames of
/// `operationId`s and parameters): the shape, the key (`cfg(dwolla_upload = "…")`) and
/// the call.
pub const HAND_WRITTEN: &[(&str, &str, &str)] = &[
    (
        "/customers/{}/documents",
        "create_customer_document",
        "upload_customer_document",
    ),
    (
        "/beneficial-owners/{}/documents",
        "create_beneficial_owner_document",
        "upload_beneficial_owner_document",
    ),
];

/// One upload operation: a `multipart/form-data` body with a binary `file` part and one
/// string part naming the document's type (an enum, or free text when the spec lists none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Where it is in the spec.
    pub spec: OpRef,
    /// The key of the hand-written call that covers it (see [`HAND_WRITTEN`]), else the
    /// snake_case `operationId`.
    pub rust_name: String,
    /// The form field naming the document's type (`documentType`).
    pub type_field: String,
    /// The values the spec lists for it (`passport`, `license`, ...); empty when the spec
    /// lists none, and then any non-empty type is sent.
    pub document_types: Vec<String>,
}

/// Every upload operation of `doc`, in document order. An operation whose multipart schema
/// is not a file plus one type field (the one string enum, else the one string property
/// whose name has `type` in it) is not an upload (it stays left out, with its warning).
pub fn uploads(doc: &Value) -> Vec<Upload> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            // The body, its schema and each part may be `$ref`s.
            let schema = op
                .get("requestBody")
                .and_then(|b| deref(doc, b))
                .and_then(|b| b.pointer("/content/multipart~1form-data/schema"))
                .and_then(|s| deref(doc, s));
            let Some(props) = schema
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            let props: serde_json::Map<String, Value> = props
                .iter()
                .map(|(k, v)| (k.clone(), deref(doc, v).unwrap_or(v).clone()))
                .collect();
            let props = &props;
            let is_file = |p: &Value| p.get("format").and_then(Value::as_str) == Some("binary");
            if !props.get("file").is_some_and(is_file) {
                continue;
            }
            let Some((type_field, document_types)) = type_field(props) else {
                continue;
            };
            let spec = OpRef::new(path, method, op);
            let shape = crate::roles::endpoint_shape(path);
            let hand_written = HAND_WRITTEN
                .iter()
                .find(|(s, _, _)| method == "post" && *s == shape.as_str());
            let rust_name = match (hand_written, &spec.operation_id) {
                (Some((_, key, _)), _) => key.to_string(),
                (None, Some(id)) => id.to_snake_case(),
                (None, None) => continue,
            };
            out.push(Upload {
                rust_name,
                type_field: type_field.to_string(),
                document_types: document_types.clone(),
                spec,
            });
        }
    }
    out
}

/// The form field naming the document type and the values the spec lists for it: the one
/// string enum, else the one string property named like `…type…` (values unlisted).
fn type_field(props: &serde_json::Map<String, Value>) -> Option<(String, Vec<String>)> {
    let enums: Vec<(&String, Vec<String>)> = props
        .iter()
        .filter_map(|(name, p)| {
            let values = p.get("enum")?.as_array()?;
            let values = values.iter().filter_map(Value::as_str).map(str::to_string);
            Some((name, values.collect::<Vec<_>>()))
        })
        .collect();
    match enums.as_slice() {
        [(name, values)] => return Some((name.to_string(), values.clone())),
        [] => {}
        _ => return None,
    }
    let named: Vec<&String> = props
        .iter()
        .filter(|(name, p)| {
            name.to_ascii_lowercase().contains("type")
                && p.get("type").and_then(Value::as_str) == Some("string")
        })
        .map(|(name, _)| name)
        .collect();
    match named.as_slice() {
        [name] => Some((name.to_string(), Vec::new())),
        _ => None,
    }
}

/// The Rust source of the upload table the client's hand-written upload calls read.
pub fn table_source(uploads: &[Upload]) -> String {
    let mut s = String::from(
        "// Generated by dwolla-api-codegen from the spec; do not edit.\n\
         /// Every multipart upload operation of the spec.\n\
         #[allow(dead_code)]\n\
         pub(crate) static UPLOADS: &[crate::documents::UploadWire] = &[\n",
    );
    for u in uploads {
        let types: Vec<String> = u.document_types.iter().map(|t| format!("{t:?}")).collect();
        s.push_str(&format!(
            "    crate::documents::UploadWire {{ rust_name: {:?}, operation_id: {:?}, path: {:?}, type_field: {:?}, document_types: &[{}] }},\n",
            u.rust_name,
            u.spec.operation_id.as_deref().unwrap_or_default(),
            u.spec.path,
            u.type_field,
            types.join(", ")
        ));
    }
    s.push_str("];\n");
    s
}
