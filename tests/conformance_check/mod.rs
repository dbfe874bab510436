//! Judging generated types against the spec: property sets, and examples that must
//! round-trip, unless the spec's own schema rejects the example (a spec defect).
//!
//! Used by `tests/conformance.rs` on the crate's real types and by
//! `tests/conformance_fixtures.rs` on fixture specs, in-process.
#![allow(dead_code)]

pub mod compare;
pub mod examples;
pub mod validate;

use serde_json::Value;

use validate::{SpecSchemas, Violation};

/// A generated type as the judge sees it.
pub trait TypeUnderTest {
    /// Where its schema is in the transformed spec.
    fn pointer(&self) -> &str;
    /// Its name in the generated `types` module.
    fn type_name(&self) -> &str;
    /// Its JSON Schema (schemars), to compare property sets; `None` skips that check.
    fn json_schema(&self) -> Option<Value>;
    /// Deserialise into the type and serialise back; `Err` says where it failed.
    fn roundtrip(&self, example: Value) -> Result<Value, String>;
}

/// An example its own schema rejects: the spec contradicts itself there.
#[derive(Debug, Clone)]
pub struct Defect {
    /// Where the example is (`#/components/schemas/X (example)`, `…/examples/a/value`).
    pub example: String,
    /// The generated type the example was given for.
    pub type_name: String,
    /// The rules it breaks.
    pub violations: Vec<Violation>,
}

impl std::fmt::Display for Defect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rules: Vec<String> = self.violations.iter().map(ToString::to_string).collect();
        write!(
            f,
            "{} (for {}) breaks its own schema: {}",
            self.example,
            self.type_name,
            rules.join("; ")
        )
    }
}

/// What the judge found.
#[derive(Debug, Default)]
pub struct Report {
    /// Ours to fix: a type that disagrees with a schema, or with an example the schema accepts.
    pub failures: Vec<String>,
    /// The spec's to fix: examples their own schema rejects (reported, not failed).
    pub defects: Vec<Defect>,
    /// Examples judged without the spec check, because its schema did not compile.
    pub unvalidated: Vec<String>,
    /// Types judged.
    pub types: usize,
    /// Property sets compared.
    pub shapes: usize,
    /// Examples the schema accepts, round-tripped through their type.
    pub examples_checked: usize,
    /// Examples and defaults anywhere in the document checked against their own schema.
    pub instances_checked: usize,
    /// The spec's to fix: schemas that contradict themselves (`required` naming a property
    /// they do not define, `properties` on a non-object `type`). The type follows what the
    /// generator reads; the shape check takes the same reading, and says so here.
    pub schema_defects: Vec<String>,
}

impl Report {
    /// One line of counts, then one line per defect, for the test's output.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "conformance: {} schemas paired with types, {} property sets compared, {} examples round-tripped, {} examples and defaults checked against their schema everywhere, {} spec defects (examples their own schema rejects; not failures), {} self-contradicting schemas",
            self.types,
            self.shapes,
            self.examples_checked,
            self.instances_checked,
            self.defects.len(),
            self.schema_defects.len()
        );
        for d in &self.schema_defects {
            s.push_str("\n  spec defect: ");
            s.push_str(d);
        }
        for u in &self.unvalidated {
            s.push_str("\n  not checked against the spec's schema: ");
            s.push_str(u);
        }
        for d in &self.defects {
            s.push_str("\n  spec defect: ");
            s.push_str(&d.to_string());
        }
        s
    }
}

