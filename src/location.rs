//! What a create returns: the new resource's URL and id, read from the 201 `Location` header.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use url::{Position, Url};

use crate::error::{Error, ErrorKind};

/// A resource Dwolla created, from the response's `Location` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    url: String,
    /// Where the id is in `url` (one allocation per create, not two).
    id: std::ops::Range<usize>,
}

impl Created {
    /// The resource's absolute URL, e.g. `https://api-sandbox.dwolla.com/exchange-sessions/fcd1…`.
    pub fn url(&self) -> &str {
        &self.url
    }
    /// The resource id: the URL's last path segment.
    pub fn id(&self) -> &str {
        self.url.get(self.id.clone()).unwrap_or_default()
    }

    /// A `201`'s `Location`, read once where the response is at hand (resolved against the
    /// URL it came from, after redirects); `None` for any other status. The error is the
    /// reason, made into an [`Error`] by [`Created::outcome`] when it is asked for.
    pub(crate) fn read(
        response: &reqwest::Response,
        api_base: &Url,
    ) -> Option<Result<Self, String>> {
        (response.status() == StatusCode::CREATED)
            .then(|| Self::from_headers(response.headers(), response.url(), api_base))
    }

    /// What a response's `created()` returns: the resource a `201` named, or an
    /// [`ErrorKind::Location`] error carrying the call's key (the resource may exist).
    pub(crate) fn outcome(
        read: Option<&Result<Self, String>>,
        status: StatusCode,
        key: Option<String>,
    ) -> Result<Self, Error> {
        let found = match read {
            Some(Ok(c)) => Ok(c.clone()),
            Some(Err(reason)) => Err(Error::with_status(
                ErrorKind::Location,
                status,
                format!("no usable Location header: {reason}"),
            )),
            None => Err(not_created(status)),
        };
        found.map_err(|e| e.with_idempotency_key(key))
    }

    /// Read `Location` from a created response's headers. It must be present and, once
    /// resolved against `resolve_against` (where the response came from, on the API
    /// origin), a URL on `api_base`'s origin with a non-empty last segment.
    pub(crate) fn from_headers(
        headers: &HeaderMap,
        resolve_against: &Url,
        api_base: &Url,
    ) -> Result<Self, String> {
        let raw = headers
            .get(LOCATION)
            .ok_or_else(|| "the header is missing".to_string())?;
        let origin = api_base
            .as_str()
            .get(..origin_len(api_base))
            .unwrap_or_default();
        if same_origin(resolve_against, api_base)
            && let Some(created) = Self::plain(raw.as_bytes(), origin)
        {
            return Ok(created);
        }
        let raw = raw
            .to_str()
            .map_err(|_| "the header is not visible ASCII".to_string())?;
        Self::parsed(raw, resolve_against, api_base)
    }

    /// Any `Location`: resolved, checked for origin and id.
    fn parsed(raw: &str, resolve_against: &Url, api_base: &Url) -> Result<Self, String> {
        let url = resolve_against
            .join(raw)
            .map_err(|e| format!("`{raw}` is not a URL ({e})"))?;
        if !same_origin(&url, api_base) {
            return Err(format!(
                "`{url}` is not on the API origin {}",
                api_base.origin().ascii_serialization()
            ));
        }
        let path = origin_len(&url)..url[..Position::AfterPath].len();
        let id = last_segment(url.as_str(), path)
            .ok_or_else(|| format!("`{url}` has no resource id in its path"))?;
        Ok(Self {
            url: url.into(),
            id,
        })
    }

