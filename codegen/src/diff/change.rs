//! The change report's vocabulary: what changed, what it belongs to, and whether it breaks.

use std::fmt;

/// Whether a change breaks a user of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Code or requests that worked before may fail.
    Breaking,
    /// Nothing that worked before stops working.
    Compatible,
}

impl Impact {
    fn word(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// What a change belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An operation.
    Operation {
        /// `operationId` (or `METHOD /path` without one): the key operations are matched by.
        id: String,
        /// `createCustomer (POST /customers)`, in the newer document when it has it.
        label: String,
    },
    /// A component schema, by name.
    Schema(String),
}

/// The report's sections, in print order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Operations added, removed, left out.
    Operations,
    /// Changes inside one operation.
    OperationChanges,
    /// Component schemas.
    Schemas,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A new generated operation (possibly one that was left out before).
    OperationAdded {
        /// It existed before but the pipeline left it out.
        was_left_out: bool,
    },
    /// The operation is gone.
    OperationRemoved,
    /// The operation is in the new spec but the pipeline leaves it out.
    OperationLeftOut {
        /// The transform's reason.
        reason: String,
        /// The old spec generated it.
        was_generated: bool,
    },
    /// Same `operationId`, other method or path.
    EndpointChanged {
        /// `GET /old`.
        from: String,
    },
    /// A parameter was added.
    ParameterAdded {
        /// `in` and `name`, e.g. ``query `limit` ``.
        param: String,
        /// Whether it is required.
        required: bool,
    },
    /// A parameter was removed.
    ParameterRemoved {
        /// `in` and `name`.
        param: String,
    },
    /// A parameter went from optional to required.
    ParameterMadeRequired {
        /// `in` and `name`.
        param: String,
    },
    /// A parameter went from required to optional.
    ParameterMadeOptional {
        /// `in` and `name`.
        param: String,
    },
    /// A parameter's schema has another type.
    ParameterTypeChanged {
        /// `in` and `name`.
        param: String,
        /// Old type.
        from: String,
        /// New type.
        to: String,
    },
    /// A value was added to a parameter's enum.
    ParameterEnumValueAdded {
        /// `in` and `name`, with `[]` for an array's items.
        param: String,
        /// The value, as JSON.
        value: String,
    },
    /// A value was removed from a parameter's enum.
    ParameterEnumValueRemoved {
        /// `in` and `name`, with `[]` for an array's items.
        param: String,
        /// The value, as JSON.
        value: String,
    },
    /// The operation takes a request body it did not take.
    RequestBodyAdded {
        /// Whether it is required.
        required: bool,
    },
    /// The operation no longer takes a request body.
    RequestBodyRemoved,
    /// The request body went from optional to required.
    RequestBodyMadeRequired,
    /// The request body went from required to optional.
    RequestBodyMadeOptional,
    /// A component schema was added.
    SchemaAdded,
    /// A component schema was removed.
    SchemaRemoved,
    /// A property was added.
    PropertyAdded {
        /// Dotted property path, e.g. `_links.redirect-url.href`, `tags[]`.
        path: String,
        /// Whether it is required.
        required: bool,
    },
    /// A property was removed.
    PropertyRemoved {
        /// Property path.
        path: String,
    },
    /// A property became required.
    PropertyMadeRequired {
        /// Property path.
        path: String,
    },
    /// A property became optional.
    PropertyMadeOptional {
        /// Property path.
        path: String,
    },
    /// The type (`type`, `format`, `$ref`, composition) changed; empty path = the schema itself.
    TypeChanged {
        /// Property path.
        path: String,
        /// Old type.
        from: String,
        /// New type.
        to: String,
    },
    /// An enum value was added.
    EnumValueAdded {
        /// Property path of the enum; empty = the schema itself.
        path: String,
        /// The value, as JSON (`"pending"`).
        value: String,
    },
    /// An enum value was removed.
    EnumValueRemoved {
        /// Property path of the enum.
        path: String,
        /// The value, as JSON.
        value: String,
    },
}

/// A classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or compatible.
    pub impact: Impact,
    /// What it belongs to.
    pub subject: Subject,
    /// What changed.
    pub kind: ChangeKind,
}

impl Change {
    /// The section it is printed in.
    pub fn group(&self) -> Group {
        match (&self.subject, &self.kind) {
            (
                Subject::Operation { .. },
                ChangeKind::OperationAdded { .. }
                | ChangeKind::OperationRemoved
                | ChangeKind::OperationLeftOut { .. },
            ) => Group::Operations,
            (Subject::Operation { .. }, _) => Group::OperationChanges,
            (Subject::Schema(_), _) => Group::Schemas,
        }
    }
}

