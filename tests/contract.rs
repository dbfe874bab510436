//! The issue's contract, verbatim, against the whole spec on fake Dwollas on loopback
//! (httpmock, and the crate's `dwolla_api::testing`): operations on the client, creates,
//! idempotency keys, lists following `_links.next`, raw requests, sessions by `Created` or id.
#![cfg(all(
    dwolla_op = "create_customer",
    dwolla_op = "get_customer",
    dwolla_op = "initiate_transfer",
    dwolla_op = "list_and_search_customers",
    dwolla_op = "list_exchange_partners",
    // The contract's lines as written: `get_customer().id(..)`, `limit(200)` (a string in
    // Dwolla's first revisions), the two bodies.
    dwolla_field = "get_customer.path.id",
    dwolla_param = "list_and_search_customers.limit.integer",
    dwolla_role = "create_customer.body",
    dwolla_role = "initiate_transfer.body",
    dwolla_helper = "exchange_session_create"
))]

use std::time::Duration;

use dwolla_api::testing::{FakeDwolla, Fault};
use dwolla_api::{
    Client, Created, Credentials, Environment, ErrorKind, ExchangeSession, ExchangeSessionRequest,
    RetryPolicy, ops,
};
use futures::StreamExt;
use httpmock::prelude::*;
use httpmock::{Mock, When};
use serde_json::{Value, json};

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
const TOKEN: &str = "pBA9fVDBEyYZCEsLf-wKehyh1RTpzjUj5KzIRfDi0wKTii7DqY";
const BASIC: &str = "Basic aWQ6c2VjcmV0"; // base64("id:secret"), the contract's credentials
const CUSTOMER_ID: &str = "fc84223a-609f-42c9-866e-2c98f17ab4fb";
const TRANSFER_ID: &str = "15c6bcce-46f7-e811-8112-e8dd3bececa8";
const PARTY_ID: &str = "b9c3b0f1-7a0e-4f5d-9f0b-3a4c2d1e0f99";
const SESSION_CREATED: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const SESSION_BY_ID: &str = "5e9e2b3a-0f2c-4e43-9d2e-3c1f7b0e8a11";
const PLAID: &str = "f53ffb32-c84f-496a-9d9d-acd100d396ef";
const MX: &str = "2164407f-33c3-4555-a6a1-40d5e9e58744";
const FINICITY: &str = "d652517d-9c02-4ea4-87af-2977e6cf3850";
const SOURCE: &str = "707177c3-bf15-4e7e-b37c-55c3898d9bf4";
const DESTINATION: &str = "ab443d36-3757-44c1-a1b4-29727fb3111c";
const KEY: &str = "idempotency-key";
const FORM: &str = "grant_type=client_credentials";

/// What the contract got back, for the test to check.
struct Outcome {
    created: Created,
    customer: ops::get_customer::Success,
    transfer: Created,
    all: Vec<ops::list_and_search_customers::Item>,
    partner_pages: Vec<ops::list_exchange_partners::Success>,
    party: Created,
    json: Value,
    session: ExchangeSession,
}

// As written (unformatted). Unused here: the prelude (the next line names all it would bring),
// `Client`, `Credentials`, `Environment`, `types` (their line is the first test's), and the
// first `session`, shadowed: the fake checks it (one GET, decoded, or `?` would have returned).
#[rustfmt::skip]
#[allow(unused_imports, unused_variables)]
async fn contract(
    client: Client,
    customer: ops::create_customer::Body,
    t: ops::initiate_transfer::Body,
    value: Value,
    created_session: Created,
) -> Result<Outcome, dwolla_api::Error> {
    use dwolla_api::prelude::*; // whatever the lines below need in scope (e.g. an extension trait)
    use dwolla_api::{Client, Credentials, Environment, Method, types};
    use futures::TryStreamExt;

    // Every generated operation, on the client itself; `?` yields dwolla_api::Error.
    let created = client.create_customer().body(customer).send().await?.created()?; // Created: url(), id()
    let customer = client.get_customer().id(created.id()).send().await?.into_inner();

    // The caller's own idempotency key (otherwise every POST gets one, reused on its retries).
    let transfer = client.initiate_transfer().body(t).idempotency_key("order-42").send().await?.created()?;

    // Lists as streams that follow `_links.next`: items, or whole pages.
    let all: Vec<_> = client.list_and_search_customers().limit(200).items().try_collect().await?;
    let mut pages = client.list_exchange_partners().pages();

    // What the spec lacks, through the same auth, headers, keys, retries, origin checks and error.
    let party = client.request(Method::POST, "/external-parties").json(&value).send().await?.created()?;
    let json: serde_json::Value = client.request(Method::GET, party.url()).send().await?.json()?;

    // Resources by id, URL or `Created`.
    let session = client.retrieve_exchange_session(&created_session).await?;
    let session = client.retrieve_exchange_session("5e9e2b3a-0f2c-4e43-9d2e-3c1f7b0e8a11").await?;

    let mut partner_pages = Vec::new();
    while let Some(page) = pages.try_next().await? {
        partner_pages.push(page);
    }
    Ok(Outcome { created, customer, transfer, all, partner_pages, party, json, session })
}

