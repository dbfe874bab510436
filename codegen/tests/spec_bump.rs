//! A spec bump, rehearsed on the seed: one more operation with an error schema of its
//! own and `components.schemas` in another order must neither break generation nor
//! change the error type callers match on.

mod common;

use common::{SEED, fixture_doc, method_params, seed, show, signature};
use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::{Value, load, pipeline};
use serde_json::Map;

/// The seed YAML text, plus `tests/fixtures/retrieve_customer.yaml` merged in, with
/// `components.schemas` reversed when `reverse`.
fn bumped(reverse: bool) -> Value {
    let text = std::fs::read_to_string(SEED).expect("seed readable");
    let mut doc = load::parse_yaml(&text).expect("seed parses");
    let extra = fixture_doc("retrieve_customer.yaml");

    let paths = doc["paths"].as_object_mut().expect("paths");
    for (path, item) in extra["paths"].as_object().expect("fixture paths") {
        assert!(
            paths.insert(path.clone(), item.clone()).is_none(),
            "{path} is new"
        );
    }
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    for (name, s) in extra["components"]["schemas"]
        .as_object()
        .expect("fixture schemas")
    {
        assert!(
            schemas.insert(name.clone(), s.clone()).is_none(),
            "{name} is new"
        );
    }
    if reverse {
        let reordered: Map<String, Value> = std::mem::take(schemas).into_iter().rev().collect();
        *schemas = reordered;
    }
    doc
}

fn generate(doc: Value) -> pipeline::Output {
    pipeline::run_doc(doc, &Options::default()).unwrap_or_else(|e| panic!("{}", show(&e)))
}

#[test]
fn spec_bump_adds_the_method_and_keeps_dwolla_error_for_every_operation() {
    let doc = bumped(true);
    let first_schema = doc["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .cloned();
    assert_eq!(
        first_schema.as_deref(),
        Some("CustomerNotFoundError"),
        "schemas were reordered"
    );

    let out = generate(doc);
    let code = &out.generated.code;
    assert!(
        code.contains("pub async fn create_customer_exchange_session"),
        "old method kept"
    );
    assert!(
        code.contains("pub async fn retrieve_customer"),
        "new method generated"
    );

    for method in ["create_customer_exchange_session", "retrieve_customer"] {
        let sig = signature(code, method);
        assert!(sig.contains("Error<types::DwollaError>"), "{method}: {sig}");
        assert!(!sig.contains("CustomerNotFoundError"), "{method}: {sig}");
        assert!(!sig.contains("accept:"), "{method}: {sig}");
    }
    assert!(signature(code, "retrieve_customer").contains("ResponseValue<types::Customer>"));
    assert_eq!(method_params(code, "retrieve_customer"), ["id"]);

    syn::parse_file(code).expect("the bumped client parses with syn");

    let names: Vec<&str> = out
        .generated
        .operations
        .iter()
        .map(|o| o.rust_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["create_customer_exchange_session", "retrieve_customer"]
    );
    assert!(
        out.wire.contains(r#"rust_name: "retrieve_customer""#),
        "{}",
        out.wire
    );
}

#[test]
fn spec_bump_leaves_the_existing_method_signature_unchanged() {
    let before = generate(seed());
    let after = generate(bumped(true));
    assert_eq!(
        signature(&before.generated.code, "create_customer_exchange_session"),
        signature(&after.generated.code, "create_customer_exchange_session"),
    );
}

#[test]
fn spec_bump_output_does_not_depend_on_schema_order() {
    let a = generate(bumped(false));
    let b = generate(bumped(true));
    for method in ["create_customer_exchange_session", "retrieve_customer"] {
        assert_eq!(
            signature(&a.generated.code, method),
            signature(&b.generated.code, method)
        );
    }
    assert_eq!(a.wire, b.wire);
}