fn prop(path: &str) -> String {
    format!("`{path}`")
}

impl fmt::Display for Change {
    /// One line: `breaking   schema Customer: property `email` removed`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<10} ", self.impact.word())?;
        let (label, id) = match &self.subject {
            Subject::Operation { id, label } => (label.as_str(), id.as_str()),
            Subject::Schema(name) => (name.as_str(), name.as_str()),
        };
        match &self.kind {
            ChangeKind::OperationAdded {
                was_left_out: false,
            } => write!(f, "operation added: {label}"),
            ChangeKind::OperationAdded { was_left_out: true } => {
                write!(f, "operation added: {label} (no longer left out)")
            }
            ChangeKind::OperationRemoved => write!(f, "operation removed: {label}"),
            ChangeKind::OperationLeftOut {
                reason,
                was_generated,
            } => {
                let new = if *was_generated { "" } else { "new " };
                write!(f, "{new}operation left out: {label}: {reason}")
            }
            ChangeKind::SchemaAdded => write!(f, "schema added: {id}"),
            ChangeKind::SchemaRemoved => write!(f, "schema removed: {id}"),
            kind => {
                match &self.subject {
                    Subject::Operation { id, .. } => write!(f, "operation {id}: ")?,
                    Subject::Schema(name) => write!(f, "schema {name}: ")?,
                }
                match kind {
                    ChangeKind::EndpointChanged { from } => write!(f, "now {label} (was {from})"),
                    ChangeKind::ParameterAdded { param, required } => {
                        let r = if *required { "required" } else { "optional" };
                        write!(f, "parameter {param} added, {r}")
                    }
                    ChangeKind::ParameterRemoved { param } => {
                        write!(f, "parameter {param} removed")
                    }
                    ChangeKind::ParameterMadeRequired { param } => {
                        write!(f, "parameter {param} made required")
                    }
                    ChangeKind::ParameterMadeOptional { param } => {
                        write!(f, "parameter {param} made optional")
                    }
                    ChangeKind::ParameterTypeChanged { param, from, to } => {
                        write!(f, "parameter {param} type changed from {from} to {to}")
                    }
                    ChangeKind::ParameterEnumValueAdded { param, value } => {
                        write!(f, "parameter {param}: enum value {value} added")
                    }
                    ChangeKind::ParameterEnumValueRemoved { param, value } => {
                        write!(f, "parameter {param}: enum value {value} removed")
                    }
                    ChangeKind::RequestBodyAdded { required } => {
                        let r = if *required { "required" } else { "optional" };
                        write!(f, "request body added, {r}")
                    }
                    ChangeKind::RequestBodyRemoved => write!(f, "request body removed"),
                    ChangeKind::RequestBodyMadeRequired => write!(f, "request body made required"),
                    ChangeKind::RequestBodyMadeOptional => write!(f, "request body made optional"),
                    ChangeKind::PropertyAdded { path, required } => {
                        let r = if *required { "required" } else { "optional" };
                        write!(f, "property {} added, {r}", prop(path))
                    }
                    ChangeKind::PropertyRemoved { path } => {
                        write!(f, "property {} removed", prop(path))
                    }
                    ChangeKind::PropertyMadeRequired { path } => {
                        write!(f, "property {} made required", prop(path))
                    }
                    ChangeKind::PropertyMadeOptional { path } => {
                        write!(f, "property {} made optional", prop(path))
                    }
                    ChangeKind::TypeChanged { path, from, to } if path.is_empty() => {
                        write!(f, "type changed from {from} to {to}")
                    }
                    ChangeKind::TypeChanged { path, from, to } => {
                        write!(
                            f,
                            "property {} type changed from {from} to {to}",
                            prop(path)
                        )
                    }
                    ChangeKind::EnumValueAdded { path, value } if path.is_empty() => {
                        write!(f, "enum value {value} added")
                    }
                    ChangeKind::EnumValueAdded { path, value } => {
                        write!(f, "enum value {value} added to {}", prop(path))
                    }
                    ChangeKind::EnumValueRemoved { path, value } if path.is_empty() => {
                        write!(f, "enum value {value} removed")
                    }
                    ChangeKind::EnumValueRemoved { path, value } => {
                        write!(f, "enum value {value} removed from {}", prop(path))
                    }
                    _ => unreachable!("handled above"),
                }
            }
        }
    }
}
