//! Path parameters that cannot move a request: the encoder the generated code uses, and the
//! check of every request path against its operation's template before anything is sent.

use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

// progenitor's set (the WHATWG path-segment set plus `/` and `%`), and `\`, which URL
// parsers read as `/` in http(s) URLs.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// Percent-encode one path parameter. The build points the generated code here instead of
/// progenitor's `encode_path`, which leaves `\` as it is, and hands it the parameter itself:
/// encoding as it is written spares a copy of every id.
///
/// A `Display` that fails gives an empty segment, which the path check then refuses
/// (`to_string` would have panicked).
pub fn encode_path<T: fmt::Display + ?Sized>(value: &T) -> String {
    let mut out = Encoded(String::new());
    match write!(out, "{value}") {
        Ok(()) => out.0,
        Err(fmt::Error) => String::new(),
    }
}

struct Encoded(String);

impl fmt::Write for Encoded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend(utf8_percent_encode(s, SEGMENT));
        Ok(())
    }
}

/// A path parameter that would have changed the request's path.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Moved {
    /// The parameters that can have done it (usually one).
    pub(crate) params: Vec<String>,
    pub(crate) reason: &'static str,
}

/// Check `path` (the request URL's path, under `base_path`) against `template`
/// (`/customers/{id}/documents`): the same number of segments, literals unchanged, and no
/// parameter empty or a dot segment. The URL parser has already resolved `.` and `..`, so
/// a dot-segment parameter shows as a segment count or literal that no longer matches.
pub(crate) fn check(path: &str, base_path: &str, template: &str) -> Result<(), Moved> {
    let rel = path
        .strip_prefix(base_path.trim_end_matches('/'))
        .unwrap_or(path);
    // Every request takes this: one pass over the bytes, no allocation. Only a refusal
    // looks closer.
    if fits_all(template.as_bytes(), rel.as_bytes()) {
        return Ok(());
    }
    let sent: Vec<&[u8]> = segments(rel.as_bytes()).collect();
    let want: Vec<&[u8]> = segments(template.as_bytes()).collect();
    if sent.len() == want.len() {
        for (t, s) in want.iter().zip(&sent) {
            if !fits(t, s) {
                return Err(match name(t) {
                    Some(n) => Moved {
                        params: vec![n],
                        reason: "must not be empty, blank, `.`, `..` or contain `\\`",
                    },
                    None => Moved {
                        params: culprits(&want, &sent),
                        reason: "changed a fixed part of the path",
                    },
                });
            }
        }
        return Ok(());
    }
    Err(Moved {
        params: culprits(&want, &sent),
        reason: "must be one path segment: `.`, `..` and `\\` would change the request path",
    })
}

/// The fast check: `sent` is `template` with each parameter one segment that fits. Literal
/// runs are compared whole and each parameter's bytes are scanned once. `false` is not yet a
/// refusal: [`check`] then looks segment by segment (templates this does not follow, such
/// as two parameters in one segment, are decided there).
fn fits_all(template: &[u8], sent: &[u8]) -> bool {
    use memchr::memchr;
    let (mut t, mut s) = (template, sent);
    loop {
        let Some(open) = memchr(b'{', t) else {
            return t == s;
        };
        let (literal, param) = t.split_at(open);
        let Some(rest) = s.strip_prefix(literal) else {
            return false;
        };
        let Some(close) = memchr(b'}', param) else {
            return false;
        };
        let after = param.get(close + 1..).unwrap_or_default();
        // The literal after the parameter in its segment (`.json` of `v{n}.json`).
        let (suffix, next) = after.split_at(memchr(b'/', after).unwrap_or(after.len()));
        let (segment, following) = rest.split_at(memchr(b'/', rest).unwrap_or(rest.len()));
        let Some(value) = segment.strip_suffix(suffix) else {
            return false;
        };
        if !value_ok(value, memchr(b'%', value).is_some()) {
            return false;
        }
        (t, s) = (next, following);
    }
}