/// Judge every type against the transformed spec it was generated from.
pub fn judge(spec: &Value, types: &[&dyn TypeUnderTest]) -> Report {
    let schemas = SpecSchemas::new(spec);
    let media = examples::media_by_ref(spec);
    let mut report = Report {
        types: types.len(),
        ..Report::default()
    };
    for t in types {
        let Some(schema) = examples::resolve(spec, t.pointer()) else {
            report
                .failures
                .push(format!("{}: the pointer does not resolve", t.pointer()));
            continue;
        };
        let declared = schema.get("type").and_then(Value::as_str);
        if let Some(ty) = declared.filter(|ty| *ty != "object")
            && schema.get("properties").is_some()
        {
            // typify follows `type`; there is no object shape to compare.
            report.schema_defects.push(format!(
                "{} has `type: {ty}` and `properties`: the type {} follows `type`",
                t.pointer(),
                t.type_name()
            ));
        } else if let (Some(mut spec_shape), Some(json_schema)) =
            (examples::shape(spec, schema, 0), t.json_schema())
        {
            // A `required` name the schema does not define: typify gives the type a field
            // of any JSON value for it, which is the schema's only reading.
            let (props, required) = &mut spec_shape;
            let undefined: Vec<String> = required.difference(props).cloned().collect();
            if !undefined.is_empty() {
                report.schema_defects.push(format!(
                    "{} requires {undefined:?}, which it does not define: {} has them as fields of any JSON value",
                    t.pointer(),
                    t.type_name()
                ));
                props.extend(undefined);
            }
            report.shapes += 1;
            compare_shapes(*t, spec_shape, &json_schema, &mut report.failures);
        }
        let found = examples::examples(spec, &media, t.pointer());
        if found.is_empty() {
            continue;
        }
        let validator = schemas.validator(t.pointer());
        for (at, example) in found {
            let accepted = if validator.is_ok() {
                ", though the spec's schema accepts it"
            } else {
                ""
            };
            match &validator {
                Ok(v) => {
                    let violations = validate::violations(v, &example);
                    if !violations.is_empty() {
                        report.defects.push(Defect {
                            example: at,
                            type_name: t.type_name().to_string(),
                            violations,
                        });
                        continue;
                    }
                }
                // Without a validator nothing tells a defect apart: say so, and judge the
                // type strictly (a rejection then fails, as before this check existed).
                Err(e) => report.unvalidated.push(format!("{at}: {e}")),
            }
            report.examples_checked += 1;
            match t.roundtrip(example.clone()) {
                Err(err) => report.failures.push(format!(
                    "{at} does not deserialise into {}{accepted}: {err}",
                    t.type_name()
                )),
                Ok(back) => {
                    if let Some(d) = compare::first_difference(&example, &back, "") {
                        report
                            .failures
                            .push(format!("{at} through {}: {d}", t.type_name()));
                    }
                }
            }
        }
    }
    everywhere(spec, &schemas, &mut report);
    report
}

/// Every example and default of the document, wherever it stands, against its own schema:
/// a rejected one is a spec defect, reported, never a failure (the examples of typed
/// schemas were judged above, with their round trip).
fn everywhere(spec: &Value, schemas: &SpecSchemas, report: &mut Report) {
    let judged: std::collections::HashSet<String> =
        report.defects.iter().map(|d| d.example.clone()).collect();
    let mut validators: std::collections::HashMap<String, Option<jsonschema::Validator>> =
        Default::default();
    for i in examples::instances(spec) {
        if judged.contains(&i.at) {
            continue;
        }
        let v = validators.entry(i.schema.clone()).or_insert_with(|| {
            match schemas.validator(&i.schema) {
                Ok(v) => Some(v),
                Err(e) => {
                    report.unvalidated.push(format!("{}: {e}", i.at));
                    None
                }
            }
        });
        let Some(v) = v else { continue };
        report.instances_checked += 1;
        let violations = validate::violations(v, &i.value);
        if !violations.is_empty() {
            report.defects.push(Defect {
                example: i.at,
                type_name: format!("the schema at {}", i.schema),
                violations,
            });
        }
    }
}

type Shape = (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
);

/// Same property names and `required` set in the spec and in the type's JSON Schema.
fn compare_shapes(
    t: &dyn TypeUnderTest,
    (spec_props, spec_required): Shape,
    json_schema: &Value,
    failures: &mut Vec<String>,
) {
    let at = format!("{} ({})", t.pointer(), t.type_name());
    // A struct without fields has `type: object` and no `properties`.
    let type_shape = examples::shape(json_schema, json_schema, 0).or_else(|| {
        (json_schema.get("type") == Some(&Value::from("object"))).then(Default::default)
    });
    let Some((props, required)) = type_shape else {
        failures.push(format!(
            "{at}: the spec has properties {spec_props:?}, the type's JSON Schema none"
        ));
        return;
    };
    for p in spec_props.difference(&props) {
        failures.push(format!(
            "{at}: property `{p}` is in the spec, not in the type"
        ));
    }
    for p in props.difference(&spec_props) {
        failures.push(format!(
            "{at}: property `{p}` is in the type, not in the spec"
        ));
    }
    for p in spec_required.symmetric_difference(&required) {
        let side = if spec_required.contains(p) {
            "the spec"
        } else {
            "the type"
        };
        failures.push(format!("{at}: property `{p}` is required only in {side}"));
    }
}
