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
        code.contains("pub fn create_customer_exchange_session("),
        "old method kept"
    );
    assert!(
        code.contains("pub fn retrieve_customer("),
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

/// The builder method of `op`'s builder that sets `param`, as a signature string.
fn setter(code: &str, op: &str, param: &str) -> Option<String> {
    let file = syn::parse_file(code).expect("generated code parses");
    let ty = heck::ToUpperCamelCase::to_upper_camel_case(op);
    let items = file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, i)| i.clone()),
        _ => None,
    })?;
    items.iter().find_map(|i| {
        let syn::Item::Impl(imp) = i else { return None };
        let self_ty = &imp.self_ty;
        if quote::quote!(#self_ty)
            .to_string()
            .split_whitespace()
            .next()
            != Some(ty.as_str())
        {
            return None;
        }
        imp.items.iter().find_map(|it| match it {
            syn::ImplItem::Fn(f) if f.sig.ident == param => {
                let sig = &f.sig;
                Some(quote::quote!(#sig).to_string())
            }
            _ => None,
        })
    })
}

#[test]
fn an_added_optional_parameter_leaves_calls_written_for_the_old_spec_compiling() {
    let before = generate(seed());
    let mut doc = seed();
    let params = doc["paths"]["/customers/{id}/exchange-sessions"]["post"]["parameters"]
        .as_array_mut()
        .expect("parameters");
    params.push(serde_json::json!({
        "name": "limit", "in": "query", "required": false, "schema": { "type": "integer" }
    }));
    let after = generate(doc);
    let (old, new) = (&before.generated.code, &after.generated.code);
    let op = "create_customer_exchange_session";
    // A call is `api.op().id(..).body(..).send()`: the method, each old setter and `send`
    // keep their signatures; the new parameter is one more setter nobody has to call.
    assert_eq!(method_params(old, op), ["id", "body"]);
    assert_eq!(method_params(new, op), ["id", "limit", "body"]);
    for param in ["id", "body"] {
        assert_eq!(setter(old, op, param), setter(new, op, param), "{param}");
        assert!(setter(new, op, param).is_some(), "{param}");
    }
    assert!(setter(new, op, "limit").is_some());
    assert_eq!(signature(old, op), signature(new, op));
}
