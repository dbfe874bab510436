//! The whole pipeline on the seed spec, on broken specs, and (when asked) on Dwolla's
//! full spec.

mod common;

use std::path::Path;

use common::{SEED, all_keys, fixture, fixture_doc, method_params, seed, show, signature};
use dwolla_api_codegen::generate::{self, Options};
use dwolla_api_codegen::transforms::{self, HAL_JSON};
use dwolla_api_codegen::{Value, doc, load, pipeline};

#[test]
fn apply_all_on_the_seed_yields_openapi_30_without_hal_keys_or_accept_params() {
    let mut doc = seed();
    transforms::apply_all(&mut doc).expect("the seed transforms cleanly");

    let spec = generate::to_openapi(&doc).expect("the result is OpenAPI 3.0");
    assert_eq!(spec.openapi, "3.0.3");

    let mut keys = Vec::new();
    all_keys(&doc, &mut keys);
    assert!(
        !keys.iter().any(|k| k == HAL_JSON),
        "a HAL media type key is left"
    );

    for op in doc::operations(&doc) {
        let params = doc.pointer(&format!("{}/parameters", &op.pointer()[1..]));
        for p in params.and_then(Value::as_array).into_iter().flatten() {
            let p = doc::deref(&doc, p).expect("parameters resolve");
            let name = p["name"].as_str().unwrap_or_default();
            assert!(
                !name.eq_ignore_ascii_case("accept"),
                "{} keeps an Accept parameter",
                op.label()
            );
        }
    }
}

#[test]
fn seed_generates_the_exchange_session_client() {
    let out = pipeline::run(Path::new(SEED), &Options::default())
        .unwrap_or_else(|e| panic!("{}", show(&e)));
    let code = &out.generated.code;
    assert!(
        code.contains("pub fn create_customer_exchange_session("),
        "method missing"
    );
    assert!(
        code.contains("pub struct DwollaError"),
        "unified error type missing"
    );
    assert!(
        code.contains("pub enum CreateCustomerExchangeSessionBody"),
        "body enum missing"
    );

    let sig = signature(code, "create_customer_exchange_session");
    assert!(
        !sig.contains("accept:"),
        "Accept stays out of the signature: {sig}"
    );
    assert!(sig.contains("Error<types::DwollaError>"), "{sig}");
    assert_eq!(
        method_params(code, "create_customer_exchange_session"),
        ["id", "body"]
    );
    assert!(out.outcome.left_out.is_empty());
}

