//! Named spec transforms: small pure functions that turn Dwolla's published OpenAPI
//! document into one progenitor 0.15 generates correct code from.
//!
//! Each transform takes the whole document, changes it in place and says what it did
//! ([`Outcome`]); a spec it cannot handle is a [`SpecError`] naming the operation and
//! the spec path. [`TRANSFORMS`] is the ordered list `build.rs` applies.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value, json};

use crate::SpecError;
use crate::error::escape;
use crate::walk::{self, OpRef, deref, for_each_operation, for_each_schema};

/// The schema every error response of every operation is given (see [`unify_error_responses`]).
pub const ERROR_SCHEMA: &str = "DwollaError";
/// Extension on an operation: the media type Dwolla wants in `Content-Type`.
pub const X_REQUEST_MEDIA_TYPE: &str = "x-dwolla-request-media-type";
/// Extension on an operation: the media type Dwolla wants in `Accept`.
pub const X_ACCEPT: &str = "x-dwolla-accept";
/// Extension on an operation whose success bodies were made raw bytes.
pub const X_RAW_SUCCESS: &str = "x-dwolla-raw-success";
/// Dwolla's HAL media type.
pub const HAL_JSON: &str = "application/vnd.dwolla.v1.hal+json";

/// What a transform did, for the build's report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Human-readable remarks (counted and shown by the build on request).
    pub notes: Vec<String>,
    /// Operations removed because progenitor cannot express them.
    pub left_out: Vec<LeftOut>,
}

/// An operation the pipeline removed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The operation.
    pub operation: OpRef,
    /// Why it was left out.
    pub reason: String,
}

/// The signature of every transform.
pub type Transform = fn(&mut Value) -> Result<Outcome, SpecError>;

/// The transforms, in the order they run. Names are what errors and reports show.
pub const TRANSFORMS: &[(&str, Transform)] = &[
    ("check_local_refs", check_local_refs),
    ("stringify_versions", stringify_versions),
    ("downgrade_openapi_31", downgrade_openapi_31),
    ("normalize_vendor_media_types", normalize_vendor_media_types),
    ("drop_reserved_header_params", drop_reserved_header_params),
    (
        "leave_out_unsupported_operations",
        leave_out_unsupported_operations,
    ),
    ("unify_error_responses", unify_error_responses),
    ("unify_success_responses", unify_success_responses),
    (
        "hoist_colliding_inline_schemas",
        hoist_colliding_inline_schemas,
    ),
    (
        "open_response_enums",
        crate::open_enums::open_response_enums,
    ),
];

/// Apply every transform in [`TRANSFORMS`]; stop at the first error, naming the transform.
pub fn apply_all(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut all = Outcome::default();
    for (name, transform) in TRANSFORMS {
        let out = transform(doc).map_err(|mut e| {
            e.message = format!("{} (transform `{name}`)", e.message);
            e
        })?;
        all.notes
            .extend(out.notes.into_iter().map(|n| format!("{name}: {n}")));
        all.left_out.extend(out.left_out);
    }
    Ok(all)
}

/// The operation a JSON pointer points into, if any (`#/paths/<p>/<method>/...`).
pub fn operation_at(doc: &Value, pointer: &str) -> Option<OpRef> {
    let mut segs = pointer.strip_prefix("#/")?.split('/');
    if segs.next()? != "paths" {
        return None;
    }
    let path = segs.next()?.replace("~1", "/").replace("~0", "~");
    let method = segs.next()?;
    if !walk::METHODS.contains(&method) {
        return None;
    }
    let op = doc.get("paths")?.get(&path)?.get(method)?.as_object()?;
    Some(OpRef::new(&path, method, op))
}

fn error_at(doc: &Value, pointer: &str, message: String) -> SpecError {
    match operation_at(doc, pointer) {
        Some(op) => SpecError::in_operation(op.label(), pointer, message),
        None => SpecError::at(pointer, message),
    }
}

/// Every `$ref` must be local and resolve: a dangling one is an error naming the
/// operation that uses it and the place it stands, instead of a progenitor panic later.
pub fn check_local_refs(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut first: Option<SpecError> = None;
    let mut count = 0usize;
    walk::for_each_ref(doc, "#", &mut |r, ptr| {
        count += 1;
        if first.is_some() {
            return;
        }
        let message = if !r.starts_with("#/") {
            Some(format!(
                "`$ref: {r}` is not a local reference; only `#/...` references are supported"
            ))
        } else if walk::resolve(doc, r).is_none() {
            Some(format!(
                "dangling `$ref: {r}`: nothing in the spec is at that path"
            ))
        } else {
            None
        };
        if let Some(m) = message {
            first = Some(error_at(doc, ptr, m));
        }
    });
    match first {
        Some(e) => Err(e),
        None => Ok(Outcome {
            notes: vec![format!("{count} references resolve")],
            ..Default::default()
        }),
    }
}

