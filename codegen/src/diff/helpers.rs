//! The report's helpers section: whether each hand-written helper binds in the old and
//! the new spec, and, when its operation's request body changed shape, whether it survives.
//!
//! Binding is read from the transformed spec, not the generated code, by the rules
//! [`bindings::bind`](crate::bindings::bind) applies to the generated code
//! ([`select`](crate::bindings::select) and [`fits`](crate::bindings::fits)): one generated
//! operation with the helper's method and endpoint shape, as many path parameters as the
//! helper passes, each one a plain string, and a request body when the helper sends one.
//! Generating both sides with progenitor would take seconds per revision where the report
//! takes well under one; what the spec cannot say (a builder progenitor shaped otherwise)
//! the build still reports when it binds.

use std::fmt;

use serde_json::{Map, Value};

use super::body::body;
use crate::bindings::{HELPERS, Helper, fits, select};
use crate::doc::{self, OpView};

/// What a request body is, as far as a helper's binding can tell: what a rename or a
/// reshape changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyShape {
    /// The operation takes no request body.
    None,
    /// A `$ref` to the named component schema.
    Ref(String),
    /// An inline `oneOf` (or `anyOf`) of these variants (a component's name, or `inline`).
    OneOf(Vec<String>),
    /// Any other inline schema.
    Inline,
}

impl fmt::Display for BodyShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyShape::None => write!(f, "no body"),
            BodyShape::Ref(name) => write!(f, "schema `{name}`"),
            BodyShape::OneOf(variants) => write!(f, "oneOf({})", variants.join(" | ")),
            BodyShape::Inline => write!(f, "an inline schema"),
        }
    }
}

/// One helper on both sides of a bump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperStatus {
    /// The helper's key (`cfg(dwolla_helper = "…")`).
    pub key: &'static str,
    /// In the old spec: the label of the operation it binds to, or why it does not bind.
    pub old: Result<String, String>,
    /// In the new spec: the same.
    pub new: Result<String, String>,
    /// The request body of the operation it calls, old and new, when the two differ.
    pub body_change: Option<(BodyShape, BodyShape)>,
}

impl HelperStatus {
    /// Does the helper bind in the new spec?
    pub fn survives(&self) -> bool {
        self.new.is_ok()
    }

    /// The report's lines for this helper: where it binds, then any body change.
    pub fn lines(&self) -> Vec<String> {
        let side = |r: &Result<String, String>| match r {
            Ok(op) => format!("binds to {op}"),
            Err(why) => format!("compiled out: {why}"),
        };
        let mut out = vec![match (&self.old, &self.new) {
            (Ok(a), Ok(b)) if a == b => format!("helper {}: binds in old and new to {a}", self.key),
            _ => format!(
                "helper {}: old: {}; new: {}",
                self.key,
                side(&self.old),
                side(&self.new)
            ),
        }];
        if let Some((old, new)) = &self.body_change {
            let verdict = match &self.new {
                Ok(_) => "the helper survives (it binds in new)".to_string(),
                Err(why) => format!("the helper does not survive: {why}"),
            };
            out.push(format!(
                "helper {}: request body changed from {old} to {new}: {verdict}",
                self.key
            ));
        }
        out
    }
}

/// Every helper of [`HELPERS`] on two transformed documents.
pub fn helper_statuses(old: &Value, new: &Value) -> Vec<HelperStatus> {
    HELPERS.iter().map(|h| status(h, old, new)).collect()
}

fn status(h: &Helper, old: &Value, new: &Value) -> HelperStatus {
    let (old_bind, old_body) = bind_in_spec(h, old);
    let (new_bind, new_body) = bind_in_spec(h, new);
    let body_change = match (old_body, new_body) {
        (Some(a), Some(b)) if a != b => Some((a, b)),
        _ => None,
    };
    HelperStatus {
        key: h.key,
        old: old_bind,
        new: new_bind,
        body_change,
    }
}

/// Where `h` binds in the transformed `doc` (the operation's label) or why not, and the
/// body shape of the operation it matched, when one matched.
pub fn bind_in_spec(h: &Helper, doc: &Value) -> (Result<String, String>, Option<BodyShape>) {
    let views: Vec<OpView<'_>> = doc::views(doc).collect();
    let view = match select(h, &views, |v| &v.at) {
        Ok(v) => v,
        Err(why) => return (Err(why), None),
    };
    let shape = body_shape(doc, view.op);
    let params = path_params(doc, view);
    let bound = fits(h, &view.at, &params, shape != BodyShape::None).map(|()| view.at.label());
    (bound, Some(shape))
}

/// The request body's shape (the first media type's schema; the transforms have made the
/// JSON one `application/json`).
fn body_shape(doc: &Value, op: &Map<String, Value>) -> BodyShape {
    let Some(b) = body(doc, op) else {
        return BodyShape::None;
    };
    let name = |s: &Value| {
        s.get("$ref")
            .and_then(Value::as_str)
            .map(|r| r.strip_prefix(doc::SCHEMAS).map_or(r, |n| n).to_string())
    };
    if let Some(n) = name(&b.schema) {
        return BodyShape::Ref(doc::unescape(&n));
    }
    let variants = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| b.schema.get(*k).and_then(Value::as_array));
    match variants {
        Some(vs) => BodyShape::OneOf(
            vs.iter()
                .map(|v| name(v).map_or_else(|| "inline".to_string(), |n| doc::unescape(&n)))
                .collect(),
        ),
        None => BodyShape::Inline,
    }
}

/// The path template's parameters in order, each with whether progenitor makes its
/// builder field a `String`: an inline `type: string` schema with no `enum` and no
/// `format` typify maps to another type (a `$ref` becomes a named type).
fn path_params(doc: &Value, view: &OpView<'_>) -> Vec<(String, bool)> {
    let declared: Vec<&Value> = [view.op.get("parameters"), view.item.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|p| doc::deref(doc, p))
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .collect();
    template_names(crate::transforms::wire_path(&view.at.path))
        .into_iter()
        .map(|name| {
            let schema = declared
                .iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name.as_str()))
                .and_then(|p| p.get("schema"));
            let is_string = schema.is_some_and(|s| {
                s.get("type").and_then(Value::as_str) == Some("string")
                    && s.get("enum").is_none()
                    && !s.get("format").and_then(Value::as_str).is_some_and(|f| {
                        matches!(f, "uuid" | "date" | "date-time" | "ip" | "ipv4" | "ipv6")
                    })
            });
            (name, is_string)
        })
        .collect()
}

/// `{a}` and `{b}` of `/x/{a}/y/{b}`, in order.
fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
        .collect()
}
