//! Schema conformance: every generated type that stands for a named schema of the
//! (transformed) spec has the spec's property names and `required` set in its schemars
//! JSON Schema, and every example the spec gives for that schema deserialises into the
//! type and serialises back to equal JSON — unless the spec's own schema rejects the
//! example. Such an example is a spec defect: reported in the output with the rule it
//! breaks, and counted, never a failure (the type follows the schema, not the example).
//!
//! The pairs come from the build (`OUT_DIR/dwolla_conformance.rs`), so this runs on
//! whatever spec the crate was built from: the seed always, the whole spec when
//! `DWOLLA_OPENAPI_SPEC` is set. The judging itself is in `conformance_check/`, which
//! `tests/conformance_fixtures.rs` runs on fixture specs.
#![cfg(feature = "schemars")]

mod conformance_check;

use std::io::Write;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use conformance_check::TypeUnderTest;

/// The transformed spec the types were generated from.
const SPEC: &str = include_str!(concat!(env!("OUT_DIR"), "/dwolla_spec.json"));

/// One schema ↔ type pair, with what the judge needs of the type.
struct Entry {
    pointer: &'static str,
    type_name: &'static str,
    json_schema: fn() -> Value,
    roundtrip: fn(Value) -> Result<Value, String>,
}

fn entry<T: schemars::JsonSchema + DeserializeOwned + Serialize>(
    pointer: &'static str,
    type_name: &'static str,
) -> Entry {
    Entry {
        pointer,
        type_name,
        json_schema: || serde_json::to_value(schemars::schema_for!(T)).expect("schema as JSON"),
        roundtrip: |v| {
            let typed: T = serde_path_to_error::deserialize(v)
                .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
            serde_json::to_value(&typed).map_err(|e| e.to_string())
        },
    }
}

impl TypeUnderTest for Entry {
    fn pointer(&self) -> &str {
        self.pointer
    }
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn json_schema(&self) -> Option<Value> {
        Some((self.json_schema)())
    }
    fn roundtrip(&self, example: Value) -> Result<Value, String> {
        (self.roundtrip)(example)
    }
}

include!(concat!(env!("OUT_DIR"), "/dwolla_conformance.rs"));

#[test]
fn every_named_schema_matches_its_generated_type_and_its_valid_examples_round_trip() {
    let spec: Value = serde_json::from_str(SPEC).expect("the build wrote the transformed spec");
    let entries = dwolla_conformance_entries();
    let types: Vec<&dyn TypeUnderTest> = entries.iter().map(|e| e as _).collect();
    let mut report = conformance_check::judge(&spec, &types);
    for (pointer, type_name) in DWOLLA_CONFORMANCE_MISSING {
        report
            .failures
            .push(format!("{pointer}: no generated type `{type_name}`"));
    }
    // Straight to stderr, past libtest's capture: a passing run shows its defects too.
    let _ = writeln!(std::io::stderr(), "{}", report.summary());
    assert!(
        report.failures.is_empty(),
        "{} conformance failures:\n{}",
        report.failures.len(),
        report.failures.join("\n")
    );
    assert!(
        !entries.is_empty(),
        "the registry pairs at least one schema"
    );
}
