//! OAuth2 client credentials: the secret-holding [`Credentials`] and a single-flight token cache.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use crate::body::{ERROR_BODY_CAP, read_capped};
pub use crate::credentials::Credentials;
use crate::error::AuthError;

/// The longest a token is trusted for, whatever `expires_in` says (Dwolla's last an hour).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// When to refresh a token that lives `lifetime`: `margin` before it expires, but never
/// before half its life, so a token shorter than the margin is still reused.
pub(crate) fn refresh_after(lifetime: Duration, margin: Duration) -> Duration {
    let lifetime = lifetime.min(MAX_TOKEN_LIFETIME);
    lifetime.saturating_sub(margin).max(lifetime / 2)
}

/// A cached access token, ready to go on the wire.
pub(crate) struct Token {
    /// `Bearer …`, marked sensitive so hyper and `Debug` keep it out of sight.
    pub(crate) header: HeaderValue,
    refresh_at: Instant,
    generation: u64,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: SecretString,
    #[serde(default)]
    token_type: Option<String>,
    expires_in: u64,
}

#[derive(Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

/// How the token cache reaches the token endpoint.
pub(crate) struct TokenEndpoint {
    pub(crate) url: Url,
    pub(crate) http: reqwest::Client,
    /// Bounds the whole token request, on every HTTP client (the caller's included).
    pub(crate) timeout: Option<Duration>,
    pub(crate) refresh_margin: Duration,
}

/// The token cache: readers take the current token without waiting; when it is missing or
/// due for refresh, one caller fetches while the others wait for that same fetch and get
/// its result, failure included.
pub(crate) struct TokenCache {
    credentials: Credentials,
    endpoint: TokenEndpoint,
    current: RwLock<Option<Arc<Token>>>,
    /// Held while fetching; holds the last fetch's failure for the callers that waited.
    refresh: tokio::sync::Mutex<Option<AuthError>>,
    /// Fetches finished (either way): a waiter that sees it move got a result to share.
    finished: AtomicU64,
    fetches: AtomicU64,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("credentials", &self.credentials)
            .field("token_url", &self.endpoint.url.as_str())
            .field("refresh_margin", &self.endpoint.refresh_margin)
            .field("timeout", &self.endpoint.timeout)
            .field("token_requests", &self.fetches.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(credentials: Credentials, endpoint: TokenEndpoint) -> Self {
        Self {
            credentials,
            endpoint,
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(None),
            finished: AtomicU64::new(0),
            fetches: AtomicU64::new(0),
        }
    }

    fn fresh(&self) -> Option<Arc<Token>> {
        let guard = self.current.read().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .filter(|t| Instant::now() < t.refresh_at)
            .cloned()
    }

    /// A token that is not due for refresh, fetching one if needed (single flight).
    pub(crate) async fn token(&self) -> Result<Arc<Token>, AuthError> {
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        // Boxed: the fetch's state is large and rare; every call's future would carry it.
        Box::pin(self.fetch_single_flight()).await
    }

    async fn fetch_single_flight(&self) -> Result<Arc<Token>, AuthError> {
        let seen = self.finished.load(Ordering::Acquire);
        let mut last_failure = self.refresh.lock().await;
        // Whoever held the lock before us may have refreshed already, or failed: a caller
        // that waited on a fetch gets its result rather than sending another.
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        if self.finished.load(Ordering::Acquire) != seen
            && let Some(e) = last_failure.as_ref()
        {
            return Err(e.clone());
        }
        let result = self.fetch().await;
        self.finished.fetch_add(1, Ordering::Release);
        match result {
            Ok(token) => {
                *last_failure = None;
                let token = Arc::new(token);
                *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
                Ok(token)
            }
            Err(e) => {
                *last_failure = Some(e.clone());
                Err(e)
            }
        }
    }

    /// The cached token's header, due for refresh or not, without fetching: what a resend
    /// of an already prepared request uses after another attempt refreshed the token.
    pub(crate) fn current_header(&self) -> Option<HeaderValue> {
        let guard = self.current.read().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().map(|t| t.header.clone())
    }

    /// Drop the token that was sent as `sent` so the next [`token`](Self::token) fetches;
    /// a newer token (another task refreshed meanwhile) is kept.
    pub(crate) fn invalidate(&self, sent: Option<&HeaderValue>) {
        let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_some_and(|t| Some(&t.header) == sent) {
            *guard = None;
        }
    }

    /// `text` from a server, with the client secret, the current token and any
    /// `Basic …`/`Bearer …` credential removed: what may be quoted in an error.
    pub(crate) fn redact(&self, text: &str) -> String {
        let token = self.current_header();
        let token = token
            .as_ref()
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.get(7..));
        let basic = self.basic_credential();
        let secret = self.credentials.client_secret.expose_secret();
        let mut secrets = vec![secret, basic.expose_secret()];
        secrets.extend(token);
        crate::redact::credentials(text, &secrets)
    }

    fn basic_credential(&self) -> SecretString {
        use base64::Engine;
        let c = &self.credentials;
        let raw = format!("{}:{}", c.client_id, c.client_secret.expose_secret());
        SecretString::from(base64::engine::general_purpose::STANDARD.encode(raw))
    }

