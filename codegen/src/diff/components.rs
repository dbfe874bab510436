//! The change report's component rules: schemas added or removed, and each kept one
//! compared under the rules of the sides that reach it.

use serde_json::Value;

use super::change::{Change, ChangeKind, Impact, Subject};
use super::schema::{Cx, Sides, compare_node};
use crate::doc::Reach;

pub(super) fn compare_schemas(old: &Value, new: &Value, reach: &Reach, out: &mut Vec<Change>) {
    let schemas = |doc: &Value| {
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let before = schemas(old);
    let after = schemas(new);
    for (name, s) in &after {
        let subject = Subject::Schema(name.clone());
        let Some(o) = before.get(name) else {
            out.push(Change {
                impact: Impact::Compatible,
                subject,
                kind: ChangeKind::SchemaAdded,
            });
            continue;
        };
        let mut push = |impact, kind| {
            out.push(Change {
                impact,
                subject: subject.clone(),
                kind,
            })
        };
        let mut cx = Cx {
            old_doc: old,
            new_doc: new,
            sides: sides(reach, name),
            push: &mut push,
        };
        compare_node(&mut cx, o, s, "");
    }
    for name in before.keys().filter(|n| !after.contains_key(*n)) {
        out.push(Change {
            impact: Impact::Breaking,
            subject: Subject::Schema(name.clone()),
            kind: ChangeKind::SchemaRemoved,
        });
    }
}

/// The rules a component follows: those of every side that reaches it.
fn sides(reach: &Reach, schema: &str) -> Sides {
    Sides {
        request: reach.request.contains(schema),
        response: reach.response.contains(schema),
    }
}