// Byte slices split with a closure: a plain loop, cheaper on short paths than `str`'s
// searcher.
fn segments(p: &[u8]) -> impl Iterator<Item = &[u8]> {
    p.strip_prefix(b"/").unwrap_or(p).split(|b| *b == b'/')
}

/// A literal segment is unchanged; a parameter one fits [`param_ok`].
fn fits(template: &[u8], sent: &[u8]) -> bool {
    match template.iter().position(|b| *b == b'{') {
        Some(open) => param_ok(template, open, sent),
        None => template == sent,
    }
}

/// A parameter segment (`{id}`, or `v{n}.json`, `{` at `open`) as sent: literal prefix and
/// suffix kept, the parameter part non-empty and not a dot segment.
fn param_ok(template: &[u8], open: usize, sent: &[u8]) -> bool {
    let (pre, rest) = template.split_at(open);
    let post = match rest.iter().rposition(|b| *b == b'}') {
        Some(close) => rest.get(close + 1..).unwrap_or_default(),
        None => b"",
    };
    let Some(value) = sent.strip_prefix(pre).and_then(|s| s.strip_suffix(post)) else {
        return false;
    };
    value_ok(value, true)
}

/// A parameter's value: not empty, not a dot segment, no encoded `\` (`escaped`: it
/// has a `%` at all).
fn value_ok(value: &[u8], escaped: bool) -> bool {
    // `\` arrives encoded (see `encode_path`): no Dwolla id has one, and unencoded it
    // would have been a separator.
    let refused = value.is_empty()
        || is_dot_segment(value)
        || (escaped && (has_encoded_backslash(value) || is_blank(value)));
    !refused
}

/// Only encoded spaces and tabs: an id left blank, which no resource has.
fn is_blank(mut s: &[u8]) -> bool {
    while let Some(rest) = s.strip_prefix(b"%20").or_else(|| s.strip_prefix(b"%09")) {
        s = rest;
    }
    s.is_empty()
}

fn has_encoded_backslash(s: &[u8]) -> bool {
    s.windows(3)
        .any(|w| matches!(w, [b'%', b'5', c] if c.eq_ignore_ascii_case(&b'c')))
}

fn is_dot_segment(s: &[u8]) -> bool {
    // `%2e%2e` is the longest spelling; an id is longer, and costs nothing here.
    if s.len() > 6 {
        return false;
    }
    let s = String::from_utf8_lossy(s)
        .to_ascii_lowercase()
        .replace("%2e", ".");
    s == "." || s == ".."
}

/// Which parameter, as `.` (dropping itself) or `..` (dropping itself and the segment
/// before it), turns the template into what was sent; every parameter when none alone does.
fn culprits(want: &[&[u8]], sent: &[&[u8]]) -> Vec<String> {
    let explains = |i: usize, dropped: usize| {
        let kept = want
            .iter()
            .enumerate()
            .filter(|(j, _)| *j > i || *j + dropped <= i)
            .map(|(_, t)| *t);
        kept.clone().count() == sent.len() && kept.zip(sent).all(|(t, s)| fits(t, s))
    };
    let found: Vec<String> = want
        .iter()
        .enumerate()
        .filter(|(i, _)| (1..=2).any(|d| d <= i + 1 && explains(*i, d)))
        .filter_map(|(_, t)| name(t))
        .collect();
    if found.is_empty() {
        want.iter().filter_map(|t| name(t)).collect()
    } else {
        found
    }
}

