//! The change report's helpers section: whether each hand-written helper binds in the old
//! and new spec, and whether it survives a change of its operation's request body; run
//! over every consecutive pair of Dwolla's spec history when it is beside the checkout.

mod diff_support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use diff_support::*;
use dwolla_api_codegen::diff::{BodyShape, HelperStatus};
use dwolla_api_codegen::transforms;

const KEY: &str = "exchange_session_create";

fn helper(report: &Report) -> &HelperStatus {
    report
        .helpers
        .iter()
        .find(|h| h.key == KEY)
        .unwrap_or_else(|| panic!("no helper `{KEY}` in:\n{report}"))
}

#[test]
fn a_body_changed_from_a_one_of_to_one_schema_is_reported_and_the_helper_survives() {
    let old = seed();
    let mut new = seed();
    op(&mut new)["requestBody"]["content"]["application/vnd.dwolla.v1.hal+json"]["schema"] =
        json!({ "$ref": format!("#/components/schemas/{WEB}") });
    let report = run(&old, &new);
    let h = helper(&report);
    assert_eq!(
        h.body_change,
        Some((
            BodyShape::OneOf(vec![REDIRECT.into(), WEB.into()]),
            BodyShape::Ref(WEB.into())
        ))
    );
    assert!(h.survives());
    let line = format!(
        "helper {KEY}: request body changed from oneOf({REDIRECT} | {WEB}) to schema `{WEB}`: \
         the helper survives (it binds in new)"
    );
    assert!(report.helper_lines().contains(&line), "{report}");
    let printed = report.to_string();
    let section = printed.split_once("# helpers\n").map(|(_, rest)| rest);
    assert!(
        section.is_some_and(|s| s.lines().any(|l| l == line)),
        "{report}"
    );
}

#[test]
fn a_body_removed_is_reported_and_the_helper_does_not_survive() {
    let old = seed();
    let mut new = seed();
    op(&mut new)
        .as_object_mut()
        .expect("the operation is an object")
        .remove("requestBody");
    let report = run(&old, &new);
    let h = helper(&report);
    assert_eq!(
        h.body_change.as_ref().map(|(_, new)| new),
        Some(&BodyShape::None)
    );
    assert!(!h.survives());
    let why = h.new.as_ref().expect_err("compiled out in new");
    assert!(why.ends_with("it takes no request body"), "{why}");
    let verdict = format!("the helper does not survive: {why}");
    assert!(
        report.helper_lines().iter().any(|l| l.ends_with(&verdict)),
        "{report}"
    );
}

/// Dwolla's spec history, beside the checkout (`../shared/openapi/history` from the
/// workspace root, as CI lays it out): its `NN-*.yml` files in order.
fn history() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi/history");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    files.sort();
    Some(files)
}

fn name(p: &Path) -> String {
    p.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

#[test]
fn every_consecutive_pair_of_the_history_compares_and_the_helper_survives_its_body_reshape() {
    let Some(files) = history() else {
        println!("skipped: no spec history at ../shared/openapi/history beside the checkout");
        return;
    };
    assert!(
        files.len() >= 2,
        "the history holds {} revisions",
        files.len()
    );
    let started = Instant::now();
    // Each revision is read and transformed once; `diff` does the same per side.
    let docs: Vec<(String, Value, transforms::Outcome)> = files
        .iter()
        .map(|f| {
            let mut d = load::read_spec(f).unwrap_or_else(|e| panic!("{}: {e}", name(f)));
            let outcome =
                transforms::apply_all(&mut d).unwrap_or_else(|e| panic!("{}: {e}", name(f)));
            (name(f), d, outcome)
        })
        .collect();
    // Pairs whose helper body went from one schema to a `oneOf`, with the report's text.
    let mut to_one_of = Vec::new();
    for pair in docs.windows(2) {
        let [(a, old, old_out), (b, new, new_out)] = pair else {
            continue;
        };
        let report = diff::compare(old, old_out, new, new_out);
        let h = helper(&report);
        if let Some((BodyShape::Ref(_), BodyShape::OneOf(_))) = &h.body_change {
            to_one_of.push((format!("{a} -> {b}"), h.clone(), report.to_string()));
        }
    }
    println!(
        "{} pairs compared in {:.1?}",
        docs.len() - 1,
        started.elapsed()
    );
    assert!(
        !to_one_of.is_empty(),
        "no pair of the history changes the exchange-session body from one schema to a oneOf"
    );
    for (pair, h, text) in &to_one_of {
        assert!(h.survives(), "{pair}: {text}");
        let Some((old, new)) = &h.body_change else {
            continue;
        };
        let line = format!(
            "helper {KEY}: request body changed from {old} to {new}: the helper survives (it binds in new)"
        );
        assert!(text.contains(&line), "{pair}: no `{line}` in:\n{text}");
    }
}
