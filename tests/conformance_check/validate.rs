//! Checking an example against the spec's own schema, with a JSON Schema validator.
//!
//! An OpenAPI 3.0 schema is close to JSON Schema draft 4 (boolean exclusive bounds,
//! `$ref` replaces its siblings), so the validator runs draft 4 over the whole document
//! as its root, with `#/components/schemas/...` references resolving in place. Three
//! differences are translated first: `nullable: true` admits `null`; `oneOf` is read as
//! `anyOf`, because the generated untagged enums take the first variant that fits (and
//! the open-enum transform's `oneOf: [known values, any string]` overlaps on purpose);
//! OpenAPI-only keywords (`example`, `discriminator`, `readOnly`, `x-*`) are unknown to
//! draft 4 and so ignored.

use jsonschema::{Draft, Validator};
use serde_json::{Map, Value};

/// The transformed spec, translated once into a draft-4 root document.
pub struct SpecSchemas {
    root: Value,
}

/// One rule of the spec's schema that an example breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the example (`/amount1/value`; empty for the whole example).
    pub instance: String,
    /// JSON pointer to the keyword in the spec (`/components/schemas/Amount/properties/value/type`).
    pub rule: String,
    /// What the validator says (`0.02 is not of type "string"`).
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.instance.is_empty() {
            "/"
        } else {
            &self.instance
        };
        write!(f, "at `{at}`: {} (rule #{})", self.message, self.rule)
    }
}

impl SpecSchemas {
    /// Translate a transformed (OpenAPI 3.0) document.
    pub fn new(spec: &Value) -> Self {
        let mut root = spec.clone();
        translate(&mut root);
        if let Some(m) = root.as_object_mut() {
            // A draft-4 root must not claim another dialect or identity.
            m.remove("$schema");
            m.remove("id");
        }
        SpecSchemas { root }
    }

    /// A validator for the schema at `pointer` (`#/components/schemas/X` or an inline one).
    pub fn validator(&self, pointer: &str) -> Result<Validator, String> {
        let mut doc = self.root.clone();
        let Some(m) = doc.as_object_mut() else {
            return Err("the spec is not a mapping".into());
        };
        // `translate` read every `oneOf` as `anyOf`: a pointer through one follows suit.
        let translated: Vec<&str> = pointer
            .split('/')
            .map(|seg| if seg == "oneOf" { "anyOf" } else { seg })
            .collect();
        m.insert(
            "$ref".into(),
            Value::from(uri_fragment(&translated.join("/"))),
        );
        jsonschema::options()
            .with_draft(Draft::Draft4)
            .should_validate_formats(true)
            .build(&doc)
            .map_err(|e| format!("the validator cannot compile the schema at {pointer}: {e}"))
    }
}

/// A JSON pointer as a URI fragment: path templates' `{id}`, and a `#` inside a path key
/// (`/micro-deposits#verify`), percent-encoded; only the leading `#` starts the fragment.
pub fn uri_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 8);
    let rest = match pointer.strip_prefix('#') {
        Some(rest) => {
            out.push('#');
            rest
        }
        None => pointer,
    };
    for c in rest.chars() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '/'
            | '~'
            | '-'
            | '.'
            | '_'
            | '!'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | ':'
            | '@' => out.push(c),
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// Every rule of the schema `validator` stands for that `example` breaks.
pub fn violations(validator: &Validator, example: &Value) -> Vec<Violation> {
    validator
        .iter_errors(example)
        .map(|e| Violation {
            instance: e.instance_path().as_str().to_string(),
            rule: e.schema_path().as_str().to_string(),
            message: e.to_string(),
        })
        .collect()
}

/// Rewrite OpenAPI 3.0 schema keywords into their draft-4 meaning, everywhere. Keys of
/// `properties` maps and example values are data, not schemas, and are left alone.
fn translate(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(translate),
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if is_data(k) {
                    continue;
                }
                if k == "properties" || k == "patternProperties" || k == "definitions" {
                    // A map of schemas: translate each value, keep the names.
                    if let Some(props) = child.as_object_mut() {
                        props.values_mut().for_each(translate);
                    }
                    continue;
                }
                translate(child);
            }
            if let Some(one_of) = m.remove("oneOf") {
                m.insert("anyOf".into(), one_of);
            }
            if m.remove("nullable") == Some(Value::Bool(true)) {
                admit_null(m);
            }
        }
        _ => {}
    }
}

/// Keys whose values are instances or free text, never schemas.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// `nullable: true`: `null` is one more accepted value.
fn admit_null(m: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = m.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    match m.get("type").cloned() {
        Some(Value::String(t)) => {
            m.insert("type".into(), Value::from(vec![t, "null".to_string()]));
        }
        Some(Value::Array(mut ts)) => {
            if !ts.contains(&Value::from("null")) {
                ts.push(Value::from("null"));
            }
            m.insert("type".into(), Value::Array(ts));
        }
        _ => {
            // No `type` to widen (a `$ref`, `allOf`, …): the schema, or null.
            let rest = std::mem::take(m);
            m.insert(
                "anyOf".into(),
                serde_json::json!([Value::Object(rest), { "type": "null" }]),
            );
        }
    }
}