    /// The common case without a URL parse (it runs on every create), in one pass over the
    /// header's bytes: `origin/path` or `/path`, where the path has only characters and
    /// segments a URL parser keeps as they are. Anything else goes through the full parse.
    fn plain(raw: &[u8], origin: &str) -> Option<Self> {
        let path = raw.strip_prefix(origin.as_bytes()).unwrap_or(raw);
        if path.first() != Some(&b'/') || path.get(1) == Some(&b'/') {
            return None;
        }
        // The last segment, and whether any segment is `.` or `..`.
        let mut id = 0..0;
        let mut start = 1;
        for i in 1..=path.len() {
            let b = path.get(i).copied().unwrap_or(b'/');
            if b == b'/' {
                let seg = path.get(start..i)?;
                if seg == b"." || seg == b".." {
                    return None;
                }
                id = start..i;
                start = i + 1;
            } else if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')) {
                return None;
            }
        }
        if id.is_empty() {
            return None;
        }
        // Only ASCII passed the loop, so this cannot fail.
        let path = std::str::from_utf8(path).ok()?;
        // Absolute or not, the URL is the origin and the path.
        let mut url = String::with_capacity(origin.len() + path.len());
        url.push_str(origin);
        url.push_str(path);
        let offset = origin.len();
        Some(Self {
            url,
            id: offset + id.start..offset + id.end,
        })
    }
}

/// The last `/`-separated segment of `s[path]`, as a range of `s`; `None` when it is
/// empty (`/exchange-sessions/` names no session).
fn last_segment(s: &str, path: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let p = s.get(path.clone())?;
    let start = p.rfind('/').map_or(0, |i| i + 1);
    (start < p.len()).then(|| path.start + start..path.end)
}

/// Length of `url`'s `scheme://host:port` prefix.
fn origin_len(url: &Url) -> usize {
    url[..Position::BeforePath].len()
}

impl AsRef<str> for Created {
    fn as_ref(&self) -> &str {
        &self.url
    }
}

/// Whether `url` is on `base`'s origin, `origin` being its `scheme://host:port`: the common
/// case in one comparison of bytes, anything else (user info, say) on the parsed parts.
pub(crate) fn on_origin(url: &Url, origin: &str, base: &Url) -> bool {
    let fast = url
        .as_str()
        .strip_prefix(origin)
        .is_some_and(|rest| rest.starts_with('/'));
    fast || same_origin(url, base)
}

/// Same scheme, host and port, without building [`url::Origin`]s (which allocate): this
/// runs on every request.
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    // The parser normalises scheme, host and default port, so equal `scheme://host:port`
    // prefixes are the same origin: the common case, without comparing parsed hosts.
    a[..Position::BeforePath] == b[..Position::BeforePath]
        || (a.scheme() == b.scheme()
            && a.host() == b.host()
            && a.port_or_known_default() == b.port_or_known_default())
}

/// Where a resource argument points: an absolute URL as given (its origin is checked when
/// it is fetched), or one path segment, an id, under `collection` of the API's base URL.
/// Anything else (a path, `..`, a query) would send a request the caller did not mean: a
/// validation error naming `field`.
pub(crate) fn resource_url(
    base: &Url,
    collection: &str,
    arg: &str,
    field: &str,
) -> Result<Url, Error> {
    if let Ok(url) = Url::parse(arg) {
        return Ok(url);
    }
    let one_segment = !arg.is_empty()
        && arg != "."
        && arg != ".."
        && !arg
            .chars()
            .any(|c| matches!(c, '/' | '\\' | '?' | '#') || c.is_whitespace() || c.is_control());
    if !one_segment {
        return Err(Error::validation(
            field,
            format!(
                "must be an absolute URL on the API origin or one id (a single path segment) of {collection}"
            ),
        ));
    }
    base.join(&format!("{collection}/{}", crate::path::encode_path(arg)))
        .map_err(|e| Error::validation(field, format!("makes no URL: {e}")))
}

impl std::fmt::Display for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.url)
    }
}

