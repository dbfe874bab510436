//! Keeping secrets and values out of error text: credentials removed from server text, and
//! decode messages that name the field and expected type but never the value.

/// Remove `Basic …` / `Bearer …` credentials and every known secret from `text`.
pub(crate) fn credentials(text: &str, secrets: &[&str]) -> String {
    let mut out = schemes(text);
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if out.contains(s) {
            out = out.replace(s, "[redacted]");
        }
    }
    out
}

/// `Basic xyz` / `Bearer xyz` (any case) → `Basic [redacted]`.
fn schemes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, len)) = next_scheme(rest) {
        let (head, tail) = rest.split_at(at + len);
        out.push_str(head);
        // The credential runs to whitespace, a quote, or the JSON string's escape.
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | ',' | '<'))
            .unwrap_or(tail.len());
        if end > 0 {
            out.push_str("[redacted]");
        }
        rest = tail.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Where the next `basic ` or `bearer ` (ASCII case-insensitive) starts, and its length.
fn next_scheme(s: &str) -> Option<(usize, usize)> {
    let lower = s.to_ascii_lowercase();
    let hits = ["basic ", "bearer "]
        .iter()
        .filter_map(|p| lower.find(p).map(|i| (i, p.len())));
    hits.min()
}

/// A serde message without the values it quotes: `invalid type: string "s3cr3t", expected
/// u64` → `invalid type, expected u64`. Field names (`missing field `x``) are kept.
pub(crate) fn serde_message(msg: &str) -> String {
    // serde_json appends the position; it holds no value.
    let (msg, position) = match msg.rfind(" at line ") {
        Some(i) => (
            msg.get(..i).unwrap_or(msg),
            msg.get(i..).unwrap_or_default(),
        ),
        None => (msg, ""),
    };
    let keeps_names = ["missing field", "duplicate field", "unknown field"]
        .iter()
        .any(|p| msg.starts_with(p));
    let cleaned = if keeps_names {
        msg.to_string()
    } else if let Some(i) = msg.find(", expected ") {
        let what = msg.get(..i).unwrap_or_default();
        let what = what
            .split([':', '`', '"', '\''])
            .next()
            .unwrap_or_default()
            .trim_end();
        // Drop a trailing number (`invalid length 3`): it is the value's size, still data.
        let what = what
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end();
        format!("{what}{}", msg.get(i..).unwrap_or_default())
    } else {
        quoted_removed(msg)
    };
    format!("{cleaned}{position}")
}

/// Replace every `…` or "…" span with `…`.
fn quoted_removed(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut open: Option<char> = None;
    for c in msg.chars() {
        match open {
            Some(q) if c == q => {
                out.push('…');
                out.push(q);
                open = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '`' || c == '"' {
                    open = Some(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_known_secrets_are_removed() {
        let text = r#"{"message":"bad header Authorization: Bearer abc.DEF-123 and basic dXNlcjpwYXNz, secret s3cr3t-value"}"#;
        let out = credentials(text, &["s3cr3t-value"]);
        assert!(!out.contains("abc.DEF-123"), "{out}");
        assert!(!out.contains("dXNlcjpwYXNz"), "{out}");
        assert!(!out.contains("s3cr3t-value"), "{out}");
        assert!(out.contains("Bearer [redacted]"), "{out}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&out).is_ok(),
            "{out}"
        );
    }

    #[test]
    fn serde_messages_keep_fields_and_types_but_not_values() {
        let cases = [
            (
                r#"invalid type: string "pss_secret", expected u64 at line 1 column 9"#,
                "invalid type, expected u64 at line 1 column 9",
            ),
            (
                "invalid value: integer `42`, expected a string",
                "invalid value, expected a string",
            ),
            (
                "unknown variant `hidden`, expected one of `a`, `b`",
                "unknown variant, expected one of `a`, `b`",
            ),
            ("invalid length 3, expected 2", "invalid length, expected 2"),
            ("missing field `id`", "missing field `id`"),
            ("pattern mismatch in \"zzz\"", "pattern mismatch in \"…\""),
        ];
        for (input, want) in cases {
            assert_eq!(serde_message(input), want, "{input}");
        }
    }
}
