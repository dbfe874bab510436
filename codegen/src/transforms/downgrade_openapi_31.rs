//! `downgrade_openapi_31`: an OpenAPI 3.1 document rewritten to the 3.0.3 progenitor reads.

use serde_json::{Map, Value, json};

use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{error_at, for_each_schema_mut};

/// OpenAPI 3.1 → 3.0.3, which is all progenitor reads: the version, `type: [T, "null"]`
/// → `nullable`, `const` → single-value `enum` (progenitor would drop `const` silently),
/// `examples: [...]` → `example`, numeric `exclusiveMinimum/Maximum` → boolean form;
/// `jsonSchemaDialect`, `webhooks` and `components.pathItems` are dropped.
pub fn downgrade_openapi_31(doc: &mut Value) -> Result<Outcome, SpecError> {
    let root = doc
        .as_object_mut()
        .ok_or_else(|| SpecError::at("#", "the document is not a mapping"))?;
    let version = root
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if version.starts_with("3.0") {
        return Ok(Outcome::default());
    }
    if !version.starts_with("3.1") {
        return Err(SpecError::at(
            "#/openapi",
            format!("unsupported OpenAPI version `{version}`: expected 3.0.x or 3.1.x"),
        ));
    }
    let mut out = Outcome::default();
    root.insert("openapi".into(), json!("3.0.3"));
    for key in ["jsonSchemaDialect", "webhooks"] {
        if root.remove(key).is_some() {
            out.notes.push(format!("dropped `{key}`"));
        }
    }
    if let Some(Value::Object(c)) = root.get_mut("components") {
        c.remove("pathItems");
    }
    let mut err = None;
    let mut changed = 0usize;
    for_each_schema_mut(doc, &mut |s, ptr, _| {
        if err.is_none() {
            match downgrade_schema(s) {
                Ok(true) => changed += 1,
                Ok(false) => {}
                Err(m) => err = Some((ptr.to_string(), m)),
            }
        }
    });
    if let Some((ptr, m)) = err {
        return Err(error_at(doc, &ptr, m));
    }
    out.notes
        .push(format!("{changed} schemas rewritten from 3.1 keywords"));
    Ok(out)
}

fn downgrade_schema(s: &mut Map<String, Value>) -> Result<bool, String> {
    let mut changed = false;
    if let Some(Value::Array(types)) = s.get("type").cloned() {
        changed = true;
        let mut names = Vec::new();
        for t in &types {
            match t.as_str() {
                Some("null") => {
                    s.insert("nullable".into(), json!(true));
                }
                Some(t) => names.push(t.to_string()),
                None => return Err(format!("`type` list holds a non-string {t}")),
            }
        }
        s.remove("type");
        match names.as_slice() {
            [] => {}
            [one] => {
                s.insert("type".into(), json!(one));
            }
            many => {
                let alts: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
                s.insert("anyOf".into(), Value::Array(alts));
            }
        }
    }
    if let Some(c) = s.remove("const") {
        changed = true;
        s.entry("enum").or_insert_with(|| json!([c]));
    }
    if let Some(Value::Array(mut ex)) = s.get("examples").cloned() {
        changed = true;
        s.remove("examples");
        if !ex.is_empty() && !s.contains_key("example") {
            s.insert("example".into(), ex.swap_remove(0));
        }
    }
    for (excl, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = s.get(excl).cloned() {
            changed = true;
            s.insert(bound.into(), n);
            s.insert(excl.into(), json!(true));
        }
    }
    Ok(changed)
}
