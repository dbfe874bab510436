//! The generated requests' URLs made on the client's already parsed base URL: progenitor
//! formats `baseurl + path` and has reqwest parse it whole on every call (scheme, host,
//! IDNA), which is a tenth of a create's instructions.

use syn::visit_mut::{self, VisitMut};

/// The crate function that turns the formatted URL into a `Url` on the parsed base: the
/// path after the API origin is set on a copy of the base, or, if the text is not on the
/// origin (never, as progenitor writes it), the whole text is parsed as before.
pub const REQUEST_URL: &str = "crate::transport::request_url";

/// In the statements that build a request, `client.client.<method>(url)` becomes
/// `client.client.<method>(REQUEST_URL(&client.inner.state, &url).map_err(..)?)`. Returns
/// how many calls it rewrote (one per builder as progenitor 0.15 writes them; none leaves
/// progenitor's code, correct and slower).
pub fn on_parsed_base(stmts: &mut [syn::Stmt]) -> usize {
    let mut v = OnBase { rewritten: 0 };
    for s in stmts {
        v.visit_stmt_mut(s);
    }
    v.rewritten
}

struct OnBase {
    rewritten: usize,
}

/// `client.client`: the generated client's reqwest client.
fn is_http_client(e: &syn::Expr) -> bool {
    let syn::Expr::Field(f) = e else { return false };
    let named = |m: &syn::Member| matches!(m, syn::Member::Named(i) if i == "client");
    named(&f.member) && matches!(f.base.as_ref(), syn::Expr::Path(p) if p.path.is_ident("client"))
}

impl VisitMut for OnBase {
    fn visit_expr_method_call_mut(&mut self, m: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, m);
        if !is_http_client(&m.receiver) || m.args.len() != 1 {
            return;
        }
        let Some(syn::Expr::Path(arg)) = m.args.first() else {
            return;
        };
        if !arg.path.is_ident("url") {
            return;
        }
        let f: syn::Path = match syn::parse_str(REQUEST_URL) {
            Ok(f) => f,
            Err(_) => return,
        };
        m.args = syn::parse_quote!(
            #f(&client.inner.state, &url).map_err(|e| Error::InvalidRequest(e.to_string()))?
        );
        self.rewritten += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn the_request_url_is_made_on_the_parsed_base() {
        let mut stmts: Vec<syn::Stmt> = vec![
            syn::parse_quote!(let url = format!("{}/things/{}", client.baseurl, encode_path(&id));),
            syn::parse_quote!(let mut request = client.client.post(url).json(&body).build()?;),
        ];
        assert_eq!(on_parsed_base(&mut stmts), 1);
        let text = stmts[1].to_token_stream().to_string();
        assert!(
            text.contains("client . client . post (crate :: transport :: request_url (& client . inner . state , & url)"),
            "{text}"
        );
        // Another receiver, or another argument, is left as it is.
        let mut other: Vec<syn::Stmt> = vec![syn::parse_quote!(let r = reqwest.post(url);)];
        assert_eq!(on_parsed_base(&mut other), 0);
    }
}
