//! Derived-revision edits on operations: remove one, rename it and its path parameter,
//! split it under a `#fragment` key, copy it under a trailing slash, reuse an `operationId`.

use serde_json::Value;

use crate::SpecError;
use crate::doc::{METHODS, escape};

/// Remove the operation with `operation_id` (and its path, when nothing else is left).
pub fn remove_operation(doc: &mut Value, operation_id: &str) -> Result<(), SpecError> {
    let not_found = || SpecError::at("#/paths", format!("no operation {operation_id}"));
    let paths = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(not_found)?;
    let mut emptied = None;
    let mut found = false;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let hit = METHODS.into_iter().find(|m| {
            item.get(*m)
                .and_then(|o| o.get("operationId"))
                .and_then(Value::as_str)
                == Some(operation_id)
        });
        if let Some(method) = hit {
            item.remove(method);
            found = true;
            if !METHODS.iter().any(|m| item.contains_key(*m)) {
                emptied = Some(path.clone());
            }
            break;
        }
    }
    if let Some(path) = emptied {
        paths.remove(&path);
    }
    found.then_some(()).ok_or_else(not_found)
}

/// Give the `method` operation at `path` a second operation at `path#fragment` (Dwolla's
/// way to put two operations on one endpoint): the new one, `operation_id`, takes the
/// request body, its schema replaced by `schema`, with `example` on its media type; the
/// original keeps none.
pub fn split_fragment_operation(
    doc: &mut Value,
    path: &str,
    method: &str,
    fragment: &str,
    operation_id: &str,
    schema: Value,
    example: Value,
) -> Result<(), SpecError> {
    let at = format!("#/paths/{}/{method}", escape(path));
    let paths = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SpecError::at("#/paths", "no paths"))?;
    let item = paths
        .get_mut(path)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SpecError::at(&at, "no such path"))?;
    let params = item.get("parameters").cloned();
    let op = item
        .get_mut(method)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SpecError::at(&at, "no such operation"))?;
    let mut body = op
        .remove("requestBody")
        .ok_or_else(|| SpecError::at(&at, "the operation takes no body to move"))?;
    let mut second = op.clone();
    second.insert("operationId".into(), Value::from(operation_id));
    if let Some(media) = body
        .get_mut("content")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.values_mut().next())
        .and_then(Value::as_object_mut)
    {
        media.insert("schema".into(), schema);
        media.insert("example".into(), example);
    }
    second.insert("requestBody".into(), body);
    let mut new_item = serde_json::Map::new();
    new_item.extend(params.map(|p| ("parameters".to_string(), p)));
    new_item.insert(method.to_string(), Value::Object(second));
    paths.insert(format!("{path}#{fragment}"), Value::Object(new_item));
    Ok(())
}

/// Copy the `method` operation at `path` to `path/` (same `operationId`): one endpoint
/// under two keys, and an `operationId` used twice.
pub fn trailing_slash_copy(doc: &mut Value, path: &str, method: &str) -> Result<(), SpecError> {
    let at = format!("#/paths/{}/{method}", escape(path));
    let op = doc
        .pointer(&format!("/paths/{}/{method}", escape(path)))
        .cloned()
        .ok_or_else(|| SpecError::at(&at, "no such operation"))?;
    let paths = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SpecError::at("#/paths", "no paths"))?;
    paths.insert(format!("{path}/"), serde_json::json!({ method: op }));
    Ok(())
}

/// Give the `method` operation at `path` the `operationId` of another operation.
pub fn reuse_operation_id(
    doc: &mut Value,
    path: &str,
    method: &str,
    operation_id: &str,
) -> Result<(), SpecError> {
    let pointer = format!("/paths/{}/{method}", escape(path));
    doc.pointer_mut(&pointer)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SpecError::at(format!("#{pointer}"), "no such operation"))?
        .insert("operationId".into(), Value::from(operation_id));
    Ok(())
}

/// Rename the operation `operation_id` to `new_id` and its path parameter `param` to
/// `new_param`, in the path key and in the operation's (inline) parameter: what Dwolla's
/// "method name" and parameter renames do.
pub fn rename_operation(
    doc: &mut Value,
    operation_id: &str,
    new_id: &str,
    param: &str,
    new_param: &str,
) -> Result<(), SpecError> {
    let not_found = || SpecError::at("#/paths", format!("no operation {operation_id}"));
    let paths = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(not_found)?;
    let (key, method) = paths
        .iter()
        .find_map(|(k, item)| {
            METHODS.iter().find_map(|m| {
                (item
                    .pointer(&format!("/{m}/operationId"))
                    .and_then(Value::as_str)
                    == Some(operation_id))
                .then(|| (k.clone(), m.to_string()))
            })
        })
        .ok_or_else(not_found)?;
    let at = format!("#/paths/{}/{method}", escape(&key));
    let mut item = paths.remove(&key).ok_or_else(not_found)?;
    let op = item
        .get_mut(&method)
        .and_then(Value::as_object_mut)
        .ok_or_else(not_found)?;
    op.insert("operationId".into(), Value::from(new_id));
    let renamed = op
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .find(|p| {
            p.get("name").and_then(Value::as_str) == Some(param)
                && p.get("in").and_then(Value::as_str) == Some("path")
        })
        .map(|p| p["name"] = Value::from(new_param));
    if renamed.is_none() {
        return Err(SpecError::at(
            &at,
            format!("no inline path parameter `{param}`"),
        ));
    }
    let new_key = key.replace(&format!("{{{param}}}"), &format!("{{{new_param}}}"));
    paths.insert(new_key, item);
    Ok(())
}
