//! typify's naming rules, in one place: the type name a component or an inline schema
//! gets from where it stands, and which inline schemas get a named type at all.

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use super::ops::views;
use super::pointer::{escape, schema_ref, segments};

/// typify's name for a component schema.
pub fn component_type_name(schema: &str) -> String {
    schema.to_upper_camel_case()
}

/// The name typify derives for the schema at `pointer` from its place: `Component` +
/// `Property`s (+ `Item` for array items, `Value` for `additionalProperties`),
/// composition members skipped; `{OperationId}Body` / `{OperationId}Response` for an
/// operation's inline request / response bodies.
pub fn type_name_at(doc: &Value, pointer: &str) -> String {
    let segs = segments(pointer);
    let (name, rest) = match segs.as_slice() {
        [c, s, name, rest @ ..] if c == "components" && s == "schemas" => (name.clone(), rest),
        [c, _, name, rest @ ..] if c == "components" => (name.clone(), skip_to_schema(rest)),
        [p, path, method, rest @ ..] if p == "paths" => {
            let id = doc
                .get("paths")
                .and_then(|ps| ps.get(path))
                .and_then(|i| i.get(method))
                .and_then(|o| o.get("operationId"))
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{method}_{path}"));
            let side = if rest.first().map(String::as_str) == Some("requestBody") {
                "body"
            } else {
                "response"
            };
            (format!("{id}-{side}"), skip_to_schema(rest))
        }
        _ => ("Schema".to_string(), &segs[..0]),
    };
    let mut name = name.to_upper_camel_case();
    let mut i = 0;
    while i < rest.len() {
        match rest[i].as_str() {
            "properties" if i + 1 < rest.len() => {
                name = nested(&name, &rest[i + 1].to_snake_case());
                i += 2;
            }
            "items" => {
                name = nested(&name, "item");
                i += 1;
            }
            "additionalProperties" => {
                name = nested(&name, "value");
                i += 1;
            }
            "allOf" | "oneOf" | "anyOf" => i += 2,
            _ => i += 1,
        }
    }
    name
}

fn nested(parent: &str, part: &str) -> String {
    format!("{parent}_{part}").to_upper_camel_case()
}

/// The segments after the `.../schema` of a body, response or parameter.
fn skip_to_schema(rest: &[String]) -> &[String] {
    match rest.iter().position(|s| s == "schema") {
        Some(i) => &rest[i + 1..],
        None => &rest[rest.len()..],
    }
}

/// Does typify give this schema a type of its own (and so a name)?
pub fn makes_named_type(s: &Value) -> bool {
    let Some(m) = s.as_object() else { return false };
    if m.contains_key("$ref") {
        return false;
    }
    m.contains_key("properties")
        || m.contains_key("oneOf")
        || m.contains_key("anyOf")
        || m.contains_key("allOf")
        || (m.contains_key("enum") && m.get("type").and_then(Value::as_str) == Some("string"))
}

/// Inline schemas that get a generated name, with the name typify will try for them
/// ([`type_name_at`]): properties and array items below components and below the JSON
/// request and response bodies of operations with an `operationId`.
pub fn inline_named_schemas(doc: &Value) -> Vec<(String, String)> {
    let mut places = Vec::new();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, s) in schemas {
            nested_places(s, &schema_ref(name), &mut places);
        }
    }
    const JSON_SCHEMA: &str = "content/application~1json/schema";
    for v in views(doc) {
        if v.at.operation_id.is_none() {
            continue;
        }
        let base = v.at.pointer();
        let mut top = Vec::new();
        if let Some(b) = v.op.get("requestBody") {
            top.push((format!("{base}/requestBody"), b));
        }
        if let Some(Value::Object(rs)) = v.op.get("responses") {
            for (code, r) in rs {
                top.push((format!("{base}/responses/{}", escape(code)), r));
            }
        }
        for (ptr, holder) in top {
            if let Some(s) = holder.pointer(&format!("/{JSON_SCHEMA}")) {
                let ptr = format!("{ptr}/{JSON_SCHEMA}");
                if makes_named_type(s) {
                    places.push(ptr.clone());
                }
                nested_places(s, &ptr, &mut places);
            }
        }
    }
    places
        .into_iter()
        .map(|p| {
            let name = type_name_at(doc, &p);
            (p, name)
        })
        .collect()
}

/// Pointers of the named inline schemas under `s`, depth first.
fn nested_places(s: &Value, ptr: &str, out: &mut Vec<String>) {
    let Some(m) = s.as_object() else { return };
    let visit = |child: &Value, p: String, out: &mut Vec<String>| {
        if makes_named_type(child) {
            out.push(p.clone());
        }
        nested_places(child, &p, out);
    };
    if let Some(Value::Object(props)) = m.get("properties") {
        for (prop, ps) in props {
            let p = format!("{ptr}/properties/{}", escape(prop));
            // A property's own `items` are visited by the recursion below.
            visit(ps, p, out);
        }
    }
    if let Some(items) = m.get("items") {
        visit(items, format!("{ptr}/items"), out);
    }
}
