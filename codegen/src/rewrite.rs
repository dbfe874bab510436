//! Rewrites of progenitor's generated code: its path encoder swapped for ours, and its
//! builders spared the allocations every call would otherwise pay for nothing.

use proc_macro2::Span;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

use crate::SpecError;

/// Where the generated code takes its path-parameter encoder from: the crate's own
/// (`crate::path::encode_path`), which also encodes `\` so that no parameter can add a
/// segment; progenitor's leaves it as it is, and URL parsers read it as `/`. Ours takes any
/// `Display` value, so the generated code hands it the parameter itself, not a copy.
pub const PATH_ENCODER: &str = "crate::path::encode_path";

/// Point the generated code's `encode_path` at [`PATH_ENCODER`]. An error if progenitor no
/// longer imports one: a path parameter must never go out encoded by rules we did not check.
pub(crate) fn use_path_encoder(file: &mut syn::File) -> Result<(), SpecError> {
    let mut found = false;
    for item in &mut file.items {
        let syn::Item::Use(u) = item else { continue };
        let syn::UseTree::Path(p) = &mut u.tree else {
            continue;
        };
        if p.ident != "progenitor_client" {
            continue;
        }
        if let syn::UseTree::Group(g) = p.tree.as_mut() {
            let before = g.items.len();
            g.items = std::mem::take(&mut g.items)
                .into_iter()
                .filter(|t| !matches!(t, syn::UseTree::Name(n) if n.ident == "encode_path"))
                .collect();
            found |= g.items.len() != before;
        }
    }
    if !found {
        return Err(SpecError::at(
            "#",
            "progenitor's generated code no longer imports `encode_path`; the path encoder cannot be replaced",
        ));
    }
    let path: syn::Path = syn::parse_str(PATH_ENCODER)
        .map_err(|e| SpecError::at("#", format!("path encoder `{PATH_ENCODER}`: {e}")))?;
    file.items.insert(0, syn::parse_quote!(use #path;));
    Ok(())
}

/// What [`lean_builders`] changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Lean {
    /// Builder fields whose "`<field>` was not initialized" message is now made only when
    /// `send` finds the field unset (progenitor makes one per field on every call).
    pub unset_messages: usize,
    /// Path parameters encoded from the value, not from a `to_string()` copy of it.
    pub path_copies: usize,
}

/// Spare every call of a generated builder the allocations that only an error needs.
///
/// progenitor's `new()` fills each field with `Err("<field> was not initialized".to_string())`
/// and its `send` copies each path parameter with `to_string()` before encoding it. Here a
/// field starts as `Err(String::new())`, and `send` makes the message when it meets an
/// empty one (a setter's conversion error never is); and the encoder takes the value itself.
/// A field is rewritten only where both of its halves were found, so a progenitor whose code
/// looks otherwise keeps its own, correct, code.
pub fn lean_builders(file: &mut syn::File) -> Lean {
    let mut lean = Lean::default();
    for item in &mut file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "builder" {
            continue;
        }
        for item in m.content.iter_mut().flat_map(|(_, items)| items) {
            if let syn::Item::Impl(imp) = item {
                lean_builder(imp, &mut lean);
            }
        }
    }
    lean
}

fn lean_builder(imp: &mut syn::ItemImpl, lean: &mut Lean) {
    let mut new_fn = None;
    let mut send_fn = None;
    for item in &mut imp.items {
        if let syn::ImplItem::Fn(f) = item {
            match f.sig.ident.to_string().as_str() {
                "new" => new_fn = Some(f),
                "send" => send_fn = Some(f),
                _ => {}
            }
        }
    }
    let (Some(new_fn), Some(send_fn)) = (new_fn, send_fn) else {
        return;
    };
    let mut found = Unset::default();
    found.visit_impl_item_fn_mut(new_fn);
    let mut send = Send {
        unset: found.messages,
        restored: Vec::new(),
        path_copies: 0,
    };
    send.visit_impl_item_fn_mut(send_fn);
    let mut empty = Unset {
        messages: Vec::new(),
        empty: send.restored,
    };
    empty.visit_impl_item_fn_mut(new_fn);
    lean.unset_messages += empty.empty.len();
    lean.path_copies += send.path_copies;
}

/// In `new`: finds `Err("… was not initialized".to_string())`, and empties those in `empty`.
#[derive(Default)]
struct Unset {
    messages: Vec<String>,
    empty: Vec<String>,
}

/// `Err(<literal>.to_string())`: the literal.
fn unset_message(e: &syn::Expr) -> Option<String> {
    let syn::Expr::Call(call) = e else {
        return None;
    };
    let syn::Expr::Path(f) = call.func.as_ref() else {
        return None;
    };
    if !f.path.is_ident("Err") || call.args.len() != 1 {
        return None;
    }
    let syn::Expr::MethodCall(m) = call.args.first()? else {
        return None;
    };
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    }) = m.receiver.as_ref()
    else {
        return None;
    };
    let text = s.value();
    (m.method == "to_string" && m.args.is_empty() && text.ends_with(" was not initialized"))
        .then_some(text)
}

impl VisitMut for Unset {
    fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
        match unset_message(e) {
            Some(text) if self.empty.contains(&text) => {
                *e = syn::parse_quote!(Err(::std::string::String::new()));
            }
            Some(text) => self.messages.push(text),
            None => visit_mut::visit_expr_mut(self, e),
        }
    }
}

/// In `send`: `<field>….map_err(Error::InvalidRequest)` makes the field's message when it
/// finds it empty; `encode_path(&x.to_string())` becomes `encode_path(&x)`.
struct Send {
    unset: Vec<String>,
    restored: Vec<String>,
    path_copies: usize,
}

