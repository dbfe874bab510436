//! The response side's bookkeeping for `open_response_enums`: which components change,
//! fresh names for what it adds, and retargeting `$ref`s to the response-side clones.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::{Value, json};

use super::discriminators::string_enum;
use crate::doc::{Side, component_of, refs_under, schema_ref, walk_schema};

/// Does the schema tree at `ptr` hold something the response side changes (an enum to
/// open or `additionalProperties: false`)? `$ref`s are not followed.
pub(super) fn changes_here(schema: &Value, ptr: &str, closed: &BTreeSet<String>) -> bool {
    let mut found = false;
    walk_schema(schema, ptr, Side::Component, &mut |s, p, _| {
        found |= (string_enum(s).is_some() && !closed.contains(p))
            || s.get("additionalProperties") == Some(&json!(false));
    });
    found
}

/// Components that change on the response side (see [`changes_here`]), directly or
/// because they refer to one that does.
pub(super) fn changed_components(
    doc: &Value,
    components: &[String],
    closed: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut changes: BTreeSet<String> = components
        .iter()
        .filter(|c| {
            let ptr = schema_ref(c);
            doc.pointer(&ptr[1..])
                .is_some_and(|s| changes_here(s, &ptr, closed))
        })
        .cloned()
        .collect();
    loop {
        let before = changes.len();
        for c in components {
            if changes.contains(c) {
                continue;
            }
            let refs = doc
                .pointer(&schema_ref(c)[1..])
                .map(refs_under)
                .unwrap_or_default();
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
    changes
}

pub(super) fn fresh(base: &str, taken: &mut BTreeSet<String>) -> String {
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
pub(super) fn retarget(v: &mut Value, map: &BTreeMap<String, String>) -> usize {
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
