//! Gives every generated builder the crate's own `send`: the request progenitor builds,
//! sent through the crate's one retry driver, its success decoded by progenitor's code.

use syn::parse_quote;

use crate::roles::generic_args;

use crate::SpecError;

/// The builder field that holds the caller's `Idempotency-Key`.
const KEY_FIELD: &str = "dwolla_key";

/// What [`crate_send`] gives each builder, for the build's report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sends {
    /// Builders whose `send` now returns `crate::Result<crate::Response<T>>`.
    pub rewritten: usize,
    /// Builders that kept a method of their own named `idempotency_key` (a spec parameter
    /// of that name), so the build's option of that name is not added to them.
    pub key_setter_taken: Vec<String>,
}

/// Rewrite every builder of the generated `builder` module so that `send()`:
/// 1. builds the request with progenitor's code, unchanged (`dwolla_request`);
/// 2. sends it through `crate::response::send` (auth, Dwolla's headers, the idempotency key,
///    retries, body caps, origin checks; one driver for every call);
/// 3. decodes a success with progenitor's own status match (`dwolla_decode`).
///
/// Each builder also gets `idempotency_key(..)` and a crate-private `dwolla_state()`. Every
/// builder must be of the shape progenitor 0.15 writes: one that is not is an error naming
/// it, since its calls would otherwise bypass the crate's error and driver.
pub fn crate_send(file: &mut syn::File) -> Result<Sends, SpecError> {
    let mut sends = Sends::default();
    let Some(items) = file.items.iter_mut().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, i)| i),
        _ => None,
    }) else {
        return Ok(sends);
    };
    // Builder structs: the ones with a `client` field (the body builders of `types` have none).
    let builders: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) if has_field(s, "client") => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    for item in items.iter_mut() {
        match item {
            syn::Item::Struct(s) if builders.contains(&s.ident.to_string()) => add_key_field(s)?,
            syn::Item::Impl(imp) => {
                let Some(name) = self_name(imp) else { continue };
                if !builders.contains(&name) {
                    continue;
                }
                rewrite_impl(imp, &name, &mut sends)?;
            }
            _ => {}
        }
    }
    if sends.rewritten != builders.len() {
        return Err(SpecError::at(
            "#/paths",
            format!(
                "{} of {} generated builders have a `send` this build can rewrite",
                sends.rewritten,
                builders.len()
            ),
        ));
    }
    Ok(sends)
}

fn has_field(s: &syn::ItemStruct, name: &str) -> bool {
    s.fields
        .iter()
        .any(|f| f.ident.as_ref().is_some_and(|i| i == name))
}

fn self_name(imp: &syn::ItemImpl) -> Option<String> {
    if imp.trait_.is_some() {
        return None;
    }
    let syn::Type::Path(p) = imp.self_ty.as_ref() else {
        return None;
    };
    p.path.segments.last().map(|s| s.ident.to_string())
}

fn add_key_field(s: &mut syn::ItemStruct) -> Result<(), SpecError> {
    let syn::Fields::Named(fields) = &mut s.fields else {
        return Err(SpecError::at(
            "#/paths",
            format!("builder `{}` has no named fields", s.ident),
        ));
    };
    let key = syn::Ident::new(KEY_FIELD, proc_macro2::Span::call_site());
    fields.named.push(parse_quote!(
        #key: ::std::option::Option<::std::string::String>
    ));
    Ok(())
}

fn rewrite_impl(imp: &mut syn::ItemImpl, name: &str, sends: &mut Sends) -> Result<(), SpecError> {
    let err = |why: &str| SpecError::at("#/paths", format!("builder `{name}`: {why}"));
    let key = syn::Ident::new(KEY_FIELD, proc_macro2::Span::call_site());
    let has = |n: &str| {
        imp.items
            .iter()
            .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == n))
    };
    if !has("send") {
        return Ok(());
    }
    let key_setter_taken = has("idempotency_key");
    let mut added: Vec<syn::ImplItem> = Vec::new();
    for item in &mut imp.items {
        let syn::ImplItem::Fn(f) = item else { continue };
        if f.sig.ident == "new" {
            add_key_init(f, &key).ok_or_else(|| err("`new` does not build `Self { .. }`"))?;
        } else if f.sig.ident == "send" {
            let parts = split_send(f).ok_or_else(|| {
                err("`send` is not `build; pre; exec; post; match status` as progenitor 0.15 writes it")
            })?;
            added.extend(parts.helpers);
            *f = parts.send;
        }
    }
    if key_setter_taken {
        sends.key_setter_taken.push(name.to_string());
    } else {
        added.push(parse_quote! {
            /// Send this `Idempotency-Key` (on a `POST`), e.g. the one a failed create's error
            /// carries, to finish that create without creating twice. Without it, every
            /// `POST` gets a new UUID, reused on each of its retries.
            pub fn idempotency_key(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#key = ::std::option::Option::Some(key.into());
                self
            }
        });
    }
    added.push(parse_quote! {
        /// The client state this call goes out through (for the pages of a list).
        #[allow(dead_code)]
        pub(crate) fn dwolla_state(&self) -> &'a crate::transport::ClientState {
            &self.client.inner.state
        }
    });
    imp.items.extend(added);
    sends.rewritten += 1;
    Ok(())
}

