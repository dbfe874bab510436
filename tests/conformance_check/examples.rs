//! Where the spec gives examples for a schema, and the object shape a schema describes.

use std::collections::BTreeSet;

use serde_json::Value;

/// Property names and `required` of an object schema, `allOf` members merged and `$ref`s
/// followed; `None` when the schema is not an object with properties.
pub fn shape(
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
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}

/// The examples the spec gives for the schema at `pointer`: an `example` on the schema
/// itself, or one put together from its properties' `example`s (Dwolla documents most
/// schemas property by property), and those on media types that carry the schema.
pub fn examples(spec: &Value, media_by_ref: &MediaByRef, pointer: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(e) = resolve(spec, pointer).and_then(|s| compose_example(spec, s, 0)) {
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
pub type MediaByRef = std::collections::HashMap<String, Vec<String>>;

/// Walk `/paths` once and index its media types by the schema they refer to.
pub fn media_by_ref(spec: &Value) -> MediaByRef {
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

/// An example or default somewhere in the document, and the schema it must satisfy.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Where it is (`#/paths/…/parameters/0/example`, `#/components/schemas/X/properties/y/default`).
    pub at: String,
    /// The schema it is an instance of.
    pub schema: String,
    /// The value.
    pub value: Value,
}

/// Every example and default in the document, wherever it is (components, parameters,
/// headers, request bodies, responses, under any path key): a schema's `example` and
/// `default`, and a parameter's, header's or media type's `example` and `examples`
/// (`$ref`s to `#/components/examples` followed), each with the schema it must satisfy.
pub fn instances(spec: &Value) -> Vec<Instance> {
    let mut out = Vec::new();
    walk_instances(spec, spec, "#", false, &mut out);
    out
}

fn walk_instances(root: &Value, v: &Value, at: &str, is_schema: bool, out: &mut Vec<Instance>) {
    let Some(m) = v.as_object() else {
        if let Some(items) = v.as_array() {
            for (i, item) in items.iter().enumerate() {
                walk_instances(root, item, &format!("{at}/{i}"), is_schema, out);
            }
        }
        return;
    };
    let push = |out: &mut Vec<Instance>, at: String, schema: String, value: &Value| {
        out.push(Instance {
            at,
            schema,
            value: value.clone(),
        })
    };
    if is_schema {
        for key in ["example", "default"] {
            if let Some(value) = m.get(key) {
                push(out, format!("{at}/{key}"), at.to_string(), value);
            }
        }
    } else if m.get("schema").is_some_and(Value::is_object) {
        let schema = format!("{at}/schema");
        if let Some(value) = m.get("example") {
            push(out, format!("{at}/example"), schema.clone(), value);
        }
        for (name, ex) in m
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let ex = match ex.get("$ref").and_then(Value::as_str) {
                Some(r) => resolve(root, r).unwrap_or(ex),
                None => ex,
            };
            if let Some(value) = ex.get("value") {
                let name = name.replace('~', "~0").replace('/', "~1");
                push(
                    out,
                    format!("{at}/examples/{name}/value"),
                    schema.clone(),
                    value,
                );
            }
        }
    }
    for (k, child) in m {
        if matches!(
            k.as_str(),
            "example" | "examples" | "default" | "enum" | "const"
        ) || k.starts_with("x-")
        {
            continue;
        }
        let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
        let child_is_schema = if is_schema {
            match k.as_str() {
                "properties" | "patternProperties" => {
                    for (name, s) in child.as_object().into_iter().flatten() {
                        let name = name.replace('~', "~0").replace('/', "~1");
                        walk_instances(root, s, &format!("{here}/{name}"), true, out);
                    }
                    continue;
                }
                "items" | "additionalProperties" | "not" | "allOf" | "oneOf" | "anyOf" => true,
                _ => continue,
            }
        } else if k == "schema" {
            true
        } else if k == "schemas" && at == "#/components" {
            for (name, s) in child.as_object().into_iter().flatten() {
                let name = name.replace('~', "~0").replace('/', "~1");
                walk_instances(root, s, &format!("{here}/{name}"), true, out);
            }
            continue;
        } else {
            false
        };
        walk_instances(root, child, &here, child_is_schema, out);
    }
}
