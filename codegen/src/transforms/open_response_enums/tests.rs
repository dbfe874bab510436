//! Unit tests of `open_response_enums`: opening, keeping closed, splitting, naming.

use serde_json::{Value, json};

use super::open_response_enums;

fn doc(components: Value, paths: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": paths,
        "components": { "schemas": components }
    })
}

fn get_returning(schema: &str) -> Value {
    json!({ "/x": { "get": { "operationId": "getX", "responses": { "200": {
        "description": "ok",
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    } } } } })
}

fn open(known: &str) -> Value {
    json!([
        { "title": "Known", "allOf": [{ "$ref": format!("#/components/schemas/{known}") }] },
        { "title": "Other", "type": "string" }
    ])
}

#[test]
fn response_property_enum_is_hoisted_and_opened() {
    let mut d = doc(
        json!({ "Partner": { "type": "object", "properties": {
            "status": { "type": "string", "enum": ["active"], "description": "State.", "example": "active" }
        } } }),
        get_returning("Partner"),
    );
    let out = open_response_enums(&mut d).unwrap();
    assert_eq!(
        d["components"]["schemas"]["Partner"]["properties"]["status"],
        json!({ "description": "State.", "example": "active", "oneOf": open("PartnerStatusKnown") })
    );
    assert_eq!(
        d["components"]["schemas"]["PartnerStatusKnown"],
        json!({ "type": "string", "enum": ["active"], "description": "State." })
    );
    assert!(
        out.notes
            .iter()
            .any(|n| n.starts_with("1 response string enums made open")),
        "{:?}",
        out.notes
    );
}

#[test]
fn request_enums_stay_closed() {
    let schema = json!({ "type": "object", "properties": { "kind": { "type": "string", "enum": ["a", "b"] } } });
    let mut d = doc(
        json!({ "Body": schema.clone() }),
        json!({ "/x": { "post": { "operationId": "postX",
            "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Body" } } } },
            "responses": { "204": { "description": "none" } } } } }),
    );
    let before = d.clone();
    open_response_enums(&mut d).unwrap();
    assert_eq!(d, before);
}

#[test]
fn enum_component_becomes_open_and_inline_response_enums_too() {
    let mut d = doc(
        json!({ "Status": { "type": "string", "enum": ["x", "y"] } }),
        json!({ "/x": { "get": { "operationId": "getX", "responses": { "200": {
            "description": "ok",
            "content": { "application/json": { "schema": { "type": "object", "properties": {
                "s": { "$ref": "#/components/schemas/Status" },
                "mode": { "type": "string", "enum": ["m"] }
            } } } }
        } } } } }),
    );
    open_response_enums(&mut d).unwrap();
    assert_eq!(
        d["components"]["schemas"]["Status"],
        json!({ "oneOf": open("StatusKnown") })
    );
    assert_eq!(
        d["components"]["schemas"]["StatusKnown"],
        json!({ "type": "string", "enum": ["x", "y"] })
    );
    let inline =
        &d["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(
        inline["properties"]["s"],
        json!({ "$ref": "#/components/schemas/Status" })
    );
    assert_eq!(
        inline["properties"]["mode"],
        json!({ "oneOf": open("GetXResponseModeKnown") })
    );
}

