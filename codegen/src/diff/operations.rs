//! The change report's operation rules: operations added, removed, left out or moved,
//! and per operation its parameters, request body and success body.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::change::{Change, ChangeKind, Impact, Subject};
use super::schema::{Cx, Sides, compare_optional};
use super::{body, params};
use crate::doc::{OpRef, OpView, deref, views};
use crate::transforms::Outcome;

fn op_key(r: &OpRef) -> String {
    r.operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {}", r.method.to_uppercase(), r.path))
}

fn endpoint(r: &OpRef) -> String {
    format!("{} {}", r.method.to_uppercase(), r.path)
}

pub(super) fn compare_operations(
    old: &Value,
    old_out: &Outcome,
    new: &Value,
    new_out: &Outcome,
    out: &mut Vec<Change>,
) {
    let index =
        |doc| -> BTreeMap<String, OpView<'_>> { views(doc).map(|v| (op_key(&v.at), v)).collect() };
    let old_ops = index(old);
    let new_ops = index(new);
    let left = |o: &Outcome| -> BTreeMap<String, (OpRef, String)> {
        o.left_out
            .iter()
            .map(|l| {
                (
                    op_key(&l.operation),
                    (l.operation.clone(), l.reason.clone()),
                )
            })
            .collect()
    };
    let old_left = left(old_out);
    let new_left = left(new_out);
    let subject = |r: &OpRef| Subject::Operation {
        id: op_key(r),
        label: r.label(),
    };

    for (key, OpView { at: r, .. }) in &new_ops {
        if !old_ops.contains_key(key) {
            let was_left_out = old_left.contains_key(key);
            out.push(Change {
                impact: Impact::Compatible,
                subject: subject(r),
                kind: ChangeKind::OperationAdded { was_left_out },
            });
        }
    }
    for (key, (r, reason)) in &new_left {
        if old_left.contains_key(key) {
            continue;
        }
        let was_generated = old_ops.contains_key(key);
        out.push(Change {
            impact: if was_generated {
                Impact::Breaking
            } else {
                Impact::Compatible
            },
            subject: subject(r),
            kind: ChangeKind::OperationLeftOut {
                reason: reason.clone(),
                was_generated,
            },
        });
    }
    for (key, OpView { at: r, .. }) in &old_ops {
        if !new_ops.contains_key(key) && !new_left.contains_key(key) {
            out.push(Change {
                impact: Impact::Breaking,
                subject: subject(r),
                kind: ChangeKind::OperationRemoved,
            });
        }
    }
    for (key, new_view) in &new_ops {
        let Some(old_view) = old_ops.get(key) else {
            continue;
        };
        let (r, new_item, new_op) = (&new_view.at, new_view.item, new_view.op);
        let (old_r, old_item, old_op) = (&old_view.at, old_view.item, old_view.op);
        let subject = subject(r);
        let mut push = |impact, kind| {
            out.push(Change {
                impact,
                subject: subject.clone(),
                kind,
            })
        };
        if endpoint(old_r) != endpoint(r) {
            push(
                Impact::Compatible,
                ChangeKind::EndpointChanged {
                    from: endpoint(old_r),
                },
            );
        }
        params::compare(old, old_item, old_op, new, new_item, new_op, &mut push);
        let mut cx = Cx {
            old_doc: old,
            new_doc: new,
            sides: Sides {
                request: true,
                response: false,
            },
            push: &mut push,
        };
        body::compare(&mut cx, old_op, new_op);
        cx.sides = Sides {
            request: false,
            response: true,
        };
        compare_optional(
            &mut cx,
            success_schema(old, old_op),
            success_schema(new, new_op),
            "response",
        );
    }
}

/// The first 2xx response's JSON schema, or a pseudo-type for raw and empty bodies.
fn success_schema(doc: &Value, op: &Map<String, Value>) -> Option<Value> {
    let responses = op.get("responses")?.as_object()?;
    let (_, resp) = responses.iter().find(|(code, _)| code.starts_with('2'))?;
    let content = deref(doc, resp)?.get("content").and_then(Value::as_object);
    match content {
        Some(c) if c.contains_key("application/json") => Some(
            c["application/json"]
                .get("schema")
                .cloned()
                .unwrap_or(Value::Null),
        ),
        Some(c) if !c.is_empty() => Some(serde_json::json!({ "type": "bytes" })),
        _ => None,
    }
}
