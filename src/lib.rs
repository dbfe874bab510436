#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
// No server response or caller argument may panic the hand-written layer; the few places
// where a panic is provably impossible carry a narrow, commented allow.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod auth;
mod body;
mod client;
mod credentials;
#[cfg(any(
    dwolla_upload = "create_customer_document",
    dwolla_upload = "create_beneficial_owner_document"
))]
mod documents;
mod error;
#[cfg(dwolla_helper = "exchange_session_create")]
mod exchange_sessions;
mod location;
pub mod transport;
// Used by the list operations' `pages()`/`items()`: a spec may have none.
#[allow(dead_code)]
mod pages;
mod path;
mod raw;
mod redact;
mod response;
mod response_error;
mod retry;
#[cfg(all(feature = "test-util", dwolla_helper = "exchange_session_create"))]
pub mod testing;
mod verdict;
pub mod webhooks;
mod wire;

pub use auth::{Credentials, MAX_TOKEN_LIFETIME};
pub use body::{DEFAULT_SUCCESS_BODY_CAP, ERROR_BODY_CAP};
pub use client::{Client, ClientBuilder, CustomBase, Environment};
#[cfg(any(
    dwolla_upload = "create_customer_document",
    dwolla_upload = "create_beneficial_owner_document"
))]
pub use documents::{Document, MAX_DOCUMENT_BYTES, Upload, UploadWire, document_types};
pub use error::{Error, ErrorKind, Result};
#[cfg(dwolla_helper = "exchange_session_create")]
pub use exchange_sessions::{CheckoutSessionData, ExchangeSession, ExchangeSessionRequest, Link};
pub use generated::types;
pub use location::Created;
pub use pages::{Page, PageStream};
pub use progenitor_client::ByteStream;
pub use raw::{Method, RawRequest, RawResponse};
pub use response::Response;
pub use retry::RetryPolicy;
/// The `schemars` the generated types derive `JsonSchema` with (feature `schemars`, on by default).
#[cfg(feature = "schemars")]
pub use schemars;

/// What a program calling Dwolla needs in scope: `use dwolla_api::prelude::*;`.
pub mod prelude {
    pub use crate::{Client, Created, Credentials, Environment, Error, Method, Response, Result};
}

/// The progenitor-generated client and types, from `OUT_DIR` (never edited, never committed).
#[allow(
    missing_docs,
    // Generated code is progenitor's; the lints above are for ours.
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    // The spec's descriptions become doc comments as Dwolla wrote them.
    clippy::doc_lazy_continuation,
    clippy::doc_overindented_list_items,
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

/// Every generated operation's types, by the operation's method name: `Builder`, `Body`
/// (when it takes one), `Success`, `Error`, and `Item` when the success body is a
/// [`Page`]. Bind to these rather than to schema names, which Dwolla renames between
/// revisions; the build sets `cfg(dwolla_role = "<op>.body")` (and `.success`, `.page`)
/// and `cfg(dwolla_field = "<op>.<role>.<field>")` for the roles and fields a revision has,
/// and `cfg(dwolla_param = "<op>.<param>.<kind>")` for the kind of value (`string`,
/// `integer`, …) each parameter takes.
///
/// ```
/// # #[cfg(dwolla_role = "create_customer_exchange_session.body")]
/// # fn f(_: dwolla_api::ops::create_customer_exchange_session::Body) {}
/// ```
pub mod ops {
    include!(concat!(env!("OUT_DIR"), "/dwolla_ops.rs"));
}

/// The operations the hand-written helpers call, bound by endpoint rather than by name:
/// `bound::exchange_session_create::{Builder, Body, Success, Error}` are the types of
/// `POST /customers/{id}/exchange-sessions` whatever a revision calls the operation, its
/// path parameter or its body schema. Present when the build bound the helper
/// (`cfg(dwolla_helper = "exchange_session_create")`).
#[allow(dead_code)]
pub mod bound {
    include!(concat!(env!("OUT_DIR"), "/dwolla_bound.rs"));
}
