//! Schema conformance: every generated type that stands for a named schema of the
//! (transformed) spec has the spec's property names and `required` set in its schemars
//! JSON Schema, and every example the spec gives for that schema deserialises into the
//! type and serialises back to equal JSON.
//!
//! The pairs come from the build (`OUT_DIR/dwolla_conformance.rs`), so this runs on
//! whatever spec the crate was built from: the seed always, the whole spec when
//! `DWOLLA_OPENAPI_SPEC` is set.
#![cfg(feature = "schemars")]

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The transformed spec the types were generated from.
const SPEC: &str = include_str!(concat!(env!("OUT_DIR"), "/dwolla_spec.json"));

/// One schema ↔ type pair, with what the test needs of the type.
struct Entry {
    pointer: &'static str,
    type_name: &'static str,
    json_schema: fn() -> Value,
    roundtrip: fn(Value) -> Result<Value, String>,
}

fn entry<T: schemars::JsonSchema + DeserializeOwned + Serialize>(
    pointer: &'static str,
    type_name: &'static str,
) -> Entry {
    Entry {
        pointer,
        type_name,
        json_schema: || serde_json::to_value(schemars::schema_for!(T)).expect("schema as JSON"),
        roundtrip: |v| {
            let typed: T = serde_path_to_error::deserialize(v)
                .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
            serde_json::to_value(&typed).map_err(|e| e.to_string())
        },
    }
}

include!(concat!(env!("OUT_DIR"), "/dwolla_conformance.rs"));

/// Property names and `required` of an object schema, `allOf` members merged and `$ref`s
/// followed; `None` when the schema is not an object with properties.
fn shape(
    root: &Value,
    schema: &Value,
    depth: usize,
) -> Option<(BTreeSet<String>, BTreeSet<String>)> {
    if depth > 16 {
        return None;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return shape(root, resolve(root, r)?, depth + 1);
    }
    let mut props = BTreeSet::new();
    let mut required = BTreeSet::new();
    let mut any = false;
    if let Some(p) = schema.get("properties").and_then(Value::as_object) {
        any = true;
        props.extend(p.keys().cloned());
    }
    if let Some(r) = schema.get("required").and_then(Value::as_array) {
        required.extend(r.iter().filter_map(Value::as_str).map(String::from));
    }
    for member in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some((p, r)) = shape(root, member, depth + 1) {
            any = true;
            props.extend(p);
            required.extend(r);
        }
    }
    any.then_some((props, required))
}

/// Follow a local `$ref` (`#/components/schemas/X` in the spec, `#/$defs/X` in schemars').
fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}

/// The examples the spec gives for the schema at `pointer`: an `example` on the schema
/// itself, or one put together from its properties' `example`s (Dwolla documents most
/// schemas property by property), and those on media types that carry the schema.
fn examples(spec: &Value, media_by_ref: &MediaByRef, pointer: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let schema = resolve(spec, pointer).expect("pointer resolves");
    if let Some(e) = compose_example(spec, schema, 0) {
        out.push((format!("{pointer} (example)"), e));
    }
    let mut media = Vec::new();
    if let Some(inline_parent) = pointer.strip_suffix("/schema")
        && inline_parent.contains("/content/")
    {
        media.push(inline_parent.to_string());
    }
    media.extend(media_by_ref.get(pointer).into_iter().flatten().cloned());
    for m in media {
        let Some(mt) = resolve(spec, &m) else {
            continue;
        };
        if let Some(e) = mt.get("example") {
            out.push((format!("{m}/example"), e.clone()));
        }
        for (name, ex) in mt
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(v) = ex.get("value") {
                out.push((format!("{m}/examples/{name}/value"), v.clone()));
            }
        }
    }
    out
}

/// The schema's `example`, or an instance built from its parts' examples: an object
/// from its properties' (`allOf` members merged), an array from its items'. `None` when
/// a required property has no example (the instance would be invalid) or nothing has one.
fn compose_example(spec: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > 12 {
        return None;
    }
    if let Some(e) = schema.get("example") {
        return Some(e.clone());
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return compose_example(spec, resolve(spec, r)?, depth + 1);
    }
    if let Some(items) = schema.get("items") {
        return Some(Value::Array(vec![compose_example(spec, items, depth + 1)?]));
    }
    let mut object = serde_json::Map::new();
    let mut required = BTreeSet::new();
    for member in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match compose_example(spec, member, depth + 1) {
            Some(Value::Object(m)) => object.extend(m),
            _ => {
                if shape(spec, member, 0).is_some_and(|(_, r)| !r.is_empty()) {
                    return None;
                }
            }
        }
    }
    if let Some(r) = schema.get("required").and_then(Value::as_array) {
        required.extend(r.iter().filter_map(Value::as_str));
    }
    for (name, p) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        match compose_example(spec, p, depth + 1) {
            Some(v) => {
                object.insert(name.clone(), v);
            }
            None if required.contains(name.as_str()) => return None,
            None => {}
        }
    }
    (!object.is_empty()).then_some(Value::Object(object))
}

