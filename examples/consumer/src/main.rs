//! A dependent service: it builds dwolla-api from its own copy of Dwolla's whole spec
//! (`.cargo/config.toml`) and uses operations only that spec has, against a loopback fake.

use dwolla_api::{Client, Credentials, Environment, RetryPolicy, ops};
use futures::TryStreamExt;
use httpmock::prelude::*;
use serde_json::json;

const HAL: &str = "application/vnd.dwolla.v1.hal+json";

fn customer(id: &str) -> serde_json::Value {
    json!({ "id": id, "type": "receive-only", "status": "unverified", "firstName": "Ann",
            "lastName": "Lee", "email": "ann@example.com", "created": "2025-01-01T00:00:00.000Z",
            "_links": {} })
}

/// A fake Dwolla: a token, two pages of customers, one customer, a create, funding sources.
async fn fake() -> MockServer {
    let server = MockServer::start_async().await;
    let base = server.base_url();
    server
        .mock_async(|when, then| {
            when.method(POST).path("/token");
            then.status(200).json_body(
                json!({ "access_token": "t", "token_type": "bearer", "expires_in": 3600 }),
            );
        })
        .await;
    let page = |ids: &[&str], next: Option<String>| {
        let mut links = json!({ "self": { "href": "x" } });
        if let Some(n) = next {
            links["next"] = json!({ "href": n });
        }
        let items: Vec<_> = ids.iter().map(|i| customer(i)).collect();
        json!({ "_links": links, "_embedded": { "customers": items }, "total": 3 })
    };
    let (first, second) = (
        page(&["c1", "c2"], Some(format!("{base}/customers?offset=2"))),
        page(&["c3"], None),
    );
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/customers")
                .query_param_missing("offset")
                .header("accept", HAL);
            then.status(200)
                .header("content-type", HAL)
                .json_body(first);
        })
        .await;
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/customers")
                .query_param("offset", "2");
            then.status(200)
                .header("content-type", HAL)
                .json_body(second);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/customers/c1");
            then.status(200)
                .header("content-type", HAL)
                .json_body(customer("c1"));
        })
        .await;
    let location = format!("{base}/customers/c-new");
    server
        .mock_async(move |when, then| {
            when.method(POST)
                .path("/customers")
                .header_exists("idempotency-key");
            then.status(201).header("location", location);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/customers/c1/funding-sources");
            then.status(200)
                .header("content-type", HAL)
                .json_body(json!({
                "_links": {}, "_embedded": { "funding-sources": [] } }));
        })
        .await;
    server
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = fake().await;
    let client = Client::builder(
        Environment::custom(&server.base_url())?,
        Credentials::new("consumer-id", "consumer-secret"),
    )
    .retry(RetryPolicy::disabled())
    .build()?;

    let ids: Vec<String> = client
        .list_and_search_customers()
        .limit(2)
        .items()
        .map_ok(|c| {
            serde_json::to_value(c)
                .ok()
                .and_then(|v| v["id"].as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .try_collect()
        .await?;
    println!("customers, paged: {ids:?}");
    assert_eq!(ids, ["c1", "c2", "c3"]);

    let one = client.get_customer().id("c1").send().await?;
    println!(
        "customer c1: {:?}",
        serde_json::to_value(one.into_inner())
            .ok()
            .map(|v| v["status"].clone())
    );

    let body: ops::create_customer::Body = serde_json::from_value(json!({
        "firstName": "Jane", "lastName": "Doe", "email": "jane@example.com", "type": "receive-only"
    }))?;
    let created = client
        .create_customer()
        .body(body)
        .send()
        .await?
        .created()?;
    println!("created customer {}", created.id());
    assert_eq!(created.id(), "c-new");

    let sources = client
        .list_customer_funding_sources()
        .id("c1")
        .send()
        .await?;
    println!(
        "funding sources of c1: {}",
        sources
            .into_inner()
            .embedded
            .map_or(0, |e| e.funding_sources.len())
    );
    println!("consumer: ok");
    Ok(())
}
