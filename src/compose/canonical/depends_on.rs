//! `depends_on`: a list of service names becomes a mapping with compose's defaults
//! (`condition: service_started`, `required: true`).

use super::{bool_at, map_at, str_at, wrong};
use crate::compose::error::LoadError;
use crate::compose::node::{Key, Map, Node, Value};

pub(super) fn canonicalise_depends_on(node: &mut Node) -> Result<(), LoadError> {
    match &mut node.value {
        Value::Seq(items) => {
            let mut map = Map::new();
            for item in items.iter() {
                let Some(name) = item.as_str() else {
                    return Err(wrong(item, "a `depends_on` entry", "a service name"));
                };
                let entry = map_at(
                    vec![("condition", str_at("service_started", &item.span)), ("required", bool_at(true, &item.span))],
                    &item.span,
                );
                map.insert(Key { name: name.to_string(), span: item.span.clone() }, entry);
            }
            node.value = Value::Map(map);
            Ok(())
        }
        Value::Map(map) => {
            for (key, dep) in map.iter_mut() {
                let span = dep.span.clone();
                let Some(dep_map) = dep.as_map_mut() else {
                    return Err(wrong(dep, &format!("`depends_on.{}`", key.name), "a mapping"));
                };
                if !dep_map.contains_key("condition") {
                    dep_map.set("condition", str_at("service_started", &span));
                }
                if !dep_map.contains_key("required") {
                    dep_map.set("required", bool_at(true, &span));
                }
            }
            Ok(())
        }
        Value::Null => Ok(()),
        _ => Err(wrong(node, "`depends_on`", "a list of service names or a mapping")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn list_and_mapping_agree() {
        let mut short = from_json(&json!(["db", "cache"]));
        let mut long = from_json(&json!({"db": {}, "cache": {"condition": "service_started", "required": true}}));
        assert!(canonicalise_depends_on(&mut short).is_ok(), "a list of names is valid");
        assert!(canonicalise_depends_on(&mut long).is_ok(), "a mapping is valid");
        assert_eq!(plain(&short), plain(&long), "both give condition service_started, required true");
        let mut healthy = from_json(&json!({"db": {"condition": "service_healthy"}}));
        assert!(canonicalise_depends_on(&mut healthy).is_ok(), "a condition is kept");
        assert_eq!(plain(&healthy), json!({"db": {"condition": "service_healthy", "required": true}}), "only missing fields are added");
    }

    #[test]
    fn wrong_shapes_are_rejected() {
        for bad in [json!("db"), json!([1]), json!({"db": "x"})] {
            let mut node = from_json(&bad);
            let kind = canonicalise_depends_on(&mut node).err().map(|e| e.kind);
            assert_eq!(kind, Some(crate::compose::ErrorKind::WrongType), "{bad} is not a depends_on");
        }
    }
}
