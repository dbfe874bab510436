//! Hand-written helpers bind to an operation by method and endpoint shape, not by
//! `operationId` or parameter name; an operation they cannot call leaves them out with a
//! reason naming it; the change report's spec-only reading of a binding agrees.

mod common;

use common::tiny::{created, doc, hal_body, object, path_param, schema_ref};
use common::{seed, show};
use dwolla_api_codegen::Value;
use dwolla_api_codegen::bindings::{Binding, HELPERS, Helper, fits};
use dwolla_api_codegen::diff::bind_in_spec;
use dwolla_api_codegen::doc::OpRef;
use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::pipeline::{self, Output};
use heck::ToSnakeCase;
use serde_json::json;

/// The exchange-session helper (the one the tests' specs are shaped for).
fn helper() -> Helper {
    *HELPERS
        .iter()
        .find(|h| h.key == "exchange_session_create")
        .expect("the exchange-session helper is in HELPERS")
}

fn generate(d: Value) -> Output {
    pipeline::run_doc(d, &Options::default()).unwrap_or_else(|e| panic!("{}", show(&e)))
}

/// `<method> <path>` (`operationId` `id`), with `param` as its one path parameter and a
/// body when `body`.
fn one_op(method: &str, path: &str, id: &str, param: &str, body: bool) -> Value {
    let mut op = json!({
        "operationId": id,
        "parameters": [path_param(param)],
        "responses": created(),
    });
    if body {
        op["requestBody"] = hal_body(schema_ref("Session"));
    }
    doc(
        json!({ path: { method: op } }),
        json!({ "Session": object(&["redirectUrl"]) }),
    )
}

/// The one binding of the helper in `out`.
fn binding(out: &Output) -> &Binding {
    let h = helper();
    out.bindings
        .iter()
        .find(|b| matches!(b, Binding::Bound(x, _) | Binding::Out(x, _) if *x == h))
        .expect("the helper has a binding")
}

/// The only operation of `out`.
fn only_op(out: &Output) -> &OpRef {
    match out.generated.operations.as_slice() {
        [op] => &op.spec,
        ops => panic!("expected one operation, got {ops:?}"),
    }
}

#[test]
fn helper_binds_by_endpoint_shape_whatever_the_operation_id_and_parameter_name() {
    let d = one_op(
        "post",
        "/customers/{customerId}/exchange-sessions",
        "makeSession",
        "customerId",
        true,
    );
    let out = generate(d);
    let op = &out.generated.operations[0];
    let Binding::Bound(_, r) = binding(&out) else {
        panic!("not bound: {:?}", binding(&out));
    };
    assert_eq!(r.rust_name, op.rust_name);
    let setter = "customerId".to_snake_case();
    assert_eq!(r.path_params, [(setter.clone(), true)]);
    assert!(
        out.cfgs
            .contains(&format!("dwolla_helper=\"{}\"", helper().key)),
        "{:?}",
        out.cfgs
    );
    let call = format!("client.{}().{setter}(p0)", op.rust_name);
    assert!(out.bound.contains(&call), "no `{call}` in:\n{}", out.bound);
    syn::parse_file(&out.bound).expect("the bound source parses");
}

#[test]
fn helper_is_out_naming_the_operation_when_it_takes_no_body() {
    let path = "/customers/{id}/exchange-sessions";
    let out = generate(one_op("post", path, "createSession", "id", false));
    let op = only_op(&out);
    let expected = format!(
        "{} at {}: it takes no request body",
        op.label(),
        op.pointer()
    );
    assert_eq!(binding(&out), &Binding::Out(helper(), expected));
    assert!(
        !out.cfgs.iter().any(|c| c.starts_with("dwolla_helper")),
        "{:?}",
        out.cfgs
    );
    assert!(!out.bound.contains("pub(crate) mod"), "{}", out.bound);
}

#[test]
fn helper_is_out_naming_the_operation_when_it_has_two_path_parameters() {
    let h = helper();
    let op = OpRef::new(
        "/customers/{id}/exchange-sessions",
        "post",
        &serde_json::Map::new(),
    );
    let two = [("id".to_string(), true), ("other".to_string(), true)];
    let why = fits(&h, &op, &two, true).expect_err("two path parameters do not fit");
    assert_eq!(
        why,
        format!(
            "{} at {}: 2 path parameters where the helper passes 1",
            op.label(),
            op.pointer()
        )
    );
}

#[test]
fn helper_is_out_when_no_operation_has_its_method_and_endpoint() {
    let path = "/customers/{id}/exchange-sessions";
    let out = generate(one_op("put", path, "putSession", "id", true));
    let h = helper();
    let expected = format!(
        "the spec has no generated operation `{} {}`",
        h.method, h.path
    );
    assert_eq!(binding(&out), &Binding::Out(h, expected));
}

#[test]
fn the_reports_spec_only_binding_agrees_with_the_build() {
    let path = "/customers/{id}/exchange-sessions";
    let cases = [
        ("the seed", seed()),
        (
            "no body",
            one_op("post", path, "createSession", "id", false),
        ),
        (
            "no operation",
            one_op("put", path, "putSession", "id", true),
        ),
    ];
    for (case, d) in cases {
        let out = generate(d);
        let (from_spec, _) = bind_in_spec(&helper(), &out.spec);
        match (binding(&out), &from_spec) {
            (Binding::Bound(_, r), Ok(label)) => {
                let op = out
                    .generated
                    .operations
                    .iter()
                    .find(|o| o.rust_name == r.rust_name)
                    .expect("the bound operation is generated");
                assert_eq!(label, &op.spec.label(), "{case}");
            }
            (Binding::Out(_, why), Err(spec_why)) => assert_eq!(why, spec_why, "{case}"),
            (build, spec) => panic!("{case}: the build says {build:?}, the spec {spec:?}"),
        }
    }
}

#[test]
fn every_operation_is_a_client_method_unless_a_hand_written_one_takes_its_name() {
    let mut d = one_op("get", "/things/{id}", "getThing", "id", false);
    d["paths"]["/requests/{id}"] = json!({ "get": {
        "operationId": "request",
        "parameters": [path_param("id")],
        "responses": created(),
    } });
    let out = generate(d);
    let client_impl = out
        .ops
        .split("impl crate::Client {")
        .nth(1)
        .expect("an impl of Client");
    assert!(
        client_impl.contains("pub fn get_thing(&self) -> crate::ops::get_thing::Builder<'_>"),
        "{client_impl}"
    );
    // `Client::request` is hand-written: the operation keeps its `ops` module only.
    assert!(!client_impl.contains("pub fn request("), "{client_impl}");
    assert!(out.ops.contains("pub mod request {"));
    let clashes = dwolla_api_codegen::bindings::client_method_clashes(&out.generated.roles);
    assert_eq!(clashes.len(), 1, "{clashes:?}");
    assert_eq!(clashes[0].0, "request");
}

#[test]
fn every_builder_gets_the_crates_send_and_an_idempotency_key_option() {
    let out = generate(one_op("post", "/things/{id}", "createThing", "id", true));
    assert_eq!(out.generated.sends.rewritten, 1);
    assert!(out.generated.sends.key_setter_taken.is_empty());
    let code = &out.generated.code;
    assert!(
        code.contains("pub async fn send(mut self) -> crate::Result<crate::Response<()>>"),
        "{code}"
    );
    assert!(code.contains("pub fn idempotency_key("));
    assert!(
        !code.contains("client.pre("),
        "the hooks are not called: {code}"
    );
}
