//! Path parameters that cannot move a request: the encoder the generated code uses, and the
//! check of every request path against its operation's template before anything is sent.

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
/// progenitor's `encode_path`, which leaves `\` as it is.
pub fn encode_path(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
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
    let param = |t: &str| t.contains('{');
    let fits = |t: &str, s: &str| if param(t) { param_ok(t, s) } else { t == s };
    // Every request takes this: one pass, no allocation. Only a refusal looks closer.
    if segments(rel).count() == segments(template).count()
        && segments(template)
            .zip(segments(rel))
            .all(|(t, s)| fits(t, s))
    {
        return Ok(());
    }
    let sent: Vec<&str> = segments(rel).collect();
    let want: Vec<&str> = segments(template).collect();
    if sent.len() == want.len() {
        for (t, s) in want.iter().zip(&sent) {
            if !fits(t, s) {
                return Err(match name(t) {
                    Some(n) => Moved {
                        params: vec![n],
                        reason: "must not be empty, `.`, `..` or contain `\\`",
                    },
                    None => Moved {
                        params: culprits(&want, &sent, fits),
                        reason: "changed a fixed part of the path",
                    },
                });
            }
        }
        return Ok(());
    }
    Err(Moved {
        params: culprits(&want, &sent, fits),
        reason: "must be one path segment: `.`, `..` and `\\` would change the request path",
    })
}

fn segments(p: &str) -> impl Iterator<Item = &str> {
    p.strip_prefix('/').unwrap_or(p).split('/')
}

/// A parameter segment (`{id}`, or `v{n}.json`) as sent: literal prefix and suffix kept,
/// the parameter part non-empty and not a dot segment.
fn param_ok(template: &str, sent: &str) -> bool {
    let (pre, rest) = template.split_once('{').unwrap_or((template, ""));
    let post = rest.rsplit_once('}').map_or("", |(_, p)| p);
    let Some(value) = sent.strip_prefix(pre).and_then(|s| s.strip_suffix(post)) else {
        return false;
    };
    // `\` arrives encoded (see `encode_path`): no Dwolla id has one, and unencoded it
    // would have been a separator.
    !value.is_empty() && !is_dot_segment(value) && !has_encoded_backslash(value)
}

fn has_encoded_backslash(s: &str) -> bool {
    s.as_bytes()
        .windows(3)
        .any(|w| matches!(w, [b'%', b'5', c] if c.eq_ignore_ascii_case(&b'c')))
}

fn is_dot_segment(s: &str) -> bool {
    // `%2e%2e` is the longest spelling; an id is longer, and costs nothing here.
    if s.len() > 6 {
        return false;
    }
    let s = s.to_ascii_lowercase().replace("%2e", ".");
    s == "." || s == ".."
}

/// Which parameter, as `.` (dropping itself) or `..` (dropping itself and the segment
/// before it), turns the template into what was sent; every parameter when none alone does.
fn culprits(want: &[&str], sent: &[&str], fits: impl Fn(&str, &str) -> bool) -> Vec<String> {
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

fn name(t: &str) -> Option<String> {
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
}