/// YAML reads a quote-less `version: 2.0` (or `openapi: 3.1`) as a number; OpenAPI wants strings.
pub fn stringify_versions(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut out = Outcome::default();
    for ptr in ["/openapi", "/info/version"] {
        if let Some(v @ Value::Number(_)) = doc.pointer_mut(ptr) {
            let s = v.to_string();
            out.notes.push(format!("#{ptr}: number {s} read as string"));
            *v = Value::String(s);
        }
    }
    Ok(out)
}

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
    for_each_schema(doc, &mut |s, ptr, _| {
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

/// Is this a JSON media type on the wire? `application/json`, any `application/*+json`,
/// and Dwolla's `application/vnd.dwolla.*` (one 429 in 2026-01 says `...v1.hal` without `+json`).
pub fn is_json_media_type(mt: &str) -> bool {
    let essence = mt
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
        || essence.starts_with("application/vnd.dwolla.")
}

/// Vendor JSON media types become `application/json` so progenitor types them; the
/// original wire types are kept on the operation as [`X_REQUEST_MEDIA_TYPE`] and
/// [`X_ACCEPT`] for the client's hooks. A JSON media type without a schema gets `{}`
/// (any JSON), where progenitor would `todo!`.
pub fn normalize_vendor_media_types(doc: &mut Value) -> Result<Outcome, SpecError> {
    // Read the wire types first, through `$ref`s, before any key is renamed.
    let frozen = doc.clone();
    let mut wire: Vec<(Option<String>, Option<String>)> = Vec::new();
    let mut probe = doc.clone();
    for_each_operation(&mut probe, |_, op| {
        let request = op
            .get("requestBody")
            .and_then(|b| deref(&frozen, b))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
            .and_then(|c| c.keys().find(|k| is_json_media_type(k)).cloned());
        let accept = op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|rs| {
                rs.values()
                    .filter_map(|r| deref(&frozen, r)?.get("content")?.as_object())
                    .flat_map(|c| c.keys())
                    .find(|k| is_json_media_type(k) && k.as_str() != "application/json")
                    .cloned()
            });
        wire.push((request, accept));
    });
    let mut renamed = 0usize;
    let mut i = 0;
    for_each_operation(doc, |_, op| {
        let (request, accept) = &wire[i];
        i += 1;
        if let Some(r) = request {
            op.insert(X_REQUEST_MEDIA_TYPE.into(), json!(r));
        }
        op.insert(
            X_ACCEPT.into(),
            json!(accept.as_deref().unwrap_or(HAL_JSON)),
        );
        if let Some(body) = op.get_mut("requestBody") {
            renamed += rename_json_content(body);
        }
        if let Some(Value::Object(rs)) = op.get_mut("responses") {
            for r in rs.values_mut() {
                renamed += rename_json_content(r);
            }
        }
    });
    if let Some(Value::Object(c)) = doc.get_mut("components") {
        for section in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = c.get_mut(section) {
                for item in items.values_mut() {
                    renamed += rename_json_content(item);
                }
            }
        }
    }
    Ok(Outcome {
        notes: vec![format!("{renamed} media types read as application/json")],
        ..Default::default()
    })
}

fn rename_json_content(body_or_response: &mut Value) -> usize {
    let Some(Value::Object(content)) = body_or_response.get_mut("content") else {
        return 0;
    };
    let mut renamed = 0;
    let mut out = Map::new();
    for (mt, mut media) in std::mem::take(content) {
        if is_json_media_type(&mt) {
            if let Value::Object(m) = &mut media {
                m.entry("schema").or_insert_with(|| json!({}));
            }
            if mt != "application/json" {
                renamed += 1;
            }
            // Two JSON spellings of one body: the first wins, as progenitor would pick it.
            out.entry("application/json".to_string()).or_insert(media);
        } else {
            out.insert(mt, media);
        }
    }
    *content = out;
    renamed
}

