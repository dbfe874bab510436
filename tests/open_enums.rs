//! Forward-compatible responses: a value Dwolla adds to a response enum after the spec
//! was vendored deserialises (as `Other`, raw string kept), and unknown fields are
//! ignored. Runs when the crate is built from a spec with exchange partners, such as
//! `DWOLLA_OPENAPI_SPEC=../shared/openapi/dwolla-openapi-2026-01.yml`, whose
//! `ExchangePartner.name` does not list `Checkout.com` (the value that broke SDKs with
//! closed enums). The transform itself is tested in `codegen/tests/open_enums.rs`.
//!
//! Older revisions leave the partner's `name` and `status` plain strings, so the enum
//! types these tests name exist only when the build generated them (`dwolla_type`
//! cfgs); otherwise one test says which are missing.

mod common;

#[cfg(all(
    dwolla_op = "get_exchange_partner",
    dwolla_type = "ExchangePartner",
    dwolla_type = "ExchangePartnerName",
    dwolla_type = "ExchangePartnerNameKnown",
    dwolla_type = "ExchangePartnerStatus"
))]
mod open {
    use super::common::{self, client, token_mock};
    use dwolla_api::types::{
        ExchangePartner, ExchangePartnerName, ExchangePartnerNameKnown, ExchangePartnerStatus,
    };
    use httpmock::prelude::*;
    use serde_json::json;

    async fn partner(name: &str, status: &str) -> ExchangePartner {
        let server = MockServer::start_async().await;
        let _token = token_mock(&server).await;
        let body = json!({
            "_links": { "self": { "href": format!("{}/exchange-partners/p-1", server.base_url()) } },
            "id": "p-1",
            "name": name,
            "status": status,
            "created": "2025-01-02T03:04:05.000Z",
            "addedInAFutureSpec": { "anything": [1, 2, 3] }
        });
        server
            .mock_async(move |when, then| {
                when.method(GET).path("/exchange-partners/p-1");
                then.status(200)
                    .header("content-type", common::HAL)
                    .json_body(body);
            })
            .await;
        client(&server)
            .get_exchange_partner()
            .id("p-1")
            .send()
            .await
            .expect("the partner deserialises")
            .into_inner()
    }

    #[tokio::test]
    async fn an_exchange_partner_name_the_spec_does_not_list_is_kept_as_other() {
        let p = partner("Checkout.com", "active").await;
        assert_eq!(p.name, ExchangePartnerName::Other("Checkout.com".into()));
        assert_eq!(p.name.to_string(), "Checkout.com");
    }

    #[tokio::test]
    async fn a_documented_name_is_known_and_an_unlisted_status_is_readable() {
        let p = partner("Plaid", "pending-review").await;
        assert_eq!(
            p.name,
            ExchangePartnerName::Known(ExchangePartnerNameKnown::Plaid)
        );
        assert!(matches!(p.status, ExchangePartnerStatus::Other(ref s) if s == "pending-review"));
        assert_eq!(p.status.to_string(), "pending-review");
    }
}

/// Says why the tests above did not run, instead of passing silently.
#[cfg(not(all(
    dwolla_op = "get_exchange_partner",
    dwolla_type = "ExchangePartner",
    dwolla_type = "ExchangePartnerName",
    dwolla_type = "ExchangePartnerNameKnown",
    dwolla_type = "ExchangePartnerStatus"
)))]
#[test]
fn open_enum_tests_are_compiled_out_when_the_spec_lacks_the_partner_enums() {
    common::say_compiled_out(
        "tests/open_enums.rs",
        &[
            (
                "operation get_exchange_partner",
                cfg!(dwolla_op = "get_exchange_partner"),
            ),
            (
                "type ExchangePartner",
                cfg!(dwolla_type = "ExchangePartner"),
            ),
            (
                "type ExchangePartnerName",
                cfg!(dwolla_type = "ExchangePartnerName"),
            ),
            (
                "type ExchangePartnerNameKnown",
                cfg!(dwolla_type = "ExchangePartnerNameKnown"),
            ),
            (
                "type ExchangePartnerStatus",
                cfg!(dwolla_type = "ExchangePartnerStatus"),
            ),
        ],
    );
}
