//! `open_response_enums`: string enums the client *receives* accept values the spec
//! does not list yet, while the ones it *sends* keep offering only the documented values.
//!
//! typify turns `oneOf: [<closed enum>, {type: string}]` into an untagged enum, so a
//! response enum at some place (its typify name `Name`, e.g. `ExchangePartnerStatus`)
//! is rewritten to
//!
//! ```yaml
//! oneOf:
//!   - title: Known                       # variant name
//!     allOf: [{ $ref: '#/components/schemas/NameKnown' }]
//!   - title: Other                       # variant name
//!     type: string
//! ```
//!
//! plus a component `NameKnown` holding the closed enum. The generated type is
//!
//! ```text
//! #[serde(untagged)]
//! pub enum ExchangePartnerStatus { Known(ExchangePartnerStatusKnown), Other(String) }
//! ```
//!
//! with `Display` (the raw string either way) and `From<ExchangePartnerStatusKnown>`.
//!
//! Which schemas are on which side is decided by `$ref` reachability: component schemas
//! reachable from a request body or parameter stay closed; every other component (reached
//! from responses, or from nothing at all, such as the per-status error schemas that
//! `unify_error_responses` replaced) and every inline response schema is opened. A
//! component reachable from both sides that holds something to open is split: requests
//! keep it under its own name, and responses get a clone named `NameResponse` (its own
//! references retargeted to the response clones as well).
//!
//! Two more rules keep deserialisation correct:
//! - an enum that tells variants of a `oneOf`/`anyOf` apart (the variants carry the
//!   property with disjoint value sets, e.g. `type: unverified` vs `type: personal` on
//!   the customer variants) stays closed: opened, the untagged enum would take every
//!   body as its first variant;
//! - `additionalProperties: false` is dropped from response schemas, so a new field in a
//!   response never fails decoding (typify would emit `#[serde(deny_unknown_fields)]`).
//!
//! Run it after the transforms that create or move schemas (`hoist_colliding_inline_schemas`):
//! the names it derives and the names it avoids are those of the final document.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value, json};

use crate::SpecError;
use crate::error::escape;
use crate::transforms::{Outcome, inline_named_schemas};
use crate::walk::{self, Side};

/// Suffix of the component holding the closed (documented) values of an opened enum.
pub const KNOWN_SUFFIX: &str = "Known";
/// Suffix of the response-side clone of a component used by requests and responses.
pub const RESPONSE_SUFFIX: &str = "Response";
/// Variant name (via `title`) of the documented values.
pub const KNOWN_VARIANT: &str = "Known";
/// Variant name (via `title`) of any other string.
pub const OTHER_VARIANT: &str = "Other";

const SCHEMAS: &str = "#/components/schemas/";

/// Which component schemas each side of the wire reaches through `$ref`s.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Reachable from a request body or a parameter.
    pub request: BTreeSet<String>,
    /// Reachable from a response.
    pub response: BTreeSet<String>,
}

/// Compute [`Reach`] from the operations of `doc`, following `$ref`s transitively
/// (through `components.requestBodies`, `responses`, `parameters` and `schemas`).
pub fn reach(doc: &Value) -> Reach {
    let mut request_seeds = BTreeSet::new();
    let mut response_seeds = BTreeSet::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            if let Some(p) = item.get("parameters") {
                collect_refs(p, &mut request_seeds);
            }
            for method in walk::METHODS {
                let Some(op) = item.get(method) else { continue };
                for key in ["parameters", "requestBody"] {
                    if let Some(v) = op.get(key) {
                        collect_refs(v, &mut request_seeds);
                    }
                }
                if let Some(v) = op.get("responses") {
                    collect_refs(v, &mut response_seeds);
                }
            }
        }
    }
    Reach {
        request: closure(doc, request_seeds),
        response: closure(doc, response_seeds),
    }
}

/// Every `$ref` under `v` (not inside `example`s), as written.
fn collect_refs(v: &Value, out: &mut BTreeSet<String>) {
    walk::for_each_ref(v, "#", &mut |r, _| {
        out.insert(r.to_string());
    });
}

