//! Operation method names come from the generated code: an `operationId` progenitor
//! sanitises in its own way (an apostrophe, a leading digit, a Rust keyword) still gets
//! its wire facts under the name the hooks will look up.

use std::collections::BTreeSet;

use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::transforms::HAL_JSON;
use dwolla_api_codegen::{Value, pipeline};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use serde_json::json;

const IDS: [&str; 3] = ["getUser'sThing", "2fa", "type"];

fn spec() -> Value {
    let mut paths = serde_json::Map::new();
    for (i, id) in IDS.iter().enumerate() {
        paths.insert(
            format!("/things/{i}"),
            json!({ "get": { "operationId": id, "responses": { "200": {
                "description": "ok",
                "content": { HAL_JSON: { "schema": { "type": "object", "properties": {
                    "id": { "type": "string" }
                } } } }
            } } } }),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": paths,
    })
}

/// `pub fn <name>(&self) -> builder::<Name>` in `impl Client`.
fn client_methods(file: &syn::File) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Impl(i) = item else { continue };
        let is_client = matches!(&*i.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if !is_client || i.trait_.is_some() {
            continue;
        }
        for f in &i.items {
            if let syn::ImplItem::Fn(f) = f
                && let syn::ReturnType::Type(_, ty) = &f.sig.output
                && ty.to_token_stream().to_string().starts_with("builder ::")
            {
                names.insert(f.sig.ident.to_string());
            }
        }
    }
    names
}

/// Every `operation_id: "<name>"` of the builders' `OperationInfo`s.
fn info_ids(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, t) in trees.iter().enumerate() {
        match t {
            TokenTree::Group(g) => info_ids(g.stream(), out),
            TokenTree::Ident(id) if id == "operation_id" => {
                if let Some(TokenTree::Literal(l)) = trees.get(i + 2) {
                    out.insert(l.to_string().trim_matches('"').to_string());
                }
            }
            _ => {}
        }
    }
}

#[test]
fn wire_table_names_are_the_methods_progenitor_generated() {
    let out = pipeline::run_doc(spec(), &Options::default()).expect("generates");
    let file = syn::parse_file(&out.generated.code).expect("generated code parses");
    let methods = client_methods(&file);
    let mut ids = BTreeSet::new();
    info_ids(file.to_token_stream(), &mut ids);

    let table: BTreeSet<String> = out
        .generated
        .operations
        .iter()
        .map(|o| o.rust_name.clone())
        .collect();
    assert_eq!(table, methods, "wire table vs `impl Client` methods");
    assert_eq!(table, ids, "wire table vs `OperationInfo::operation_id`s");
    // What progenitor makes of them; a snake_case prediction would get all three wrong.
    let expected: BTreeSet<String> = ["get_users_thing", "_2fa", "type_"]
        .map(String::from)
        .into();
    assert_eq!(table, expected);
    for op in &out.generated.operations {
        assert_eq!(op.accept, HAL_JSON, "{} keeps its media type", op.rust_name);
        assert!(out.wire.contains(&format!("rust_name: {:?}", op.rust_name)));
    }
}
