//! Host resources a service uses: `devices` (`/dev/a:/dev/b:rwm`), `gpus` (`all`) and
//! `ulimits` (a number or `{soft, hard}`).

use super::{map_at, str_at, wrong};
use crate::compose::error::LoadError;
use crate::compose::node::{Node, Value};

/// `devices: ["/dev/a:/dev/b:r"]` → `[{source, target, permissions}]`.
pub(super) fn canonicalise_devices(node: &mut Node) -> Result<(), LoadError> {
    let Some(items) = node.as_seq_mut() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, "`devices`", "a list"));
    };
    for item in items {
        let spec = match &item.value {
            Value::Map(_) => continue,
            Value::Str(s) => s.clone(),
            _ => return Err(wrong(item, "a device", "a string or a mapping")),
        };
        let parts: Vec<&str> = spec.split(':').collect();
        let (source, mut target, permissions) = match parts.as_slice() {
            [s] => (*s, "", "rwm"),
            [s, t] => (*s, *t, "rwm"),
            [s, t, p] => (*s, *t, *p),
            _ => {
                return Err(LoadError::invalid(&item.span, format!("the device mapping `{spec}` is ambiguous"))
                    .with_fix("write HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]], or use the long syntax with source, target and permissions"));
            }
        };
        if target.is_empty() {
            target = source;
        }
        let span = item.span.clone();
        *item = map_at(
            vec![("source", str_at(source, &span)), ("target", str_at(target, &span)), ("permissions", str_at(permissions, &span))],
            &span,
        );
    }
    Ok(())
}

/// `gpus: all` → `[{count: all}]` (compose reads any string as "all GPUs").
pub(super) fn canonicalise_gpus(node: &mut Node) -> Result<(), LoadError> {
    match node.value {
        Value::Str(_) => {
            let span = node.span.clone();
            node.value = Value::Seq(vec![map_at(vec![("count", str_at("all", &span))], &span)]);
            Ok(())
        }
        Value::Seq(_) | Value::Null => Ok(()),
        _ => Err(wrong(node, "`gpus`", "`all` or a list of device requests")),
    }
}

/// Each ulimit is a number or a `{soft, hard}` mapping; nothing to rewrite, only to check.
pub(super) fn check_ulimits(node: &Node, field: &str) -> Result<(), LoadError> {
    let Some(map) = node.as_map() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, &format!("`{field}`"), "a mapping"));
    };
    for (key, limit) in map.iter() {
        match &limit.value {
            Value::Int(_) | Value::Map(_) | Value::Str(_) => {}
            _ => return Err(wrong(limit, &format!("`{field}.{}`", key.name), "a number or a {soft, hard} mapping")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn short_and_long_devices_agree() {
        let mut short = from_json(&json!(["/dev/a", "/dev/b:/dev/c", "/dev/d:/dev/e:r"]));
        let mut long = from_json(&json!([
            {"source": "/dev/a", "target": "/dev/a", "permissions": "rwm"},
            {"source": "/dev/b", "target": "/dev/c", "permissions": "rwm"},
            {"source": "/dev/d", "target": "/dev/e", "permissions": "r"}
        ]));
        assert!(canonicalise_devices(&mut short).is_ok() && canonicalise_devices(&mut long).is_ok(), "both parse");
        assert_eq!(plain(&short), plain(&long), "as docker compose config prints them");
        let mut bad = from_json(&json!(["/a:/b:r:x"]));
        assert!(canonicalise_devices(&mut bad).err().is_some_and(|e| e.fix.is_some()), "four parts are ambiguous");
    }

    #[test]
    fn gpus_all_is_count_all() {
        let mut short = from_json(&json!("all"));
        let mut long = from_json(&json!([{"count": "all"}]));
        assert!(canonicalise_gpus(&mut short).is_ok() && canonicalise_gpus(&mut long).is_ok(), "both parse");
        assert_eq!(plain(&short), plain(&long), "gpus: all is one request for all devices");
    }

    #[test]
    fn ulimits_accept_numbers_and_pairs() {
        let ok = from_json(&json!({"nofile": 1000, "nproc": {"soft": 1, "hard": 2}}));
        assert!(check_ulimits(&ok, "ulimits").is_ok(), "numbers and pairs are valid");
        let bad = from_json(&json!({"nofile": [1]}));
        assert!(check_ulimits(&bad, "ulimits").is_err(), "a list is not a ulimit");
    }
}
