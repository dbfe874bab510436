//! The change report's schema rules: two schemas compared node by node (properties,
//! `required`, type, enum values, items and variants), with what a type is called.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change::{ChangeKind, Impact};
use crate::doc::{self, SCHEMAS, unescape};

/// Which rules apply: a schema requests reach, responses reach, or both.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sides {
    pub(super) request: bool,
    pub(super) response: bool,
}

/// Two documents being compared, the rules that apply, and where changes go.
pub(super) struct Cx<'d, 'p> {
    pub(super) old_doc: &'d Value,
    pub(super) new_doc: &'d Value,
    pub(super) sides: Sides,
    pub(super) push: &'p mut dyn FnMut(Impact, ChangeKind),
}

fn ref_name(r: &str) -> String {
    r.strip_prefix(SCHEMAS)
        .map(unescape)
        .unwrap_or_else(|| r.to_string())
}

/// The type of a schema as the report names it: `string (date-time)`, `Customer` for a
/// `$ref`, `string enum` for an enum, `oneOf(A | B)` for a type-less composition,
/// `any` for `{}`.
pub fn signature(s: &Value) -> String {
    let Some(m) = s.as_object() else {
        return "any".into();
    };
    if let Some(r) = m.get("$ref").and_then(Value::as_str) {
        return ref_name(r);
    }
    let ty = match m.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(other) => other.to_string(),
        None => {
            let composed = ["oneOf", "anyOf", "allOf"].iter().find_map(|k| {
                let members = m.get(*k)?.as_array()?;
                let names: Vec<String> = members.iter().map(signature).collect();
                Some(format!("{k}({})", names.join(" | ")))
            });
            match composed {
                Some(c) => c,
                None if m.contains_key("properties") => "object".into(),
                None => "any".into(),
            }
        }
    };
    let ty = match m.get("format").and_then(Value::as_str) {
        Some(f) => format!("{ty} ({f})"),
        None => ty,
    };
    // A closed set of values is another Rust type than a free one.
    if m.contains_key("enum") {
        format!("{ty} enum")
    } else {
        ty
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Properties and `required` of a schema, inline `allOf` members merged in.
fn object_view(s: &Map<String, Value>) -> (Map<String, Value>, BTreeSet<String>) {
    let mut props = Map::new();
    let mut required = BTreeSet::new();
    let mut add = |m: &Map<String, Value>| {
        if let Some(p) = m.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                props.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        if let Some(r) = m.get("required").and_then(Value::as_array) {
            required.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
        }
    };
    add(s);
    for member in s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(m) = member.as_object().filter(|m| !m.contains_key("$ref")) {
            add(m);
        }
    }
    (props, required)
}

/// Compare two schemas at `path`, recursively.
pub(super) fn compare_node(cx: &mut Cx<'_, '_>, old: &Value, new: &Value, path: &str) {
    let (from, to) = (signature(old), signature(new));
    if from != to {
        if !same_after_deref(cx, old, new) {
            (cx.push)(
                Impact::Breaking,
                ChangeKind::TypeChanged {
                    path: path.into(),
                    from,
                    to,
                },
            );
        }
        return;
    }
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return;
    };
    if o.contains_key("$ref") {
        return; // compared where it is defined
    }
    compare_enum(cx, o, n, path);

    let (old_props, old_req) = object_view(o);
    let (new_props, new_req) = object_view(n);
    let Sides { request, response } = cx.sides;
    for (name, ns) in &new_props {
        let p = join(path, name);
        let required = new_req.contains(name);
        let Some(os) = old_props.get(name) else {
            let impact = if required && request {
                Impact::Breaking
            } else {
                Impact::Compatible
            };
            (cx.push)(impact, ChangeKind::PropertyAdded { path: p, required });
            continue;
        };
        match (old_req.contains(name), required) {
            (false, true) => {
                let impact = if request {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                };
                (cx.push)(impact, ChangeKind::PropertyMadeRequired { path: p.clone() });
            }
            (true, false) => {
                let impact = if response {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                };
                (cx.push)(impact, ChangeKind::PropertyMadeOptional { path: p.clone() });
            }
            _ => {}
        }
        compare_node(cx, os, ns, &p);
    }
    for name in old_props.keys().filter(|k| !new_props.contains_key(*k)) {
        (cx.push)(
            Impact::Breaking,
            ChangeKind::PropertyRemoved {
                path: join(path, name),
            },
        );
    }

    if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
        compare_node(cx, oi, ni, &format!("{path}[]"));
    }
    if let (Some(oa @ Value::Object(_)), Some(na @ Value::Object(_))) =
        (o.get("additionalProperties"), n.get("additionalProperties"))
    {
        compare_node(cx, oa, na, &join(path, "*"));
    }
    for key in ["oneOf", "anyOf"] {
        if let (Some(ov), Some(nv)) = (
            o.get(key).and_then(Value::as_array),
            n.get(key).and_then(Value::as_array),
        ) {
            for (i, (a, b)) in ov.iter().zip(nv).enumerate() {
                compare_node(cx, a, b, &format!("{path}<{key} {i}>"));
            }
        }
    }
}

/// A `$ref` on one side and an inline schema on the other are the same type when the
/// reference resolves to exactly that schema (a hoisting transform moved it).
fn same_after_deref(cx: &Cx<'_, '_>, old: &Value, new: &Value) -> bool {
    match (doc::deref(cx.old_doc, old), doc::deref(cx.new_doc, new)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn compare_enum(cx: &mut Cx<'_, '_>, o: &Map<String, Value>, n: &Map<String, Value>, path: &str) {
    let values = |m: &Map<String, Value>| -> Vec<Value> {
        m.get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (ov, nv) = (values(o), values(n));
    for v in nv.iter().filter(|v| !ov.contains(v)) {
        (cx.push)(
            Impact::Compatible,
            ChangeKind::EnumValueAdded {
                path: path.into(),
                value: v.to_string(),
            },
        );
    }
    for v in ov.iter().filter(|v| !nv.contains(v)) {
        (cx.push)(
            Impact::Breaking,
            ChangeKind::EnumValueRemoved {
                path: path.into(),
                value: v.to_string(),
            },
        );
    }
}

/// An optional schema on each side: both compared, or one missing is a type change.
pub(super) fn compare_optional(
    cx: &mut Cx<'_, '_>,
    old: Option<Value>,
    new: Option<Value>,
    path: &str,
) {
    match (old, new) {
        (None, None) => {}
        (Some(o), Some(n)) => compare_node(cx, &o, &n, path),
        (o, n) => {
            let sig = |v: Option<Value>| v.map_or_else(|| "none".to_string(), |v| signature(&v));
            (cx.push)(
                Impact::Breaking,
                ChangeKind::TypeChanged {
                    path: path.into(),
                    from: sig(o),
                    to: sig(n),
                },
            );
        }
    }
}
