//! The edits that derive rehearsal revisions from a real spec (`revision`), each on a
//! small document: references follow a rename, hoisting and inlining keep the schema,
//! and a missing target is a named error, not a panic.

use dwolla_api_codegen::revision::{
    hoist_schema, inline_schema, rehearsal, remove_enum, remove_operation, rename_schema,
    unquote_example,
};
use dwolla_api_codegen::{Value, pipeline};
use serde_json::json;

fn doc() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": {
            "/things/{id}": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "get": { "operationId": "getThing", "responses": { "200": { "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } } },
                "post": { "operationId": "updateThing",
                    "requestBody": { "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "n": { "type": "string", "example": "0.5" } } } } } },
                    "responses": { "200": { "description": "ok" } } }
            },
            "/pets": { "get": { "operationId": "listPets", "responses": { "200": { "description": "ok",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } } } } } }
        },
        "components": { "schemas": {
            "Thing": { "title": "Thing", "type": "object", "properties": {
                "kind": { "type": "string", "enum": ["a", "b"] },
                "pet": { "$ref": "#/components/schemas/Pet" } },
                "example": { "$ref": "#/components/schemas/Thing" } },
            "Pet": { "type": "object", "properties": { "name": { "type": "string" } },
                     "discriminator": { "propertyName": "name", "mapping": { "p": "#/components/schemas/Pet" } } }
        } }
    })
}

#[test]
fn a_rename_moves_the_schema_its_title_and_every_reference_but_not_examples() {
    let mut d = doc();
    rename_schema(&mut d, "Pet", "Animal").unwrap();
    rename_schema(&mut d, "Thing", "Item").unwrap();
    let s = &d["components"]["schemas"];
    assert!(s.get("Pet").is_none() && s.get("Thing").is_none());
    assert_eq!(s["Item"]["title"], "Item");
    assert_eq!(
        s["Item"]["properties"]["pet"]["$ref"],
        "#/components/schemas/Animal"
    );
    assert_eq!(
        s["Animal"]["discriminator"]["mapping"]["p"],
        "#/components/schemas/Animal"
    );
    assert_eq!(
        d["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Animal"
    );
    // An example is data: a `$ref` key in it is not a reference.
    assert_eq!(s["Item"]["example"]["$ref"], "#/components/schemas/Thing");
    let taken = rename_schema(&mut d, "Item", "Animal").unwrap_err();
    assert!(taken.message.contains("taken"), "{taken}");
}

#[test]
fn hoisting_and_inlining_move_the_schema_and_still_generate() {
    let mut d = doc();
    let body = "/paths/~1things~1{id}/post/requestBody/content/application~1json/schema";
    hoist_schema(&mut d, body, "ThingUpdate").unwrap();
    assert_eq!(
        d.pointer(body).unwrap()["$ref"],
        "#/components/schemas/ThingUpdate"
    );
    assert_eq!(d["components"]["schemas"]["ThingUpdate"]["type"], "object");
    inline_schema(&mut d, "Pet").expect_err("Pet's mapping refers to itself");
    d["components"]["schemas"]["Pet"]
        .as_object_mut()
        .unwrap()
        .remove("discriminator");
    inline_schema(&mut d, "Pet").unwrap();
    assert!(d["components"]["schemas"].get("Pet").is_none());
    assert_eq!(
        d["components"]["schemas"]["Thing"]["properties"]["pet"]["properties"]["name"]["type"],
        "string"
    );
    pipeline::run_doc(d, &Default::default()).expect("the revision generates");
}

#[test]
fn an_enum_an_operation_and_a_quoted_example_can_be_removed_or_unquoted() {
    let mut d = doc();
    remove_enum(&mut d, "/components/schemas/Thing/properties/kind").unwrap();
    assert!(
        d["components"]["schemas"]["Thing"]["properties"]["kind"]
            .get("enum")
            .is_none()
    );
    remove_operation(&mut d, "listPets").unwrap();
    assert!(
        d["paths"].get("/pets").is_none(),
        "an emptied path goes too"
    );
    remove_operation(&mut d, "getThing").unwrap();
    assert!(
        d["paths"]["/things/{id}"].get("post").is_some(),
        "the path keeps its other method"
    );
    let example = "/paths/~1things~1{id}/post/requestBody/content/application~1json/schema/properties/n/example";
    unquote_example(&mut d, example).unwrap();
    assert_eq!(d.pointer(example), Some(&json!(0.5)));
}

#[test]
fn a_missing_target_is_a_named_error() {
    let mut d = doc();
    let e = remove_operation(&mut d, "nope").unwrap_err();
    assert!(e.message.contains("nope"), "{e}");
    let e = remove_enum(&mut d, "/components/schemas/Pet/properties/name").unwrap_err();
    assert_eq!(e.path, "#/components/schemas/Pet/properties/name");
    assert!(hoist_schema(&mut d, "/nowhere", "X").is_err());
    assert!(inline_schema(&mut d, "Nope").is_err());
    assert!(unquote_example(&mut d, "/components/schemas/Pet/properties/name/type").is_err());
    let e = rehearsal(&mut d, &["no-such-step".to_string()]).unwrap_err();
    assert!(e.message.contains("rename-schemas"), "lists the steps: {e}");
    let e = rehearsal(&mut d, &[]).unwrap_err();
    assert!(
        e.message.contains("drop-partner-enums"),
        "names the step: {e}"
    );
}
