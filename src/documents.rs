//! Document uploads (`multipart/form-data`, which the generator cannot express): the
//! [`Document`] to send, checked before sending, and the hand-written upload calls.

use bytes::{BufMut, Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use crate::client::{CallOptions, Client};
use crate::context::CallContext;
use crate::error::{Error, Result};
use crate::location::Created;

mod table {
    include!(concat!(env!("OUT_DIR"), "/dwolla_uploads.rs"));
}

/// The largest file Dwolla takes: 10 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// File types Dwolla takes, by extension, with the content type sent for each.
const FILE_TYPES: &[(&str, &str)] = &[
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("pdf", "application/pdf"),
];

/// Wire facts of one upload operation (the table is generated from the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadWire {
    /// The key of the hand-written call (`create_customer_document`, ...), found by endpoint.
    pub rust_name: &'static str,
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// Path template, e.g. `/customers/{id}/documents`.
    pub path: &'static str,
    /// The form field that names the document's type.
    pub type_field: &'static str,
    /// The document types the spec lists for it; empty when it lists none (then any
    /// non-empty type is sent).
    pub document_types: &'static [&'static str],
}

/// The document types the spec lists (`passport`, `license`, `idCard`, `other` in the
/// 2026-01 spec), read from the spec at build time. Empty when its upload operations list
/// none: then [`Document::from_bytes`] takes any non-empty type, and Dwolla judges it.
pub fn document_types() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    for t in table::UPLOADS.iter().flat_map(|u| u.document_types.iter()) {
        if !all.contains(t) {
            all.push(t);
        }
    }
    all
}

/// A document to upload: its type, file name, content type (from the file name) and bytes.
///
/// ```
/// let doc = dwolla_api::Document::from_bytes("passport", "scan.png", vec![0x89, b'P', b'N', b'G'])?;
/// assert_eq!(doc.content_type(), "image/png");
/// assert!(dwolla_api::Document::from_bytes("passport", "scan.gif", vec![1]).is_err());
/// # Ok::<(), dwolla_api::Error>(())
/// ```
#[derive(Clone)]
pub struct Document {
    document_type: String,
    file_name: String,
    content_type: &'static str,
    bytes: Bytes,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The bytes are an identity document: their size is all `Debug` shows.
        f.debug_struct("Document")
            .field("document_type", &self.document_type)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Document {
    /// A document of `document_type` (one of [`document_types`], or any non-empty type when
    /// the spec lists none) from a file's bytes.
    /// Refused, naming the field: an unknown or empty type (`documentType`); a file name that is not
    /// `.jpg`, `.jpeg`, `.png` or `.pdf`, an empty file, or one over 10 MiB (`file`).
    pub fn from_bytes(
        document_type: &str,
        file_name: &str,
        bytes: impl Into<Bytes>,
    ) -> Result<Self> {
        let bytes = bytes.into();
        let known = document_types();
        if document_type.trim().is_empty() {
            return Err(Error::validation("documentType", "is empty"));
        }
        if !known.is_empty() && !known.contains(&document_type) {
            return Err(Error::validation(
                "documentType",
                format!("`{document_type}` is not one of {}", known.join(", ")),
            ));
        }
        if file_name.is_empty() || file_name.contains(['"', '\r', '\n', '\\', '/']) {
            return Err(Error::validation(
                "file",
                "the file name must be a plain name without quotes, slashes or line breaks",
            ));
        }
        let ext = file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let Some((_, content_type)) = FILE_TYPES.iter().find(|(e, _)| *e == ext) else {
            return Err(Error::validation(
                "file",
                format!("`{file_name}`: Dwolla takes .jpg, .jpeg, .png and .pdf files"),
            ));
        };
        if bytes.is_empty() {
            return Err(Error::validation("file", "is empty"));
        }
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::validation(
                "file",
                format!(
                    "is {} bytes; Dwolla takes at most {MAX_DOCUMENT_BYTES}",
                    bytes.len()
                ),
            ));
        }
        Ok(Document {
            document_type: document_type.to_string(),
            file_name: file_name.to_string(),
            content_type,
            bytes,
        })
    }

    /// The document type.
    pub fn document_type(&self) -> &str {
        &self.document_type
    }
    /// The file name sent.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }
    /// The content type sent for the file, from its name.
    pub fn content_type(&self) -> &str {
        self.content_type
    }

    /// The `multipart/form-data` body and its boundary: built once, so every retry sends
    /// the same bytes.
    fn form(&self, type_field: &str) -> (String, Bytes) {
        let mut boundary = format!("dwolla-api-{}", uuid::Uuid::new_v4().simple());
        // A boundary must not occur in the parts; a random one practically never does.
        while contains(&self.bytes, boundary.as_bytes()) {
            boundary = format!("dwolla-api-{}", uuid::Uuid::new_v4().simple());
        }
        let mut body = BytesMut::with_capacity(self.bytes.len().saturating_add(512));
        body.put_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{type_field}\"\r\n\r\n{}\r\n", self.document_type).as_bytes());
        body.put_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                self.file_name, self.content_type
            )
            .as_bytes(),
        );
        body.put_slice(&self.bytes);
        body.put_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (boundary, body.freeze())
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

