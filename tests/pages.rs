//! HAL pagination over a list call of the whole spec (`listAndSearchCustomers`): pages
//! follow `_links.next` through the same auth and origin check, and end on the last page,
//! a foreign or already visited `next`, or an error after the pages already yielded.

mod common;

#[cfg(dwolla_role = "list_and_search_customers.page")]
mod paging {
    use super::common::*;
    use dwolla_api::ErrorKind;
    use dwolla_api::ops::list_and_search_customers::Success as Customers;
    use futures::StreamExt;
    use httpmock::prelude::*;
    use serde_json::{Value, json};

    fn customer(id: &str) -> Value {
        json!({ "id": id, "type": "receive-only", "status": "unverified",
                "firstName": "Ann", "lastName": "Lee", "email": "ann@example.com",
                "created": "2025-01-01T00:00:00.000Z", "_links": {} })
    }

    fn page(base: &str, ids: &[&str], this: &str, next: Option<&str>) -> Value {
        let mut links = json!({ "self": { "href": format!("{base}{this}") } });
        if let Some(n) = next {
            links["next"] = json!({ "href": n });
        }
        let customers: Vec<Value> = ids.iter().map(|i| customer(i)).collect();
        json!({ "_links": links, "_embedded": { "customers": customers }, "total": 5 })
    }

    /// Serves a page of `ids` at `/customers` (matched by `query`) whose `self` is `this`.
    async fn serve(
        server: &MockServer,
        query: Option<(&str, &str)>,
        ids: &[&str],
        this: &str,
        next: Option<&str>,
    ) {
        let body = page(&server.base_url(), ids, this, next);
        server
            .mock_async(|when, then| {
                let when = when
                    .method(GET)
                    .path("/customers")
                    .header("authorization", format!("Bearer {TOKEN}"))
                    .header("accept", HAL);
                // The first page is the one without an offset; later ones name theirs.
                match query {
                    Some((k, v)) if k == "offset" => when.query_param(k, v),
                    Some((k, v)) => when.query_param(k, v).query_param_missing("offset"),
                    None => when.query_param_missing("offset"),
                };
                then.status(200).header("content-type", HAL).json_body(body);
            })
            .await;
    }

    /// The list call whose pages are read.
    macro_rules! first_page {
        ($client:expr, $limit:expr) => {
            $client.list_and_search_customers().limit(Num($limit))
        };
    }

    async fn ids(client: &dwolla_api::Client, limit: i64) -> Vec<dwolla_api::Result<String>> {
        first_page!(client, limit)
            .items()
            .map(|item| {
                item.map(|c| {
                    serde_json::to_value(c).unwrap()["id"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
            })
            .collect()
            .await
    }

    #[tokio::test]
    async fn three_pages_of_customers_follow_next_with_the_limit_and_end() {
        let server = MockServer::start_async().await;
        token_mock(&server).await;
        let b = server.base_url();
        serve(
            &server,
            Some(("limit", "2")),
            &["c1", "c2"],
            "/customers?limit=2",
            Some(&format!("{b}/customers?limit=2&offset=2")),
        )
        .await;
        serve(
            &server,
            Some(("offset", "2")),
            &["c3", "c4"],
            "/customers?limit=2&offset=2",
            Some("/customers?limit=2&offset=4&last"),
        )
        .await;
        serve(
            &server,
            Some(("offset", "4")),
            &["c5"],
            "/customers?limit=2&offset=4&last",
            None,
        )
        .await;
        let client = client(&server);
        let got: Vec<String> = ids(&client, 2)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, ["c1", "c2", "c3", "c4", "c5"]);
        let pages: Vec<_> = first_page!(client, 2).pages().collect().await;
        assert_eq!(pages.len(), 3);
        let first: &Customers = pages[0].as_ref().unwrap();
        // Read through JSON: a revision may make `total` required or leave it out.
        #[cfg(dwolla_field = "list_and_search_customers.success.total")]
        assert_eq!(serde_json::to_value(first).unwrap()["total"], 5);
    }

    #[tokio::test]
    async fn an_empty_list_is_one_page_and_no_items() {
        let server = MockServer::start_async().await;
        token_mock(&server).await;
        serve(&server, None, &[], "/customers", None).await;
        let client = client(&server);
        assert!(ids(&client, 25).await.is_empty());
        assert_eq!(first_page!(client, 25).pages().count().await, 1);
    }

    #[tokio::test]
    async fn a_next_link_off_the_api_origin_ends_the_stream_with_an_error() {
        let server = MockServer::start_async().await;
        token_mock(&server).await;
        serve(
            &server,
            None,
            &["c1"],
            "/customers",
            Some("https://evil.example/customers?offset=1"),
        )
        .await;
        let got = ids(&client(&server), 25).await;
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].as_deref().unwrap(), "c1");
        assert_eq!(
            got[1].as_ref().unwrap_err().kind(),
            ErrorKind::ForeignOrigin
        );
    }

    #[tokio::test]
    async fn a_next_link_already_visited_ends_the_stream_with_an_error() {
        let server = MockServer::start_async().await;
        token_mock(&server).await;
        let b = server.base_url();
        serve(
            &server,
            Some(("offset", "1")),
            &["c2"],
            "/customers?offset=1",
            Some(&format!("{b}/customers?limit=1")),
        )
        .await;
        serve(
            &server,
            Some(("limit", "1")),
            &["c1"],
            "/customers?limit=1",
            Some(&format!("{b}/customers?offset=1")),
        )
        .await;
        let got = ids(&client(&server), 1).await;
        let (ok, err): (Vec<_>, Vec<_>) = got.into_iter().partition(Result::is_ok);
        assert_eq!(ok.len(), 2, "both pages' items were yielded");
        assert_eq!(err.len(), 1);
        assert!(
            err[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("already visited")
        );
    }

    #[tokio::test]
    async fn an_error_on_page_two_comes_after_the_items_already_yielded() {
        let server = MockServer::start_async().await;
        token_mock(&server).await;
        serve(
            &server,
            None,
            &["c1", "c2"],
            "/customers",
            Some("/customers?offset=2"),
        )
        .await;
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/customers")
                    .query_param("offset", "2");
                then.status(404)
                    .json_body(json!({ "code": "NotFound", "message": "gone" }));
            })
            .await;
        let got = ids(&client(&server), 25).await;
        assert_eq!(got.len(), 3);
        assert!(got[0].is_ok() && got[1].is_ok());
        let err = got[2].as_ref().unwrap_err();
        assert!(err.is_not_found(), "{err:?}");
    }
}

#[cfg(not(dwolla_role = "list_and_search_customers.page"))]
#[test]
fn pagination_tests_are_compiled_out() {
    common::say_compiled_out(
        "tests/pages.rs",
        &[
            (
                "listAndSearchCustomers",
                cfg!(dwolla_op = "list_and_search_customers"),
            ),
            (
                "its success type is a HAL page",
                cfg!(dwolla_role = "list_and_search_customers.page"),
            ),
        ],
    );
}