/// `Self { a: .., b: .. }` in `new` gains `dwolla_key: None`.
fn add_key_init(f: &mut syn::ImplItemFn, key: &syn::Ident) -> Option<()> {
    let syn::Stmt::Expr(syn::Expr::Struct(s), None) = f.block.stmts.last_mut()? else {
        return None;
    };
    s.fields
        .push(parse_quote!(#key: ::std::option::Option::None));
    Some(())
}

struct Split {
    send: syn::ImplItemFn,
    helpers: Vec<syn::ImplItem>,
}

/// A statement that calls a hook: `client.pre(&mut request, &info).await?;`, or
/// `let result = client.exec(request, &info).await;` (not `client.client.post(url)`).
fn calls(stmt: &syn::Stmt, method: &str) -> bool {
    let text = quote::ToTokens::to_token_stream(stmt).to_string();
    let call = text
        .strip_prefix("let ")
        .and_then(|t| t.split_once(" = "))
        .map_or(text.as_str(), |(_, rhs)| rhs);
    call.starts_with(&format!("client . {method} ("))
}

fn split_send(f: &syn::ImplItemFn) -> Option<Split> {
    let stmts = &f.block.stmts;
    let pre = stmts.iter().position(|s| calls(s, "pre"))?;
    let exec = stmts.iter().position(|s| calls(s, "exec"))?;
    let post = stmts.iter().position(|s| calls(s, "post"))?;
    // `let response = result?;`, then the status match.
    let response = stmts.iter().position(|s| {
        matches!(s, syn::Stmt::Local(l) if matches!(&l.pat, syn::Pat::Ident(p) if p.ident == "response"))
    })?;
    if !(pre < exec && exec < post && post < response && response + 1 < stmts.len()) {
        return None;
    }
    let (success, error) = output_types(&f.sig.output)?;
    let mut build: Vec<syn::Stmt> = stmts.get(..pre)?.to_vec();
    // The builder gained a field: its destructuring takes the others only.
    let first = build.first_mut()?;
    let syn::Stmt::Local(l) = first else {
        return None;
    };
    let syn::Pat::Struct(p) = &mut l.pat else {
        return None;
    };
    p.rest = Some(syn::PatRest {
        attrs: Vec::new(),
        dot2_token: Default::default(),
    });
    crate::base_url::on_parsed_base(&mut build);
    let decode: Vec<syn::Stmt> = stmts.get(response + 1..)?.to_vec();
    let doc: Vec<&syn::Attribute> = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    let key = syn::Ident::new(KEY_FIELD, proc_macro2::Span::call_site());
    let send: syn::ImplItemFn = parse_quote! {
        #(#doc)*
        ///
        /// Goes out with the client's token, Dwolla's headers, an `Idempotency-Key` on a
        /// `POST` (reused on every retry) and the client's retry policy; any failure is
        /// this crate's [`Error`](crate::Error).
        pub async fn send(mut self) -> crate::Result<crate::Response<#success>> {
            let key = self.#key.take();
            let state = self.dwolla_state();
            let (request, operation) = self.dwolla_request().map_err(crate::response::request_error)?;
            crate::response::send(state, request, operation, key, Self::dwolla_decode).await
        }
    };
    let request: syn::ImplItem = parse_quote! {
        /// The request, as progenitor builds it.
        fn dwolla_request(self) -> ::std::result::Result<(::reqwest::Request, &'static str), Error<#error>> {
            #(#build)*
            Ok((request, info.operation_id))
        }
    };
    let decode: syn::ImplItem = parse_quote! {
        /// A success response, decoded as progenitor decodes it.
        async fn dwolla_decode(response: ::reqwest::Response) -> ::std::result::Result<ResponseValue<#success>, Error<#error>> {
            #(#decode)*
        }
    };
    Some(Split {
        send,
        helpers: vec![request, decode],
    })
}

