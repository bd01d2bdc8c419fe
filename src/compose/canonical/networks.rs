//! Service `networks` (and `models`): a list of names becomes a mapping of name → null.

use super::wrong;
use crate::compose::error::LoadError;
use crate::compose::node::{Key, Map, Node, Value};

pub(super) fn list_to_map(node: &mut Node, field: &str) -> Result<(), LoadError> {
    let Value::Seq(items) = &node.value else {
        return match node.value {
            Value::Map(_) | Value::Null => Ok(()),
            _ => Err(wrong(node, &format!("`{field}`"), "a list of names or a mapping")),
        };
    };
    let mut map = Map::new();
    for item in items {
        let Some(name) = item.as_str() else {
            return Err(wrong(item, &format!("a `{field}` entry"), "a name"));
        };
        map.insert(Key { name: name.to_string(), span: item.span.clone() }, Node::null(item.span.clone()));
    }
    node.value = Value::Map(map);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn list_and_mapping_agree() {
        let mut short = from_json(&json!(["front", "back"]));
        let mut long = from_json(&json!({"front": null, "back": null}));
        assert!(list_to_map(&mut short, "networks").is_ok() && list_to_map(&mut long, "networks").is_ok(), "both parse");
        assert_eq!(plain(&short), plain(&long), "a list of names is a mapping of names to null");
        let mut bad = from_json(&json!([{"a": 1}]));
        assert!(list_to_map(&mut bad, "networks").is_err(), "entries must be names");
    }
}