#[test]
fn schema_used_by_both_sides_is_split_for_responses() {
    let mut d = doc(
        json!({
            "Amount": { "type": "object", "properties": {
                "currency": { "type": "string", "enum": ["USD"] },
                "nested": { "$ref": "#/components/schemas/Unit" }
            } },
            "Unit": { "type": "string", "enum": ["cents"] },
            "Transfer": { "type": "object", "properties": { "amount": { "$ref": "#/components/schemas/Amount" } } }
        }),
        json!({ "/t": {
            "post": { "operationId": "createT",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Amount" } } } },
                "responses": { "201": { "description": "created" } } },
            "get": { "operationId": "getT", "responses": { "200": { "description": "ok",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Transfer" } } } } } }
        } }),
    );
    let out = open_response_enums(&mut d).unwrap();
    let s = &d["components"]["schemas"];
    // The request side is untouched.
    assert_eq!(
        s["Amount"]["properties"]["currency"],
        json!({ "type": "string", "enum": ["USD"] })
    );
    assert_eq!(
        s["Amount"]["properties"]["nested"],
        json!({ "$ref": "#/components/schemas/Unit" })
    );
    assert_eq!(s["Unit"], json!({ "type": "string", "enum": ["cents"] }));
    // The response side refers to open clones, transitively.
    assert_eq!(
        s["Transfer"]["properties"]["amount"],
        json!({ "$ref": "#/components/schemas/AmountResponse" })
    );
    assert_eq!(
        s["AmountResponse"]["properties"]["nested"],
        json!({ "$ref": "#/components/schemas/UnitResponse" })
    );
    assert_eq!(
        s["AmountResponse"]["properties"]["currency"],
        json!({ "oneOf": open("AmountResponseCurrencyKnown") })
    );
    assert_eq!(
        s["UnitResponse"],
        json!({ "oneOf": open("UnitResponseKnown") })
    );
    assert!(
        out.notes.iter().any(|n| n.starts_with(
            "2 component schemas reachable from both requests and responses, 2 split"
        )),
        "{:?}",
        out.notes
    );
}

#[test]
fn discriminating_enums_of_a_union_stay_closed() {
    let variant = |kind: &str, statuses: Value| {
        json!({ "allOf": [
            { "$ref": "#/components/schemas/Base" },
            { "type": "object", "properties": {
                "type": { "type": "string", "enum": [kind] },
                "status": { "type": "string", "enum": statuses }
            } }
        ] })
    };
    let mut d = doc(
        json!({
            "Base": { "type": "object", "properties": { "id": { "type": "string" } } },
            "A": variant("a", json!(["new", "gone"])),
            "B": variant("b", json!(["verified", "gone"])),
            "Any": { "oneOf": [{ "$ref": "#/components/schemas/A" }, { "$ref": "#/components/schemas/B" }] }
        }),
        get_returning("Any"),
    );
    open_response_enums(&mut d).unwrap();
    let s = &d["components"]["schemas"];
    assert_eq!(
        s["A"]["allOf"][1]["properties"]["type"],
        json!({ "type": "string", "enum": ["a"] })
    );
    assert_eq!(
        s["B"]["allOf"][1]["properties"]["type"],
        json!({ "type": "string", "enum": ["b"] })
    );
    // Overlapping sets do not discriminate: opened.
    assert_eq!(
        s["A"]["allOf"][1]["properties"]["status"],
        json!({ "oneOf": open("AStatusKnown") })
    );
    assert_eq!(
        s["B"]["allOf"][1]["properties"]["status"],
        json!({ "oneOf": open("BStatusKnown") })
    );
}

#[test]
fn orphan_components_are_treated_as_responses_and_lose_deny_unknown_fields() {
    let mut d = doc(
        json!({ "SomeError": { "type": "object", "additionalProperties": false, "properties": {
            "code": { "type": "string", "enum": ["NotAllowed"] }
        } } }),
        json!({}),
    );
    open_response_enums(&mut d).unwrap();
    assert_eq!(
        d["components"]["schemas"]["SomeError"],
        json!({ "type": "object", "properties": { "code": { "oneOf": open("SomeErrorCodeKnown") } } })
    );
}

#[test]
fn already_open_enums_and_non_string_enums_are_left_alone() {
    let schema = json!({ "type": "object", "properties": {
        "o": { "oneOf": [{ "type": "string", "enum": ["a"] }, { "type": "string" }] },
        "n": { "type": "integer", "enum": [1, 2] },
        "b": { "type": "boolean", "enum": [false] }
    } });
    let mut d = doc(json!({ "R": schema.clone() }), get_returning("R"));
    open_response_enums(&mut d).unwrap();
    assert_eq!(d["components"]["schemas"]["R"], schema);
}

#[test]
fn same_name_same_values_share_one_known_and_names_avoid_taken_ones() {
    let mut d = doc(
        json!({
            "R": { "type": "object", "properties": {
                "s": { "type": "string", "enum": ["a"] },
                "list": { "type": "array", "items": { "type": "string", "enum": ["z"] } }
            } },
            "RSKnown": { "type": "object" }
        }),
        get_returning("R"),
    );
    open_response_enums(&mut d).unwrap();
    let s = &d["components"]["schemas"];
    assert_eq!(s["R"]["properties"]["s"]["oneOf"], open("RSKnown2"));
    assert_eq!(
        s["R"]["properties"]["list"]["items"]["oneOf"],
        open("RListItemKnown")
    );
    assert_eq!(s["RSKnown"], json!({ "type": "object" }));
}

#[test]
fn nullable_enum_keeps_null_on_the_open_schema() {
    let mut d = doc(
        json!({ "R": { "type": "object", "properties": {
            "s": { "type": "string", "nullable": true, "enum": ["a", null] }
        } } }),
        get_returning("R"),
    );
    open_response_enums(&mut d).unwrap();
    let s = &d["components"]["schemas"];
    assert_eq!(
        s["R"]["properties"]["s"],
        json!({ "nullable": true, "oneOf": open("RSKnown") })
    );
    assert_eq!(s["RSKnown"], json!({ "type": "string", "enum": ["a"] }));
}
