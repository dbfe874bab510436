//! The change report's request-body rules: a body added or removed, made required or
//! optional, and its schema compared like any other.

use serde_json::{Map, Value};

use super::change::{ChangeKind, Impact};
use super::schema::{Cx, compare_node};
use crate::doc;

/// What the report compares of a request body.
pub(super) struct Body {
    pub(super) required: bool,
    pub(super) schema: Value,
}

/// The request body of `op` (a `$ref` followed): its `required` flag (OpenAPI's
/// default is optional) and the JSON schema, or the first media type's.
pub(super) fn body(doc: &Value, op: &Map<String, Value>) -> Option<Body> {
    let b = doc::deref(doc, op.get("requestBody")?)?;
    let schema = b
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.get("application/json").or_else(|| c.values().next()))
        .map(|m| m.get("schema").cloned().unwrap_or(Value::Null))?;
    Some(Body {
        required: b.get("required").and_then(Value::as_bool).unwrap_or(false),
        schema,
    })
}

/// Compare the request bodies of one operation in two documents.
pub(super) fn compare(
    cx: &mut Cx<'_, '_>,
    old_op: &Map<String, Value>,
    new_op: &Map<String, Value>,
) {
    match (body(cx.old_doc, old_op), body(cx.new_doc, new_op)) {
        (None, None) => {}
        (None, Some(n)) => {
            // A required body is one more argument every caller must supply.
            let impact = if n.required {
                Impact::Breaking
            } else {
                Impact::Compatible
            };
            (cx.push)(
                impact,
                ChangeKind::RequestBodyAdded {
                    required: n.required,
                },
            );
        }
        (Some(_), None) => (cx.push)(Impact::Breaking, ChangeKind::RequestBodyRemoved),
        (Some(o), Some(n)) => {
            match (o.required, n.required) {
                (false, true) => (cx.push)(Impact::Breaking, ChangeKind::RequestBodyMadeRequired),
                (true, false) => (cx.push)(Impact::Compatible, ChangeKind::RequestBodyMadeOptional),
                _ => {}
            }
            compare_node(cx, &o.schema, &n.schema, "body");
        }
    }
}
