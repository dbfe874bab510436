//! Walks over the schema objects of a document (read-only, and to change them) (every one, with its JSON pointer and side
//! of the wire) and over every `$ref` string.

use serde_json::{Map, Value};

use super::ops::METHODS;
use super::pointer::escape;

/// Which side of the wire a schema is on, as far as the document says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A request body or parameter.
    Request,
    /// A response body or header.
    Response,
    /// A named component: its side depends on who refers to it.
    Component,
}

/// What [`for_each_schema`] calls: the schema object, its JSON pointer, its side.
pub type SchemaVisitor<'a> = dyn FnMut(&Map<String, Value>, &str, Side) + 'a;

/// Call `f` on every schema object of the document (components, parameters, bodies,
/// responses, headers, and all their sub-schemas), with its JSON pointer and side.
/// `$ref` objects are not visited: the schema they point at is visited where it is defined.
pub fn for_each_schema(doc: &Value, f: &mut SchemaVisitor<'_>) {
    if let Some(Value::Object(components)) = doc.get("components") {
        if let Some(Value::Object(schemas)) = components.get("schemas") {
            for (name, s) in schemas.iter() {
                walk_schema(
                    s,
                    &format!("#/components/schemas/{}", escape(name)),
                    Side::Component,
                    f,
                );
            }
        }
        for (section, side) in [("parameters", Side::Request), ("headers", Side::Response)] {
            if let Some(Value::Object(items)) = components.get(section) {
                for (name, item) in items.iter() {
                    let ptr = format!("#/components/{section}/{}", escape(name));
                    visit_param_like(item, &ptr, side, f);
                }
            }
        }
        for (section, side) in [
            ("responses", Side::Response),
            ("requestBodies", Side::Request),
        ] {
            if let Some(Value::Object(items)) = components.get(section) {
                for (name, item) in items.iter() {
                    let ptr = format!("#/components/{section}/{}", escape(name));
                    visit_body_like(item, &ptr, side, f);
                }
            }
        }
    }
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    for (path, item) in paths.iter() {
        let Value::Object(item) = item else { continue };
        let item_ptr = format!("#/paths/{}", escape(path));
        visit_params(item.get("parameters"), &format!("{item_ptr}/parameters"), f);
        for method in METHODS {
            let Some(Value::Object(op)) = item.get(method) else {
                continue;
            };
            let op_ptr = format!("{item_ptr}/{method}");
            visit_params(op.get("parameters"), &format!("{op_ptr}/parameters"), f);
            if let Some(body) = op.get("requestBody") {
                visit_body_like(body, &format!("{op_ptr}/requestBody"), Side::Request, f);
            }
            if let Some(Value::Object(responses)) = op.get("responses") {
                for (code, resp) in responses.iter() {
                    let ptr = format!("{op_ptr}/responses/{}", escape(code));
                    visit_body_like(resp, &ptr, Side::Response, f);
                }
            }
        }
    }
}

fn visit_params(params: Option<&Value>, ptr: &str, f: &mut SchemaVisitor<'_>) {
    if let Some(Value::Array(params)) = params {
        for (i, p) in params.iter().enumerate() {
            visit_param_like(p, &format!("{ptr}/{i}"), Side::Request, f);
        }
    }
}

fn visit_param_like(item: &Value, ptr: &str, side: Side, f: &mut SchemaVisitor<'_>) {
    if let Some(s) = item.get("schema") {
        walk_schema(s, &format!("{ptr}/schema"), side, f);
    }
}

fn visit_body_like(item: &Value, ptr: &str, side: Side, f: &mut SchemaVisitor<'_>) {
    if let Some(Value::Object(content)) = item.get("content") {
        for (mt, media) in content.iter() {
            if let Some(s) = media.get("schema") {
                walk_schema(s, &format!("{ptr}/content/{}/schema", escape(mt)), side, f);
            }
        }
    }
    if let Some(Value::Object(headers)) = item.get("headers") {
        for (name, h) in headers.iter() {
            visit_param_like(
                h,
                &format!("{ptr}/headers/{}", escape(name)),
                Side::Response,
                f,
            );
        }
    }
}

const SUBSCHEMA: [&str; 9] = [
    "items",
    "not",
    "additionalProperties",
    "additionalItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
];
const SUBSCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const SUBSCHEMA_LISTS: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];

/// Visit `schema` and, depth first, every sub-schema it holds.
pub fn walk_schema(schema: &Value, ptr: &str, side: Side, f: &mut SchemaVisitor<'_>) {
    let Value::Object(map) = schema else { return };
    if map.contains_key("$ref") {
        return;
    }
    f(map, ptr, side);
    for key in SUBSCHEMA {
        if let Some(s @ Value::Object(_)) = map.get(key) {
            walk_schema(s, &format!("{ptr}/{key}"), side, f);
        }
    }
    for key in SUBSCHEMA_MAPS {
        if let Some(Value::Object(props)) = map.get(key) {
            for (name, s) in props.iter() {
                walk_schema(s, &format!("{ptr}/{key}/{}", escape(name)), side, f);
            }
        }
    }
    for key in SUBSCHEMA_LISTS {
        if let Some(Value::Array(items)) = map.get(key) {
            for (i, s) in items.iter().enumerate() {
                walk_schema(s, &format!("{ptr}/{key}/{i}"), side, f);
            }
        }
    }
}

/// What [`for_each_schema_mut`] calls: the schema object to change, its JSON pointer, its side.
pub type SchemaChanger<'a> = dyn FnMut(&mut Map<String, Value>, &str, Side) + 'a;

/// [`for_each_schema`] for changing the schemas: the places are found first, then `f`
/// gets each one, parents before their sub-schemas. Sub-schemas `f` adds are not visited.
pub fn for_each_schema_mut(doc: &mut Value, f: &mut SchemaChanger<'_>) {
    let mut places = Vec::new();
    for_each_schema(doc, &mut |_, ptr, side| {
        places.push((ptr.to_string(), side))
    });
    for (ptr, side) in places {
        if let Some(Value::Object(s)) = ptr.get(1..).and_then(|p| doc.pointer_mut(p)) {
            f(s, &ptr, side);
        }
    }
}

/// Call `f` on every `$ref` string anywhere in the document, with the pointer of the
/// object that holds it.
pub fn for_each_ref(doc: &Value, ptr: &str, f: &mut dyn FnMut(&str, &str)) {
    match doc {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                f(r, ptr);
            }
            for (k, v) in map {
                // `examples`/`example` values are data, not spec: a `$ref` key there is a payload.
                if k == "example" {
                    continue;
                }
                for_each_ref(v, &format!("{ptr}/{}", escape(k)), f);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                for_each_ref(v, &format!("{ptr}/{i}"), f);
            }
        }
        _ => {}
    }
}
