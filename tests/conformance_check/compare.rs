//! Comparing an example with what the generated type serialised back.

use serde_json::Value;

/// Equal as JSON, or equal once read as what the type holds: the same number written
/// as `1` or `1.0`, the same instant written with other RFC 3339 precision.
fn same_scalar(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => {
            match (
                chrono::DateTime::parse_from_rfc3339(x),
                chrono::DateTime::parse_from_rfc3339(y),
            ) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }
        _ => false,
    }
}

fn is_empty_collection(v: &Value) -> bool {
    matches!(v, Value::Array(a) if a.is_empty()) || matches!(v, Value::Object(o) if o.is_empty())
}

/// Where two JSON values first differ, as a path.
pub fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let p = format!("{at}/{k}");
                match (x.get(k), y.get(k)) {
                    (Some(l), Some(r)) => {
                        if let Some(d) = first_difference(l, r, &p) {
                            return Some(d);
                        }
                    }
                    // typify leaves out empty optional collections when serialising.
                    (Some(l), None) if is_empty_collection(l) => {}
                    (Some(l), None) => {
                        return Some(format!(
                            "{p}: {l} in the example, missing after the round trip"
                        ));
                    }
                    (None, Some(r)) => {
                        return Some(format!(
                            "{p}: missing in the example, {r} after the round trip"
                        ));
                    }
                    (None, None) => {}
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (l, r))| first_difference(l, r, &format!("{at}/{i}"))),
        _ if same_scalar(a, b) => None,
        _ => Some(format!(
            "{at}: {a} in the example, {b} after the round trip"
        )),
    }
}
