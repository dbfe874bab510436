//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dwolla_api_codegen::{SpecError, Value, load};

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
    let start = [
        format!("pub async fn {name}<"),
        format!("pub async fn {name}("),
    ]
    .iter()
    .find_map(|needle| code.find(needle.as_str()))
    .unwrap_or_else(|| panic!("no method `{name}` in the generated code"));
    let rest = &code[start..];
    let end = rest.find('{').expect("a method has a body");
    rest[..end].split_whitespace().collect()
}

/// Parameter names of a generated method (`self` excluded), found with `syn`.
pub fn method_params(code: &str, name: &str) -> Vec<String> {
    let file = syn::parse_file(code).expect("generated code parses");
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        for it in &imp.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            if f.sig.ident != name {
                continue;
            }
            return f
                .sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => match &*t.pat {
                        syn::Pat::Ident(i) => Some(i.ident.to_string()),
                        _ => None,
                    },
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
        }
    }
    panic!("no method `{name}` in an impl block of the generated code")
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
