//! What a create returns: the new resource's URL and id, read from the 201 `Location` header.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use url::Url;

use crate::error::LocationError;

/// A resource Dwolla created, from the response's `Location` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    url: Url,
    id: String,
}

impl Created {
    /// The resource's URL, e.g. `https://api-sandbox.dwolla.com/exchange-sessions/fcd1…`.
    pub fn url(&self) -> &Url {
        &self.url
    }
    /// The resource id: the URL's last path segment.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Read `Location` from a created response. It must be present and, once resolved
    /// against `api_base`, a URL on the API's origin with a non-empty last segment.
    pub(crate) fn from_headers(
        status: StatusCode,
        headers: &HeaderMap,
        api_base: &Url,
    ) -> Result<Self, LocationError> {
        let err = |reason: String| LocationError { status, reason };
        let raw = headers
            .get(LOCATION)
            .ok_or_else(|| err("the header is missing".into()))?;
        let raw = raw
            .to_str()
            .map_err(|_| err("the header is not visible ASCII".into()))?;
        let url = api_base
            .join(raw)
            .map_err(|e| err(format!("`{raw}` is not a URL ({e})")))?;
        if url.origin() != api_base.origin() {
            return Err(err(format!(
                "`{url}` is not on the API origin {}",
                api_base.origin().ascii_serialization()
            )));
        }
        let id = url
            .path_segments()
            .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
            .map(str::to_string)
            .ok_or_else(|| err(format!("`{url}` has no resource id in its path")))?;
        Ok(Self { url, id })
    }
}

impl std::fmt::Display for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.url.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(LOCATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn location_under_the_api_origin_gives_url_and_id() {
        let base = Url::parse("https://api-sandbox.dwolla.com").unwrap();
        let c = Created::from_headers(
            StatusCode::CREATED,
            &headers("https://api-sandbox.dwolla.com/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d"),
            &base,
        )
        .unwrap();
        assert_eq!(c.id(), "fcd15e5f-8d13-4570-a9b7-7fb49e55941d");
        assert_eq!(
            c.url().path(),
            "/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
        );
    }

    #[test]
    fn missing_foreign_and_idless_locations_are_errors() {
        let base = Url::parse("https://api.dwolla.com").unwrap();
        let none =
            Created::from_headers(StatusCode::CREATED, &HeaderMap::new(), &base).unwrap_err();
        assert!(none.reason.contains("missing"));
        let foreign = Created::from_headers(
            StatusCode::CREATED,
            &headers("https://evil.example/x/1"),
            &base,
        )
        .unwrap_err();
        assert!(
            foreign.reason.contains("not on the API origin"),
            "{foreign}"
        );
        let idless = Created::from_headers(
            StatusCode::CREATED,
            &headers("https://api.dwolla.com/"),
            &base,
        )
        .unwrap_err();
        assert!(idless.reason.contains("no resource id"), "{idless}");
    }
}
