//! Named spec transforms: small functions, one file each, that turn Dwolla's published
//! OpenAPI document into one progenitor 0.15 generates correct code from.
//!
//! Each transform takes the whole document, changes it in place and says what it did
//! ([`Outcome`]); a spec it cannot handle is a [`SpecError`] naming the operation and
//! the spec path. [`TRANSFORMS`] is the ordered list `build.rs` applies.
//!
//! # Order
//!
//! The order is part of the design; each rule says which transform must come first:
//!
//! 1. `check_local_refs` runs first: every later transform follows `$ref`s, and a
//!    dangling one is reported where it stands instead of being misread further on.
//!    `normalize_path_keys` comes right after it: every later transform, and progenitor,
//!    see one key per endpoint and unique `operationId`s.
//! 2. `stringify_versions` before `downgrade_openapi_31`, which reads `openapi` as a string.
//! 3. `downgrade_openapi_31` before everything that reads schemas, so they see 3.0
//!    keywords only (`const` is an `enum` by then: the discriminators of
//!    `open_response_enums` read it).
//! 4. `normalize_vendor_media_types` before the rest: they look at `application/json`
//!    only, and it reads the wire media types before renaming them.
//! 5. `leave_out_unsupported_operations` after 4 (a vendor JSON body beside
//!    `application/json` is one media type by then) and before 6–9, which need not
//!    handle what progenitor never sees.
//! 6. `unify_error_responses` and `unify_success_responses` before 7 and 8: the bodies
//!    they replace must not be named, hoisted or opened, and the per-status error
//!    schemas they orphan are response-side for `open_response_enums`.
//! 7. `hoist_colliding_inline_schemas` before `open_response_enums`, whose derived
//!    names (and the names it avoids) must be those of the final document.
//! 8. `open_response_enums` last: it adds components (`…Known`, `…Response`) that no
//!    other transform must move or rename.

use serde_json::Value;

use crate::SpecError;

mod check_local_refs;
mod downgrade_openapi_31;
mod drop_reserved_header_params;
mod hoist_colliding_inline_schemas;
mod leave_out_unsupported_operations;
mod names;
mod normalize_path_keys;
mod normalize_vendor_media_types;
pub mod open_response_enums;
mod outcome;
mod stringify_versions;
mod unify_error_responses;
mod unify_success_responses;

pub use check_local_refs::check_local_refs;
pub use downgrade_openapi_31::downgrade_openapi_31;
pub use drop_reserved_header_params::drop_reserved_header_params;
pub use hoist_colliding_inline_schemas::hoist_colliding_inline_schemas;
pub use leave_out_unsupported_operations::leave_out_unsupported_operations;
pub use names::{ERROR_SCHEMA, HAL_JSON, X_ACCEPT, X_RAW_SUCCESS, X_REQUEST_MEDIA_TYPE};
pub use normalize_path_keys::{normalize_path_keys, wire_path};
pub use normalize_vendor_media_types::{is_json_media_type, normalize_vendor_media_types};
pub use open_response_enums::open_response_enums;
pub use outcome::{LeftOut, Outcome};
pub use stringify_versions::stringify_versions;
pub use unify_error_responses::{error_schemas, unify_error_responses};
pub use unify_success_responses::unify_success_responses;

/// The signature of every transform.
pub type Transform = fn(&mut Value) -> Result<Outcome, SpecError>;

/// The transforms, in the order they run (the module documentation says why).
/// Names are what errors and reports show.
pub const TRANSFORMS: &[(&str, Transform)] = &[
    ("check_local_refs", check_local_refs),
    ("normalize_path_keys", normalize_path_keys),
    ("stringify_versions", stringify_versions),
    ("downgrade_openapi_31", downgrade_openapi_31),
    ("normalize_vendor_media_types", normalize_vendor_media_types),
    ("drop_reserved_header_params", drop_reserved_header_params),
    (
        "leave_out_unsupported_operations",
        leave_out_unsupported_operations,
    ),
    ("unify_error_responses", unify_error_responses),
    ("unify_success_responses", unify_success_responses),
    (
        "hoist_colliding_inline_schemas",
        hoist_colliding_inline_schemas,
    ),
    ("open_response_enums", open_response_enums),
];

/// Apply every transform in [`TRANSFORMS`]; stop at the first error, naming the transform.
pub fn apply_all(doc: &mut Value) -> Result<Outcome, SpecError> {
    let mut all = Outcome::default();
    for (name, transform) in TRANSFORMS {
        let out = transform(doc).map_err(|mut e| {
            e.message = format!("{} (transform `{name}`)", e.message);
            e
        })?;
        all.notes
            .extend(out.notes.into_iter().map(|n| format!("{name}: {n}")));
        all.left_out.extend(out.left_out);
    }
    Ok(all)
}
