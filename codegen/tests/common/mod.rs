//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dwolla_api_codegen::{SpecError, Value, load};

pub mod tiny;

/// The seed spec the crate vendors. Tests run with cwd = `codegen/`.
pub const SEED: &str = "../openapi/dwolla.yaml";

/// A fixture file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The seed spec, parsed.
pub fn seed() -> Value {
    let text = std::fs::read_to_string(SEED).expect("the seed spec is readable");
    load::parse_yaml(&text).expect("the seed spec parses")
}

/// A fixture, parsed.
pub fn fixture_doc(name: &str) -> Value {
    load::read_spec(&fixture(name)).expect("the fixture parses")
}

/// The text of a generated method's signature, from `pub async fn` to its body's `{`,
/// with all whitespace removed (`pub async fn name<'a>(&'a self, ...) -> Result<...>`).
pub fn signature(code: &str, name: &str) -> String {
    let file = syn::parse_file(code).expect("generated code parses");
    let send = builder_impl(&file, name)
        .items
        .iter()
        .find_map(|it| match it {
            // progenitor's typed result: `send` returns the crate's, the decoder its own.
            syn::ImplItem::Fn(f) if f.sig.ident == "dwolla_decode" => Some(f.sig.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the builder of `{name}` has no `send`"));
    quote::quote!(#send)
        .to_string()
        .split_whitespace()
        .collect()
}

/// Parameter names of a generated operation: the fields of its builder (`client` excluded),
/// in the order the builder declares them.
pub fn method_params(code: &str, name: &str) -> Vec<String> {
    let file = syn::parse_file(code).expect("generated code parses");
    let ty = heck::ToUpperCamelCase::to_upper_camel_case(name);
    for item in builder_mod(&file) {
        let syn::Item::Struct(st) = item else {
            continue;
        };
        if st.ident != ty {
            continue;
        }
        return st
            .fields
            .iter()
            .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()))
            .filter(|n| n != "client" && n != "dwolla_key")
            .collect();
    }
    panic!("no builder `{ty}` for `{name}` in the generated code")
}

fn builder_mod(file: &syn::File) -> &[syn::Item] {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => {
                m.content.as_ref().map(|(_, i)| i.as_slice())
            }
            _ => None,
        })
        .expect("the generated code has a `builder` module")
}

fn builder_impl<'f>(file: &'f syn::File, name: &str) -> &'f syn::ItemImpl {
    let ty = heck::ToUpperCamelCase::to_upper_camel_case(name);
    builder_mod(file)
        .iter()
        .find_map(|item| match item {
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                let self_ty = &imp.self_ty;
                let t = quote::quote!(#self_ty).to_string();
                (t.split_whitespace().next() == Some(ty.as_str())).then_some(imp)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no builder impl `{ty}` for `{name}`"))
}

/// All errors, one per line, for assertions and failure messages.
pub fn show(errors: &[SpecError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every object key anywhere in `v`.
pub fn all_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                all_keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_keys(v, out)),
        _ => {}
    }
}
