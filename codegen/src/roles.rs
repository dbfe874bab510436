//! Each generated operation's roles, read from the code progenitor wrote: its builder, its
//! request body type, its success and error types, its path parameters and the fields of
//! its body and success structs. The hand-written layer and the tests bind to these (the
//! `ops` module the build emits), never to a schema's name, which Dwolla changes.

use std::collections::BTreeMap;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;

use crate::operation::Operation;

/// The roles of one generated operation. Types are written as progenitor wrote them inside
/// its `builder` module (`types::Customer`, `()`, `ByteStream`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    /// progenitor's method name (`OperationInfo::operation_id`).
    pub rust_name: String,
    /// The builder struct in the generated `builder` module.
    pub builder: String,
    /// The type `body(..)` converts into, when the operation takes a body.
    pub body: Option<String>,
    /// `T` of the `ResponseValue<T>` that `send()` returns.
    pub success: String,
    /// `E` of the `Error<E>` that `send()` returns.
    pub error: String,
    /// Path parameters as the builder names them, in the path's order, each with whether
    /// its setter takes a `String` (so a `&str` may be given).
    pub path_params: Vec<(String, bool)>,
    /// Rust field names of the body type, when it is a struct of the `types` module.
    pub body_fields: Vec<String>,
    /// Rust field names of the success type, when it is a struct of the `types` module.
    pub success_fields: Vec<String>,
    /// The builder's own method names (setters, `send`), so that what the build adds to it
    /// never takes a name it has.
    pub methods: Vec<String>,
    /// Each parameter setter (the body's excepted) with the kind of value it takes:
    /// `string`, `integer`, `number`, `boolean` or `other`. Dwolla has changed a parameter's
    /// type between revisions (`limit`: a string, then an integer).
    pub params: Vec<(String, &'static str)>,
}

/// The roles of every operation in `ops`, read from the generated `file`. An operation
/// whose builder is not shaped as progenitor 0.15 writes it is left out, with the reason.
pub fn read(file: &syn::File, ops: &[Operation]) -> (Vec<Roles>, Vec<(String, String)>) {
    let builders = builder_impls(file);
    let structs = type_structs(file);
    let client_methods = client_methods(file);
    let mut roles = Vec::new();
    let mut skipped = Vec::new();
    for op in ops {
        match read_one(op, &client_methods, &builders, &structs) {
            Ok(r) => roles.push(r),
            Err(why) => skipped.push((op.rust_name.clone(), why)),
        }
    }
    (roles, skipped)
}

fn read_one(
    op: &Operation,
    client_methods: &BTreeMap<String, String>,
    builders: &BTreeMap<String, (&syn::ItemStruct, Vec<&syn::ImplItemFn>)>,
    structs: &BTreeMap<String, Vec<String>>,
) -> Result<Roles, String> {
    let builder = client_methods
        .get(&op.rust_name)
        .ok_or("no `Client` method returns a builder")?;
    let (item, fns) = builders
        .get(builder)
        .ok_or_else(|| format!("no builder struct `{builder}`"))?;
    let send = fns
        .iter()
        .find(|f| f.sig.ident == "send")
        .ok_or_else(|| format!("builder `{builder}` has no `send`"))?;
    let (success, error) = send_types(&send.sig.output).ok_or_else(|| {
        format!("`{builder}::send` does not return Result<ResponseValue<T>, Error<E>>")
    })?;
    let body = fns
        .iter()
        .find(|f| f.sig.ident == "body")
        .map(|f| try_into_target(&f.sig.generics).ok_or("`body` takes no `TryInto<T>`"))
        .transpose()?;
    let fields: BTreeMap<String, String> = item
        .fields
        .iter()
        .filter_map(|f| Some((f.ident.as_ref()?.unraw().to_string(), tokens(&f.ty))))
        .collect();
    let path_params = path_params(send.block.to_token_stream())
        .into_iter()
        .map(|p| {
            let is_string = fields
                .get(&p)
                .is_some_and(|ty| ty.starts_with("Result<::std::string::String,"));
            (p, is_string)
        })
        .collect();
    let fields_of = |ty: &Option<String>| {
        ty.as_deref()
            .and_then(|t| t.strip_prefix("types::"))
            .and_then(|n| structs.get(n))
            .cloned()
            .unwrap_or_default()
    };
    Ok(Roles {
        rust_name: op.rust_name.clone(),
        builder: builder.clone(),
        body_fields: fields_of(&body),
        success_fields: fields_of(&Some(success.clone())),
        body,
        success,
        error,
        path_params,
        methods: fns
            .iter()
            .map(|f| f.sig.ident.unraw().to_string())
            .collect(),
        params: fns
            .iter()
            .filter(|f| {
                !["new", "send", "body", "body_map"].contains(&f.sig.ident.to_string().as_str())
            })
            .filter_map(|f| {
                let target = try_into_target(&f.sig.generics)?;
                Some((f.sig.ident.unraw().to_string(), value_kind(&target)))
            })
            .collect(),
    })
}

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string().replace(' ', "")
}