/// Media type objects under `/paths` whose `schema` is a `$ref`, by the `$ref` target.
type MediaByRef = std::collections::HashMap<String, Vec<String>>;

/// Walk `/paths` once and index its media types by the schema they refer to.
fn media_by_ref(spec: &Value) -> MediaByRef {
    fn walk(v: &Value, at: &str, out: &mut MediaByRef) {
        let Some(m) = v.as_object() else { return };
        if at.contains("/content/")
            && let Some(target) = m
                .get("schema")
                .and_then(|s| s.get("$ref"))
                .and_then(Value::as_str)
        {
            out.entry(target.to_string())
                .or_default()
                .push(at.to_string());
        }
        for (k, child) in m {
            let seg = k.replace('~', "~0").replace('/', "~1");
            walk(child, &format!("{at}/{seg}"), out);
        }
    }
    let mut out = MediaByRef::new();
    if let Some(paths) = spec.get("paths") {
        walk(paths, "#/paths", &mut out);
    }
    out
}

/// Equal as JSON, or equal once read as what the type holds: the same number written
/// as `1` or `1.0`, the same instant written with other RFC 3339 precision.
fn same_scalar(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => {
            match (
                chrono::DateTime::parse_from_rfc3339(x),
                chrono::DateTime::parse_from_rfc3339(y),
            ) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }
        _ => false,
    }
}

fn is_empty_collection(v: &Value) -> bool {
    matches!(v, Value::Array(a) if a.is_empty()) || matches!(v, Value::Object(o) if o.is_empty())
}

/// Where two JSON values first differ, as a path.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let p = format!("{at}/{k}");
                match (x.get(k), y.get(k)) {
                    (Some(l), Some(r)) => {
                        if let Some(d) = first_difference(l, r, &p) {
                            return Some(d);
                        }
                    }
                    // typify leaves out empty optional collections when serialising.
                    (Some(l), None) if is_empty_collection(l) => {}
                    (Some(l), None) => {
                        return Some(format!(
                            "{p}: {l} in the example, missing after the round trip"
                        ));
                    }
                    (None, Some(r)) => {
                        return Some(format!(
                            "{p}: missing in the example, {r} after the round trip"
                        ));
                    }
                    (None, None) => {}
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (l, r))| first_difference(l, r, &format!("{at}/{i}"))),
        _ if same_scalar(a, b) => None,
        _ => Some(format!(
            "{at}: {a} in the example, {b} after the round trip"
        )),
    }
}

#[test]
fn every_named_schema_matches_its_generated_type_and_its_examples_round_trip() {
    let spec: Value = serde_json::from_str(SPEC).expect("the build wrote the transformed spec");
    let entries = dwolla_conformance_entries();
    let media = media_by_ref(&spec);
    let mut failures = Vec::new();
    let (mut shapes, mut example_count) = (0, 0);

    for (pointer, type_name) in DWOLLA_CONFORMANCE_MISSING {
        failures.push(format!("{pointer}: no generated type `{type_name}`"));
    }
    for e in &entries {
        let schema = resolve(&spec, e.pointer).expect("registry pointers resolve");
        if let Some((spec_props, spec_required)) = shape(&spec, schema, 0) {
            shapes += 1;
            let json_schema = (e.json_schema)();
            // A struct without fields has `type: object` and no `properties`.
            let type_shape = shape(&json_schema, &json_schema, 0).or_else(|| {
                (json_schema.get("type") == Some(&Value::from("object"))).then(Default::default)
            });
            match type_shape {
                None => failures.push(format!(
                    "{} ({}): the spec has properties {spec_props:?}, the type's JSON Schema none",
                    e.pointer, e.type_name
                )),
                Some((props, required)) => {
                    let at = format!("{} ({})", e.pointer, e.type_name);
                    for p in spec_props.difference(&props) {
                        failures.push(format!(
                            "{at}: property `{p}` is in the spec, not in the type"
                        ));
                    }
                    for p in props.difference(&spec_props) {
                        failures.push(format!(
                            "{at}: property `{p}` is in the type, not in the spec"
                        ));
                    }
                    for p in spec_required.symmetric_difference(&required) {
                        let side = if spec_required.contains(p) {
                            "the spec"
                        } else {
                            "the type"
                        };
                        failures.push(format!("{at}: property `{p}` is required only in {side}"));
                    }
                }
            }
        }
        for (where_, example) in examples(&spec, &media, e.pointer) {
            example_count += 1;
            match (e.roundtrip)(example.clone()) {
                Err(err) => failures.push(format!(
                    "{where_} does not deserialise into {}: {err}",
                    e.type_name
                )),
                Ok(back) => {
                    if let Some(d) = first_difference(&example, &back, "") {
                        failures.push(format!("{where_} through {}: {d}", e.type_name));
                    }
                }
            }
        }
    }
    eprintln!(
        "conformance: {} schemas paired with types, {shapes} property sets compared, {example_count} examples round-tripped",
        entries.len()
    );
    assert!(
        failures.is_empty(),
        "{} conformance failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        !entries.is_empty(),
        "the registry pairs at least one schema"
    );
}
