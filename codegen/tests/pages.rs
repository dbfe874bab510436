//! Which generated types are HAL pages: read from the generated code, so a list a bumped
//! spec adds pages with no hand-written code, and a type of another shape is left alone.

mod common;

use common::{seed, show};
use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::pages::{PageType, impls_source, page_types};
use dwolla_api_codegen::pipeline;
use serde_json::json;

/// The seed plus `GET /widgets` answering a page of widgets, and two look-alikes that are
/// not pages: one without `_links`, one whose `_embedded` holds two arrays.
fn with_lists() -> serde_json::Value {
    let mut doc = seed();
    let hal = "application/vnd.dwolla.v1.hal+json";
    let get = |schema: &str| {
        json!({ "get": { "operationId": format!("get{schema}"), "responses": { "200": {
            "description": "ok",
            "content": { hal: { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
        } } } })
    };
    let paths = doc["paths"].as_object_mut().unwrap();
    paths.insert("/widgets".into(), get("Widgets"));
    paths.insert("/unlinked".into(), get("Unlinked"));
    paths.insert("/pairs".into(), get("Pairs"));
    let schemas = doc["components"]["schemas"].as_object_mut().unwrap();
    let links = json!({ "type": "object", "additionalProperties": { "type": "object", "properties": { "href": { "type": "string" } } } });
    let array = |item: &str| json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } });
    schemas.insert(
        "Widget".into(),
        json!({ "type": "object", "properties": { "id": { "type": "string" } } }),
    );
    schemas.insert("Widgets".into(), json!({ "type": "object", "properties": {
        "_links": links, "_embedded": { "type": "object", "properties": { "widgets": array("Widget") } },
        "total": { "type": "integer" } } }));
    schemas.insert(
        "Unlinked".into(),
        json!({ "type": "object", "properties": {
        "_embedded": { "type": "object", "properties": { "widgets": array("Widget") } } } }),
    );
    schemas.insert("Pairs".into(), json!({ "type": "object", "properties": {
        "_links": links, "_embedded": { "type": "object", "properties": { "left": array("Widget"), "right": array("Widget") } } } }));
    doc
}

#[test]
fn a_type_with_links_and_one_embedded_array_is_a_page_of_its_items() {
    let out = pipeline::run_doc(with_lists(), &Options::default())
        .unwrap_or_else(|e| panic!("{}", show(&e)));
    let pages = page_types(&out.generated.code).expect("the generated code parses");
    assert_eq!(
        pages,
        [PageType {
            type_name: "Widgets".into(),
            item_type: "Widget".into(),
            embedded: "widgets".into()
        }]
    );
    let src = impls_source(&pages);
    assert!(
        src.contains("impl crate::pages::Page for crate::generated::types::Widgets"),
        "{src}"
    );
    assert!(
        src.contains("type Item = crate::generated::types::Widget;"),
        "{src}"
    );
    syn::parse_file(&src).expect("the impls parse");
}

#[test]
fn the_seed_has_no_pages() {
    let out =
        pipeline::run_doc(seed(), &Options::default()).unwrap_or_else(|e| panic!("{}", show(&e)));
    assert!(page_types(&out.generated.code).unwrap().is_empty());
}

#[test]
fn a_list_operations_builder_gets_pages_and_items_unless_it_has_a_method_of_that_name() {
    let mut doc = with_lists();
    // A second list whose spec has a query parameter named `items`.
    let mut other = doc["paths"]["/widgets"].clone();
    other["get"]["operationId"] = json!("getMoreWidgets");
    other["get"]["parameters"] =
        json!([{ "name": "items", "in": "query", "schema": { "type": "string" } }]);
    doc["paths"]["/more-widgets"] = other;
    let out =
        pipeline::run_doc(doc, &Options::default()).unwrap_or_else(|e| panic!("{}", show(&e)));
    let module = |name: &str| {
        let start = out.ops.find(&format!("pub mod {name} {{")).expect(name);
        let rest = &out.ops[start..];
        rest[..rest.find("\n}\n").unwrap_or(rest.len())].to_string()
    };
    let widgets = module("get_widgets");
    assert!(
        widgets.contains("pub fn pages(self) -> crate::PageStream<'a, Success>"),
        "{widgets}"
    );
    assert!(
        widgets.contains("pub fn items(self) -> crate::PageStream<'a, Item>"),
        "{widgets}"
    );
    // The spec's `items` setter keeps its name; the stream of pages is still there.
    let more = module("get_more_widgets");
    assert!(more.contains("pub fn pages(self)"), "{more}");
    assert!(!more.contains("pub fn items(self)"), "{more}");
    // Not a list: neither.
    assert!(!module("get_unlinked").contains("pub fn pages("));
}
