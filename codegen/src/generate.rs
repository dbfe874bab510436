//! progenitor, run so that every failure names an operation and a spec path.

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle};
use serde_json::Value;

use crate::SpecError;
use crate::doc::{self, error_at};
use crate::method_names::MethodNames;
use crate::rewrite;
use crate::transforms::{self, LeftOut, X_ACCEPT, X_RAW_SUCCESS, X_REQUEST_MEDIA_TYPE};

/// How to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Derive `schemars::JsonSchema` on every generated type.
    pub schemars: bool,
}

pub use crate::operation::Operation;

/// What the generator produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The generated client, formatted.
    pub code: String,
    /// The operations it holds, in spec order.
    pub operations: Vec<Operation>,
    /// Names of the types in the generated `types` module.
    pub type_names: std::collections::BTreeSet<String>,
    /// Each operation's roles, read from the generated builders.
    pub roles: Vec<crate::roles::Roles>,
    /// Operations whose roles could not be read, with the reason.
    pub roles_unread: Vec<(String, String)>,
    /// Operations progenitor could not generate, left out with its reason.
    pub left_out: Vec<LeftOut>,
    /// What giving the builders the crate's `send` did.
    pub sends: crate::send::Sends,
}

/// The progenitor settings the crate's hand-written layer is built around.
pub(crate) fn settings(opts: &Options) -> GenerationSettings {
    let mut s = GenerationSettings::new();
    s.with_interface(InterfaceStyle::Builder)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote::quote!(crate::transport::Inner))
        .with_derive("PartialEq");
    if opts.schemars {
        s.with_derive("schemars::JsonSchema");
    }
    s
}

/// Parse a (transformed) document as OpenAPI 3.0; a mismatch names the spec path.
pub fn to_openapi(doc: &Value) -> Result<OpenAPI, SpecError> {
    serde_path_to_error::deserialize::<_, OpenAPI>(doc.clone()).map_err(|e| {
        let pointer = format!(
            "#/{}",
            e.path()
                .iter()
                .map(|seg| doc::escape(&seg.to_string()))
                .collect::<Vec<_>>()
                .join("/")
        );
        error_at(
            doc,
            &pointer,
            format!("not valid OpenAPI 3.0: {}", e.inner()),
        )
    })
}

/// Run progenitor with a fresh `Generator`; a panic becomes an `Err` with its message.
///
/// The panic hook is left alone: it is process-wide, so swapping it to silence
/// progenitor would race with every other thread (parallel tests, other generations)
/// and could swallow or misplace their panics. The transforms remove the shapes
/// progenitor panics on, so a panic here is rare; when one happens the default hook
/// prints it to stderr, where it stands beside the `SpecError` that names the operation.
pub(crate) fn run_progenitor(
    spec: &OpenAPI,
    settings: &GenerationSettings,
) -> Result<TokenStream, String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(settings).generate_tokens(spec)
    }));
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(format!(
            "progenitor panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("<no message>")
        )),
    }
}

/// Generate the client from a transformed document.
///
/// When the whole-spec run fails, every operation is generated alone (a fresh
/// `Generator` each) to find the ones that fail: those are left out, each with
/// progenitor's reason and its spec path ([`Generated::left_out`]), and the rest is
/// generated. Only a failure that no single operation explains is an error.
pub fn generate(doc: &Value, opts: &Options) -> Result<Generated, Vec<SpecError>> {
    let settings = settings(opts);
    let spec = to_openapi(doc).map_err(|e| vec![e])?;
    let (tokens, left_out) = match run_progenitor(&spec, &settings) {
        Ok(tokens) => (tokens, Vec::new()),
        Err(whole) => {
            let failing = diagnose(doc, &settings, &whole);
            let unexplained: Vec<SpecError> = failing
                .iter()
                .filter(|e| e.operation.is_none())
                .cloned()
                .collect();
            if !unexplained.is_empty() {
                return Err(failing);
            }
            let (rest, left_out) = without_operations(doc, &failing);
            let spec = to_openapi(&rest).map_err(|e| vec![e])?;
            let tokens = run_progenitor(&spec, &settings).map_err(|again| {
                vec![SpecError::at(
                    "#/paths",
                    format!("progenitor still fails with the failing operations left out: {again}"),
                )]
            })?;
            return finish(&rest, tokens, left_out);
        }
    };
    finish(doc, tokens, left_out)
}

/// `doc` without the operations `failing` names (by spec path), and what was left out.
fn without_operations(doc: &Value, failing: &[SpecError]) -> (Value, Vec<LeftOut>) {
    let mut rest = doc.clone();
    let mut left_out = Vec::new();
    for op in doc::operations(doc) {
        let Some(e) = failing.iter().find(|e| e.path == op.pointer()) else {
            continue;
        };
        if let Some(item) = rest
            .pointer_mut(&format!("/paths/{}", doc::escape(&op.path)))
            .and_then(Value::as_object_mut)
        {
            item.remove(op.method.as_str());
        }
        left_out.push(LeftOut {
            operation: op.clone(),
            reason: format!("progenitor cannot generate it: {}", e.message),
        });
    }
    (rest, left_out)
}

