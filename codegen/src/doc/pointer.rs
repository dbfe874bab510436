//! JSON pointers (RFC 6901) into the spec document: escaping, the component prefix, resolving.

use serde_json::Value;

/// The pointer prefix of a component schema.
pub const SCHEMAS: &str = "#/components/schemas/";

/// Escape one JSON-pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undo [`escape`] on one segment.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The unescaped segments of a `#/...` pointer.
pub fn segments(pointer: &str) -> Vec<String> {
    pointer
        .trim_start_matches("#/")
        .split('/')
        .map(unescape)
        .collect()
}

/// `#/components/schemas/<name>`, escaped.
pub fn schema_ref(name: &str) -> String {
    format!("{SCHEMAS}{}", escape(name))
}

/// `#/components/schemas/X...` → `X` (unescaped): the component a pointer is in.
pub fn component_of(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix(SCHEMAS)?;
    let seg = rest.split('/').next()?;
    Some(unescape(seg))
}

/// Resolve a local reference (`#/components/...`) in `doc`.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

/// Follow `$ref` chains from `v` until a non-reference object (bounded, cycles give `None`).
pub fn deref<'a>(doc: &'a Value, mut v: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => v = resolve(doc, r)?,
            None => return Some(v),
        }
    }
    None
}