/// `T` and `E` of `Result<ResponseValue<T>, Error<E>>`.
fn output_types(output: &syn::ReturnType) -> Option<(syn::Type, syn::Type)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let [t, e]: [syn::Type; 2] = generic_args(ty, "Result")?.try_into().ok()?;
    let [t]: [syn::Type; 1] = generic_args(&t, "ResponseValue")?.try_into().ok()?;
    let [e]: [syn::Type; 1] = generic_args(&e, "Error")?.try_into().ok()?;
    Some((t, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder_file() -> syn::File {
        parse_quote! {
            pub mod builder {
                pub struct GetThing<'a> {
                    client: &'a super::Client,
                    id: Result<::std::string::String, String>,
                }
                impl<'a> GetThing<'a> {
                    pub fn new(client: &'a super::Client) -> Self {
                        Self { client: client, id: Err(String::new()) }
                    }
                    ///Sends a `GET` request to `/things/{id}`
                    pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<types::DwollaError>> {
                        let Self { client, id } = self;
                        let id = id.map_err(Error::InvalidRequest)?;
                        let url = format!("{}/things/{}", client.baseurl, encode_path(&id));
                        let mut request = client.client.get(url).build()?;
                        let info = OperationInfo { operation_id: "get_thing" };
                        client.pre(&mut request, &info).await?;
                        let result = client.exec(request, &info).await;
                        client.post(&result, &info).await?;
                        let response = result?;
                        match response.status().as_u16() {
                            200u16 => ResponseValue::from_response(response).await,
                            _ => Err(Error::UnexpectedResponse(response)),
                        }
                    }
                }
            }
        }
    }

    fn text(file: &syn::File) -> String {
        quote::ToTokens::to_token_stream(file).to_string()
    }

    #[test]
    fn send_goes_through_the_crate_driver_and_keeps_progenitors_request_and_decoding() {
        let mut file = builder_file();
        let sends = crate_send(&mut file).unwrap();
        assert_eq!(sends.rewritten, 1);
        let code = text(&file);
        assert!(code.contains("crate :: Result < crate :: Response < types :: Thing > >"));
        assert!(code.contains(
            "crate :: response :: send (state , request , operation , key , Self :: dwolla_decode)"
        ));
        assert!(code.contains("let Self { client , id , .. } = self"));
        assert!(code.contains("200u16 => ResponseValue :: from_response (response) . await"));
        assert!(code.contains("dwolla_key : :: std :: option :: Option :: None"));
        assert!(code.contains("pub fn idempotency_key"));
        // The hooks are no longer called: the driver does their work.
        assert!(!code.contains("client . pre ("));
        assert!(!code.contains("client . exec ("));
    }

    #[test]
    fn a_spec_setter_named_idempotency_key_keeps_its_name() {
        let mut file = builder_file();
        let syn::Item::Mod(m) = &mut file.items[0] else {
            unreachable!()
        };
        let syn::Item::Impl(imp) = &mut m.content.as_mut().unwrap().1[1] else {
            unreachable!()
        };
        imp.items.push(parse_quote!(
            pub fn idempotency_key(self, _v: String) -> Self {
                self
            }
        ));
        let sends = crate_send(&mut file).unwrap();
        assert_eq!(sends.key_setter_taken, vec!["GetThing".to_string()]);
        assert_eq!(text(&file).matches("fn idempotency_key").count(), 1);
    }

    #[test]
    fn a_send_of_another_shape_is_an_error_naming_the_builder() {
        let mut file: syn::File = parse_quote! {
            pub mod builder {
                pub struct Odd<'a> { client: &'a super::Client }
                impl<'a> Odd<'a> {
                    pub fn new(client: &'a super::Client) -> Self { Self { client: client } }
                    pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> { todo!() }
                }
            }
        };
        let e = crate_send(&mut file).unwrap_err();
        assert!(e.to_string().contains("builder `Odd`"), "{e}");
    }
}
