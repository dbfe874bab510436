//! dwolla-api
pub mod hooks;

/// The progenitor-generated client (from `OUT_DIR`, never edited).
#[allow(clippy::all, clippy::pedantic, missing_docs, unused_imports, unreachable_pub)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/dwolla_generated.rs"));
}
mod operations {
    include!(concat!(env!("OUT_DIR"), "/dwolla_operations.rs"));
}
