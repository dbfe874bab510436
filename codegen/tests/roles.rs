//! Each operation's roles, read from the code progenitor wrote: on the seed, on a body that
//! is one schema or a `oneOf`, on a HAL list, and on code shaped otherwise (left unread,
//! with the reason, never a panic).

mod common;

use std::path::Path;

use common::tiny::{created, doc, hal_body, object, ok, path_param, schema_ref};
use common::{SEED, show};
use dwolla_api_codegen::doc::OpRef;
use dwolla_api_codegen::generate::{Operation, Options};
use dwolla_api_codegen::pipeline::{self, Output};
use dwolla_api_codegen::roles::{self, Roles};
use dwolla_api_codegen::transforms::HAL_JSON;
use dwolla_api_codegen::{SpecError, Value};
use serde_json::json;

fn generate(d: Value) -> Output {
    pipeline::run_doc(d, &Options::default())
        .unwrap_or_else(|e: Vec<SpecError>| panic!("{}", show(&e)))
}

/// The roles of the operation with `operation_id`.
fn roles_of<'o>(out: &'o Output, operation_id: &str) -> &'o Roles {
    let op = out
        .generated
        .operations
        .iter()
        .find(|o| o.spec.operation_id.as_deref() == Some(operation_id))
        .unwrap_or_else(|| panic!("no operation `{operation_id}`"));
    out.generated
        .roles
        .iter()
        .find(|r| r.rust_name == op.rust_name)
        .unwrap_or_else(|| {
            panic!(
                "no roles for `{}`; unread: {:?}",
                op.rust_name, out.generated.roles_unread
            )
        })
}

/// The `types::` type a role names, when it is one the generator made.
fn generated_type<'t>(out: &Output, ty: &'t str) -> Option<&'t str> {
    ty.strip_prefix("types::")
        .filter(|n| out.generated.type_names.contains(*n))
}

#[test]
fn seed_exchange_session_roles_are_a_body_no_success_body_the_dwolla_error_and_a_string_id() {
    let out = pipeline::run(Path::new(SEED), &Options::default())
        .unwrap_or_else(|e| panic!("{}", show(&e)));
    let r = roles_of(&out, "createCustomerExchangeSession");
    let body = r.body.as_deref().expect("the operation takes a body");
    assert!(generated_type(&out, body).is_some(), "body role `{body}`");
    assert_eq!(r.success, "()");
    assert_eq!(r.error, "types::DwollaError");
    assert_eq!(r.path_params, [("id".to_string(), true)]);
    assert!(
        out.generated.roles_unread.is_empty(),
        "{:?}",
        out.generated.roles_unread
    );
}

/// `POST /customers/{id}/exchange-sessions` (`createSession`) whose body is `body`.
fn session_spec(body: Value) -> Value {
    doc(
        json!({ "/customers/{id}/exchange-sessions": { "post": {
            "operationId": "createSession",
            "parameters": [path_param("id")],
            "requestBody": hal_body(body),
            "responses": created(),
        } } }),
        json!({
            "SessionForWeb": object(&["web"]),
            "SessionWithRedirect": object(&["redirectUrl"]),
        }),
    )
}

#[test]
fn body_role_names_the_generated_type_whether_the_body_is_one_schema_or_a_one_of() {
    let one_of =
        json!({ "oneOf": [schema_ref("SessionForWeb"), schema_ref("SessionWithRedirect")] });
    for (shape, body) in [
        ("one schema", schema_ref("SessionForWeb")),
        ("oneOf", one_of),
    ] {
        let out = generate(session_spec(body));
        let r = roles_of(&out, "createSession");
        let ty = r
            .body
            .as_deref()
            .unwrap_or_else(|| panic!("{shape}: no body role"));
        assert!(
            generated_type(&out, ty).is_some(),
            "{shape}: body role `{ty}` is not a generated type: {:?}",
            out.generated.type_names
        );
        let cfg = format!("dwolla_role=\"{}.body\"", r.rust_name);
        assert!(
            out.cfgs.contains(&cfg),
            "{shape}: no {cfg} in {:?}",
            out.cfgs
        );
    }
}