/// The variable a method chain starts from.
fn root(mut e: &syn::Expr) -> Option<&syn::Ident> {
    loop {
        match e {
            syn::Expr::MethodCall(m) => e = &m.receiver,
            syn::Expr::Path(p) => return p.path.get_ident(),
            _ => return None,
        }
    }
}

impl VisitMut for Send {
    fn visit_expr_method_call_mut(&mut self, m: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, m);
        if m.method != "map_err" || m.args.len() != 1 {
            return;
        }
        let Some(syn::Expr::Path(variant)) = m.args.first() else {
            return;
        };
        if variant
            .path
            .segments
            .last()
            .is_none_or(|s| s.ident != "InvalidRequest")
        {
            return;
        }
        let Some(field) = root(&m.receiver) else {
            return;
        };
        let message = format!("{field} was not initialized");
        if !self.unset.contains(&message) || self.restored.contains(&message) {
            return;
        }
        let text = syn::LitStr::new(&message, Span::call_site());
        let variant = variant.clone();
        m.args = syn::parse_quote!(|e: ::std::string::String| #variant(
            if e.is_empty() { #text.to_string() } else { e }
        ));
        self.restored.push(message);
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        visit_mut::visit_expr_call_mut(self, call);
        self.uncopy(call);
    }

    // The URL is built in `format!`, whose arguments syn keeps as tokens.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !mac.path.is_ident("format") {
            return;
        }
        let Ok(mut args) =
            mac.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        else {
            return;
        };
        let before = self.path_copies;
        for arg in &mut args {
            self.visit_expr_mut(arg);
        }
        if self.path_copies != before {
            mac.tokens = args.into_token_stream();
        }
    }
}

impl Send {
    /// `encode_path(&<x>.to_string())` → `encode_path(&<x>)`.
    fn uncopy(&mut self, call: &mut syn::ExprCall) {
        let syn::Expr::Path(f) = call.func.as_ref() else {
            return;
        };
        if !f.path.is_ident("encode_path") || call.args.len() != 1 {
            return;
        }
        let Some(syn::Expr::Reference(r)) = call.args.first_mut() else {
            return;
        };
        let syn::Expr::MethodCall(m) = r.expr.as_ref() else {
            return;
        };
        if m.method != "to_string" || !m.args.is_empty() {
            return;
        }
        r.expr = m.receiver.clone();
        self.path_copies += 1;
    }
}

/// The header progenitor adds to every request for an API-versioned server. Dwolla
/// versions by media type and does not want it.
const API_VERSION: &str = "api-version";

/// Take progenitor's `api-version` header out of every generated request, and the room it
/// reserves with it: the transport need not remove it from each request, and the header map
/// keeps one entry fewer. An error if any `"api-version"` is left: it must never be sent.
pub fn drop_api_version(file: &mut syn::File) -> Result<usize, SpecError> {
    let mut drop = DropApiVersion::default();
    drop.visit_file_mut(file);
    if file
        .to_token_stream()
        .to_string()
        .contains(&format!("\"{API_VERSION}\""))
    {
        return Err(SpecError::at(
            "#",
            format!(
                "progenitor's generated code sets `{API_VERSION}` in a way this build does not \
                 recognise; Dwolla must not be sent that header"
            ),
        ));
    }
    Ok(drop.dropped)
}

#[derive(Default)]
struct DropApiVersion {
    dropped: usize,
}

/// `<map>.append(HeaderName::from_static("api-version"), …);`: the map's name.
fn api_version_append(stmt: &syn::Stmt) -> Option<&syn::Ident> {
    let syn::Stmt::Expr(syn::Expr::MethodCall(m), Some(_)) = stmt else {
        return None;
    };
    let syn::Expr::Call(name) = m.args.first()? else {
        return None;
    };
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    })) = name.args.first()
    else {
        return None;
    };
    (m.method == "append" && s.value() == API_VERSION)
        .then(|| root(&m.receiver))
        .flatten()
}

/// `let mut <map> = …::with_capacity(<n>usize);` made one smaller; no longer `mut` once
/// nothing is added to it.
fn shrink_capacity(stmt: &mut syn::Stmt, map: &syn::Ident) {
    let syn::Stmt::Local(local) = stmt else {
        return;
    };
    let syn::Pat::Ident(p) = &mut local.pat else {
        return;
    };
    if p.ident != *map {
        return;
    }
    let Some(syn::Expr::Call(call)) = local.init.as_mut().map(|i| i.expr.as_mut()) else {
        return;
    };
    let syn::Expr::Path(f) = call.func.as_ref() else {
        return;
    };
    if f.path
        .segments
        .last()
        .is_none_or(|s| s.ident != "with_capacity")
    {
        return;
    }
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Int(n),
        ..
    })) = call.args.first_mut()
    else {
        return;
    };
    let Ok(v) = n.base10_parse::<usize>() else {
        return;
    };
    let v = v.saturating_sub(1);
    *n = syn::LitInt::new(&format!("{v}usize"), n.span());
    if v == 0 {
        p.mutability = None;
    }
}

impl VisitMut for DropApiVersion {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        visit_mut::visit_block_mut(self, block);
        let Some(i) = block
            .stmts
            .iter()
            .position(|s| api_version_append(s).is_some())
        else {
            return;
        };
        let removed = block.stmts.remove(i);
        self.dropped += 1;
        let Some(map) = api_version_append(&removed).cloned() else {
            return;
        };
        for stmt in &mut block.stmts {
            shrink_capacity(stmt, &map);
        }
    }
}