fn name(t: &[u8]) -> Option<String> {
    let t = std::str::from_utf8(t).ok()?;
    let (_, rest) = t.split_once('{')?;
    let (n, _) = rest.split_once('}')?;
    Some(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "/customers/{id}/exchange-sessions";

    fn sent(id: &str) -> String {
        let url = format!(
            "https://api.dwolla.com/customers/{}/exchange-sessions",
            encode_path(id)
        );
        url::Url::parse(&url)
            .map(|u| u.path().to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_value_written_in_pieces_is_encoded_as_its_whole_text() {
        struct Pieces;
        impl fmt::Display for Pieces {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a/b")?;
                write!(f, "\\{}%", 7)?;
                f.write_str(" é?")
            }
        }
        assert_eq!(encode_path(&Pieces), encode_path("a/b\\7% é?"));
        assert_eq!(encode_path(&Pieces), "a%2Fb%5C7%25%20%C3%A9%3F");
    }

    #[test]
    fn a_failing_display_gives_an_empty_segment_that_the_check_refuses() {
        struct Broken;
        impl fmt::Display for Broken {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("half")?;
                Err(fmt::Error)
            }
        }
        assert_eq!(encode_path(&Broken), "");
        let path = format!("/customers/{}/exchange-sessions", encode_path(&Broken));
        assert!(check(&path, "/", T).is_err());
    }

    #[test]
    fn ordinary_ids_pass() {
        for id in [
            "74a207b2-b7b7-4efa-8bf8-582148e7b980",
            "a.b",
            "...",
            "%2e%2e",
            "%2E",
            ".%2e",
            "x y",
        ] {
            assert_eq!(check(&sent(id), "/", T), Ok(()), "{id}: {}", sent(id));
        }
    }

    #[test]
    fn dot_segments_and_empty_ids_are_refused_naming_the_parameter() {
        for id in ["..", ".", "", "..\\token", "a\\..\\b", "\\"] {
            let moved = check(&sent(id), "", T).expect_err(id);
            assert_eq!(moved.params, ["id"], "{id}: {}", sent(id));
        }
    }

    #[test]
    fn the_base_path_prefix_is_not_part_of_the_template() {
        assert_eq!(
            check("/api/customers/1/exchange-sessions", "/api/", T),
            Ok(())
        );
        assert!(check("/api/customers/exchange-sessions", "/api", T).is_err());
    }

    #[test]
    fn with_two_parameters_the_one_that_moved_is_named() {
        let t = "/customers/{id}/documents/{documentId}";
        let moved = check("/customers/1/documents", "", t).expect_err("short");
        assert_eq!(moved.params, ["documentId"]);
        let moved = check("/customers/documents/9", "", t).expect_err("short");
        assert_eq!(moved.params, ["id"]);
        let moved = check("/documents/9", "", t).expect_err("popped");
        assert_eq!(moved.params, ["id"]);
    }

    /// The segment-by-segment reading the fast check must agree with.
    fn fits_by_segment(t: &str, s: &str) -> bool {
        let (want, sent): (Vec<_>, Vec<_>) = (
            segments(t.as_bytes()).collect(),
            segments(s.as_bytes()).collect(),
        );
        want.len() == sent.len() && want.iter().zip(&sent).all(|(t, s)| fits(t, s))
    }

    #[test]
    fn the_fast_check_agrees_with_the_segment_by_segment_one() {
        let templates = [
            T,
            "/customers/{id}/documents/{documentId}",
            "/files/v{n}.json",
            "/files/v{n}.json/raw",
            "/{id}",
            "/a/{x}-{y}/b",
        ];
        let values = [
            "1", "abc", ".", "..", "", "%2e", "%2E%2e", "a%5Cb", "a%5cb", "%25", "v1.json",
            "v.json", "x-y", "-", "a/b", "1/2", "a%2Fb",
        ];
        for t in templates {
            let single = !t.contains("}-{");
            for a in values {
                for b in ["9", "", ".."] {
                    // Fill every parameter: the first with `a`, the rest with `b`.
                    let mut s = String::new();
                    let mut rest = t;
                    let mut first = true;
                    while let Some((lit, after)) = rest.split_once('{') {
                        s.push_str(lit);
                        s.push_str(if first { a } else { b });
                        first = false;
                        rest = after.split_once('}').map_or("", |(_, r)| r);
                    }
                    s.push_str(rest);
                    let fast = fits_all(t.as_bytes(), s.as_bytes());
                    let slow = fits_by_segment(t, &s);
                    if single {
                        assert_eq!(fast, slow, "{t} as {s}");
                    } else {
                        assert!(!fast || slow, "{t} as {s}: fast accepted");
                    }
                    assert_eq!(check(&s, "", t).is_ok(), slow, "{t} as {s}");
                }
            }
        }
    }
}
