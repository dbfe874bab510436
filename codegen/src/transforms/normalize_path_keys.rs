//! `normalize_path_keys`: path keys that are not plain templates (a trailing slash, an
//! endpoint twice) and `operationId`s used twice become what progenitor takes.
//!
//! A `#fragment` key (`/funding-sources/{id}/micro-deposits#verify`, Dwolla's way to give
//! one endpoint two operations) is kept: progenitor makes a method of it like any other,
//! and the fragment never reaches the wire (the URL parser takes it as a fragment; the
//! wire table keeps the path without it, see [`wire_path`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::outcome::{LeftOut, Outcome};
use crate::SpecError;
use crate::doc::{METHODS, OpRef};

/// The path an operation's requests go to: its key without a `#fragment`.
pub fn wire_path(key: &str) -> &str {
    key.split_once('#').map_or(key, |(p, _)| p)
}

/// A key's endpoint: its wire path, without a trailing slash (`/` stays).
fn endpoint(key: &str) -> String {
    let p = wire_path(key);
    match p.strip_suffix('/') {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => p.to_string(),
    }
}

/// - A key with a trailing slash (`/customers/`) is renamed without it, unless that key
///   exists: then each of its operations whose method the other key has is left out,
///   naming the operation it repeats, and the rest move over.
/// - Operations sharing an `operationId` are each renamed `<operationId>_<n>` (`n` from 1
///   in document order, the first free), so each gets its own method and none the bare
///   name: a call written for one never silently reaches the other.
pub fn normalize_path_keys(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut out = Outcome::default();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(out);
    };
    // Trailing slashes.
    let slashed: Vec<String> = paths
        .keys()
        .filter(|k| k.len() > 1 && wire_path(k).ends_with('/') && !k.contains('#'))
        .cloned()
        .collect();
    for key in slashed {
        let plain = endpoint(&key);
        let Some(item) = paths.remove(&key) else {
            continue;
        };
        let Value::Object(mut item) = item else {
            return Err(SpecError::at(
                format!("#/paths/{}", crate::doc::escape(&key)),
                "a path item is not a mapping",
            ));
        };
        let target = paths
            .entry(plain.clone())
            .or_insert_with(|| Value::Object(Default::default()));
        let Some(target) = target.as_object_mut() else {
            continue;
        };
        for m in METHODS {
            let Some(op) = item.remove(m) else { continue };
            if let Some(kept) = target.get(m).and_then(Value::as_object) {
                let kept = OpRef::new(&plain, m, kept);
                let empty = serde_json::Map::new();
                out.left_out.push(LeftOut {
                    operation: OpRef::new(&key, m, op.as_object().unwrap_or(&empty)),
                    reason: format!(
                        "`{key}` is `{plain}` with a trailing slash: the same endpoint as {}",
                        kept.label()
                    ),
                });
            } else {
                target.insert(m.to_string(), op);
                out.notes
                    .push(format!("{} {key} moved to {plain}", m.to_uppercase()));
            }
        }
        // Path-level parameters go with the operations that moved, where the plain key
        // has none of its own.
        if let Some(params) = item.remove("parameters")
            && !target.contains_key("parameters")
        {
            target.insert("parameters".into(), params);
        }
        if target.keys().all(|k| !METHODS.contains(&k.as_str())) {
            paths.remove(&plain);
        }
    }
    // Duplicate operationIds.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for item in paths.values() {
        for m in METHODS {
            if let Some(id) = item
                .get(m)
                .and_then(|o| o.get("operationId"))
                .and_then(Value::as_str)
            {
                *counts.entry(id.to_string()).or_default() += 1;
                taken.insert(id.to_string());
            }
        }
    }
    // Every operation sharing an id is renamed, the first too: none takes the bare name,
    // so a call written for one never reaches the other after a bump (it no longer compiles,
    // and the build says why).
    for (key, item) in paths.iter_mut() {
        for m in METHODS {
            let Some(op) = item.get_mut(m).and_then(Value::as_object_mut) else {
                continue;
            };
            let Some(id) = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(String::from)
            else {
                continue;
            };
            if counts.get(&id).copied().unwrap_or(0) < 2 {
                continue;
            }
            let new = (1..)
                .map(|n| format!("{id}_{n}"))
                .find(|c| !taken.contains(c))
                .unwrap_or_default();
            taken.insert(new.clone());
            out.notes.push(format!(
                "{} {key}: operationId `{id}` is shared with another operation; renamed `{new}`",
                m.to_uppercase()
            ));
            op.insert("operationId".into(), Value::from(new));
        }
    }
    Ok(out)
}
