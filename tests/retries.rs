//! Retries, idempotency keys, conflicts and token refresh of a create, against the
//! crate's fake Dwolla with faults queued per request.

mod common;

use common::fake::{CUSTOMER, SESSION_PATH, assert_one_create_replayed, fake, fake_client, fast};
use common::{PLAID, create_plaid, plaid};
use dwolla_api::testing::{Fault, RecordedRequest};
use dwolla_api::{ErrorKind, RetryPolicy};

fn assert_all_posts_to_session_path(requests: &[RecordedRequest]) {
    for r in requests {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", SESSION_PATH));
    }
}

#[tokio::test]
async fn a_500_is_retried_with_the_same_generated_idempotency_key_and_identical_body() {
    let fake = fake();
    fake.push_fault(Fault::json(
        500,
        r#"{"code":"ServerError","message":"boom"}"#,
    ));
    let client = fake_client(&fake, fast());

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("retry succeeds");

    let created = fake.sessions();
    assert_eq!(created.len(), 1);
    assert_eq!(session.id(), created[0].id);
    assert_eq!(session.url(), fake.session_url(&created[0].id));
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2, "exactly two POSTs");
    assert_all_posts_to_session_path(&posts);
    let k1 = posts[0]
        .header("idempotency-key")
        .expect("first attempt has a key");
    let k2 = posts[1].header("idempotency-key").expect("retry has a key");
    assert_eq!(k1, k2, "the retry reuses the key");
    let uuid = uuid::Uuid::parse_str(k1).expect("generated key is a UUID");
    assert_eq!(uuid.get_version_num(), 4, "generated key is a UUID v4");
    assert!(!posts[0].body.is_empty());
    assert_eq!(posts[0].body, posts[1].body, "byte-identical bodies");
    assert_eq!(
        posts[0].json(),
        Some(serde_json::json!({ "_links": { "exchange-partner": { "href": PLAID } } }))
    );
    assert_eq!(fake.token_requests(), 1, "one token serves both attempts");
}

#[tokio::test]
async fn separate_calls_get_separate_generated_idempotency_keys() {
    let fake = fake();
    let client = fake_client(&fake, fast());
    create_plaid(&client, CUSTOMER).await.unwrap();
    create_plaid(&client, CUSTOMER).await.unwrap();
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_ne!(
        posts[0].header("idempotency-key"),
        posts[1].header("idempotency-key")
    );
    assert_eq!(fake.sessions_created(), 2);
}

#[tokio::test]
async fn a_caller_supplied_idempotency_key_is_sent_unchanged_on_every_attempt() {
    let fake = fake();
    fake.push_fault(Fault::empty(502));
    fake.push_fault(Fault::empty(502));
    let client = fake_client(&fake, fast());
    let key = "my-key_0123.ABC:xyz";

    let session = client
        .create_exchange_session(CUSTOMER, &plaid())
        .idempotency_key(key)
        .send()
        .await
        .and_then(|r| r.created())
        .expect("third attempt succeeds");

    assert_eq!(session.id(), fake.sessions()[0].id);
    assert_eq!(fake.sessions()[0].idempotency_key, key);
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 3);
    for p in &posts {
        assert_eq!(p.header("idempotency-key"), Some(key));
        assert_eq!(p.body, posts[0].body);
    }
}

#[tokio::test]
async fn three_503s_with_max_attempts_3_return_the_503_after_exactly_3_attempts() {
    let fake = fake();
    fake.script(|_| {
        Some(
            Fault::json(
                503,
                r#"{"code":"ServiceUnavailable","message":"try later"}"#,
            )
            .header("X-Request-ID", "req-503"),
        )
    });
    let client = fake_client(&fake, fast().max_attempts(3));

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.kind() == ErrorKind::Api, "{err:?}");
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(err.request_id(), Some("req-503"));
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 3, "exactly 3 attempts");
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_and_succeeds() {
    let fake = fake();
    fake.push_fault(Fault::Drop);
    let client = fake_client(&fake, fast());

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("retry after a dropped connection");

    assert_eq!(session.id(), fake.sessions()[0].id);
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn a_dropped_connection_without_retries_is_a_transport_error() {
    let fake = fake();
    fake.push_fault(Fault::Drop);
    let client = fake_client(&fake, RetryPolicy::disabled());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.kind() == ErrorKind::Transport, "{err:?}");
    assert!(!err.is_timeout());
    assert_eq!(fake.api_requests().len(), 1);
}

#[tokio::test]
async fn a_500_after_the_commit_is_retried_with_the_same_key_and_replays_the_one_session() {
    let fake = fake();
    fake.push_fault(Fault::CommitThenFail(500));
    let client = fake_client(&fake, fast());

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("the retry is answered with the committed session");

    assert_eq!(fake.sessions_created(), 1, "never a second session");
    assert_eq!(session.id(), fake.sessions()[0].id);
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2);
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn a_409_is_a_conflict_error_after_one_attempt_explaining_the_idempotency_key() {
    let fake = fake();
    fake.push_fault(Fault::json(
        409,
        r#"{"code":"Conflict","message":"A request with this idempotency key is already being processed."}"#,
    ));
    let client = fake_client(&fake, fast());

    let err = client
        .create_exchange_session(CUSTOMER, &plaid())
        .idempotency_key("dup-key")
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();

    assert!(err.kind() == ErrorKind::Conflict, "{err:?}");
    assert!(err.is_conflict());
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("Conflict"));
    assert_eq!(fake.api_requests().len(), 1, "a 409 is never retried");
    let text = err.to_string();
    assert!(text.contains("409"), "{text}");
    assert!(text.contains("Idempotency-Key"), "{text}");
    assert!(
        text.contains("still being processed") && text.contains("different body"),
        "{text}"
    );
}