/// What a create that did not answer `201 Created` is.
pub(crate) fn not_created(status: StatusCode) -> Error {
    Error::with_status(
        ErrorKind::Location,
        status,
        "a create must answer 201 Created; the resource may exist all the same, so retry \
         with the same Idempotency-Key to find out without creating twice",
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
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
        let c = Created::from_headers(&headers("https://api-sandbox.dwolla.com/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d"),
            &base,
            &base,
        )
        .unwrap();
        assert_eq!(c.id(), "fcd15e5f-8d13-4570-a9b7-7fb49e55941d");
        assert_eq!(
            c.url(),
            "https://api-sandbox.dwolla.com/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
        );
    }

    #[test]
    fn the_plain_fast_path_agrees_with_the_full_parse() {
        for base in ["https://api.dwolla.com", "http://127.0.0.1:8080/"] {
            let base = Url::parse(base).unwrap();
            let origin = &base[..Position::BeforePath];
            for loc in [
                "/exchange-sessions/abc-123",
                "/exchange-sessions/abc-123/",
                "/exchange-sessions/",
                "/a/b.c/d_e~f",
                "/a//b",
                "/a/b/.",
                "/a/..",
                "/a/.../b",
                "/x/\u{e9}",
                "https://api.dwolla.com/customers/9",
                "http://127.0.0.1:8080/customers/9",
                "/a/../b",
                "/a/./b",
                "/a%2Fb",
                "/a b",
                "//evil.example/x",
                "https://api.dwolla.com:443/x/1",
                "https://API.dwolla.com/x/1",
                "https://evil.example/x/1",
                "/",
                "x/1",
            ] {
                if let Some(fast) = Created::plain(loc.as_bytes(), origin) {
                    assert_eq!(
                        Ok(fast),
                        Created::parsed(loc, &base, &base),
                        "{loc} on {base}"
                    );
                }
            }
            // Dwolla's own shapes take the fast path.
            assert!(Created::plain(b"/exchange-sessions/abc-123", origin).is_some());
            let absolute = format!("{origin}/exchange-sessions/abc-123");
            assert!(Created::plain(absolute.as_bytes(), origin).is_some());
        }
    }

    #[test]
    fn same_origin_agrees_with_url_origin() {
        let urls = [
            "https://api.dwolla.com",
            "https://api.dwolla.com:443/x",
            "https://api.dwolla.com:8443/",
            "http://api.dwolla.com/",
            "https://API.dwolla.com/a?b",
            "https://api-sandbox.dwolla.com/",
            "http://127.0.0.1:8080/",
            "http://127.0.0.1:8081/",
            "http://[::1]:8080/",
        ];
        for a in urls {
            for b in urls {
                let (a, b) = (Url::parse(a).unwrap(), Url::parse(b).unwrap());
                assert_eq!(same_origin(&a, &b), a.origin() == b.origin(), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn missing_foreign_and_idless_locations_are_errors() {
        let base = Url::parse("https://api.dwolla.com").unwrap();
        let none = Created::from_headers(&HeaderMap::new(), &base, &base).unwrap_err();
        assert!(none.to_string().contains("missing"));
        let foreign =
            Created::from_headers(&headers("https://evil.example/x/1"), &base, &base).unwrap_err();
        assert!(
            foreign.to_string().contains("not on the API origin"),
            "{foreign}"
        );
        let idless =
            Created::from_headers(&headers("https://api.dwolla.com/"), &base, &base).unwrap_err();
        assert!(idless.to_string().contains("no resource id"), "{idless}");
        for empty_last in [
            "/exchange-sessions/",
            "https://api.dwolla.com/exchange-sessions/x/",
        ] {
            let e = Created::from_headers(&headers(empty_last), &base, &base).unwrap_err();
            assert!(
                e.to_string().contains("no resource id"),
                "{empty_last}: {e}"
            );
        }
        let mut h = HeaderMap::new();
        h.insert(LOCATION, HeaderValue::from_bytes(b"/x/\xe9").unwrap());
        let opaque = Created::from_headers(&h, &base, &base).unwrap_err();
        assert!(opaque.to_string().contains("not visible ASCII"), "{opaque}");
    }
}
