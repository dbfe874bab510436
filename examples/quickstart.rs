//! Quickstart: token → create an exchange session (Plaid web) → retrieve it.
//!
//! `cargo run --example quickstart` runs offline against an embedded fake Dwolla on
//! loopback. Set `DWOLLA_CLIENT_ID` (and the variables below) to talk to a real server:
//!
//! | variable | meaning |
//! |---|---|
//! | `DWOLLA_CLIENT_ID`, `DWOLLA_CLIENT_SECRET` | application credentials |
//! | `DWOLLA_ENVIRONMENT` | `sandbox` (default) or `production` |
//! | `DWOLLA_API_URL` | any base URL; takes precedence over `DWOLLA_ENVIRONMENT` |
//! | `DWOLLA_CUSTOMER_ID` | the customer to create the session for |
//! | `DWOLLA_EXCHANGE_PARTNER` | an exchange-partner URL (`…/exchange-partners/{id}`) |
//! | `DWOLLA_REDIRECT_URL` | optional: app scheme or https URL, for mobile Plaid |

use std::process::ExitCode;

use dwolla_api::{Client, Credentials, Environment, Error, ExchangeSessionRequest};

struct Settings {
    environment: Environment,
    credentials: Credentials,
    customer_id: String,
    exchange_partner: String,
    redirect_url: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let (settings, _fake) = match std::env::var("DWOLLA_CLIENT_ID") {
        Ok(_) => match from_env() {
            Ok(s) => (s, None),
            Err(missing) => {
                eprintln!("configuration error: {missing}");
                return ExitCode::from(2);
            }
        },
        Err(_) => {
            let fake = fake_dwolla::start().await;
            println!(
                "No DWOLLA_CLIENT_ID set: using an embedded fake Dwolla at {}",
                fake.base_url()
            );
            (fake.settings(), Some(fake))
        }
    };
    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!(
                "  code: {}  message: {}  request id: {}",
                e.code().unwrap_or("-"),
                e.message().unwrap_or("-"),
                e.request_id().unwrap_or("-")
            );
            ExitCode::FAILURE
        }
    }
}

async fn run(s: Settings) -> Result<(), Error> {
    let client = Client::new(s.environment, s.credentials)?;
    let request = match &s.redirect_url {
        Some(redirect) => ExchangeSessionRequest::with_redirect(&s.exchange_partner, redirect)?,
        None => ExchangeSessionRequest::plaid_web(&s.exchange_partner)?,
    };
    let session = client
        .create_exchange_session(&s.customer_id, &request)
        .await?;
    println!("created exchange session {}", session.id());
    println!("  url: {}", session.url());

    let details = client.retrieve_exchange_session(&session).await?;
    match (
        &details.external_provider_session_token,
        details.external_provider_session_url(),
    ) {
        (Some(token), _) => println!("  externalProviderSessionToken: {token}"),
        (None, Some(url)) => println!("  external-provider-session: {url}"),
        (None, None) => println!("  (no provider token or link in the session)"),
    }
    println!("token requests made: {}", client.token_requests());
    Ok(())
}

fn from_env() -> Result<Settings, String> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let environment = match std::env::var("DWOLLA_API_URL") {
        Ok(url) => Environment::custom(&url).map_err(|e| format!("DWOLLA_API_URL: {e}"))?,
        Err(_) => match std::env::var("DWOLLA_ENVIRONMENT")
            .as_deref()
            .unwrap_or("sandbox")
        {
            "sandbox" => Environment::Sandbox,
            "production" => Environment::Production,
            other => {
                return Err(format!(
                    "DWOLLA_ENVIRONMENT must be sandbox or production, not `{other}`"
                ));
            }
        },
    };
    Ok(Settings {
        environment,
        credentials: Credentials::new(var("DWOLLA_CLIENT_ID")?, var("DWOLLA_CLIENT_SECRET")?),
        customer_id: var("DWOLLA_CUSTOMER_ID")?,
        exchange_partner: var("DWOLLA_EXCHANGE_PARTNER")?,
        redirect_url: std::env::var("DWOLLA_REDIRECT_URL").ok(),
    })
}

/// A loopback stand-in for Dwolla's token, create and retrieve endpoints.
mod fake_dwolla {
    use super::*;
    use httpmock::prelude::*;
    use serde_json::json;

    const CUSTOMER: &str = "74a207b2-b7b7-4efa-8bf8-582148e7b980";
    const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";

    pub struct Fake(MockServer);

    pub async fn start() -> Fake {
        let server = MockServer::start_async().await;
        let base = server.base_url();
        server
            .mock_async(|when, then| {
                when.method(POST).path("/token").body("grant_type=client_credentials");
                then.status(200).json_body(json!({ "access_token": "fake-token", "token_type": "bearer", "expires_in": 3600 }));
            })
            .await;
        server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!("/customers/{CUSTOMER}/exchange-sessions"))
                    .header("authorization", "Bearer fake-token")
                    .header("content-type", "application/vnd.dwolla.v1.hal+json");
                then.status(201)
                    .header("location", format!("{base}/exchange-sessions/{SESSION}"));
            })
            .await;
        server
            .mock_async(|when, then| {
                when.method(GET).path(format!("/exchange-sessions/{SESSION}")).header("authorization", "Bearer fake-token");
                then.status(200).header("content-type", "application/vnd.dwolla.v1.hal+json").json_body(json!({
                    "_links": { "self": { "href": format!("{base}/exchange-sessions/{SESSION}") } },
                    "id": SESSION,
                    "created": "2026-11-25T10:00:00.000Z",
                    "externalProviderSessionToken": "link-sandbox-af1a0311-da53-4636-b754-dd15cc058176"
                }));
            })
            .await;
        Fake(server)
    }

    impl Fake {
        pub fn base_url(&self) -> String {
            self.0.base_url()
        }
        pub fn settings(&self) -> Settings {
            Settings {
                environment: Environment::custom(&self.0.base_url()).expect("loopback URL"),
                credentials: Credentials::new("fake-id", "fake-secret"),
                customer_id: CUSTOMER.into(),
                exchange_partner: "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef".into(),
                redirect_url: None,
            }
        }
    }
}
