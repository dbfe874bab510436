//! `open_response_enums` at the level of generated code: the seed spec plus a small
//! fixture (an exchange partner GET with `name`/`status` enums, a transfer amount used
//! by a request and a response) goes through the whole pipeline, and the generated
//! types are inspected with `syn`.

mod common;

use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::{Value, pipeline};
use serde_json::json;

/// The seed, with operations whose responses and requests carry string enums.
fn fixture() -> Value {
    let mut d = common::seed();
    let paths = d["paths"].as_object_mut().unwrap();
    paths.insert(
        "/exchange-partners/{id}".into(),
        json!({ "get": {
            "operationId": "getExchangePartner",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok", "content": { "application/vnd.dwolla.v1.hal+json": {
                "schema": { "$ref": "#/components/schemas/ExchangePartner" }
            } } } }
        } }),
    );
    paths.insert(
        "/transfers".into(),
        json!({ "post": {
            "operationId": "createTransfer",
            "requestBody": { "required": true, "content": { "application/vnd.dwolla.v1.hal+json": {
                "schema": { "$ref": "#/components/schemas/NewTransfer" }
            } } },
            "responses": { "201": { "description": "created" } }
        } }),
    );
    paths.insert(
        "/transfers/{id}".into(),
        json!({ "get": {
            "operationId": "getTransfer",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok", "content": { "application/vnd.dwolla.v1.hal+json": {
                "schema": { "$ref": "#/components/schemas/Transfer" }
            } } } }
        } }),
    );
    let schemas = d["components"]["schemas"].as_object_mut().unwrap();
    schemas.insert(
        "ExchangePartner".into(),
        json!({ "type": "object", "required": ["id", "name", "status"], "properties": {
            "id": { "type": "string" },
            "name": { "type": "string", "enum": ["MX", "Plaid"] },
            "status": { "type": "string", "enum": ["active"] }
        } }),
    );
    schemas.insert(
        "Amount".into(),
        json!({ "type": "object", "required": ["currency", "value"], "properties": {
            "currency": { "type": "string", "enum": ["USD"] },
            "value": { "type": "string" }
        } }),
    );
    schemas.insert(
        "NewTransfer".into(),
        json!({ "type": "object", "required": ["amount"], "properties": {
            "amount": { "$ref": "#/components/schemas/Amount" }
        } }),
    );
    schemas.insert(
        "Transfer".into(),
        json!({ "type": "object", "required": ["amount", "status"], "properties": {
            "amount": { "$ref": "#/components/schemas/Amount" },
            "status": { "type": "string", "enum": ["pending", "processed"] }
        } }),
    );
    d
}

fn generate() -> (syn::File, Vec<String>) {
    let d = fixture();
    let out = pipeline::run_doc(d, &Options::default())
        .unwrap_or_else(|e| panic!("{}", common::show(&e)));
    (
        syn::parse_file(&out.generated.code).expect("generated code parses"),
        out.outcome.notes,
    )
}

fn types_mod(file: &syn::File) -> &[syn::Item] {
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == "types" => {
                m.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .expect("a `types` module")
}

/// `(variant, its single field type or "")` of a generated enum, and whether it is untagged.
fn enum_shape(file: &syn::File, name: &str) -> (Vec<(String, String)>, bool) {
    let e = types_mod(file)
        .iter()
        .find_map(|i| match i {
            syn::Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum `{name}` generated"));
    let untagged = e
        .attrs
        .iter()
        .any(|a| quote::quote!(#a).to_string().contains("untagged"));
    let variants = e
        .variants
        .iter()
        .map(|v| {
            let ty = v.fields.iter().next().map(|f| {
                let t = &f.ty;
                quote::quote!(#t).to_string().replace(' ', "")
            });
            (v.ident.to_string(), ty.unwrap_or_default())
        })
        .collect();
    (variants, untagged)
}

fn field_type(file: &syn::File, strukt: &str, field: &str) -> String {
    let s = types_mod(file)
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == strukt => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct `{strukt}` generated"));
    let f = s
        .fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == field))
        .unwrap_or_else(|| panic!("no field `{strukt}.{field}`"));
    let t = &f.ty;
    quote::quote!(#t).to_string().replace(' ', "")
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn response_enum_is_an_untagged_known_or_other_string() {
    let (file, _) = generate();
    assert_eq!(
        field_type(&file, "ExchangePartner", "status"),
        "ExchangePartnerStatus"
    );
    let (variants, untagged) = enum_shape(&file, "ExchangePartnerStatus");
    assert!(untagged, "an open enum must be #[serde(untagged)]");
    assert_eq!(
        variants,
        pairs(&[
            ("Known", "ExchangePartnerStatusKnown"),
            ("Other", "::std::string::String")
        ])
    );
    assert_eq!(
        enum_shape(&file, "ExchangePartnerStatusKnown"),
        (pairs(&[("Active", "")]), false)
    );
    assert_eq!(
        enum_shape(&file, "ExchangePartnerName").0,
        pairs(&[
            ("Known", "ExchangePartnerNameKnown"),
            ("Other", "::std::string::String")
        ])
    );
}

#[test]
fn request_side_stays_closed_and_a_shared_schema_is_split() {
    let (file, notes) = generate();
    // The request body offers only the documented values.
    assert_eq!(field_type(&file, "NewTransfer", "amount"), "Amount");
    assert_eq!(field_type(&file, "Amount", "currency"), "AmountCurrency");
    assert_eq!(
        enum_shape(&file, "AmountCurrency"),
        (pairs(&[("Usd", "")]), false)
    );
    // The response reads an open clone.
    assert_eq!(field_type(&file, "Transfer", "amount"), "AmountResponse");
    assert_eq!(
        field_type(&file, "AmountResponse", "currency"),
        "AmountResponseCurrency"
    );
    assert_eq!(
        enum_shape(&file, "AmountResponseCurrency"),
        (
            pairs(&[
                ("Known", "AmountResponseCurrencyKnown"),
                ("Other", "::std::string::String")
            ]),
            true
        )
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 split for responses (Amount → AmountResponse)")),
        "{notes:#?}"
    );
}

#[test]
fn seed_has_no_response_enum_and_keeps_its_types() {
    let d = common::seed();
    let out = pipeline::run_doc(d, &Options::default()).unwrap();
    assert!(
        out.outcome.notes.iter().any(|n| n == "open_response_enums: 0 response string enums made open (0 inline in operations' responses, 0 in component schemas of which 0 no operation uses)"),
        "{:#?}",
        out.outcome.notes
    );
    assert!(!out.generated.code.contains("deny_unknown_fields"));
}