mod contract_support;
use contract_support::*;

#[tokio::test]
async fn client_new_builds_a_sandbox_client_and_sends_nothing_before_the_first_call()
-> Result<(), dwolla_api::Error> {
    let client = Client::new(Environment::Sandbox, Credentials::new("id", "secret"))?;
    let host = client.base_url().host_str().map(String::from);
    assert_eq!(host.as_deref(), Some("api-sandbox.dwolla.com"));

    // The same on a fake: building it (and a call's builder) sends nothing, not even for a token.
    let fake = FakeDwolla::start().unwrap();
    let client = Client::new(fake.environment(), fake.credentials())?;
    drop(client.create_customer());
    assert_eq!((fake.token_requests(), fake.api_request_count()), (0, 0));
    let err = client.retrieve_exchange_session(SESSION_BY_ID).await;
    assert!(err.unwrap_err().is_not_found());
    assert_eq!((fake.token_requests(), fake.api_request_count()), (1, 1));
    Ok(())
}

#[tokio::test]
async fn the_contract_works_on_a_fake_dwolla() -> Result<(), dwolla_api::Error> {
    let server = MockServer::start_async().await;
    let b = server.base_url();
    let (token, unauthorised, client) = dwolla(&server).await?;

    // The creates: the customer's with a generated UUID v4 key, the transfer's with the
    // caller's, the raw one with the exact bytes of `value` (and some key).
    let customer_at = format!("/customers/{CUSTOMER_ID}");
    let party_at = format!("/external-parties/{PARTY_ID}");
    let session_at = format!("/exchange-sessions/{SESSION_CREATED}");
    let (customer, customer_sent) = customer_body();
    let uuid = |req: &HttpMockRequest| header(req, KEY).is_some_and(|k| is_uuid_v4(&k));
    let uuid_and_body = |w: When| w.json_body(customer_sent).is_true(uuid);
    let create_customer = create(&server, "/customers", CUSTOMER_ID, uuid_and_body).await;
    let source = json!({ "href": format!("{b}/funding-sources/{SOURCE}") });
    let destination = json!({ "href": format!("{b}/funding-sources/{DESTINATION}") });
    let amount = json!({ "currency": "USD", "value": "225.00" });
    let transfer_sent =
        json!({ "_links": { "source": source, "destination": destination }, "amount": amount });
    let t: ops::initiate_transfer::Body = serde_json::from_value(transfer_sent).unwrap();
    let transfer_sent = serde_json::to_value(&t).unwrap(); // as the revision's type sends it
    let order_42 = |w: When| w.header(KEY, "order-42").json_body(transfer_sent);
    let transfer = create(&server, "/transfers", TRANSFER_ID, order_42).await;
    let value = json!({ "name": "Acme Imports", "type": "business" });
    let exact = serde_json::to_string(&value).unwrap();
    let raw = |w: When| w.header_exists(KEY).body(exact);
    let party_create = create(&server, "/external-parties", PARTY_ID, raw).await;
    let sessions = format!("{customer_at}/exchange-sessions");
    let session_create = create(&server, &sessions, SESSION_CREATED, |w: When| w).await;

    // Every GET the contract makes, each to be made once: five customers on three pages,
    // three partners on two, the customer, the party, the two sessions.
    let ids: Vec<String> = (1..=5).map(|i| format!("{CUSTOMER_ID:.35}{i}")).collect();
    let customers: Vec<Value> = ids.iter().map(|id| customer_json(&b, id)).collect();
    let mut gets = pages(&server, "/customers?limit=200", &customers).await;
    let partner = |(id, name): (&str, &str)| {
        let f = json!({ "name": name, "status": "active", "created": "2022-07-23T00:18:21.419Z" });
        resource(&b, "exchange-partners", id, f)
    };
    let partners = [(PLAID, "Plaid"), (MX, "MX"), (FINICITY, "Finicity")].map(partner);
    gets.extend(pages(&server, "/exchange-partners", &partners).await);
    let party_json = json!({ "name": "Acme Imports", "status": "active" });
    let party_json = resource(&b, "external-parties", PARTY_ID, party_json);
    let session_json = |id: &str, token: &str| {
        let partner = link(format!("{b}/exchange-partners/{PLAID}"), "exchange-partner");
        let fields = json!({ "_links": { "exchange-partner": partner }, "externalProviderSessionToken": token });
        resource(&b, "exchange-sessions", id, fields)
    };
    let by_id_at = format!("/exchange-sessions/{SESSION_BY_ID}");
    for (url, body) in [
        (&customer_at, customer_json(&b, CUSTOMER_ID)),
        (&party_at, party_json.clone()),
        (&session_at, session_json(SESSION_CREATED, "link-created")),
        (&by_id_at, session_json(SESSION_BY_ID, "link-by-id")),
    ] {
        gets.push(get(&server, url, body).await);
    }

    let request = ExchangeSessionRequest::plaid_web(&format!("{b}/exchange-partners/{PLAID}"))?;
    let session = client.create_exchange_session(CUSTOMER_ID, &request);
    let created_session = session.send().await?.created()?;
    assert_eq!(created_session.id(), SESSION_CREATED);

    let out = contract(client, customer, t, value, created_session).await?;

    assert_eq!(out.created.id(), CUSTOMER_ID, "from the Location");
    assert_eq!(out.created.url(), format!("{b}{customer_at}"));
    assert_eq!(id_of(&out.customer), CUSTOMER_ID, "from GET {customer_at}");
    assert_eq!(out.transfer.id(), TRANSFER_ID);
    let all: Vec<Value> = out.all.iter().map(id_of).collect();
    assert_eq!(all, ids, "every page's customers, in order");
    // Counted: what a revision's partner type keeps of each partner varies.
    let sizes: Vec<usize> = out.partner_pages.iter().map(embedded_len).collect();
    assert_eq!(sizes, [2, 1], "{} partners, two a page", partners.len());
    assert_eq!(out.party.url(), format!("{b}{party_at}"));
    assert_eq!(out.json, party_json, "from GET party.url()");
    let session_token = out.session.external_provider_session_token;
    assert_eq!(session_token.as_deref(), Some("link-by-id"), "by its id");

    let creates = [&create_customer, &transfer, &party_create, &session_create];
    for mock in creates.into_iter().chain(&gets) {
        mock.assert_calls_async(1).await;
    }
    token.assert_calls_async(1).await;
    unauthorised.assert_calls_async(0).await;
    Ok(())
}