/// Component schema names reachable from `seeds`.
fn closure(doc: &Value, seeds: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = seeds.into_iter().collect();
    while let Some(r) = stack.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(target) = walk::resolve(doc, &r) {
            let mut next = BTreeSet::new();
            collect_refs(target, &mut next);
            stack.extend(next.into_iter().filter(|n| !seen.contains(n)));
        }
    }
    seen.iter().filter_map(|r| component_of(r)).collect()
}

/// `#/components/schemas/X...` → `X` (unescaped).
fn component_of(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix(SCHEMAS)?;
    let seg = rest.split('/').next()?;
    Some(seg.replace("~1", "/").replace("~0", "~"))
}

fn schema_ref(name: &str) -> String {
    format!("{SCHEMAS}{}", escape(name))
}

/// The string values of a string enum schema, or `None` when it is not one.
/// A `null` among the values (a nullable enum) is left out of the list.
fn string_enum(s: &Map<String, Value>) -> Option<Vec<Value>> {
    let values = s.get("enum")?.as_array()?;
    let strings: Vec<Value> = values.iter().filter(|v| v.is_string()).cloned().collect();
    let all_strings_or_null = values.iter().all(|v| v.is_string() || v.is_null());
    let typed = matches!(s.get("type").and_then(Value::as_str), None | Some("string"));
    (typed && all_strings_or_null && !strings.is_empty()).then_some(strings)
}