#[tokio::test]
async fn a_key_reused_with_another_body_is_a_conflict_from_the_fake_and_not_retried() {
    let fake = fake();
    let client = fake_client(&fake, fast());
    let key = "reused-key";
    let mx = dwolla_api::ExchangeSessionRequest::mx(common::MX).unwrap();

    client
        .create_exchange_session(CUSTOMER, &plaid())
        .idempotency_key(key)
        .send()
        .await
        .and_then(|r| r.created())
        .expect("the first create");
    let err = client
        .create_exchange_session(CUSTOMER, &mx)
        .idempotency_key(key)
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();

    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(fake.api_requests().len(), 2, "one POST each");
    assert_eq!(fake.sessions_created(), 1);
}

#[tokio::test]
async fn a_400_is_a_validation_error_and_not_retried() {
    let fake = fake();
    fake.push_fault(Fault::json(
        400,
        r#"{"code":"ValidationError","message":"Validation error(s) present. See embedded errors list for more details.","_embedded":{"errors":[{"code":"Invalid","message":"Invalid parameter.","path":"/_links/exchange-partner/href"}]}}"#,
    ));
    let client = fake_client(&fake, fast());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.is_validation(), "{err:?}");
    assert_eq!(err.status(), Some(400));
    assert_eq!(fake.api_requests().len(), 1, "a 400 is never retried");
    assert!(
        err.to_string().contains("/_links/exchange-partner/href"),
        "{err}"
    );
}

#[tokio::test]
async fn with_retries_disabled_the_first_500_is_returned_after_one_attempt() {
    let fake = fake();
    fake.push_fault(Fault::json(
        500,
        r#"{"code":"ServerError","message":"boom"}"#,
    ));
    let client = fake_client(&fake, RetryPolicy::disabled());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.kind() == ErrorKind::Api, "{err:?}");
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.code(), Some("ServerError"));
    assert_eq!(fake.api_requests().len(), 1);
    assert_eq!(fake.sessions_created(), 0);
}

#[tokio::test]
async fn an_expired_token_401_refreshes_the_token_and_retries_once_with_the_new_token() {
    let fake = fake();
    fake.push_fault(Fault::ExpiredToken);
    let client = fake_client(&fake, fast());

    let session = create_plaid(&client, CUSTOMER)
        .await
        .expect("refresh and retry succeed");

    assert_eq!(session.id(), fake.sessions()[0].id);
    assert_eq!(fake.token_requests(), 2, "the token was refreshed");
    let tokens = fake.issued_tokens();
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 2, "retried once");
    assert_eq!(
        posts[0].header("authorization"),
        Some(format!("Bearer {}", tokens[0]).as_str())
    );
    assert_eq!(
        posts[1].header("authorization"),
        Some(format!("Bearer {}", tokens[1]).as_str()),
        "the retry carries the NEW token"
    );
    assert_one_create_replayed(&posts);
}

#[tokio::test]
async fn a_token_the_server_expired_is_refreshed_on_the_next_call() {
    let fake = fake();
    let client = fake_client(&fake, fast());
    create_plaid(&client, CUSTOMER).await.unwrap();
    fake.expire_tokens();

    create_plaid(&client, CUSTOMER)
        .await
        .expect("refresh and retry succeed");

    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.sessions_created(), 2);
    let posts = fake.api_requests();
    assert_eq!(posts.len(), 3, "one create, then a 401 and its retry");
    assert_eq!(posts[2].header("authorization"), Some("Bearer tok-2"));
}

#[tokio::test]
async fn an_expired_token_401_twice_is_refreshed_only_once_then_returned() {
    let fake = fake();
    fake.script(|_| Some(Fault::ExpiredToken));
    let client = fake_client(&fake, fast());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("ExpiredAccessToken"));
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.api_requests().len(), 2);
}

#[tokio::test]
async fn an_invalid_scope_401_is_returned_without_refresh_or_retry() {
    let fake = fake();
    fake.push_fault(Fault::json(
        401,
        r#"{"code":"InvalidScope","message":"Missing or invalid scopes for requested endpoint"}"#,
    ));
    let client = fake_client(&fake, fast());

    let err = create_plaid(&client, CUSTOMER).await.unwrap_err();

    assert!(err.is_invalid_scope(), "{err:?}");
    assert_eq!(fake.api_requests().len(), 1, "only one POST");
    assert_eq!(fake.token_requests(), 1, "only one token request");
}

#[tokio::test]
async fn a_caller_supplied_idempotency_key_that_is_not_a_header_value_is_refused_before_sending() {
    let fake = fake();
    let client = fake_client(&fake, fast());

    let err = client
        .create_exchange_session(CUSTOMER, &plaid())
        .idempotency_key("bad\nkey")
        .send()
        .await
        .and_then(|r| r.created())
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Validation, "{err:?}");
    assert_eq!(err.field(), Some("Idempotency-Key"), "{err:?}");
    assert!(fake.api_requests().is_empty(), "nothing was sent");
}
