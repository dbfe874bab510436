//! Quickstart: token → create an exchange session (Plaid web) → retrieve it.
//!
//! `cargo run --example quickstart` runs offline against the crate's fake Dwolla
//! (`dwolla_api::testing::FakeDwolla`, feature `test-util`) on loopback. Set `DWOLLA_CLIENT_ID` (and the variables below) to talk to a real server:
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

use dwolla_api::testing::FakeDwolla;
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
    let (settings, fake) = match std::env::var("DWOLLA_CLIENT_ID") {
        Ok(_) => match from_env() {
            Ok(s) => (s, None),
            Err(missing) => {
                eprintln!("configuration error: {missing}");
                return ExitCode::from(2);
            }
        },
        Err(_) => match FakeDwolla::start() {
            Ok(fake) => {
                println!(
                    "No DWOLLA_CLIENT_ID set: using the crate's fake Dwolla at {}",
                    fake.base_url()
                );
                (fake_settings(&fake), Some(fake))
            }
            Err(e) => {
                eprintln!("could not start the fake Dwolla on loopback: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    match run(settings).await {
        Ok(()) => {
            if let Some(fake) = &fake {
                println!(
                    "the fake saw {} token request(s) and {} API request(s)",
                    fake.token_requests(),
                    fake.api_request_count()
                );
            }
            ExitCode::SUCCESS
        }
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
        .send()
        .await?
        .created()?;
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

/// Settings for the fake: its environment and credentials, the seed's customer and Plaid.
fn fake_settings(fake: &FakeDwolla) -> Settings {
    Settings {
        environment: fake.environment(),
        credentials: fake.credentials(),
        customer_id: "74a207b2-b7b7-4efa-8bf8-582148e7b980".into(),
        exchange_partner:
            "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef"
                .into(),
        redirect_url: None,
    }
}
