//! `normalize_path_keys`: a trailing-slash key moves to the plain key or, repeating one of
//! its operations, is left out naming it; repeated `operationId`s each keep a method; a
//! `#fragment` key generates beside the plain key and reaches the wire without the fragment.

mod common;

use std::collections::BTreeSet;

use common::show;
use common::tiny::{created, doc, hal_body, object, ok, path_param, schema_ref};
use dwolla_api_codegen::Value;
use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::pipeline::{self, Output};
use dwolla_api_codegen::transforms::normalize_path_keys;
use serde_json::json;

fn get(id: &str) -> Value {
    json!({ "operationId": id, "responses": ok(schema_ref("Thing")) })
}

fn things() -> Value {
    json!({ "Thing": object(&["id"]) })
}

fn generate(d: Value) -> Output {
    pipeline::run_doc(d, &Options::default()).unwrap_or_else(|e| panic!("{}", show(&e)))
}

fn path_keys(d: &Value) -> Vec<String> {
    d["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn a_trailing_slash_key_moves_to_the_plain_key() {
    let mut d = doc(
        json!({ "/things/": { "get": get("listThings") } }),
        things(),
    );
    let out = normalize_path_keys(&mut d).expect("normalizes");
    assert_eq!(path_keys(&d), ["/things"]);
    assert_eq!(d["paths"]["/things"]["get"]["operationId"], "listThings");
    assert_eq!(out.notes, ["GET /things/ moved to /things"]);
    assert!(out.left_out.is_empty());
}

#[test]
fn a_trailing_slash_operation_repeating_the_plain_keys_is_left_out_naming_the_kept_one() {
    let mut d = doc(
        json!({
            "/things": { "get": get("listThings") },
            "/things/": { "get": get("listThingsAgain"), "post": get("createThing") },
        }),
        things(),
    );
    let out = normalize_path_keys(&mut d).expect("normalizes");
    assert_eq!(path_keys(&d), ["/things"]);
    assert_eq!(d["paths"]["/things"]["get"]["operationId"], "listThings");
    assert_eq!(d["paths"]["/things"]["post"]["operationId"], "createThing");
    let [left] = out.left_out.as_slice() else {
        panic!("one operation left out: {:?}", out.left_out);
    };
    assert_eq!(left.operation.label(), "listThingsAgain (GET /things/)");
    assert!(
        left.reason
            .ends_with("the same endpoint as listThings (GET /things)"),
        "{}",
        left.reason
    );
}

#[test]
fn operations_sharing_an_operation_id_each_generate_a_method() {
    let d = doc(
        json!({ "/things": { "get": get("getThing") }, "/stuff": { "get": get("getThing") } }),
        things(),
    );
    let out = generate(d);
    let ids: BTreeSet<&str> = out
        .generated
        .operations
        .iter()
        .filter_map(|o| o.spec.operation_id.as_deref())
        .collect();
    // Neither keeps the bare name: a call written for one must not reach the other.
    assert_eq!(ids, BTreeSet::from(["getThing_1", "getThing_2"]));
    let names: BTreeSet<&str> = out
        .generated
        .operations
        .iter()
        .map(|o| o.rust_name.as_str())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    for name in names {
        assert!(
            out.generated.code.contains(&format!("pub fn {name}(")),
            "no method `{name}`"
        );
    }
}

#[test]
fn a_fragment_key_beside_the_plain_key_generates_both_and_its_wire_path_has_no_fragment() {
    let plain = "/funding-sources/{id}/micro-deposits";
    let post = |id: &str| {
        json!({ "operationId": id, "parameters": [path_param("id")],
                "requestBody": hal_body(schema_ref("Thing")), "responses": created() })
    };
    let d = doc(
        json!({ plain: { "post": post("initiate") }, format!("{plain}#verify"): { "post": post("verify") } }),
        things(),
    );
    let out = generate(d);
    assert_eq!(
        out.generated.operations.len(),
        2,
        "{:?}",
        out.generated.operations
    );
    let wire_path = format!("path: {plain:?}");
    assert_eq!(out.wire.matches(&wire_path).count(), 2, "{}", out.wire);
    assert!(!out.wire.contains("#verify"), "{}", out.wire);
}