#[test]
fn a_list_whose_success_has_links_and_one_embedded_array_gets_the_page_role() {
    let links = json!({ "type": "object", "additionalProperties": object(&["href"]) });
    let customers = json!({ "type": "object", "properties": {
        "_links": links,
        "_embedded": { "type": "object", "properties": {
            "customers": { "type": "array", "items": schema_ref("Customer") } } },
    } });
    let d = doc(
        json!({
            "/customers": { "get": { "operationId": "listCustomers", "responses": ok(schema_ref("Customers")) } },
            "/customers/{id}": { "get": {
                "operationId": "getCustomer",
                "parameters": [path_param("id")],
                "responses": ok(schema_ref("Customer")),
            } },
        }),
        json!({ "Customer": object(&["id"]), "Customers": customers }),
    );
    let out = generate(d);
    let list = roles_of(&out, "listCustomers");
    let one = roles_of(&out, "getCustomer");
    let page = |r: &Roles| format!("dwolla_role=\"{}.page\"", r.rust_name);
    assert!(out.cfgs.contains(&page(list)), "{:?}", out.cfgs);
    assert!(!out.cfgs.contains(&page(one)), "{:?}", out.cfgs);
}

fn op(rust_name: &str, path: &str) -> Operation {
    Operation {
        spec: OpRef::new(path, "get", &serde_json::Map::new()),
        rust_name: rust_name.to_string(),
        request_media_type: None,
        accept: HAL_JSON.to_string(),
        raw_success: false,
    }
}

#[test]
fn builders_shaped_otherwise_are_left_unread_with_the_reason() {
    let file: syn::File = syn::parse_quote! {
        impl Client {
            pub fn no_send(&self) -> builder::NoSend<'_> { builder::NoSend::new(self) }
            pub fn odd_send(&self) -> builder::OddSend<'_> { builder::OddSend::new(self) }
            pub fn no_builder(&self) -> u8 { 0 }
        }
        pub mod builder {
            pub struct NoSend<'a> { client: &'a super::Client }
            impl<'a> NoSend<'a> {
                pub fn new(client: &'a super::Client) -> Self { Self { client } }
            }
            pub struct OddSend<'a> { client: &'a super::Client }
            impl<'a> OddSend<'a> {
                pub async fn send(self) -> Result<u8, ()> { Ok(0) }
            }
        }
    };
    let ops = [
        op("no_send", "/a"),
        op("odd_send", "/b"),
        op("no_builder", "/c"),
        op("absent", "/d"),
    ];
    let (roles, unread) = roles::read(&file, &ops);
    assert!(roles.is_empty(), "{roles:?}");
    let unread: Vec<(&str, &str)> = unread
        .iter()
        .map(|(n, why)| (n.as_str(), why.as_str()))
        .collect();
    assert_eq!(
        unread,
        [
            ("no_send", "builder `NoSend` has no `send`"),
            (
                "odd_send",
                "`OddSend::send` does not return Result<ResponseValue<T>, Error<E>>"
            ),
            ("no_builder", "no `Client` method returns a builder"),
            ("absent", "no `Client` method returns a builder"),
        ]
    );
}

#[test]
fn each_parameter_setter_says_the_kind_of_value_it_takes() {
    let query =
        |name: &str, ty: &str| json!({ "name": name, "in": "query", "schema": { "type": ty } });
    let d = doc(
        json!({ "/things/{id}": { "get": {
            "operationId": "listThings",
            "parameters": [path_param("id"), query("limit", "integer"), query("search", "string"),
                           query("exact", "boolean")],
            "responses": ok(json!({ "type": "object" }))
        } } }),
        json!({}),
    );
    let out = generate(d);
    let r = roles_of(&out, "listThings");
    let kind = |p: &str| r.params.iter().find(|(n, _)| n == p).map(|(_, k)| *k);
    assert_eq!(kind("id"), Some("string"), "{:?}", r.params);
    assert_eq!(kind("limit"), Some("integer"), "{:?}", r.params);
    assert_eq!(kind("search"), Some("string"));
    assert_eq!(kind("exact"), Some("boolean"));
    assert!(
        out.cfgs
            .contains(&"dwolla_param=\"list_things.limit.integer\"".to_string()),
        "{:?}",
        out.cfgs
    );
}
