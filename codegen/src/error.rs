//! The one error type of the pipeline: what went wrong, in which operation, where in the spec.

use std::fmt;

/// A problem with the spec (or with generating code from it), located precisely enough
/// that a user who bumped the YAML can find the offending place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// `operationId (METHOD /path)` when the problem belongs to one operation.
    pub operation: Option<String>,
    /// JSON pointer into the spec document, e.g. `#/paths/~1customers/post/requestBody`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl SpecError {
    /// A problem at `path`, not tied to one operation.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            operation: None,
            path: path.into(),
            message: message.into(),
        }
    }

    /// A problem in `operation` at `path`.
    pub fn in_operation(
        operation: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            operation: Some(operation.into()),
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.operation {
            Some(op) => write!(f, "operation {op}, at {}: {}", self.path, self.message),
            None => write!(f, "at {}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for SpecError {}
