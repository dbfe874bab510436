//! Exchange sessions (Plaid, MX, Checkout.com): request constructors, validation before
//! sending, create → [`Created`](crate::Created), and the typed view of a retrieved session.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::json;
use url::Url;

use crate::bound::exchange_session_create::{
    self as op, Body as CreateCustomerExchangeSessionBody,
};
use crate::client::Client;
use crate::error::{Error, Result};

const PARTNER_FIELD: &str = "_links.exchange-partner.href";
const REDIRECT_FIELD: &str = "_links.redirect-url.href";

/// The body of `POST /customers/{id}/exchange-sessions`: a validated wrapper around the
/// generated `oneOf` enum.
///
/// ```
/// use dwolla_api::ExchangeSessionRequest;
/// let partner = "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";
/// let web = ExchangeSessionRequest::plaid_web(partner)?;
/// let android = ExchangeSessionRequest::plaid_android(partner, "com.example.app123")?;
/// assert!(ExchangeSessionRequest::plaid_ios(partner, "http://insecure.example").is_err());
/// # Ok::<(), dwolla_api::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExchangeSessionRequest {
    body: CreateCustomerExchangeSessionBody,
}

impl ExchangeSessionRequest {
    /// A web session (no redirect): Plaid web, MX, Checkout.com.
    pub fn web(exchange_partner: &str) -> Result<Self> {
        check_partner(exchange_partner)?;
        Self::from_json(json!({ "_links": { "exchange-partner": { "href": exchange_partner } } }))
    }

    /// A session with a redirect URL: an app scheme (`com.example.app123`, Android) or an
    /// https URL (iOS).
    pub fn with_redirect(exchange_partner: &str, redirect_url: &str) -> Result<Self> {
        check_partner(exchange_partner)?;
        check_redirect(redirect_url)?;
        Self::from_json(json!({ "_links": {
            "exchange-partner": { "href": exchange_partner },
            "redirect-url": { "href": redirect_url }
        } }))
    }

    /// Plaid, in a browser.
    pub fn plaid_web(exchange_partner: &str) -> Result<Self> {
        Self::web(exchange_partner)
    }
    /// Plaid in an Android app: `app_scheme` like `com.example.app123`.
    pub fn plaid_android(exchange_partner: &str, app_scheme: &str) -> Result<Self> {
        if !is_app_scheme(app_scheme) {
            return Err(invalid(
                REDIRECT_FIELD,
                format!("`{app_scheme}` is not an Android app scheme like com.example.app123"),
            ));
        }
        Self::with_redirect(exchange_partner, app_scheme)
    }
    /// Plaid in an iOS app: an https universal link like `https://example.com/app123`.
    pub fn plaid_ios(exchange_partner: &str, https_url: &str) -> Result<Self> {
        if !is_https_url(https_url) {
            return Err(invalid(
                REDIRECT_FIELD,
                format!("`{https_url}` is not an https URL"),
            ));
        }
        Self::with_redirect(exchange_partner, https_url)
    }
    /// MX (web).
    pub fn mx(exchange_partner: &str) -> Result<Self> {
        Self::web(exchange_partner)
    }
    /// Checkout.com debit card capture (Push to Card).
    pub fn checkout_com(exchange_partner: &str) -> Result<Self> {
        Self::web(exchange_partner)
    }

    /// Validate and wrap a generated body you built yourself.
    pub fn from_body(body: CreateCustomerExchangeSessionBody) -> Result<Self> {
        let v = serde_json::to_value(&body).map_err(|e| invalid("body", e.to_string()))?;
        let partner = v
            .pointer("/_links/exchange-partner/href")
            .and_then(|h| h.as_str())
            .unwrap_or_default();
        check_partner(partner)?;
        if let Some(r) = v
            .pointer("/_links/redirect-url/href")
            .and_then(|h| h.as_str())
        {
            check_redirect(r)?;
        }
        Ok(Self { body })
    }

    /// The generated body it wraps.
    pub fn body(&self) -> &CreateCustomerExchangeSessionBody {
        &self.body
    }

    fn from_json(v: serde_json::Value) -> Result<Self> {
        serde_json::from_value(v)
            .map(|body| Self { body })
            .map_err(|e| invalid("body", e.to_string()))
    }
}

fn invalid(field: &str, reason: String) -> Error {
    Error::validation(field, reason)
}

fn check_partner(href: &str) -> Result<()> {
    match Url::parse(href) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(invalid(
            PARTNER_FIELD,
            format!("`{href}` is not an absolute http(s) URL of an exchange partner"),
        )),
    }
}