impl Client {
    /// Upload an identity document for a customer (`POST /customers/{id}/documents`) and
    /// return the document's `Location`. Auth, origin and path checks, the
    /// `Idempotency-Key`, retries (the same bytes, the same key) and the error type are
    /// those of every call.
    ///
    /// ```no_run
    /// # async fn run(client: dwolla_api::Client) -> Result<(), dwolla_api::Error> {
    /// let scan = std::fs::read("passport.png").expect("a scan");
    /// let document = dwolla_api::Document::from_bytes("passport", "passport.png", scan)?;
    /// let created = client.upload_customer_document("customer-id", &document).await?;
    /// println!("document {}", created.id());
    /// # Ok(()) }
    /// ```
    #[cfg(dwolla_upload = "create_customer_document")]
    pub async fn upload_customer_document(
        &self,
        customer_id: &str,
        document: &Document,
    ) -> Result<Created> {
        self.upload_customer_document_with(CallOptions::default(), customer_id, document)
            .await
    }

    /// [`upload_customer_document`](Self::upload_customer_document) with call options,
    /// e.g. the idempotency key of an upload that failed ([`Error::idempotency_key`]).
    #[cfg(dwolla_upload = "create_customer_document")]
    pub async fn upload_customer_document_with(
        &self,
        options: CallOptions,
        customer_id: &str,
        document: &Document,
    ) -> Result<Created> {
        self.upload("create_customer_document", options, customer_id, document)
            .await
    }

    /// Upload a document for a beneficial owner (`POST /beneficial-owners/{id}/documents`);
    /// like [`upload_customer_document`](Self::upload_customer_document).
    #[cfg(dwolla_upload = "create_beneficial_owner_document")]
    pub async fn upload_beneficial_owner_document(
        &self,
        beneficial_owner_id: &str,
        document: &Document,
    ) -> Result<Created> {
        self.upload_beneficial_owner_document_with(
            CallOptions::default(),
            beneficial_owner_id,
            document,
        )
        .await
    }

    /// [`upload_beneficial_owner_document`](Self::upload_beneficial_owner_document) with
    /// call options.
    #[cfg(dwolla_upload = "create_beneficial_owner_document")]
    pub async fn upload_beneficial_owner_document_with(
        &self,
        options: CallOptions,
        beneficial_owner_id: &str,
        document: &Document,
    ) -> Result<Created> {
        self.upload(
            "create_beneficial_owner_document",
            options,
            beneficial_owner_id,
            document,
        )
        .await
    }

    /// Upload `document` with the upload operation `rust_name`; every error carries the
    /// key the upload was sent with.
    async fn upload(
        &self,
        rust_name: &str,
        options: CallOptions,
        id: &str,
        document: &Document,
    ) -> Result<Created> {
        let ctx = CallContext::for_create(options.idempotency_key);
        self.upload_in(rust_name, id, document, &ctx)
            .await
            .map_err(|e| e.with_idempotency_key(ctx.sent_key()))
    }

    async fn upload_in(
        &self,
        rust_name: &str,
        id: &str,
        document: &Document,
        ctx: &CallContext,
    ) -> Result<Created> {
        let Some(wire) = table::UPLOADS.iter().find(|u| u.rust_name == rust_name) else {
            return Err(Error::validation(
                "operation",
                format!("`{rust_name}` is not an upload operation of this spec"),
            ));
        };
        if !wire.document_types.is_empty()
            && !wire.document_types.contains(&document.document_type())
        {
            return Err(Error::validation(
                wire.type_field,
                format!(
                    "`{}` is not one of {}",
                    document.document_type(),
                    wire.document_types.join(", ")
                ),
            ));
        }
        let state = &self.api.inner.state;
        // The one path parameter, whatever the revision calls it.
        let path = match (wire.path.find('{'), wire.path.find('}')) {
            (Some(open), Some(close)) if open < close => format!(
                "{}{}{}",
                wire.path.get(..open).unwrap_or_default(),
                crate::path::encode_path(id),
                wire.path.get(close + 1..).unwrap_or_default()
            ),
            _ => return Err(Error::config("the upload path has no parameter")),
        };
        let url = state
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| Error::validation("id", format!("makes no URL: {e}")))?;
        if let Err(moved) = crate::path::check(url.path(), state.base.path(), wire.path) {
            return Err(Error::validation(moved.params.join(", "), moved.reason));
        }
        let (boundary, body) = document.form(wire.type_field);
        let content_type =
            HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                .map_err(|_| Error::config("multipart boundary"))?;
        let request = state
            .http
            .post(url)
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .build()
            .map_err(Error::transport)?;
        let (status, headers, _) = state.send_raw(request, wire.rust_name, ctx).await?;
        if status != StatusCode::CREATED {
            return Err(crate::call::not_created(status));
        }
        ctx.take_created()
            .unwrap_or_else(|| Created::from_headers(status, &headers, &state.base, &state.base))
    }
}
