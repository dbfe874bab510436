//! Which string enums tell the variants of a `oneOf`/`anyOf` apart: those stay closed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::doc::{deref, escape, for_each_schema, resolve};

/// The string values of a string enum schema, or `None` when it is not one.
/// A `null` among the values (a nullable enum) is left out of the list.
pub(super) fn string_enum(s: &Map<String, Value>) -> Option<Vec<Value>> {
    let values = s.get("enum")?.as_array()?;
    let strings: Vec<Value> = values.iter().filter(|v| v.is_string()).cloned().collect();
    let all_strings_or_null = values.iter().all(|v| v.is_string() || v.is_null());
    let typed = matches!(s.get("type").and_then(Value::as_str), None | Some("string"));
    (typed && all_strings_or_null && !strings.is_empty()).then_some(strings)
}

/// Is this schema already the open pattern (a `oneOf`/`anyOf` holding a plain string)?
pub(super) fn is_unconstrained_string(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("string")
        && s.get("enum").is_none()
        && s.get("$ref").is_none()
}

/// Properties with a string enum that a `oneOf`/`anyOf` variant carries, with the pointer
/// of the enum schema (a component's pointer when the property refers to one).
fn variant_enum_props(
    doc: &Value,
    v: &Value,
    ptr: &str,
    depth: usize,
    out: &mut BTreeMap<String, (String, Vec<Value>)>,
) {
    if depth > 16 {
        return;
    }
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        if let Some(t) = resolve(doc, r) {
            variant_enum_props(doc, t, r, depth + 1, out);
        }
        return;
    }
    if let Some(Value::Array(members)) = v.get("allOf") {
        for (i, m) in members.iter().enumerate() {
            variant_enum_props(doc, m, &format!("{ptr}/allOf/{i}"), depth + 1, out);
        }
    }
    if let Some(Value::Object(props)) = v.get("properties") {
        for (k, ps) in props {
            let (eptr, es) = match ps.get("$ref").and_then(Value::as_str) {
                Some(r) => match deref(doc, ps) {
                    Some(t) => (r.to_string(), t),
                    None => continue,
                },
                None => (format!("{ptr}/properties/{}", escape(k)), ps),
            };
            if let Some(values) = es.as_object().and_then(string_enum) {
                out.insert(k.clone(), (eptr, values));
            }
        }
    }
}

/// Pointers of the enum schemas that tell `oneOf`/`anyOf` variants apart: a property two
/// variants both carry with disjoint value sets. These stay closed.
pub fn discriminators(doc: &Value) -> BTreeSet<String> {
    let mut unions: Vec<(String, Vec<Value>)> = Vec::new();
    for_each_schema(doc, &mut |s, ptr, _| {
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(vs)) = s.get(key) {
                unions.push((format!("{ptr}/{key}"), vs.clone()));
            }
        }
    });
    let mut closed = BTreeSet::new();
    for (ptr, variants) in unions {
        let props: Vec<BTreeMap<String, (String, Vec<Value>)>> = variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut out = BTreeMap::new();
                variant_enum_props(doc, v, &format!("{ptr}/{i}"), 0, &mut out);
                out
            })
            .collect();
        for (i, a) in props.iter().enumerate() {
            for b in &props[i + 1..] {
                for (k, (pa, va)) in a {
                    let Some((pb, vb)) = b.get(k) else { continue };
                    if !va.iter().any(|x| vb.contains(x)) {
                        closed.insert(pa.clone());
                        closed.insert(pb.clone());
                    }
                }
            }
        }
    }
    closed
}