/// `Accept`, `Content-Type` and `Authorization` header parameters are ignored by
/// OpenAPI 3.0.3 (§4.7.12.1); the client's hooks set them, so they leave the signatures.
pub fn drop_reserved_header_params(doc: &mut Value) -> Result<Outcome, SpecError> {
    let frozen = doc.clone();
    let reserved = |p: &Value| {
        deref(&frozen, p).is_some_and(|p| {
            p.get("in").and_then(Value::as_str) == Some("header")
                && p.get("name").and_then(Value::as_str).is_some_and(|n| {
                    ["accept", "content-type", "authorization"]
                        .contains(&n.to_ascii_lowercase().as_str())
                })
        })
    };
    let mut dropped = 0usize;
    let mut strip = |params: Option<&mut Value>| {
        if let Some(Value::Array(ps)) = params {
            let before = ps.len();
            ps.retain(|p| !reserved(p));
            dropped += before - ps.len();
        }
    };
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            strip(item.get_mut("parameters"));
            for m in walk::METHODS {
                if let Some(op) = item.get_mut(m) {
                    strip(op.get_mut("parameters"));
                }
            }
        }
    }
    Ok(Outcome {
        notes: vec![format!("{dropped} reserved header parameters dropped")],
        ..Default::default()
    })
}

const BODY_TYPES: [&str; 5] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
    "text/x-markdown",
];

