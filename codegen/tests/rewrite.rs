//! The rewrites of progenitor's generated builders: on code shaped as progenitor writes it,
//! on code shaped otherwise (left alone, or refused), and through the whole pipeline.

mod common;

use std::path::Path;

use common::{SEED, show};
use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::pipeline;
use dwolla_api_codegen::rewrite::{self, Lean};
use quote::ToTokens;

/// A builder as progenitor 0.15 writes one: two path parameters, a header parameter and a
/// body; `new` with one "not initialized" message per field, `send` checking each.
const BUILDER: &str = r#"
pub mod builder {
    pub struct MoveItem<'a> {
        client: &'a super::Client,
        account_id: Result<String, String>,
        item_id: Result<String, String>,
        trace: Result<Option<String>, String>,
        body: Result<types::Item, String>,
    }
    impl<'a> MoveItem<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                account_id: Err("account_id was not initialized".to_string()),
                item_id: Err("item_id was not initialized".to_string()),
                trace: Ok(None),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub async fn send(self) -> Result<ResponseValue<()>, Error<types::E>> {
            let Self { client, account_id, item_id, trace, body } = self;
            let account_id = account_id.map_err(Error::InvalidRequest)?;
            let item_id = item_id.map_err(Error::InvalidRequest)?;
            let trace = trace.map_err(Error::InvalidRequest)?;
            let body = body.and_then(|v| types::Item::try_from(v)).map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/accounts/{}/items/{}", client.baseurl,
                encode_path(&account_id.to_string()), encode_path(&item_id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
            header_map.append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
            );
            if let Some(v) = trace {
                header_map.append("x-trace", v.to_string().try_into()?);
            }
            Ok(())
        }
    }
    pub struct Ping<'a> {
        client: &'a super::Client,
    }
    impl<'a> Ping<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self { client: client }
        }
        pub async fn send(self) -> Result<ResponseValue<()>, Error<types::E>> {
            let Self { client } = self;
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map.append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
            );
            Ok(())
        }
    }
}
"#;

fn parse(code: &str) -> syn::File {
    syn::parse_file(code).expect("the snippet parses")
}

fn text(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

#[test]
fn lean_builders_defers_every_unset_message_and_encodes_path_values_uncopied() {
    let mut file = parse(BUILDER);
    let lean = rewrite::lean_builders(&mut file);
    assert_eq!(
        lean,
        Lean {
            unset_messages: 3,
            path_copies: 2
        }
    );
    let code = text(&file);
    assert!(
        !code.contains("was not initialized\".to_string())"),
        "new() still allocates a message:\n{code}"
    );
    assert_eq!(code.matches("Err(::std::string::String::new())").count(), 3);
    for field in ["account_id", "item_id", "body"] {
        assert!(
            code.contains(&format!("\"{field} was not initialized\".to_string()")),
            "send() no longer names {field} when it is unset:\n{code}"
        );
    }
    // `format!`'s arguments are printed as tokens: spaced.
    let squashed: String = code.split_whitespace().collect();
    assert!(squashed.contains("encode_path(&account_id),"), "{code}");
    assert!(squashed.contains("encode_path(&item_id),"), "{code}");
    assert!(
        code.contains("trace.map_err(Error::InvalidRequest)"),
        "a field that is never unset keeps its code:\n{code}"
    );
}

#[test]
fn lean_builders_leaves_a_field_whose_check_it_cannot_find() {
    // `send` checks the id some other way: its message must stay made in `new`, else an
    // unset id would be reported with an empty message.
    let code = BUILDER.replace(
        "account_id.map_err(Error::InvalidRequest)?",
        "match account_id { Ok(v) => v, Err(e) => return Err(Error::InvalidRequest(e)) }",
    );
    let mut file = parse(&code);
    let lean = rewrite::lean_builders(&mut file);
    assert_eq!(lean.unset_messages, 2);
    let code = text(&file);
    assert!(
        code.contains("Err(\"account_id was not initialized\".to_string())"),
        "{code}"
    );
}

#[test]
fn lean_builders_ignores_code_outside_the_builder_module() {
    let code = BUILDER.replace("pub mod builder", "pub mod other");
    let mut file = parse(&code);
    assert_eq!(rewrite::lean_builders(&mut file), Lean::default());
    assert_eq!(text(&file), text(&parse(&code)));
}

#[test]
fn drop_api_version_removes_the_header_and_the_room_kept_for_it() {
    let mut file = parse(BUILDER);
    assert_eq!(rewrite::drop_api_version(&mut file), Ok(2));
    let code = text(&file);
    assert!(!code.contains("api-version"), "{code}");
    assert!(
        code.contains("let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);"),
        "room for the one header left:\n{code}"
    );
    assert!(
        code.contains("let header_map = ::reqwest::header::HeaderMap::with_capacity(0usize);"),
        "an empty map needs no `mut`:\n{code}"
    );
    assert!(code.contains("header_map.append(\"x-trace\""), "{code}");
}

#[test]
fn drop_api_version_refuses_a_header_it_does_not_recognise() {
    let code = BUILDER.replace(
        "header_map.append(\"x-trace\"",
        "header_map.insert(\"api-version\"",
    );
    let mut file = parse(&code);
    let err = rewrite::drop_api_version(&mut file).unwrap_err();
    assert!(err.to_string().contains("api-version"), "{err}");
}

#[test]
fn the_generated_seed_client_sends_no_api_version_and_names_unset_fields_lazily() {
    let out = pipeline::run(Path::new(SEED), &Options::default())
        .unwrap_or_else(|e| panic!("{}", show(&e)));
    let code = &out.generated.code;
    let file = syn::parse_file(code).expect("generated code parses");
    let tokens = file.to_token_stream().to_string();
    assert!(!tokens.contains("\"api-version\""), "api-version is sent");
    assert!(
        !code.contains("was not initialized\".to_string())"),
        "a builder's new() allocates its messages"
    );
    assert!(code.contains("\"id was not initialized\".to_string()"));
    let squashed: String = code.split_whitespace().collect();
    assert!(
        squashed.contains("encode_path(&id)"),
        "the id is encoded uncopied"
    );
}
