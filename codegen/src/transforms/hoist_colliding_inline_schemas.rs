//! `hoist_colliding_inline_schemas`: inline schemas whose typify name collides move into components.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::outcome::Outcome;
use crate::SpecError;
use crate::doc::{component_type_name, inline_named_schemas, schema_ref};

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
        .map(|m| m.keys().map(|k| component_type_name(k)).collect())
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
            *slot = json!({ "$ref": schema_ref(fresh) });
        }
        out.notes
            .push(format!("{ptr} moved to components as `{fresh}`"));
    }
    Ok(out)
}
