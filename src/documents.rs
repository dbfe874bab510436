//! Document uploads (`multipart/form-data`, which the generator cannot express): the
//! [`Document`] to send, checked before sending, and the hand-written upload calls.

use bytes::{BufMut, Bytes, BytesMut};
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::raw::RawResponse;

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

/// An upload to send, made by [`Client::upload_customer_document`] or
/// [`Client::upload_beneficial_owner_document`]: like every call, set options, then
/// `send().await?`.
#[must_use = "an upload does nothing until it is sent"]
pub struct Upload<'a> {
    client: &'a Client,
    rust_name: &'static str,
    id: String,
    document: &'a Document,
    key: Option<String>,
}

impl std::fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("operation", &self.rust_name)
            .field("id", &self.id)
            .field("document", &self.document)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Upload an identity document for a customer (`POST /customers/{id}/documents`).
    /// Auth, origin and path checks, the `Idempotency-Key`, retries (the same bytes, the
    /// same key) and the error type are those of every call.
    ///
    /// ```no_run
    /// # async fn run(client: dwolla_api::Client) -> Result<(), dwolla_api::Error> {
    /// let scan = std::fs::read("passport.png").expect("a scan");
    /// let document = dwolla_api::Document::from_bytes("passport", "passport.png", scan)?;
    /// let created = client.upload_customer_document("customer-id", &document).send().await?.created()?;
    /// println!("document {}", created.id());
    /// # Ok(()) }
    /// ```
    #[cfg(dwolla_upload = "create_customer_document")]
    pub fn upload_customer_document<'a>(
        &'a self,
        customer_id: &str,
        document: &'a Document,
    ) -> Upload<'a> {
        self.upload("create_customer_document", customer_id, document)
    }

    /// Upload a document for a beneficial owner (`POST /beneficial-owners/{id}/documents`);
    /// like [`upload_customer_document`](Self::upload_customer_document).
    #[cfg(dwolla_upload = "create_beneficial_owner_document")]
    pub fn upload_beneficial_owner_document<'a>(
        &'a self,
        beneficial_owner_id: &str,
        document: &'a Document,
    ) -> Upload<'a> {
        self.upload(
            "create_beneficial_owner_document",
            beneficial_owner_id,
            document,
        )
    }

    #[allow(dead_code)]
    fn upload<'a>(
        &'a self,
        rust_name: &'static str,
        id: &str,
        document: &'a Document,
    ) -> Upload<'a> {
        Upload {
            client: self,
            rust_name,
            id: id.to_string(),
            document,
            key: None,
        }
    }
}

impl Upload<'_> {
    /// Your own `Idempotency-Key`, e.g. the one a failed upload's error carries
    /// ([`Error::idempotency_key`]); otherwise a new UUID, reused on every retry.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Send it; [`RawResponse::created`] is the new document. Every error carries the key
    /// the upload was sent with.
    pub async fn send(self) -> Result<RawResponse> {
        let rust_name = self.rust_name;
        let Some(wire) = table::UPLOADS.iter().find(|u| u.rust_name == rust_name) else {
            return Err(Error::validation(
                "operation",
                format!("`{rust_name}` is not an upload operation of this spec"),
            ));
        };
        let document = self.document;
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
        let state = &self.client.api.inner.state;
        // The one path parameter, whatever the revision calls it.
        let path = match (wire.path.find('{'), wire.path.find('}')) {
            (Some(open), Some(close)) if open < close => format!(
                "{}{}{}",
                wire.path.get(..open).unwrap_or_default(),
                crate::path::encode_path(&self.id),
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
        let read = state
            .execute_read(request, wire.rust_name, self.key)
            .await?;
        Ok(RawResponse::from_read(read))
    }
}
