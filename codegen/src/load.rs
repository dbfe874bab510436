//! Reading a spec file into a JSON document, with a maintained pure-Rust YAML parser.

use std::path::Path;

use serde_json::Value;

use crate::SpecError;

/// Parse OpenAPI YAML (or JSON, which is YAML) into a document.
///
/// The document is kept as loosely typed JSON because the transforms must run before
/// it is valid OpenAPI 3.0 (Dwolla publishes 3.1).
pub fn parse_yaml(text: &str) -> Result<Value, SpecError> {
    serde_saphyr::from_str::<Value>(text)
        .map_err(|e| SpecError::at("#", format!("the spec is not valid YAML: {e}")))
        .and_then(|doc| match doc {
            Value::Object(_) => Ok(doc),
            other => Err(SpecError::at(
                "#",
                format!(
                    "the spec must be a YAML mapping at the top, found {}",
                    kind(&other)
                ),
            )),
        })
}

/// Read and parse a spec file; the error names the file.
pub fn read_spec(path: &Path) -> Result<Value, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        SpecError::at(
            "#",
            format!("cannot read spec file {}: {e}", path.display()),
        )
    })?;
    parse_yaml(&text).map_err(|mut e| {
        e.message = format!("{} ({})", e.message, path.display());
        e
    })
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_versions_parse_as_numbers_and_are_kept() {
        let doc = parse_yaml("openapi: 3.1.0\ninfo:\n  version: 2.0\n").unwrap();
        assert!(doc["info"]["version"].is_number());
        assert_eq!(doc["openapi"], "3.1.0");
    }

    #[test]
    fn non_mapping_is_a_named_error() {
        let err = parse_yaml("- a\n- b\n").unwrap_err();
        assert!(err.message.contains("mapping"), "{err}");
    }

    #[test]
    fn broken_yaml_is_an_error_not_a_panic() {
        let err = parse_yaml("openapi: [\n").unwrap_err();
        assert!(err.message.contains("not valid YAML"), "{err}");
    }
}