/// Operations progenitor cannot express are removed and reported (the build turns
/// each into a `cargo:warning`): multipart uploads, several request media types, and
/// request media types progenitor has no encoder for.
pub fn leave_out_unsupported_operations(doc: &mut Value) -> Result<Outcome, SpecError> {
    let frozen = doc.clone();
    let mut out = Outcome::default();
    let mut remove = Vec::new();
    for op in walk::operations(doc) {
        let body = frozen
            .pointer(&op.pointer()[1..])
            .and_then(|o| o.get("requestBody"))
            .and_then(|b| deref(&frozen, b));
        let Some(content) = body
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        let types: Vec<&String> = content.keys().collect();
        let reason = if let Some(mp) = types.iter().find(|t| t.starts_with("multipart/")) {
            Some(format!(
                "{mp} request body (progenitor 0.15 has no multipart support)"
            ))
        } else if types.len() > 1 {
            Some(format!(
                "several request media types ({}); progenitor takes one",
                types
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        } else {
            types
                .first()
                .filter(|t| !BODY_TYPES.contains(&t.split(';').next().unwrap_or_default().trim()))
                .map(|t| format!("request media type {t} is not supported by progenitor"))
        };
        if let Some(reason) = reason {
            remove.push(op.clone());
            out.left_out.push(LeftOut {
                operation: op,
                reason,
            });
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for op in &remove {
            if let Some(Value::Object(item)) = paths.get_mut(&op.path) {
                item.remove(&op.method);
            }
        }
        paths.retain(|_, item| walk::METHODS.iter().any(|m| item.get(*m).is_some()));
    }
    Ok(out)
}

/// The unified error body: what every Dwolla error (and the OAuth token error) carries.
/// Nothing is required, so an error body that lacks a field still decodes and keeps its status.
pub fn error_schemas() -> Value {
    json!({
        ERROR_SCHEMA: {
            "title": ERROR_SCHEMA,
            "description": "An error response from the Dwolla API. Every field is optional so that no error body fails to decode; unknown fields are ignored.",
            "type": "object",
            "properties": {
                "code": { "type": "string", "description": "Machine-readable error code, e.g. `ValidationError`, `InvalidScope`, `NotFound`." },
                "message": { "type": "string", "description": "Human-readable description." },
                "_embedded": { "$ref": "#/components/schemas/DwollaErrorEmbedded" },
                "error": { "type": "string", "description": "OAuth error code (token endpoint), e.g. `invalid_client`." },
                "error_description": { "type": "string", "description": "OAuth error description (token endpoint)." }
            }
        },
        "DwollaErrorEmbedded": {
            "type": "object",
            "description": "Embedded details of a Dwolla error.",
            "properties": {
                "errors": { "type": "array", "items": { "$ref": "#/components/schemas/DwollaErrorDetail" } }
            }
        },
        "DwollaErrorDetail": {
            "type": "object",
            "description": "One field-level error inside a `ValidationError`.",
            "properties": {
                "code": { "type": "string" },
                "message": { "type": "string" },
                "path": { "type": "string", "description": "JSON pointer of the offending request field, e.g. `/email`." },
                "_links": { "type": "object" }
            }
        }
    })
}

fn is_error_status(code: &str) -> bool {
    matches!(code.as_bytes().first(), Some(b'4') | Some(b'5'))
}

/// Every 4xx/5xx response of every operation gets one body schema, [`ERROR_SCHEMA`], so
/// progenitor's "one error type per operation" assertion holds. The name is a constant,
/// so it cannot change when the spec reorders or renames its own error schemas.
pub fn unify_error_responses(doc: &mut Value) -> Result<Outcome, SpecError> {
    let frozen = doc.clone();
    let unified = error_schemas();
    {
        let components = doc
            .as_object_mut()
            .ok_or_else(|| SpecError::at("#", "the document is not a mapping"))?
            .entry("components")
            .or_insert_with(|| json!({}));
        let schemas = components
            .as_object_mut()
            .ok_or_else(|| SpecError::at("#/components", "`components` is not a mapping"))?
            .entry("schemas")
            .or_insert_with(|| json!({}));
        let schemas = schemas.as_object_mut().ok_or_else(|| {
            SpecError::at(
                "#/components/schemas",
                "`components.schemas` is not a mapping",
            )
        })?;
        for (name, schema) in unified.as_object().expect("literal object") {
            match schemas.get(name) {
                Some(existing) if existing != schema => {
                    return Err(SpecError::at(
                        format!("#/components/schemas/{name}"),
                        format!(
                            "the spec defines a schema named `{name}`, which the pipeline reserves for unified errors"
                        ),
                    ));
                }
                _ => {
                    schemas.insert(name.clone(), schema.clone());
                }
            }
        }
    }
    let mut ops = 0usize;
    let mut responses_changed = 0usize;
    for_each_operation(doc, |_, op| {
        let Some(Value::Object(rs)) = op.get_mut("responses") else {
            return;
        };
        let mut touched = false;
        for (code, r) in rs.iter_mut() {
            if !is_error_status(code) {
                continue;
            }
            let resolved = deref(&frozen, r).cloned().unwrap_or_else(|| json!({}));
            let mut new = Map::new();
            new.insert(
                "description".into(),
                resolved
                    .get("description")
                    .cloned()
                    .unwrap_or_else(|| json!(code)),
            );
            if let Some(h) = resolved.get("headers") {
                new.insert("headers".into(), h.clone());
            }
            new.insert(
                "content".into(),
                json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{ERROR_SCHEMA}") } } }),
            );
            *r = Value::Object(new);
            touched = true;
            responses_changed += 1;
        }
        ops += usize::from(touched);
    });
    Ok(Outcome {
        notes: vec![format!(
            "{responses_changed} error responses of {ops} operations share `{ERROR_SCHEMA}`"
        )],
        ..Default::default()
    })
}

/// progenitor also asserts one success type per operation. When an operation's 2xx
/// responses differ (a 200 with a body beside a 201 without, or two different bodies),
/// all of them become raw bytes (`ByteStream`) and the operation is marked
/// [`X_RAW_SUCCESS`]: nothing is mistyped, the caller decodes by status.
pub fn unify_success_responses(doc: &mut Value) -> Result<Outcome, SpecError> {
    let frozen = doc.clone();
    let mut out = Outcome::default();
    for_each_operation(doc, |r, op| {
        let Some(Value::Object(rs)) = op.get_mut("responses") else {
            return;
        };
        let shapes: BTreeSet<String> = rs
            .iter()
            .filter(|(code, _)| code.starts_with('2'))
            .map(|(_, r)| success_shape(&frozen, r))
            .collect();
        if shapes.len() <= 1 {
            return;
        }
        for (code, resp) in rs.iter_mut() {
            if !code.starts_with('2') {
                continue;
            }
            let description = deref(&frozen, resp)
                .and_then(|r| r.get("description").cloned())
                .unwrap_or_else(|| json!(code));
            let headers = deref(&frozen, resp).and_then(|r| r.get("headers").cloned());
            let mut new = json!({
                "description": description,
                "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } }
            });
            if let Some(h) = headers {
                new["headers"] = h;
            }
            *resp = new;
        }
        op.insert(X_RAW_SUCCESS.into(), json!(true));
        out.notes.push(format!(
            "{}: success bodies differ, returned as raw bytes",
            r.label()
        ));
    });
    Ok(out)
}

fn success_shape(doc: &Value, r: &Value) -> String {
    let Some(content) = deref(doc, r)
        .and_then(|r| r.get("content"))
        .and_then(Value::as_object)
    else {
        return "none".into();
    };
    match content.get("application/json") {
        Some(m) => format!("json:{}", m.get("schema").unwrap_or(&Value::Null)),
        None if content.is_empty() => "none".into(),
        None => "raw".into(),
    }
}

/// typify names an inline schema after where it stands (`Transfer.amount` →
/// `TransferAmount`, an operation's body → `{OpId}Body`) and, when that name is taken,
/// silently reuses or duplicates the type. This transform predicts those names and moves
/// every inline schema whose name collides (with a component or another inline schema)
/// into `components.schemas` under a fresh name, so each gets its own type.
pub fn hoist_colliding_inline_schemas(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut out = Outcome::default();
    let components: BTreeSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| k.to_upper_camel_case()).collect())
        .unwrap_or_default();
    let mut predicted: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
    for (ptr, name) in inline_named_schemas(doc) {
        let schema = doc.pointer(&ptr[1..]).cloned().unwrap_or(Value::Null);
        predicted.entry(name).or_default().push((ptr, schema));
    }
    let mut taken: BTreeSet<String> = components.clone();
    taken.extend(predicted.keys().cloned());
    let mut moves = Vec::new();
    for (name, places) in &predicted {
        let distinct: BTreeSet<String> = places.iter().map(|(_, s)| s.to_string()).collect();
        let clashes_component = components.contains(name);
        if !clashes_component && distinct.len() <= 1 {
            continue;
        }
        // Keep the first inline schema under its predicted name when no component holds it.
        let skip = usize::from(!clashes_component);
        for (ptr, schema) in places.iter().skip(skip) {
            let mut fresh = format!("{name}Inline");
            let mut n = 2;
            while taken.contains(&fresh) {
                fresh = format!("{name}Inline{n}");
                n += 1;
            }
            taken.insert(fresh.clone());
            moves.push((ptr.clone(), fresh, schema.clone()));
        }
    }
    // Deepest first, so an outer move never invalidates an inner pointer.
    moves.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.matches('/').count()));
    for (ptr, fresh, _) in &moves {
        let schema = doc.pointer(&ptr[1..]).cloned().unwrap_or(Value::Null);
        doc["components"]["schemas"][fresh.as_str()] = schema;
        if let Some(slot) = doc.pointer_mut(&ptr[1..]) {
            *slot = json!({ "$ref": format!("#/components/schemas/{}", escape(fresh)) });
        }
        out.notes
            .push(format!("{ptr} moved to components as `{fresh}`"));
    }
    Ok(out)
}

