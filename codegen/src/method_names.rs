//! progenitor's operation method names, read from the code it generated (not predicted):
//! the transport finds an operation's wire facts by `OperationInfo::operation_id`, so the
//! table must hold exactly the names progenitor chose.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;

use crate::SpecError;
use crate::doc::OpRef;

/// The `impl Client` methods of the generated code, keyed by the endpoint their
/// documentation names, and the `OperationInfo::operation_id`s the builders send.
#[derive(Debug, Default)]
pub(crate) struct MethodNames {
    by_endpoint: BTreeMap<(String, String), Vec<String>>,
    info_ids: BTreeSet<String>,
}

impl MethodNames {
    /// Read them from a generated file.
    pub(crate) fn read(file: &syn::File) -> MethodNames {
        let mut names = MethodNames::default();
        for item in &file.items {
            match item {
                syn::Item::Impl(i) if i.trait_.is_none() && is_client(&i.self_ty) => {
                    for f in &i.items {
                        let syn::ImplItem::Fn(f) = f else { continue };
                        if let Some(endpoint) = endpoint(&doc_text(&f.attrs)) {
                            names
                                .by_endpoint
                                .entry(endpoint)
                                .or_default()
                                .push(f.sig.ident.unraw().to_string());
                        }
                    }
                }
                syn::Item::Mod(m) if m.ident == "builder" => {
                    operation_ids(m.to_token_stream(), &mut names.info_ids);
                }
                _ => {}
            }
        }
        names
    }

    /// The method progenitor generated for `op`; an error naming the operation when
    /// there is none, several, or one whose builder reports another `operation_id`.
    pub(crate) fn of(&self, op: &OpRef) -> Result<String, SpecError> {
        let key = (op.method.to_uppercase(), op.path.clone());
        let fail = |m: String| Err(SpecError::in_operation(op.label(), op.pointer(), m));
        match self.by_endpoint.get(&key).map(Vec::as_slice) {
            Some([name]) if self.info_ids.contains(name) => Ok(name.clone()),
            Some([name]) => fail(format!(
                "the generated method `{name}` sends no `OperationInfo` of that name; the wire table cannot key it"
            )),
            Some(many) => fail(format!(
                "several generated methods document this endpoint: {}",
                many.join(", ")
            )),
            None => fail(format!(
                "no generated method documents `{} {}`; its wire facts cannot be looked up",
                key.0, key.1
            )),
        }
    }
}

fn is_client(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("Client"))
}

fn doc_text(attrs: &[syn::Attribute]) -> String {
    let mut text = String::new();
    for a in attrs {
        if let syn::Meta::NameValue(nv) = &a.meta
            && nv.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            text.push_str(&s.value());
            text.push('\n');
        }
    }
    text
}

/// progenitor documents every method with ``Sends a `POST` request to `/path` ``, after
/// the spec's own summary and description: the last such line is progenitor's.
fn endpoint(doc: &str) -> Option<(String, String)> {
    let line = doc
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("Sends a `"))?;
    let (method, rest) = line.split_once('`')?;
    let path = rest.strip_prefix(" request to `")?.strip_suffix('`')?;
    Some((method.to_string(), path.to_string()))
}

/// Every `operation_id: "<name>"` in `tokens` (the builders' `OperationInfo` literals).
fn operation_ids(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, t) in trees.iter().enumerate() {
        match t {
            TokenTree::Group(g) => operation_ids(g.stream(), out),
            TokenTree::Ident(id) if id == "operation_id" => {
                if let (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(l))) =
                    (trees.get(i + 1), trees.get(i + 2))
                    && p.as_char() == ':'
                    && let Ok(syn::Lit::Str(s)) = syn::parse_str::<syn::Lit>(&l.to_string())
                {
                    out.insert(s.value());
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str, id: &str) -> OpRef {
        OpRef {
            path: path.into(),
            method: method.into(),
            operation_id: Some(id.into()),
        }
    }

    fn file(doc: &str, name: &str, info: &str) -> syn::File {
        let name = syn::Ident::new(name, proc_macro2::Span::call_site());
        syn::parse_quote! {
            impl Client {
                #[doc = #doc]
                pub fn #name(&self) -> builder::Thing<'_> { builder::Thing::new(self) }
            }
            pub mod builder {
                impl<'a> Thing<'a> {
                    pub async fn send(self) {
                        let info = OperationInfo { operation_id: #info };
                    }
                }
            }
        }
    }

    #[test]
    fn the_method_documenting_the_endpoint_is_the_name() {
        let f = file(
            "Summary\n\nSends a `GET` request to `/things/{id}`\n\n",
            "type_",
            "type_",
        );
        let names = MethodNames::read(&f);
        assert_eq!(
            names.of(&op("get", "/things/{id}", "type")),
            Ok("type_".into())
        );
    }

    #[test]
    fn a_missing_or_mismatched_method_fails_naming_the_operation() {
        let f = file("Sends a `GET` request to `/things`", "get_things", "other");
        let names = MethodNames::read(&f);
        let e = names.of(&op("get", "/things", "getThings")).unwrap_err();
        assert_eq!(e.operation.as_deref(), Some("getThings (GET /things)"));
        assert_eq!(e.path, "#/paths/~1things/get");
        assert!(e.message.contains("`get_things`"), "{e}");
        let e = names.of(&op("post", "/things", "postThings")).unwrap_err();
        assert_eq!(e.operation.as_deref(), Some("postThings (POST /things)"));
        assert!(e.message.contains("no generated method"), "{e}");
    }
}
