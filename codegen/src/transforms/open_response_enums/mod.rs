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

use serde_json::{Map, Value, json};

use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{
    Reach, SCHEMAS, Side, component_of, component_type_name, for_each_operation_mut,
    for_each_schema, inline_named_schemas, schema_ref, type_name_at,
};
use discriminators::{discriminators, is_unconstrained_string, string_enum};
use split::{changed_components, fresh, retarget};

mod discriminators;
mod split;
#[cfg(test)]
mod tests;

/// Suffix of the component holding the closed (documented) values of an opened enum.
pub const KNOWN_SUFFIX: &str = "Known";
/// Suffix of the response-side clone of a component used by requests and responses.
pub const RESPONSE_SUFFIX: &str = "Response";
/// Variant name (via `title`) of the documented values.
pub const KNOWN_VARIANT: &str = "Known";
/// Variant name (via `title`) of any other string.
pub const OTHER_VARIANT: &str = "Other";

/// The transform: see the module documentation.
pub fn open_response_enums(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut out = Outcome::default();
    let sides = Reach::of(doc);
    let closed = discriminators(doc);
    let components: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut taken: BTreeSet<String> = components.iter().cloned().collect();
    taken.extend(components.iter().map(|c| component_type_name(c)));
    taken.extend(inline_named_schemas(doc).into_iter().map(|(_, n)| n));

    // 1. Components that change on the response side, directly or through a `$ref`.
    let changes = changed_components(doc, &components, &closed);

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
        for_each_operation_mut(doc, |_, op| {
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
    for_each_schema(doc, &mut |s, ptr, side| {
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
        let name = type_name_at(doc, ptr);
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
