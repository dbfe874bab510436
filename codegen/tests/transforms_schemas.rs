//! Tests of the schema transforms: `hoist_colliding_inline_schemas`, `open_response_enums`.

mod transform_support;

use transform_support::*;

// ---------------------------------------------------------------- hoist_colliding_inline_schemas

fn component<'a>(d: &'a Value, name: &str) -> &'a Value {
    &d["components"]["schemas"][name]
}

#[test]
fn hoist_colliding_inline_schemas_moves_inline_that_clashes_with_a_component() {
    let inline_amount = json!({
        "type": "object",
        "properties": { "value": { "type": "string" }, "currency": { "type": "string" } }
    });
    let transfer_amount = json!({
        "type": "object",
        "properties": { "cents": { "type": "integer" } }
    });
    let mut d = doc(
        json!({}),
        json!({ "schemas": {
            "Transfer": { "type": "object", "properties": { "amount": inline_amount.clone() } },
            "TransferAmount": transfer_amount.clone()
        } }),
    );
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();

    let r = component(&d, "Transfer")["properties"]["amount"]["$ref"]
        .as_str()
        .expect("the inline property became a $ref")
        .to_string();
    let fresh = r.strip_prefix("#/components/schemas/").unwrap();
    assert_ne!(fresh, "TransferAmount");
    assert_ne!(fresh, "Transfer");
    assert_eq!(component(&d, fresh), &inline_amount, "moved unchanged");
    assert_eq!(
        component(&d, "TransferAmount"),
        &transfer_amount,
        "the component is untouched"
    );
    assert_eq!(d["components"]["schemas"].as_object().unwrap().len(), 3);
}

#[test]
fn hoist_colliding_inline_schemas_separates_two_inline_schemas_with_one_predicted_name() {
    // typify names a property type `{Parent}_{prop_snake}` in PascalCase, so `Foo.barBaz`
    // and `FooBar.baz` both become `FooBarBaz`. (`A.bC` → `ABC` and `AB.c` → `AbC` do not
    // collide: heck reads `AB` as one word.)
    let bar_baz = json!({ "type": "object", "properties": { "x": { "type": "string" } } });
    let baz = json!({ "type": "object", "properties": { "y": { "type": "integer" } } });
    let mut d = doc(
        json!({}),
        json!({ "schemas": {
            "Foo": { "type": "object", "properties": { "barBaz": bar_baz.clone() } },
            "FooBar": { "type": "object", "properties": { "baz": baz.clone() } }
        } }),
    );
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();

    let slots = [
        (
            &d["components"]["schemas"]["Foo"]["properties"]["barBaz"],
            &bar_baz,
        ),
        (
            &d["components"]["schemas"]["FooBar"]["properties"]["baz"],
            &baz,
        ),
    ];
    let hoisted: Vec<_> = slots
        .iter()
        .filter(|(slot, _)| slot.get("$ref").is_some())
        .collect();
    assert_eq!(hoisted.len(), 1, "exactly one is hoisted: {d}");
    let (slot, original) = hoisted[0];
    let fresh = slot["$ref"]
        .as_str()
        .unwrap()
        .strip_prefix("#/components/schemas/")
        .unwrap();
    assert!(!["Foo", "FooBar", "FooBarBaz"].contains(&fresh), "{fresh}");
    assert_eq!(component(&d, fresh), *original, "moved unchanged");
    let kept: Vec<_> = slots
        .iter()
        .filter(|(slot, _)| slot.get("$ref").is_none())
        .collect();
    assert_eq!(kept[0].0, kept[0].1, "the other stays inline, unchanged");
}

#[test]
fn hoist_colliding_inline_schemas_leaves_identical_inline_schemas_sharing_a_name() {
    let same = json!({ "type": "object", "properties": { "x": { "type": "string" } } });
    let mut d = doc(
        json!({}),
        json!({ "schemas": {
            "Foo": { "type": "object", "properties": { "barBaz": same.clone() } },
            "FooBar": { "type": "object", "properties": { "baz": same } }
        } }),
    );
    let before = d.clone();
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();
    assert_eq!(d, before, "one type serves both, nothing is mistyped");
}

#[test]
fn hoist_colliding_inline_schemas_without_collision_changes_nothing() {
    let mut d = doc(
        json!({ "/x": { "post": {
            "operationId": "createX",
            "requestBody": { "content": { "application/json": { "schema": {
                "type": "object", "properties": { "name": { "type": "string" } }
            } } } },
            "responses": { "201": ok("created") }
        } } }),
        json!({ "schemas": {
            "Transfer": { "type": "object", "properties": {
                "amount": { "type": "object", "properties": { "value": { "type": "string" } } }
            } },
            "Customer": { "type": "object", "properties": { "id": { "type": "string" } } }
        } }),
    );
    let before = d.clone();
    transforms::hoist_colliding_inline_schemas(&mut d).unwrap();
    assert_eq!(d, before);
}

// ---------------------------------------------------------------- open_response_enums

// (More cases, splitting and discriminators among them, in `src/transforms/open_response_enums/tests.rs`.)

#[test]
fn open_response_enums_opens_a_response_enum_and_leaves_the_request_one_closed() {
    let closed = json!({ "type": "string", "enum": ["a", "b"] });
    let mut d = doc(
        json!({ "/x": {
            "post": {
                "operationId": "createX",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewX" } } } },
                "responses": { "201": ok("created") }
            },
            "get": {
                "operationId": "getX",
                "responses": { "200": { "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/X" } } } } }
            }
        } }),
        json!({ "schemas": {
            "NewX": { "type": "object", "properties": { "kind": closed.clone() } },
            "X": { "type": "object", "properties": { "kind": closed.clone() } }
        } }),
    );
    transforms::apply_all(&mut d).unwrap();
    assert_eq!(component(&d, "NewX")["properties"]["kind"], closed);
    assert_eq!(
        component(&d, "X")["properties"]["kind"],
        json!({ "oneOf": [
            { "title": "Known", "allOf": [{ "$ref": "#/components/schemas/XKindKnown" }] },
            { "title": "Other", "type": "string" }
        ] })
    );
    assert_eq!(component(&d, "XKindKnown"), &closed);
}
