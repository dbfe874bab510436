//! `normalize_vendor_media_types`: Dwolla's HAL media types read as JSON, the wire types kept on each operation.

use serde_json::{Map, Value, json};

use super::names::{HAL_JSON, X_ACCEPT, X_REQUEST_MEDIA_TYPE};
use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{deref, for_each_operation_mut, views};

/// Is this a JSON media type on the wire? `application/json`, any `application/*+json`,
/// and Dwolla's `application/vnd.dwolla.*` (one 429 in 2026-01 says `...v1.hal` without `+json`).
pub fn is_json_media_type(mt: &str) -> bool {
    let essence = mt
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
        || essence.starts_with("application/vnd.dwolla.")
}

/// Vendor JSON media types become `application/json` so progenitor types them; the
/// original wire types are kept on the operation as [`X_REQUEST_MEDIA_TYPE`] and
/// [`X_ACCEPT`] for the client's transport. A JSON media type without a schema gets `{}`
/// (any JSON), where progenitor would `todo!`.
pub fn normalize_vendor_media_types(doc: &mut Value) -> Result<Outcome, SpecError> {
    // Read the wire types first, through `$ref`s, before any key is renamed.
    let mut wire: Vec<(Option<String>, Option<String>)> = Vec::new();
    for v in views(doc) {
        let op = v.op;
        let request = op
            .get("requestBody")
            .and_then(|b| deref(doc, b))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
            .and_then(|c| c.keys().find(|k| is_json_media_type(k)).cloned());
        let accept = op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|rs| {
                rs.values()
                    .filter_map(|r| deref(doc, r)?.get("content")?.as_object())
                    .flat_map(|c| c.keys())
                    .find(|k| is_json_media_type(k) && k.as_str() != "application/json")
                    .cloned()
            });
        wire.push((request, accept));
    }
    let mut renamed = 0usize;
    let mut i = 0;
    for_each_operation_mut(doc, |_, op| {
        // Both walks visit the same operations in the same order.
        let Some((request, accept)) = wire.get(i) else {
            return;
        };
        i += 1;
        if let Some(r) = request {
            op.insert(X_REQUEST_MEDIA_TYPE.into(), json!(r));
        }
        op.insert(
            X_ACCEPT.into(),
            json!(accept.as_deref().unwrap_or(HAL_JSON)),
        );
        if let Some(body) = op.get_mut("requestBody") {
            renamed += rename_json_content(body);
        }
        if let Some(Value::Object(rs)) = op.get_mut("responses") {
            for r in rs.values_mut() {
                renamed += rename_json_content(r);
            }
        }
    });
    if let Some(Value::Object(c)) = doc.get_mut("components") {
        for section in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = c.get_mut(section) {
                for item in items.values_mut() {
                    renamed += rename_json_content(item);
                }
            }
        }
    }
    Ok(Outcome {
        notes: vec![format!("{renamed} media types read as application/json")],
        ..Default::default()
    })
}

fn rename_json_content(body_or_response: &mut Value) -> usize {
    let Some(Value::Object(content)) = body_or_response.get_mut("content") else {
        return 0;
    };
    let mut renamed = 0;
    let mut out = Map::new();
    for (mt, mut media) in std::mem::take(content) {
        if is_json_media_type(&mt) {
            if let Value::Object(m) = &mut media {
                m.entry("schema").or_insert_with(|| json!({}));
            }
            if mt != "application/json" {
                renamed += 1;
            }
            // Two JSON spellings of one body: the first wins, as progenitor would pick it.
            out.entry("application/json".to_string()).or_insert(media);
        } else {
            out.insert(mt, media);
        }
    }
    *content = out;
    renamed
}
