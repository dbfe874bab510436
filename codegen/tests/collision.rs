//! typify names inline schemas after their parents and keeps the first type of a name,
//! without comparing: `Foo.barBaz` and `FooBar.baz` both become `FooBarBaz`, and one of
//! the two silently gets the other's fields. `hoist_colliding_inline_schemas` must keep
//! them apart; this proves both the failure and the fix on generated code.

use dwolla_api_codegen::generate::{self, Options};
use dwolla_api_codegen::transforms::{self, TRANSFORMS};
use dwolla_api_codegen::{Value, conformance};
use quote::ToTokens;

/// Two schemas whose inline properties typify would name alike (`Foo.barBaz` and
/// `FooBar.baz` both as `FooBarBaz`); `tests/conformance_fixtures.rs` reads it too.
const FIXTURE: &str = include_str!("fixtures/collision.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("the collision fixture is JSON")
}

/// Generate with every transform except those named in `skip`.
fn generate_without(skip: &[&str]) -> syn::File {
    let mut doc = fixture();
    for (name, transform) in TRANSFORMS {
        if !skip.contains(name) {
            transform(&mut doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let generated = generate::generate(&doc, &Options::default()).expect("the fixture generates");
    syn::parse_file(&generated.code).expect("generated code parses")
}

/// `(field, type)` of a struct in the generated `types` module.
fn fields(file: &syn::File, name: &str) -> Vec<(String, String)> {
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        for item in m.content.iter().flat_map(|(_, items)| items) {
            let syn::Item::Struct(s) = item else { continue };
            if s.ident == name {
                return s
                    .fields
                    .iter()
                    .map(|f| {
                        let ty = f.ty.to_token_stream().to_string().replace(' ', "");
                        (f.ident.as_ref().unwrap().to_string(), ty)
                    })
                    .collect();
            }
        }
    }
    panic!("no struct `{name}` in the generated types")
}

fn field_type(file: &syn::File, strukt: &str, field: &str) -> String {
    let fs = fields(file, strukt);
    fs.into_iter()
        .find(|(f, _)| f == field)
        .unwrap_or_else(|| panic!("`{strukt}` has no field `{field}`"))
        .1
}

/// The named type inside `Option<...>`.
fn inner(ty: &str) -> String {
    ty.trim_start_matches("::std::option::Option<")
        .trim_start_matches("Option<")
        .trim_end_matches('>')
        .to_string()
}

#[test]
fn without_the_hoist_two_inline_schemas_share_one_type_and_one_loses_its_fields() {
    let file = generate_without(&["hoist_colliding_inline_schemas"]);
    let foo = inner(&field_type(&file, "Foo", "bar_baz"));
    let foo_bar = inner(&field_type(&file, "FooBar", "baz"));
    assert_eq!(foo, foo_bar, "typify gave both properties one type");
    let shared: Vec<String> = fields(&file, &foo).into_iter().map(|(f, _)| f).collect();
    assert_eq!(shared.len(), 1, "one of `x` / `y` is lost: {shared:?}");
}

#[test]
fn the_hoist_keeps_them_apart_with_their_own_fields() {
    let file = generate_without(&[]);
    let foo = inner(&field_type(&file, "Foo", "bar_baz"));
    let foo_bar = inner(&field_type(&file, "FooBar", "baz"));
    assert_ne!(foo, foo_bar);
    let names = |t: &str| -> Vec<String> { fields(&file, t).into_iter().map(|(f, _)| f).collect() };
    assert_eq!(names(&foo), ["x"]);
    assert_eq!(names(&foo_bar), ["y"]);
}

#[test]
fn after_the_hoist_every_component_pairs_with_a_type_of_its_name() {
    let mut doc = fixture();
    transforms::apply_all(&mut doc).unwrap();
    let generated = generate::generate(&doc, &Options::default()).unwrap();
    let reg = conformance::registry(&doc, &generated.type_names);
    assert!(reg.missing.is_empty(), "{:?}", reg.missing);
    let names: Vec<&str> = reg.entries.iter().map(|e| e.type_name.as_str()).collect();
    assert!(
        names.contains(&"Foo") && names.contains(&"FooBar"),
        "{names:?}"
    );
}