#[test]
fn seed_operations_table_carries_hal_media_types() {
    let out = pipeline::run(Path::new(SEED), &Options::default())
        .unwrap_or_else(|e| panic!("{}", show(&e)));
    let op = out
        .generated
        .operations
        .iter()
        .find(|o| o.rust_name == "create_customer_exchange_session")
        .expect("the op is in the table");
    assert_eq!(
        op.spec.operation_id.as_deref(),
        Some("createCustomerExchangeSession")
    );
    assert_eq!(op.spec.method, "post");
    assert_eq!(op.spec.path, "/customers/{id}/exchange-sessions");
    assert_eq!(op.request_media_type.as_deref(), Some(HAL_JSON));
    assert_eq!(op.accept, HAL_JSON);
    assert!(!op.raw_success);

    assert!(
        out.wire
            .contains(r#"rust_name: "create_customer_exchange_session""#),
        "{}",
        out.wire
    );
    assert!(
        out.wire
            .contains(&format!("request_media_type: Some({HAL_JSON:?})")),
        "{}",
        out.wire
    );
    assert!(
        out.wire.contains(&format!("accept: {HAL_JSON:?}")),
        "{}",
        out.wire
    );
}

#[test]
fn dangling_request_body_ref_names_operation_and_spec_path() {
    let doc = fixture_doc("dangling_request_body.yaml");
    let errors = pipeline::run_doc(doc, &Options::default()).expect_err("a dangling $ref fails");
    let text = show(&errors);
    assert!(text.contains("createCustomerExchangeSession"), "{text}");
    assert!(
        text.contains("#/paths/~1customers~1{id}~1exchange-sessions/post/requestBody"),
        "{text}"
    );
    assert!(
        text.contains("CreateCustomerExchangeSessionMissing"),
        "{text}"
    );
    assert_eq!(
        errors[0].operation.as_deref(),
        Some("createCustomerExchangeSession (POST /customers/{id}/exchange-sessions)")
    );
}

/// A fixture with an operation progenitor cannot generate builds without it: exactly
/// `operation` is left out, its reason naming progenitor's failure, and every other
/// operation is generated.
fn only_left_out(fixture_name: &str, operation: &str, path: &str) -> String {
    let out = pipeline::run(&fixture(fixture_name), &Options::default())
        .unwrap_or_else(|e| panic!("the rest generates: {}", show(&e)));
    let left: Vec<_> = out
        .outcome
        .left_out
        .iter()
        .filter(|l| l.reason.contains("progenitor cannot generate it"))
        .collect();
    assert_eq!(left.len(), 1, "only the broken operation: {left:?}");
    assert_eq!(left[0].operation.label(), operation);
    assert_eq!(left[0].operation.pointer(), path);
    let in_spec = load::read_spec(&fixture(fixture_name))
        .map(|d| doc::operations(&d).len())
        .unwrap();
    assert_eq!(
        out.generated.operations.len() + out.outcome.left_out.len(),
        in_spec,
        "every other operation is generated"
    );
    left[0].reason.clone()
}

#[test]
fn an_operation_progenitor_panics_on_is_left_out_naming_the_panic() {
    let reason = only_left_out(
        "undeclared_path_param.yaml",
        "createCustomerExchangeSession (POST /customers/{id}/exchange-sessions)",
        "#/paths/~1customers~1{id}~1exchange-sessions/post",
    );
    assert!(reason.contains("progenitor panicked"), "{reason}");
}

#[test]
fn an_operation_progenitor_refuses_is_left_out_with_its_error() {
    let reason = only_left_out(
        "cookie_param.yaml",
        "listCustomers (GET /customers)",
        "#/paths/~1customers/get",
    );
    assert!(reason.contains("cookie"), "{reason}");
}

#[test]
fn unreadable_or_broken_spec_files_are_errors() {
    let errors = pipeline::run(&fixture("no_such_file.yaml"), &Options::default()).unwrap_err();
    assert!(
        show(&errors).contains("cannot read spec file"),
        "{}",
        show(&errors)
    );

    let doc =
        load::parse_yaml("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
    pipeline::run_doc(doc, &Options::default()).expect("an empty spec generates an empty client");
}

/// Rehearses a spec bump against Dwolla's whole spec: `DWOLLA_OPENAPI_SPEC=<path>`.
#[test]
fn full_spec_rehearsal() {
    let Some(path) = std::env::var_os("DWOLLA_OPENAPI_SPEC").filter(|p| !p.is_empty()) else {
        println!("skipped full_spec_rehearsal: set DWOLLA_OPENAPI_SPEC to a spec file to run it");
        return;
    };
    let out = pipeline::run(Path::new(&path), &Options::default())
        .unwrap_or_else(|e| panic!("{}", show(&e)));
    let ops = out.generated.operations.len();
    // Any revision, not only the known ones: every operation it has is generated or
    // left out for multipart (80 + 2 of 82 on 2026-01), or as a second key of an endpoint.
    let in_spec = load::read_spec(Path::new(&path)).map(|d| doc::operations(&d).len());
    assert_eq!(
        Ok(ops + out.outcome.left_out.len()),
        in_spec,
        "every operation of the spec is generated or left out"
    );
    assert!(ops > 0, "no operation generated");
    for left in &out.outcome.left_out {
        assert!(
            left.reason.contains("multipart")
                || left.reason.contains("the same endpoint as")
                || left.reason.contains("progenitor cannot generate it"),
            "{} left out: {}",
            left.operation.label(),
            left.reason
        );
    }
    syn::parse_file(&out.generated.code).expect("the generated client parses");
    println!(
        "full spec: {ops} operations generated, {} left out",
        out.outcome.left_out.len()
    );
}
