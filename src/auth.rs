//! OAuth2 client credentials: the secret-holding [`Credentials`] and a single-flight token cache.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tracing::Instrument;
use url::Url;

use crate::error::AuthError;

/// An application's client id and secret. `Debug` shows the id only.
///
/// ```
/// let creds = dwolla_api::Credentials::new("my-client-id", "my-secret");
/// assert!(!format!("{creds:?}").contains("my-secret"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    client_id: String,
    client_secret: SecretString,
}

impl Credentials {
    /// Credentials from the dashboard's key and secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        }
    }

    /// The client id (not secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
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

/// The token cache: readers take the current token without waiting; when it is missing or
/// due for refresh, one caller fetches while the others wait for that same fetch.
pub(crate) struct TokenCache {
    credentials: Credentials,
    token_url: Url,
    http: reqwest::Client,
    refresh_margin: Duration,
    current: RwLock<Option<Arc<Token>>>,
    refresh: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("credentials", &self.credentials)
            .field("token_url", &self.token_url.as_str())
            .field("refresh_margin", &self.refresh_margin)
            .field("token_requests", &self.fetches.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(
        credentials: Credentials,
        token_url: Url,
        http: reqwest::Client,
        refresh_margin: Duration,
    ) -> Self {
        Self {
            credentials,
            token_url,
            http,
            refresh_margin,
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            fetches: AtomicU64::new(0),
        }
    }

    /// How many token requests this cache has sent.
    pub(crate) fn token_requests(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
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
        let _one_fetch = self.refresh.lock().await;
        // Whoever held the lock before us may have refreshed already.
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        let token = Arc::new(self.fetch().await?);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
        Ok(token)
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

    async fn fetch(&self) -> Result<Token, AuthError> {
        let generation = self.fetches.fetch_add(1, Ordering::Relaxed) + 1;
        let span = tracing::info_span!("dwolla.token", path = %self.token_url.path(), generation);
        self.fetch_once(generation).instrument(span).await
    }

    async fn fetch_once(&self, generation: u64) -> Result<Token, AuthError> {
        let response = self
            .http
            .post(self.token_url.clone())
            .basic_auth(
                &self.credentials.client_id,
                Some(self.credentials.client_secret.expose_secret()),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .map_err(|e| AuthError {
                status: None,
                code: None,
                reason: format!(
                    "could not reach the token endpoint ({})",
                    if e.is_timeout() {
                        "timeout"
                    } else {
                        "transport error"
                    }
                ),
                source: Some(e.without_url()),
            })?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| AuthError {
            status: Some(status),
            code: None,
            reason: "could not read the token response".into(),
            source: Some(e.without_url()),
        })?;
        if !status.is_success() {
            let parsed = serde_json::from_slice::<OAuthError>(&body).ok();
            let code = parsed
                .as_ref()
                .and_then(|p| p.error.clone().or(p.code.clone()));
            let reason = match parsed
                .as_ref()
                .and_then(|p| p.error_description.clone().or(p.message.clone()))
            {
                Some(d) => d,
                None if parsed.is_some() => "the token endpoint refused the credentials".into(),
                None => format!(
                    "the token endpoint answered with a non-JSON body: {}",
                    String::from_utf8_lossy(&body)
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
            return Err(AuthError {
                status: Some(status),
                code,
                reason,
                source: None,
            });
        }
        // serde's messages can quote values; report only where the JSON broke.
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| AuthError {
            status: Some(status),
            code: None,
            reason: format!(
                "the token response is not {{access_token, token_type, expires_in}} JSON ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
            source: None,
        })?;
        if let Some(t) = parsed.token_type.as_deref()
            && !t.eq_ignore_ascii_case("bearer")
        {
            return Err(AuthError {
                status: Some(status),
                code: None,
                reason: format!("unsupported token_type `{t}` (expected bearer)"),
                source: None,
            });
        }
        let mut header =
            HeaderValue::try_from(format!("Bearer {}", parsed.access_token.expose_secret()))
                .map_err(|_| AuthError {
                    status: Some(status),
                    code: None,
                    reason: "the access token has characters not allowed in a header".into(),
                    source: None,
                })?;
        header.set_sensitive(true);
        let lifetime = Duration::from_secs(parsed.expires_in);
        let refresh_at = Instant::now() + lifetime.saturating_sub(self.refresh_margin);
        tracing::debug!(expires_in = parsed.expires_in, "token fetched");
        Ok(Token {
            header,
            refresh_at,
            generation,
        })
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