fn finish(
    doc: &Value,
    tokens: TokenStream,
    left_out: Vec<LeftOut>,
) -> Result<Generated, Vec<SpecError>> {
    let mut file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        vec![SpecError::at(
            "#",
            format!("progenitor produced unparsable code: {e}"),
        )]
    })?;
    let operations = operations(doc, &file)?;
    rewrite::use_path_encoder(&mut file).map_err(|e| vec![e])?;
    rewrite::drop_api_version(&mut file).map_err(|e| vec![e])?;
    rewrite::lean_builders(&mut file);
    // Roles first: they are read from progenitor's own `send`.
    let (roles, roles_unread) = crate::roles::read(&file, &operations);
    let sends = crate::send::crate_send(&mut file).map_err(|e| vec![e])?;
    Ok(Generated {
        sends,
        left_out,
        roles,
        roles_unread,
        type_names: type_names(&file),
        code: prettyplease::unparse(&file),
        operations,
    })
}

/// Names of the structs, enums and aliases in the generated `types` module.
pub(crate) fn type_names(file: &syn::File) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        for item in m.content.iter().flat_map(|(_, items)| items) {
            match item {
                syn::Item::Struct(s) => names.insert(s.ident.to_string()),
                syn::Item::Enum(e) => names.insert(e.ident.to_string()),
                syn::Item::Type(t) => names.insert(t.ident.to_string()),
                _ => false,
            };
        }
    }
    names
}

/// The operations of a transformed document, with their wire facts and the method name
/// progenitor gave each in `file` (read, not predicted: see [`crate::method_names`]).
/// Every operation whose method cannot be found is an error naming it.
pub(crate) fn operations(doc: &Value, file: &syn::File) -> Result<Vec<Operation>, Vec<SpecError>> {
    let names = MethodNames::read(file);
    let mut ops = Vec::new();
    let mut errors = Vec::new();
    for v in doc::views(doc) {
        let (r, op) = (v.at, v.op);
        let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_string);
        let rust_name = match names.of(&r) {
            Ok(name) => name,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        ops.push(Operation {
            spec: r.clone(),
            rust_name,
            request_media_type: text(X_REQUEST_MEDIA_TYPE),
            accept: text(X_ACCEPT).unwrap_or_else(|| transforms::HAL_JSON.to_string()),
            raw_success: op
                .get(X_RAW_SUCCESS)
                .and_then(Value::as_bool)
                .unwrap_or(false),
        });
    }
    if errors.is_empty() {
        Ok(ops)
    } else {
        Err(errors)
    }
}

fn diagnose(doc: &Value, settings: &GenerationSettings, whole: &str) -> Vec<SpecError> {
    let mut errors = Vec::new();
    for op in doc::operations(doc) {
        if op.operation_id.is_none() {
            errors.push(SpecError::in_operation(
                op.label(),
                op.pointer(),
                "an operation needs an `operationId`",
            ));
            continue;
        }
        let mut alone = doc.clone();
        let item = alone["paths"][op.path.as_str()].clone();
        let mut only = serde_json::Map::new();
        if let Some(params) = item.get("parameters") {
            only.insert("parameters".into(), params.clone());
        }
        only.insert(op.method.clone(), item[op.method.as_str()].clone());
        alone["paths"] = serde_json::json!({ op.path.clone(): only });
        let result = to_openapi(&alone)
            .map_err(|e| e.to_string())
            .and_then(|s| run_progenitor(&s, settings));
        if let Err(message) = result {
            errors.push(SpecError::in_operation(op.label(), op.pointer(), message));
        }
    }
    if errors.is_empty() {
        errors.push(SpecError::at(
            "#/paths",
            format!("progenitor failed on the whole spec, on no operation alone: {whole}"),
        ));
    }
    errors
}

/// The Rust source of the operations table the transport consults at run time.
pub(crate) fn wire_table(ops: &[Operation]) -> String {
    let mut s = String::from(
        "// Generated by dwolla-api-codegen from the spec; do not edit.\n\
         /// Wire facts of every generated operation, keyed by progenitor's snake_case name.\n\
         pub(crate) static OPERATIONS: &[crate::transport::OperationWire] = &[\n",
    );
    let mut sorted: Vec<&Operation> = ops.iter().collect();
    sorted.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    for op in sorted {
        s.push_str(&format!(
            "    crate::transport::OperationWire {{ rust_name: {:?}, operation_id: {:?}, method: {:?}, path: {:?}, request_media_type: {}, accept: {:?}, raw_success: {} }},\n",
            op.rust_name,
            op.spec.operation_id.as_deref().unwrap_or_default(),
            op.spec.method.to_uppercase(),
            transforms::wire_path(&op.spec.path),
            match &op.request_media_type {
                Some(m) => format!("Some({m:?})"),
                None => "None".into(),
            },
            op.accept,
            op.raw_success,
        ));
    }
    s.push_str("];\n");
    s
}