/// `impl Client` methods returning `builder::X<'_>`: method name → `X`.
fn client_methods(file: &syn::File) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(i) = item else { continue };
        if i.trait_.is_some() || tokens(&i.self_ty) != "Client" {
            continue;
        }
        for f in &i.items {
            let syn::ImplItem::Fn(f) = f else { continue };
            let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                continue;
            };
            let syn::Type::Path(p) = ty.as_ref() else {
                continue;
            };
            let segs: Vec<_> = p.path.segments.iter().collect();
            if let [m, b] = segs.as_slice()
                && m.ident == "builder"
            {
                out.insert(f.sig.ident.unraw().to_string(), b.ident.to_string());
            }
        }
    }
    out
}

type Builders<'f> = BTreeMap<String, (&'f syn::ItemStruct, Vec<&'f syn::ImplItemFn>)>;

/// The structs of the top-level `builder` module with the functions of their impls.
fn builder_impls(file: &syn::File) -> Builders<'_> {
    let Some(items) = module(&file.items, "builder") else {
        return BTreeMap::new();
    };
    let mut out: Builders<'_> = items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some((s.ident.to_string(), (s, Vec::new()))),
            _ => None,
        })
        .collect();
    for i in items {
        let syn::Item::Impl(imp) = i else { continue };
        let syn::Type::Path(p) = imp.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = p.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        if let Some((_, fns)) = out.get_mut(&name) {
            fns.extend(imp.items.iter().filter_map(|f| match f {
                syn::ImplItem::Fn(f) => Some(f),
                _ => None,
            }));
        }
    }
    out
}

/// Structs of the `types` module (not its `builder` submodule): name → Rust field names.
fn type_structs(file: &syn::File) -> BTreeMap<String, Vec<String>> {
    module(&file.items, "types")
        .into_iter()
        .flatten()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some((
                s.ident.to_string(),
                s.fields
                    .iter()
                    .filter_map(|f| Some(f.ident.as_ref()?.unraw().to_string()))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

fn module<'f>(items: &'f [syn::Item], name: &str) -> Option<&'f [syn::Item]> {
    items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| i.as_slice()),
        _ => None,
    })
}

/// `T` and `E` of `-> Result<ResponseValue<T>, Error<E>>`.
fn send_types(output: &syn::ReturnType) -> Option<(String, String)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let [ok, err] = generic_args(ty, "Result")?.try_into().ok()?;
    let [t] = generic_args(&ok, "ResponseValue")?.try_into().ok()?;
    let [e] = generic_args(&err, "Error")?.try_into().ok()?;
    Some((tokens(&t), tokens(&e)))
}

/// The type arguments of `ty` when its last segment is `name<..>`.
pub(crate) fn generic_args(ty: &syn::Type, name: &str) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args
        .iter()
        .map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// `T` of a setter's `where V: std::convert::TryInto<T>`.
fn try_into_target(generics: &syn::Generics) -> Option<String> {
    let clause = generics.where_clause.as_ref()?;
    clause.predicates.iter().find_map(|p| {
        let syn::WherePredicate::Type(t) = p else {
            return None;
        };
        t.bounds.iter().find_map(|b| {
            let syn::TypeParamBound::Trait(tb) = b else {
                return None;
            };
            let last = tb.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            match args.args.first()? {
                syn::GenericArgument::Type(ty) => Some(tokens(ty)),
                _ => None,
            }
        })
    })
}

/// What a setter's `TryInto<T>` target takes, as a word for a `cfg`.
fn value_kind(target: &str) -> &'static str {
    match target
        .trim_start_matches("::std::")
        .trim_start_matches("std::")
    {
        "string::String" | "String" => "string",
        "i8"
        | "i16"
        | "i32"
        | "i64"
        | "u8"
        | "u16"
        | "u32"
        | "u64"
        | "std::num::NonZeroU64"
        | "num::NonZeroU64" => "integer",
        "f32" | "f64" => "number",
        "bool" => "boolean",
        _ => "other",
    }
}

/// The variables passed to `encode_path(..)` in a `send` body, in the order they appear
/// (the order of the path's parameters in progenitor's `format!`).
fn path_params(body: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    collect_path_params(body, &mut out);
    out
}

fn collect_path_params(ts: TokenStream, out: &mut Vec<String>) {
    let trees: Vec<TokenTree> = ts.into_iter().collect();
    for (i, t) in trees.iter().enumerate() {
        match t {
            TokenTree::Ident(id) if id == "encode_path" => {
                if let Some(TokenTree::Group(g)) = trees.get(i + 1) {
                    let name = g.stream().into_iter().find_map(|t| match t {
                        TokenTree::Ident(id) => Some(id.unraw().to_string()),
                        _ => None,
                    });
                    out.extend(name);
                }
            }
            TokenTree::Group(g) => collect_path_params(g.stream(), out),
            _ => {}
        }
    }
}

/// The path with its parameters' names blanked (`/customers/{}/documents`): what stays
/// when Dwolla renames a parameter.
pub fn endpoint_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}