/// Does typify give this schema a type of its own (and so a name)?
fn makes_named_type(s: &Value) -> bool {
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

/// Inline schemas that get a generated name, with the name typify will try for them.
pub fn inline_named_schemas(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, s) in schemas {
            nested_names(
                s,
                &format!("#/components/schemas/{}", escape(name)),
                name,
                &mut out,
            );
        }
    }
    let mut copy = doc.clone();
    let mut ops = Vec::new();
    for_each_operation(&mut copy, |r, op| ops.push((r.clone(), op.clone())));
    for (r, op) in ops {
        let op = Value::Object(op);
        let Some(id) = r.operation_id.clone() else {
            continue;
        };
        let base = r.pointer();
        if let Some(s) = op.pointer("/requestBody/content/application~1json/schema") {
            let ptr = format!("{base}/requestBody/content/application~1json/schema");
            let name = format!("{id}-body").to_upper_camel_case();
            if makes_named_type(s) {
                out.push((ptr.clone(), name.clone()));
            }
            nested_names(s, &ptr, &name, &mut out);
        }
        if let Some(Value::Object(rs)) = op.get("responses") {
            for (code, resp) in rs {
                if let Some(s) = resp.pointer("/content/application~1json/schema") {
                    let ptr = format!(
                        "{base}/responses/{}/content/application~1json/schema",
                        escape(code)
                    );
                    let name = format!("{id}-response").to_upper_camel_case();
                    if makes_named_type(s) {
                        out.push((ptr.clone(), name.clone()));
                    }
                    nested_names(s, &ptr, &name, &mut out);
                }
            }
        }
    }
    out
}

fn nested_names(s: &Value, ptr: &str, parent: &str, out: &mut Vec<(String, String)>) {
    let Some(m) = s.as_object() else { return };
    if let Some(Value::Object(props)) = m.get("properties") {
        for (prop, ps) in props {
            let name = format!("{parent}_{}", prop.to_snake_case()).to_upper_camel_case();
            let p = format!("{ptr}/properties/{}", escape(prop));
            if makes_named_type(ps) {
                out.push((p.clone(), name.clone()));
            }
            nested_names(ps, &p, &name, out);
            if let Some(items) = ps.get("items") {
                let item_name = format!("{name}_item").to_upper_camel_case();
                let ip = format!("{p}/items");
                if makes_named_type(items) {
                    out.push((ip.clone(), item_name.clone()));
                }
                nested_names(items, &ip, &item_name, out);
            }
        }
    }
    if let Some(items) = m.get("items") {
        let item_name = format!("{parent}_item").to_upper_camel_case();
        let ip = format!("{ptr}/items");
        if makes_named_type(items) {
            out.push((ip.clone(), item_name.clone()));
        }
        nested_names(items, &ip, &item_name, out);
    }
}
