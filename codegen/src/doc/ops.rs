//! The operations of a document: where each one is ([`OpRef`]), read-only and `&mut` iteration,
//! and which operation a pointer or an error belongs to.

use serde_json::{Map, Value};

use super::pointer::{escape, unescape};
use crate::SpecError;

/// The HTTP methods a path item may hold, in OpenAPI's order (progenitor's too).
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where an operation lives, for naming it in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpRef {
    /// The path template, e.g. `/customers/{id}/exchange-sessions`.
    pub path: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// `operationId`, when the spec gives one.
    pub operation_id: Option<String>,
}

impl OpRef {
    /// The operation `op` at `path` / `method`, its `operationId` read from it.
    pub fn new(path: &str, method: &str, op: &Map<String, Value>) -> Self {
        OpRef {
            path: path.to_string(),
            method: method.to_string(),
            operation_id: op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string),
        }
    }

    /// `createCustomer (POST /customers)`.
    pub fn label(&self) -> String {
        let id = self.operation_id.as_deref().unwrap_or("<no operationId>");
        format!("{id} ({} {})", self.method.to_uppercase(), self.path)
    }

    /// JSON pointer of the operation object.
    pub fn pointer(&self) -> String {
        format!("#/paths/{}/{}", escape(&self.path), self.method)
    }
}

/// One operation, borrowed from its document.
#[derive(Debug, Clone)]
pub struct OpView<'a> {
    /// Where it is.
    pub at: OpRef,
    /// Its path item (for path-level `parameters`).
    pub item: &'a Map<String, Value>,
    /// The operation object.
    pub op: &'a Map<String, Value>,
}

/// Every operation of `doc`, borrowed, in document order.
pub fn views(doc: &Value) -> impl Iterator<Item = OpView<'_>> {
    let paths = doc.get("paths").and_then(Value::as_object);
    paths.into_iter().flatten().flat_map(|(path, item)| {
        let item = item.as_object();
        METHODS.iter().filter_map(move |method| {
            let item = item?;
            let op = item.get(*method)?.as_object()?;
            Some(OpView {
                at: OpRef::new(path, method, op),
                item,
                op,
            })
        })
    })
}

/// Every operation's [`OpRef`], in document order.
pub fn operations(doc: &Value) -> Vec<OpRef> {
    views(doc).map(|v| v.at).collect()
}

/// Call `f` on every operation object, in document order, to change it.
pub fn for_each_operation_mut(doc: &mut Value, mut f: impl FnMut(&OpRef, &mut Map<String, Value>)) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                let r = OpRef::new(path, method, op);
                f(&r, op);
            }
        }
    }
}

/// The operation a JSON pointer points into, if any (`#/paths/<p>/<method>/...`).
pub fn operation_at(doc: &Value, pointer: &str) -> Option<OpRef> {
    let mut segs = pointer.strip_prefix("#/")?.split('/');
    if segs.next()? != "paths" {
        return None;
    }
    let path = unescape(segs.next()?);
    let method = segs.next()?;
    if !METHODS.contains(&method) {
        return None;
    }
    let op = doc.get("paths")?.get(&path)?.get(method)?.as_object()?;
    Some(OpRef::new(&path, method, op))
}

/// A [`SpecError`] at `pointer`, naming the operation when the pointer is inside one.
pub fn error_at(doc: &Value, pointer: &str, message: impl Into<String>) -> SpecError {
    match operation_at(doc, pointer) {
        Some(op) => SpecError::in_operation(op.label(), pointer, message),
        None => SpecError::at(pointer, message),
    }
}