/// Is this schema already the open pattern (a `oneOf`/`anyOf` holding a plain string)?
fn is_unconstrained_string(s: &Value) -> bool {
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
        if let Some(t) = walk::resolve(doc, r) {
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
                Some(r) => match walk::deref(doc, ps) {
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
    let mut copy = doc.clone();
    walk::for_each_schema(&mut copy, &mut |s, ptr, _| {
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

/// Does the schema tree at `ptr` hold something the response side changes (an enum to
/// open or `additionalProperties: false`)? `$ref`s are not followed.
fn changes_here(schema: &Value, ptr: &str, closed: &BTreeSet<String>) -> bool {
    let mut copy = schema.clone();
    let mut found = false;
    walk::walk_schema(&mut copy, ptr, Side::Component, &mut |s, p, _| {
        found |= (string_enum(s).is_some() && !closed.contains(p))
            || s.get("additionalProperties") == Some(&json!(false));
    });
    found
}

/// The name typify derives for the schema at `pointer` (its place), as far as needed to
/// name the hoisted closed enum: `Component` + `Property`s (+ `Item` for array items),
/// composition members skipped; `{OperationId}Response` for inline response bodies.
pub fn place_name(doc: &Value, pointer: &str) -> String {
    let segs: Vec<String> = pointer
        .trim_start_matches("#/")
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (mut name, rest) = match segs.as_slice() {
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
    name = name.to_upper_camel_case();
    let mut i = 0;
    while i < rest.len() {
        match rest[i].as_str() {
            "properties" if i + 1 < rest.len() => {
                name = format!("{name}_{}", rest[i + 1].to_snake_case()).to_upper_camel_case();
                i += 2;
            }
            "items" => {
                name = format!("{name}_item").to_upper_camel_case();
                i += 1;
            }
            "additionalProperties" => {
                name = format!("{name}_value").to_upper_camel_case();
                i += 1;
            }
            "allOf" | "oneOf" | "anyOf" => i += 2,
            _ => i += 1,
        }
    }
    name
}

/// The segments after the `.../schema` of a body, response or parameter.
fn skip_to_schema(rest: &[String]) -> &[String] {
    match rest.iter().position(|s| s == "schema") {
        Some(i) => &rest[i + 1..],
        None => &rest[rest.len()..],
    }
}

fn fresh(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken.contains(&name) || taken.contains(&name.to_upper_camel_case()) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Replace every `$ref` to a component in `map` (keys: component names) under `v`.
fn retarget(v: &mut Value, map: &BTreeMap<String, String>) -> usize {
    let mut n = 0;
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(to) = component_of(r)
                    .filter(|c| r.as_str() == schema_ref(c))
                    .and_then(|c| map.get(&c))
            {
                *r = schema_ref(to);
                n += 1;
            }
            for (k, x) in m.iter_mut() {
                if k != "example" && k != "examples" {
                    n += retarget(x, map);
                }
            }
        }
        Value::Array(xs) => {
            for x in xs {
                n += retarget(x, map);
            }
        }
        _ => {}
    }
    n
}

/// The transform: see the module documentation.
pub fn open_response_enums(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut out = Outcome::default();
    let sides = reach(doc);
    let closed = discriminators(doc);
    let components: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut taken: BTreeSet<String> = components.iter().cloned().collect();
    taken.extend(components.iter().map(|c| c.to_upper_camel_case()));
    taken.extend(inline_named_schemas(doc).into_iter().map(|(_, n)| n));

    // 1. Components that change on the response side, directly or through a `$ref`.
    let mut changes: BTreeSet<String> = components
        .iter()
        .filter(|c| {
            let ptr = schema_ref(c);
            doc.pointer(&ptr[1..])
                .is_some_and(|s| changes_here(s, &ptr, &closed))
        })
        .cloned()
        .collect();
    loop {
        let before = changes.len();
        for c in &components {
            if changes.contains(c) {
                continue;
            }
            let mut refs = BTreeSet::new();
            if let Some(s) = doc.pointer(&schema_ref(c)[1..]) {
                collect_refs(s, &mut refs);
            }
            if refs
                .iter()
                .filter_map(|r| component_of(r))
                .any(|t| changes.contains(&t))
            {
                changes.insert(c.clone());
            }
        }
        if changes.len() == before {
            break;
        }
    }

    // 2. Split what both sides use and the response side changes.
    let both: BTreeSet<&String> = sides.request.intersection(&sides.response).collect();
    let split: BTreeMap<String, String> = both
        .iter()
        .filter(|c| changes.contains(**c))
        .map(|c| {
            (
                (*c).clone(),
                fresh(&format!("{c}{RESPONSE_SUFFIX}"), &mut taken),
            )
        })
        .collect();
    out.notes.push(format!(
        "{} component schemas reachable from both requests and responses, {} split for responses{}",
        both.len(),
        split.len(),
        if split.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                split
                    .iter()
                    .map(|(a, b)| format!("{a} → {b}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    if !split.is_empty() {
        for (orig, clone) in &split {
            let mut s = doc
                .pointer(&schema_ref(orig)[1..])
                .cloned()
                .unwrap_or(Value::Null);
            retarget(&mut s, &split);
            if let Some(Value::Object(m)) = doc.pointer_mut("/components/schemas") {
                m.insert(clone.clone(), s);
            }
        }
        let request_side: BTreeSet<&String> = sides.request.iter().collect();
        if let Some(Value::Object(m)) = doc.pointer_mut("/components/schemas") {
            for (name, s) in m.iter_mut() {
                if !request_side.contains(name) && !split.contains_key(name) {
                    retarget(s, &split);
                }
            }
        }
        if let Some(Value::Object(m)) = doc.pointer_mut("/components/responses") {
            for r in m.values_mut() {
                retarget(r, &split);
            }
        }
        walk::for_each_operation(doc, |_, op| {
            if let Some(rs) = op.get_mut("responses") {
                retarget(rs, &split);
            }
        });
    }

    // Splitting moved response-side unions onto clones: find their discriminators there.
    let closed = if split.is_empty() {
        closed
    } else {
        discriminators(doc)
    };

    // 3. Find the response-side places: components no request reaches (the clones among
    //    them) and inline response bodies (not headers: progenitor does not type them).
    let request_side = sides.request.clone();
    let is_response_place = |ptr: &str, side: Side| match side {
        Side::Request => false,
        Side::Response => !ptr.contains("/headers/"),
        Side::Component => component_of(ptr).is_some_and(|c| !request_side.contains(&c)),
    };
    let mut enums: Vec<String> = Vec::new();
    let mut denies: Vec<String> = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut copy = doc.clone();
    walk::for_each_schema(&mut copy, &mut |s, ptr, side| {
        if !is_response_place(ptr, side) {
            return;
        }
        if s.get("additionalProperties") == Some(&json!(false)) {
            denies.push(ptr.to_string());
        }
        if string_enum(s).is_some() {
            if closed.contains(ptr) {
                kept.push(ptr.to_string())
            } else {
                enums.push(ptr.to_string())
            }
        }
    });
    // Already open: a member of a `oneOf`/`anyOf` that also admits any string.
    enums.retain(|ptr| {
        let Some((parent, _)) = ptr.rsplit_once('/') else {
            return true;
        };
        let is_union = parent.ends_with("/oneOf") || parent.ends_with("/anyOf");
        !(is_union
            && doc
                .pointer(&parent[1..])
                .and_then(Value::as_array)
                .is_some_and(|vs| vs.iter().any(is_unconstrained_string)))
    });

    // 4. Rewrite. Places with one derived name and the same values share one `Known`.
    let mut known: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut from_components = 0usize;
    for ptr in &enums {
        let name = place_name(doc, ptr);
        let Some(Value::Object(s)) = doc.pointer(&ptr[1..]).cloned() else {
            continue;
        };
        let values = string_enum(&s).unwrap_or_default();
        let key = (name.clone(), Value::Array(values.clone()).to_string());
        let known_name = match known.get(&key) {
            Some(k) => k.clone(),
            None => {
                let k = fresh(&format!("{name}{KNOWN_SUFFIX}"), &mut taken);
                let mut closed_enum = Map::new();
                closed_enum.insert("type".into(), json!("string"));
                closed_enum.insert("enum".into(), Value::Array(values.clone()));
                if let Some(d) = s.get("description") {
                    closed_enum.insert("description".into(), d.clone());
                }
                doc["components"]["schemas"][k.as_str()] = Value::Object(closed_enum);
                known.insert(key, k.clone());
                k
            }
        };
        let mut open = s.clone();
        open.remove("type");
        open.remove("enum");
        if s.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|vs| vs.iter().any(Value::is_null))
        {
            open.insert("nullable".into(), json!(true));
        }
        open.insert(
            "oneOf".into(),
            json!([
                { "title": KNOWN_VARIANT, "allOf": [{ "$ref": schema_ref(&known_name) }] },
                { "title": OTHER_VARIANT, "type": "string" }
            ]),
        );
        if let Some(slot) = doc.pointer_mut(&ptr[1..]) {
            *slot = Value::Object(open);
        }
        from_components += usize::from(ptr.starts_with(SCHEMAS));
    }
    for ptr in &denies {
        if let Some(Value::Object(s)) = doc.pointer_mut(&ptr[1..]) {
            s.remove("additionalProperties");
        }
    }

    let orphans = enums
        .iter()
        .filter_map(|p| component_of(p))
        .filter(|c| !sides.response.contains(c) && !split.values().any(|v| v == c))
        .count();
    out.notes.push(format!(
        "{} response string enums made open ({} inline in operations' responses, {} in component schemas of which {} no operation uses)",
        enums.len(),
        enums.len() - from_components,
        from_components,
        orphans
    ));
    if !kept.is_empty() {
        out.notes.push(format!(
            "{} response enums kept closed because they tell `oneOf`/`anyOf` variants apart: {}",
            kept.len(),
            kept.join(", ")
        ));
    }
    if !denies.is_empty() {
        out.notes.push(format!(
            "`additionalProperties: false` dropped from {} response schemas: {}",
            denies.len(),
            denies.join(", ")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(components: Value, paths: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": paths,
            "components": { "schemas": components }
        })
    }

    fn get_returning(schema: &str) -> Value {
        json!({ "/x": { "get": { "operationId": "getX", "responses": { "200": {
            "description": "ok",
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
        } } } } })
    }

    fn open(known: &str) -> Value {
        json!([
            { "title": "Known", "allOf": [{ "$ref": format!("#/components/schemas/{known}") }] },
            { "title": "Other", "type": "string" }
        ])
    }

    #[test]
    fn response_property_enum_is_hoisted_and_opened() {
        let mut d = doc(
            json!({ "Partner": { "type": "object", "properties": {
                "status": { "type": "string", "enum": ["active"], "description": "State.", "example": "active" }
            } } }),
            get_returning("Partner"),
        );
        let out = open_response_enums(&mut d).unwrap();
        assert_eq!(
            d["components"]["schemas"]["Partner"]["properties"]["status"],
            json!({ "description": "State.", "example": "active", "oneOf": open("PartnerStatusKnown") })
        );
        assert_eq!(
            d["components"]["schemas"]["PartnerStatusKnown"],
            json!({ "type": "string", "enum": ["active"], "description": "State." })
        );
        assert!(
            out.notes
                .iter()
                .any(|n| n.starts_with("1 response string enums made open")),
            "{:?}",
            out.notes
        );
    }

    #[test]
    fn request_enums_stay_closed() {
        let schema = json!({ "type": "object", "properties": { "kind": { "type": "string", "enum": ["a", "b"] } } });
        let mut d = doc(
            json!({ "Body": schema.clone() }),
            json!({ "/x": { "post": { "operationId": "postX",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Body" } } } },
                "responses": { "204": { "description": "none" } } } } }),
        );
        let before = d.clone();
        open_response_enums(&mut d).unwrap();
        assert_eq!(d, before);
    }

    #[test]
    fn enum_component_becomes_open_and_inline_response_enums_too() {
        let mut d = doc(
            json!({ "Status": { "type": "string", "enum": ["x", "y"] } }),
            json!({ "/x": { "get": { "operationId": "getX", "responses": { "200": {
                "description": "ok",
                "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "s": { "$ref": "#/components/schemas/Status" },
                    "mode": { "type": "string", "enum": ["m"] }
                } } } }
            } } } } }),
        );
        open_response_enums(&mut d).unwrap();
        assert_eq!(
            d["components"]["schemas"]["Status"],
            json!({ "oneOf": open("StatusKnown") })
        );
        assert_eq!(
            d["components"]["schemas"]["StatusKnown"],
            json!({ "type": "string", "enum": ["x", "y"] })
        );
        let inline =
            &d["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(
            inline["properties"]["s"],
            json!({ "$ref": "#/components/schemas/Status" })
        );
        assert_eq!(
            inline["properties"]["mode"],
            json!({ "oneOf": open("GetXResponseModeKnown") })
        );
    }

    #[test]
    fn schema_used_by_both_sides_is_split_for_responses() {
        let mut d = doc(
            json!({
                "Amount": { "type": "object", "properties": {
                    "currency": { "type": "string", "enum": ["USD"] },
                    "nested": { "$ref": "#/components/schemas/Unit" }
                } },
                "Unit": { "type": "string", "enum": ["cents"] },
                "Transfer": { "type": "object", "properties": { "amount": { "$ref": "#/components/schemas/Amount" } } }
            }),
            json!({ "/t": {
                "post": { "operationId": "createT",
                    "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Amount" } } } },
                    "responses": { "201": { "description": "created" } } },
                "get": { "operationId": "getT", "responses": { "200": { "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Transfer" } } } } } }
            } }),
        );
        let out = open_response_enums(&mut d).unwrap();
        let s = &d["components"]["schemas"];
        // The request side is untouched.
        assert_eq!(
            s["Amount"]["properties"]["currency"],
            json!({ "type": "string", "enum": ["USD"] })
        );
        assert_eq!(
            s["Amount"]["properties"]["nested"],
            json!({ "$ref": "#/components/schemas/Unit" })
        );
        assert_eq!(s["Unit"], json!({ "type": "string", "enum": ["cents"] }));
        // The response side refers to open clones, transitively.
        assert_eq!(
            s["Transfer"]["properties"]["amount"],
            json!({ "$ref": "#/components/schemas/AmountResponse" })
        );
        assert_eq!(
            s["AmountResponse"]["properties"]["nested"],
            json!({ "$ref": "#/components/schemas/UnitResponse" })
        );
        assert_eq!(
            s["AmountResponse"]["properties"]["currency"],
            json!({ "oneOf": open("AmountResponseCurrencyKnown") })
        );
        assert_eq!(
            s["UnitResponse"],
            json!({ "oneOf": open("UnitResponseKnown") })
        );
        assert!(
            out.notes.iter().any(|n| n.starts_with(
                "2 component schemas reachable from both requests and responses, 2 split"
            )),
            "{:?}",
            out.notes
        );
    }

    #[test]
    fn discriminating_enums_of_a_union_stay_closed() {
        let variant = |kind: &str, statuses: Value| {
            json!({ "allOf": [
                { "$ref": "#/components/schemas/Base" },
                { "type": "object", "properties": {
                    "type": { "type": "string", "enum": [kind] },
                    "status": { "type": "string", "enum": statuses }
                } }
            ] })
        };
        let mut d = doc(
            json!({
                "Base": { "type": "object", "properties": { "id": { "type": "string" } } },
                "A": variant("a", json!(["new", "gone"])),
                "B": variant("b", json!(["verified", "gone"])),
                "Any": { "oneOf": [{ "$ref": "#/components/schemas/A" }, { "$ref": "#/components/schemas/B" }] }
            }),
            get_returning("Any"),
        );
        open_response_enums(&mut d).unwrap();
        let s = &d["components"]["schemas"];
        assert_eq!(
            s["A"]["allOf"][1]["properties"]["type"],
            json!({ "type": "string", "enum": ["a"] })
        );
        assert_eq!(
            s["B"]["allOf"][1]["properties"]["type"],
            json!({ "type": "string", "enum": ["b"] })
        );
        // Overlapping sets do not discriminate: opened.
        assert_eq!(
            s["A"]["allOf"][1]["properties"]["status"],
            json!({ "oneOf": open("AStatusKnown") })
        );
        assert_eq!(
            s["B"]["allOf"][1]["properties"]["status"],
            json!({ "oneOf": open("BStatusKnown") })
        );
    }

    #[test]
    fn orphan_components_are_treated_as_responses_and_lose_deny_unknown_fields() {
        let mut d = doc(
            json!({ "SomeError": { "type": "object", "additionalProperties": false, "properties": {
                "code": { "type": "string", "enum": ["NotAllowed"] }
            } } }),
            json!({}),
        );
        open_response_enums(&mut d).unwrap();
        assert_eq!(
            d["components"]["schemas"]["SomeError"],
            json!({ "type": "object", "properties": { "code": { "oneOf": open("SomeErrorCodeKnown") } } })
        );
    }

    #[test]
    fn already_open_enums_and_non_string_enums_are_left_alone() {
        let schema = json!({ "type": "object", "properties": {
            "o": { "oneOf": [{ "type": "string", "enum": ["a"] }, { "type": "string" }] },
            "n": { "type": "integer", "enum": [1, 2] },
            "b": { "type": "boolean", "enum": [false] }
        } });
        let mut d = doc(json!({ "R": schema.clone() }), get_returning("R"));
        open_response_enums(&mut d).unwrap();
        assert_eq!(d["components"]["schemas"]["R"], schema);
    }

    #[test]
    fn same_name_same_values_share_one_known_and_names_avoid_taken_ones() {
        let mut d = doc(
            json!({
                "R": { "type": "object", "properties": {
                    "s": { "type": "string", "enum": ["a"] },
                    "list": { "type": "array", "items": { "type": "string", "enum": ["z"] } }
                } },
                "RSKnown": { "type": "object" }
            }),
            get_returning("R"),
        );
        open_response_enums(&mut d).unwrap();
        let s = &d["components"]["schemas"];
        assert_eq!(s["R"]["properties"]["s"]["oneOf"], open("RSKnown2"));
        assert_eq!(
            s["R"]["properties"]["list"]["items"]["oneOf"],
            open("RListItemKnown")
        );
        assert_eq!(s["RSKnown"], json!({ "type": "object" }));
    }

    #[test]
    fn nullable_enum_keeps_null_on_the_open_schema() {
        let mut d = doc(
            json!({ "R": { "type": "object", "properties": {
                "s": { "type": "string", "nullable": true, "enum": ["a", null] }
            } } }),
            get_returning("R"),
        );
        open_response_enums(&mut d).unwrap();
        let s = &d["components"]["schemas"];
        assert_eq!(
            s["R"]["properties"]["s"],
            json!({ "nullable": true, "oneOf": open("RSKnown") })
        );
        assert_eq!(s["RSKnown"], json!({ "type": "string", "enum": ["a"] }));
    }
}