const VALIDATION: &str = r#"{"code":"ValidationError","message":"Validation error(s) present. See embedded errors list for more details.","_embedded":{"errors":[{"code":"Required","message":"FirstName required.","path":"/firstName","_links":{}}]}}"#;

#[tokio::test]
async fn an_api_error_is_the_crates_error_with_its_status_code_and_the_key_sent() {
    let fake = FakeDwolla::start().unwrap();
    let client = fast_client(&fake);
    fake.push_fault(Fault::json(400, VALIDATION));
    let call = client.create_customer().body(customer_body().0);
    let err = call.send().await.unwrap_err();
    let sent = fake.api_requests();
    assert_eq!(sent.len(), 1, "a 400 is not retried");
    let key = sent[0].header(KEY).expect("a POST has a key");
    assert!(is_uuid_v4(key), "{key}");
    assert_eq!(err.idempotency_key(), Some(key));
    let what = (err.kind(), err.status(), err.code());
    assert_eq!(what, (ErrorKind::Api, Some(400), Some("ValidationError")));
    assert!(err.is_validation());
}

#[tokio::test]
async fn a_503_then_201_retries_the_post_with_the_same_idempotency_key() {
    let fake = FakeDwolla::start().unwrap();
    let location = format!("{}/customers/{CUSTOMER_ID}", fake.base_url());
    fake.push_fault(Fault::status(503));
    fake.script(move |r| {
        let create = r.method == "POST" && r.path == "/customers";
        create.then(|| Fault::empty(201).header("Location", &location))
    });
    let client = fast_client(&fake);

    let call = client.create_customer().body(customer_body().0);
    let response = call.send().await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.created().unwrap().id(), CUSTOMER_ID);

    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2, "the 503, then the retry");
    for p in &posts {
        assert_eq!((p.method.as_str(), p.path.as_str()), ("POST", "/customers"));
        assert_eq!(p.json(), Some(customer_body().1));
    }
    let keys: Vec<_> = posts.iter().map(|p| p.header(KEY)).collect();
    assert_eq!(keys[0], keys[1], "the retry reuses the key");
    assert!(keys[0].is_some_and(is_uuid_v4), "{keys:?}");
    assert_eq!(response.idempotency_key(), keys[0]);
}

#[tokio::test]
async fn a_next_link_off_the_api_origin_ends_the_stream_with_an_error() {
    let server = MockServer::start_async().await;
    let elsewhere = MockServer::start_async().await;
    let b = server.base_url();
    let (_token, unauthorised, client) = dwolla(&server).await.unwrap();
    let next = link(elsewhere.url("/customers?offset=1"), "customer");
    let body = json!({
        "_links": { "self": link(format!("{b}/customers"), "customer"), "next": next },
        "_embedded": { "customers": [customer_json(&b, CUSTOMER_ID)] }, "total": 2
    });
    let first = get(&server, "/customers", body).await;
    let foreign = elsewhere
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;

    let mut pages = client.list_and_search_customers().pages();
    let page = pages.next().await.expect("the first page").unwrap();
    assert_eq!(page.embedded.map(|e| e.customers.len()), Some(1));
    let err = pages.next().await.expect("then an error").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ForeignOrigin, "{err:?}");
    assert!(pages.next().await.is_none(), "and the end");
    first.assert_calls_async(1).await;
    foreign.assert_calls_async(0).await;
    unauthorised.assert_calls_async(0).await;
}
