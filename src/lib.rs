#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod auth;
mod client;
mod error;
#[cfg(dwolla_op = "create_customer_exchange_session")]
mod exchange_sessions;
pub mod hooks;
mod location;
mod retry;
pub mod webhooks;

pub use auth::Credentials;
pub use client::{CallOptions, Client, ClientBuilder, Environment};
pub use error::{ApiError, AuthError, Error, LocationError, Result, ValidationError};
#[cfg(dwolla_op = "create_customer_exchange_session")]
pub use exchange_sessions::{CheckoutSessionData, ExchangeSession, ExchangeSessionRequest, Link};
pub use generated::types;
pub use location::Created;
pub use progenitor_client::{ByteStream, ResponseValue};
pub use retry::RetryPolicy;
/// The `schemars` the generated types derive `JsonSchema` with (feature `schemars`, on by default).
#[cfg(feature = "schemars")]
pub use schemars;

/// The progenitor-generated client and types, from `OUT_DIR` (never edited, never committed).
#[allow(
    missing_docs,
    // The spec's descriptions become doc comments as Dwolla wrote them.
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::invalid_rust_codeblocks
)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/dwolla_generated.rs"));
}

mod operations {
    include!(concat!(env!("OUT_DIR"), "/dwolla_operations.rs"));
}