    async fn fetch(&self) -> Result<Token, AuthError> {
        let generation = self
            .fetches
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1);
        let span =
            tracing::info_span!("dwolla.token", path = %self.endpoint.url.path(), generation);
        self.fetch_once(generation).instrument(span).await
    }

    async fn fetch_once(&self, generation: u64) -> Result<Token, AuthError> {
        let ep = &self.endpoint;
        let mut request = ep
            .http
            .post(ep.url.clone())
            .basic_auth(
                &self.credentials.client_id,
                Some(self.credentials.client_secret.expose_secret()),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&[("grant_type", "client_credentials")]);
        if let Some(t) = ep.timeout {
            request = request.timeout(t);
        }
        let transport = |status, e: reqwest::Error, what: &str| AuthError {
            timed_out: e.is_timeout(),
            source: Some(Arc::new(e.without_url())),
            ..AuthError::new(status, what.to_string())
        };
        let response = request.send().await.map_err(|e| {
            let what = if e.is_timeout() {
                "could not reach the token endpoint (timeout)"
            } else {
                "could not reach the token endpoint (transport error)"
            };
            transport(None, e, what)
        })?;
        let status = response.status();
        // A caller's HTTP client may have followed a redirect: a token minted elsewhere is
        // never used, and nothing else from that answer is read.
        if !crate::location::same_origin(response.url(), &ep.url) {
            return Err(AuthError::new(
                Some(status),
                format!(
                    "the token response came from {}, not the API origin",
                    response.url().origin().ascii_serialization()
                ),
            ));
        }
        let (body, truncated) = read_capped(response, ERROR_BODY_CAP)
            .await
            .map_err(|e| transport(Some(status), e, "could not read the token response"))?;
        if !status.is_success() {
            return Err(self.refused(status, &body, truncated));
        }
        if truncated {
            return Err(AuthError::new(
                Some(status),
                format!("the token response exceeds {ERROR_BODY_CAP} bytes"),
            ));
        }
        // serde's messages can quote values; report only where the JSON broke.
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            AuthError::new(
                Some(status),
                format!(
                    "the token response is not {{access_token, token_type, expires_in}} JSON ({:?} error at line {} column {})",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if let Some(t) = parsed.token_type.as_deref()
            && !t.eq_ignore_ascii_case("bearer")
        {
            let t = self.redact(t).chars().take(40).collect::<String>();
            return Err(AuthError::new(
                Some(status),
                format!("unsupported token_type `{t}` (expected bearer)"),
            ));
        }
        let mut header =
            HeaderValue::try_from(format!("Bearer {}", parsed.access_token.expose_secret()))
                .map_err(|_| {
                    AuthError::new(
                        Some(status),
                        "the access token has characters not allowed in a header",
                    )
                })?;
        header.set_sensitive(true);
        let after = refresh_after(Duration::from_secs(parsed.expires_in), ep.refresh_margin);
        let now = Instant::now();
        // Checked: `expires_in` is the server's; an instant past the clock's range is
        // clamped to the longest lifetime, which always fits.
        let refresh_at = now
            .checked_add(after)
            .or_else(|| now.checked_add(MAX_TOKEN_LIFETIME))
            .unwrap_or(now);
        tracing::debug!(expires_in = parsed.expires_in, "token fetched");
        Ok(Token {
            header,
            refresh_at,
            generation,
        })
    }

    /// The token endpoint said no: its OAuth error, or its (redacted) text.
    fn refused(&self, status: StatusCode, body: &[u8], truncated: bool) -> AuthError {
        let parsed = serde_json::from_slice::<OAuthError>(body).ok();
        let clean = |s: Option<String>| s.map(|s| self.redact(&s));
        let code = clean(
            parsed
                .as_ref()
                .and_then(|p| p.error.clone().or(p.code.clone())),
        );
        let described = clean(
            parsed
                .as_ref()
                .and_then(|p| p.error_description.clone().or(p.message.clone())),
        );
        let reason = match described {
            Some(d) => d,
            None if parsed.is_some() => "the token endpoint refused the credentials".into(),
            None => format!(
                "the token endpoint answered with a non-JSON body{}: {}",
                if truncated { " (truncated)" } else { "" },
                self.redact(&String::from_utf8_lossy(body))
                    .chars()
                    .take(200)
                    .collect::<String>()
            ),
        };
        tracing::warn!(
            status = status.as_u16(),
            code = code.as_deref(),
            "token request failed"
        );
        AuthError {
            code,
            ..AuthError::new(Some(status), reason)
        }
    }
}

/// Is this 401 body one that a fresh token cures?
pub(crate) fn is_expired_token_error(status: StatusCode, body: &[u8]) -> bool {
    if status != StatusCode::UNAUTHORIZED {
        return false;
    }
    #[derive(Deserialize)]
    struct Code {
        code: Option<String>,
    }
    matches!(
        serde_json::from_slice::<Code>(body)
            .ok()
            .and_then(|c| c.code)
            .as_deref(),
        Some("ExpiredAccessToken") | Some("InvalidAccessToken")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_refreshed_at_the_margin_but_never_before_half_its_life() {
        let (s, m) = (Duration::from_secs, Duration::from_secs(60));
        assert_eq!(refresh_after(s(3600), m), s(3540));
        assert_eq!(refresh_after(s(100), m), s(50));
        assert_eq!(refresh_after(s(5), m), Duration::from_millis(2500));
        assert_eq!(refresh_after(s(0), m), s(0));
        assert_eq!(refresh_after(s(u64::MAX), m), MAX_TOKEN_LIFETIME - m);
    }
}
