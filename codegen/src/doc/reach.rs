//! `$ref` reachability: which component schemas the requests and the responses of a
//! document reach, transitively. One answer for the transforms and the change report.

use std::collections::BTreeSet;

use serde_json::Value;

use super::ops::views;
use super::pointer::{component_of, resolve};
use super::schemas::for_each_ref;

/// Which component schemas each side of the wire reaches through `$ref`s.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Reachable from a request body or a parameter (path-level ones included).
    pub request: BTreeSet<String>,
    /// Reachable from a response.
    pub response: BTreeSet<String>,
}

impl Reach {
    /// Follow `$ref`s transitively from every operation of `doc` (through
    /// `components.requestBodies`, `responses`, `parameters` and `schemas`).
    pub fn of(doc: &Value) -> Reach {
        let mut request = BTreeSet::new();
        let mut response = BTreeSet::new();
        for v in views(doc) {
            let request_roots = [
                v.item.get("parameters"),
                v.op.get("parameters"),
                v.op.get("requestBody"),
            ];
            for root in request_roots.into_iter().flatten() {
                request.extend(refs_under(root));
            }
            if let Some(root) = v.op.get("responses") {
                response.extend(refs_under(root));
            }
        }
        Reach {
            request: components_reached(doc, request),
            response: components_reached(doc, response),
        }
    }

    /// Both documents' reach together (a change report judges by either revision).
    pub fn union(mut self, other: Reach) -> Reach {
        self.request.extend(other.request);
        self.response.extend(other.response);
        self
    }
}

/// Every `$ref` under `v` (not inside `example`s), as written.
pub fn refs_under(v: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for_each_ref(v, "#", &mut |r, _| {
        out.insert(r.to_string());
    });
    out
}

/// Names of the component schemas the references `seeds` reach, transitively.
fn components_reached(doc: &Value, seeds: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = seeds.into_iter().collect();
    while let Some(r) = stack.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(target) = resolve(doc, &r) {
            stack.extend(refs_under(target).into_iter().filter(|n| !seen.contains(n)));
        }
    }
    seen.iter().filter_map(|r| component_of(r)).collect()
}