fn check_redirect(r: &str) -> Result<()> {
    if is_app_scheme(r) || is_https_url(r) {
        Ok(())
    } else {
        Err(invalid(
            REDIRECT_FIELD,
            format!("`{r}` is neither an app scheme (com.example.app123) nor an https URL"),
        ))
    }
}

/// Reverse-DNS app identifier: two or more dot-separated labels of letters, digits, `_`, `-`.
fn is_app_scheme(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        && labels
            .first()
            .is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
}

fn is_https_url(s: &str) -> bool {
    Url::parse(s).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some())
}

/// A retrieved exchange session. Every field is optional: Plaid sessions carry
/// `externalProviderSessionToken`, Checkout.com ones `externalProviderSessionData`, MX ones
/// an `external-provider-session` link. Unknown fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExchangeSession {
    /// Session id.
    pub id: Option<String>,
    /// Creation time as Dwolla sent it.
    pub created: Option<String>,
    /// Plaid Link token.
    pub external_provider_session_token: Option<String>,
    /// Checkout.com payment session, for the Flow component.
    pub external_provider_session_data: Option<CheckoutSessionData>,
    /// HAL links.
    #[serde(rename = "_links", default)]
    pub links: HashMap<String, Link>,
}

impl ExchangeSession {
    /// The MX (or other provider) session URL, from the `external-provider-session` link.
    pub fn external_provider_session_url(&self) -> Option<&str> {
        self.links
            .get("external-provider-session")
            .and_then(|l| l.href.as_deref())
    }
}

/// Checkout.com's payment session. `Debug` hides the secret and the token.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CheckoutSessionData {
    /// Payment session id.
    pub id: Option<String>,
    /// Secret for the Flow component.
    pub payment_session_secret: Option<String>,
    /// Token for the Flow component.
    pub payment_session_token: Option<String>,
}

/// A HAL link.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Link {
    /// Target URL.
    pub href: Option<String>,
    /// Kind of resource.
    #[serde(rename = "resource-type")]
    pub resource_type: Option<String>,
}

impl std::fmt::Debug for CheckoutSessionData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |v: &Option<String>| v.as_ref().map(|_| "[redacted]");
        f.debug_struct("CheckoutSessionData")
            .field("id", &self.id)
            .field(
                "payment_session_secret",
                &shown(&self.payment_session_secret),
            )
            .field("payment_session_token", &shown(&self.payment_session_token))
            .finish()
    }
}

impl Client {
    /// The call that creates an exchange session for a customer, with the customer and
    /// `request` set: `POST /customers/{id}/exchange-sessions`, whatever the revision calls
    /// the operation, its path parameter or its body type. Options (`idempotency_key`)
    /// go on it like on every call; then `send().await?.created()?`.
    ///
    /// ```no_run
    /// # async fn run(client: dwolla_api::Client) -> Result<(), dwolla_api::Error> {
    /// use dwolla_api::ExchangeSessionRequest;
    /// let request = ExchangeSessionRequest::plaid_web(
    ///     "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef",
    /// )?;
    /// let session = client
    ///     .create_exchange_session("74a207b2-b7b7-4efa-8bf8-582148e7b980", &request)
    ///     .send()
    ///     .await?
    ///     .created()?;
    /// let details = client.retrieve_exchange_session(&session).await?;
    /// println!("{:?}", details.external_provider_session_token);
    /// # Ok(()) }
    /// ```
    pub fn create_exchange_session(
        &self,
        customer_id: &str,
        request: &ExchangeSessionRequest,
    ) -> op::Builder<'_> {
        op::builder(&self.api, [customer_id]).body(request.body.clone())
    }

    /// Retrieve an exchange session: from [`Created`](crate::Created), its URL, or its id alone
    /// (`GET /exchange-sessions/{id}`). Anything else (a path, a query) is a validation
    /// error naming `session`; a URL off the API origin is refused before sending.
    pub async fn retrieve_exchange_session(
        &self,
        session: impl AsRef<str>,
    ) -> Result<ExchangeSession> {
        let state = &self.api.inner.state;
        let url = crate::location::resource_url(
            &state.base,
            "exchange-sessions",
            session.as_ref(),
            "session",
        )?;
        let request = state.http.get(url).build().map_err(Error::transport)?;
        let read = state
            .execute_read(request, "retrieve_exchange_session", None)
            .await?;
        // The path and expected type, never the value: it may be a session secret.
        read.json("exchange session ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_schemes_and_https_urls_are_redirects() {
        assert!(is_app_scheme("com.example.app123"));
        assert!(!is_app_scheme("example"));
        assert!(!is_app_scheme("https://example.com"));
        assert!(is_https_url("https://example.com/app123"));
        assert!(!is_https_url("http://example.com/app123"));
    }
}
