//! Document uploads, the two multipart operations the generator cannot express: checked
//! before sending, sent as `multipart/form-data` through the same auth, key and retries.
//! They exist when the spec has them (`dwolla_upload` cfgs), as the whole 2026-01 spec
//! does; the seed does not, and then one test says so.

mod common;

#[cfg(dwolla_upload = "create_customer_document")]
mod uploads {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::common::raw::{RawServer, empty, instant_retries, json, raw_builder, token_json};
    use super::common::*;
    use dwolla_api::{Client, Document, ErrorKind};

    fn raw_client(server: &RawServer) -> Client {
        raw_builder(&server.base)
            .retry(instant_retries())
            .build()
            .unwrap()
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake image bytes";

    /// The document types the spec the crate was built from lists, read here with a plain
    /// walk: every `enum` of a multipart body's properties (none in some revisions).
    fn listed_in_the_spec() -> Vec<String> {
        let path = std::env::var("DWOLLA_OPENAPI_SPEC")
            .ok()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "openapi/dwolla.yaml".into());
        let doc = dwolla_api_codegen::load::read_spec(path.as_ref()).expect("the spec reads");
        let mut listed: Vec<String> = Vec::new();
        for item in doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, i)| i)
        {
            let props = item
                .pointer("/post/requestBody/content/multipart~1form-data/schema/properties")
                .and_then(|p| p.as_object());
            for p in props.into_iter().flatten().map(|(_, p)| p) {
                for v in p["enum"].as_array().into_iter().flatten() {
                    let v = v.as_str().expect("a string enum").to_string();
                    if !listed.contains(&v) {
                        listed.push(v);
                    }
                }
            }
        }
        listed
    }

    #[test]
    fn the_document_types_come_from_the_spec() {
        // `["passport", "license", "idCard", "other"]` on 2026-01; none on revisions
        // whose upload bodies list no types (then any non-empty type is sent).
        assert_eq!(dwolla_api::document_types(), listed_in_the_spec());
    }

    #[test]
    fn bad_documents_are_refused_naming_the_field() {
        // A type the spec does not list; without a list, only an empty type is refused.
        let unknown = if listed_in_the_spec().is_empty() {
            " "
        } else {
            "selfie"
        };
        let cases: [(&str, &str, Vec<u8>, &str); 5] = [
            (unknown, "a.png", PNG.to_vec(), "documentType"),
            ("passport", "a.gif", PNG.to_vec(), "file"),
            ("passport", "a.png", Vec::new(), "file"),
            (
                "passport",
                "a.png",
                vec![0; dwolla_api::MAX_DOCUMENT_BYTES + 1],
                "file",
            ),
            ("passport", "a\".png", PNG.to_vec(), "file"),
        ];
        for (kind, name, bytes, field) in cases {
            let err = Document::from_bytes(kind, name, bytes).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Validation, "{kind} {name}: {err}");
            assert_eq!(err.field(), Some(field), "{kind} {name}: {err}");
        }
        let ok = Document::from_bytes("idCard", "Scan.JPEG", PNG.to_vec()).unwrap();
        assert_eq!(ok.content_type(), "image/jpeg");
        assert_eq!(
            Document::from_bytes("other", "x.pdf", PNG.to_vec())
                .unwrap()
                .content_type(),
            "application/pdf"
        );
    }

    #[tokio::test]
    async fn an_upload_is_multipart_with_both_parts_the_bearer_and_a_key_and_a_retry_resends_it_identically()
     {
        let posts = AtomicUsize::new(0);
        let server = RawServer::start(move |req| match req.path.as_str() {
            "/token" => token_json(),
            _ if posts.fetch_add(1, Ordering::SeqCst) == 0 => empty(503, ""),
            _ => empty(201, "location: /documents/d-1\r\n"),
        });
        let doc = Document::from_bytes("passport", "passport.png", PNG.to_vec()).unwrap();
        let created = raw_client(&server)
            .upload_customer_document(CUSTOMER, &doc)
            .send()
            .await
            .and_then(|r| r.created())
            .unwrap();
        assert_eq!(created.id(), "d-1");

        let posts: Vec<_> = server
            .seen()
            .into_iter()
            .filter(|s| s.path != "/token")
            .collect();
        assert_eq!(posts.len(), 2, "the 503 was retried");
        let first = &posts[0];
        assert_eq!(first.method, "POST");
        assert_eq!(first.path, format!("/customers/{CUSTOMER}/documents"));
        assert_eq!(first.header("accept"), Some(HAL));
        assert_eq!(
            first.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        let key = first.header("idempotency-key").expect("a key");
        let ct = first.header("content-type").expect("a content type");
        let boundary = ct
            .strip_prefix("multipart/form-data; boundary=")
            .expect("multipart");
        let body = String::from_utf8_lossy(&first.body);
        assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
        assert!(
            body.contains(
                "Content-Disposition: form-data; name=\"documentType\"\r\n\r\npassport\r\n"
            ),
            "{body}"
        );
        assert!(
            body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"passport.png\"\r\nContent-Type: image/png\r\n\r\n"),
            "{body}"
        );
        assert!(first.body.windows(PNG.len()).any(|w| w == PNG));
        assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");
        // The retry: the same bytes, the same key.
        assert_eq!(posts[1].body, first.body);
        assert_eq!(posts[1].header("idempotency-key"), Some(key));
        assert_eq!(posts[1].header("content-type"), Some(ct));
    }

    #[tokio::test]
    async fn a_beneficial_owner_upload_goes_to_its_own_path_and_a_failed_one_carries_its_key() {
        let server = RawServer::start(|req| match req.path.as_str() {
            "/token" => token_json(),
            _ => json(400, r#"{"code":"InvalidFileType","message":"bad file"}"#),
        });
        let client = raw_client(&server);
        let doc = Document::from_bytes("license", "l.pdf", PNG.to_vec()).unwrap();
        let err = client
            .upload_beneficial_owner_document("bo-1", &doc)
            .send()
            .await
            .and_then(|r| r.created())
            .unwrap_err();
        assert_eq!(err.code(), Some("InvalidFileType"));
        let key = err
            .idempotency_key()
            .expect("the key it was sent with")
            .to_string();
        let seen = server.seen();
        let post = seen.iter().find(|s| s.path != "/token").unwrap();
        assert_eq!(post.path, "/beneficial-owners/bo-1/documents");
        assert_eq!(post.header("idempotency-key"), Some(key.as_str()));
        // Retrying with that key sends it again.
        let _ = client
            .upload_beneficial_owner_document("bo-1", &doc)
            .idempotency_key(&key)
            .send()
            .await
            .and_then(|r| r.created());
        let last = server.seen().into_iter().last().unwrap();
        assert_eq!(last.header("idempotency-key"), Some(key.as_str()));
    }

    #[tokio::test]
    async fn an_id_that_would_move_the_path_is_refused_before_sending() {
        let server = RawServer::start(|_| token_json());
        let doc = Document::from_bytes("passport", "p.png", PNG.to_vec()).unwrap();
        for id in ["..", ".", "a\\..\\b", ""] {
            let err = raw_client(&server)
                .upload_customer_document(id, &doc)
                .send()
                .await
                .and_then(|r| r.created())
                .unwrap_err();
            assert_eq!(err.field(), Some("id"), "{id:?}: {err}");
        }
        assert!(server.seen().is_empty(), "nothing was sent");
    }
}

#[cfg(not(dwolla_upload = "create_customer_document"))]
#[test]
fn document_upload_tests_are_compiled_out() {
    common::say_compiled_out(
        "tests/documents.rs",
        &[(
            "createCustomerDocument",
            cfg!(dwolla_upload = "create_customer_document"),
        )],
    );
}
