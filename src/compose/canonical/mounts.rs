//! Fields that name a file or another definition in short form: service `secrets`/`configs`
//! (`- name` → `{source: name}`), `env_file` and `extends`.

use super::{bool_at, map_at, wrong};
use crate::compose::error::LoadError;
use crate::compose::node::{Node, Value};

/// `secrets: [name]` → `[{source: name}]`.
pub(super) fn canonicalise_file_mounts(node: &mut Node, field: &str) -> Result<(), LoadError> {
    let Some(items) = node.as_seq_mut() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, &format!("`{field}`"), "a list"));
    };
    for item in items {
        match &item.value {
            Value::Str(_) => {
                let source = Node { tag: None, ..item.clone() };
                *item = map_at(vec![("source", source)], &item.span);
            }
            Value::Map(_) => {}
            _ => return Err(wrong(item, &format!("a `{field}` entry"), "a name or a mapping")),
        }
    }
    Ok(())
}

/// `env_file: a.env` → `[{path: a.env, required: true}]`.
pub(super) fn canonicalise_env_file(node: &mut Node) -> Result<(), LoadError> {
    if let Value::Str(_) = node.value {
        let item = Node { tag: None, ..node.clone() };
        node.value = Value::Seq(vec![item]);
    }
    let Some(items) = node.as_seq_mut() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, "`env_file`", "a path or a list of paths"));
    };
    for item in items {
        let span = item.span.clone();
        match &mut item.value {
            Value::Str(_) => {
                let path = Node { tag: None, ..item.clone() };
                *item = map_at(vec![("path", path), ("required", bool_at(true, &span))], &span);
            }
            Value::Map(m) => {
                if !m.contains_key("required") {
                    m.set("required", bool_at(true, &span));
                }
            }
            _ => return Err(wrong(item, "an `env_file` entry", "a path or a mapping")),
        }
    }
    Ok(())
}

/// `extends: base` → `{service: base}`.
pub(super) fn canonicalise_extends(node: &mut Node) -> Result<(), LoadError> {
    match node.value {
        Value::Str(_) => {
            let service = Node { tag: None, ..node.clone() };
            *node = map_at(vec![("service", service)], &node.span);
            Ok(())
        }
        Value::Map(_) => Ok(()),
        _ => Err(wrong(node, "`extends`", "a service name or a mapping")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn short_and_long_mounts_agree() {
        let mut short = from_json(&json!(["s1"]));
        let mut long = from_json(&json!([{"source": "s1"}]));
        assert!(canonicalise_file_mounts(&mut short, "secrets").is_ok(), "names are valid");
        assert!(canonicalise_file_mounts(&mut long, "secrets").is_ok(), "mappings are valid");
        assert_eq!(plain(&short), plain(&long), "a name is {{source: name}}");
    }

    #[test]
    fn env_file_forms_agree() {
        let mut one = from_json(&json!("a.env"));
        let mut list = from_json(&json!(["a.env"]));
        let mut long = from_json(&json!([{"path": "a.env"}]));
        for node in [&mut one, &mut list, &mut long] {
            assert!(canonicalise_env_file(node).is_ok(), "env_file forms are valid");
        }
        let want = json!([{"path": "a.env", "required": true}]);
        assert_eq!(plain(&one), want, "a single path");
        assert_eq!(plain(&list), want, "a list of paths");
        assert_eq!(plain(&long), want, "long syntax gets required: true");
        let mut optional = from_json(&json!([{"path": "a.env", "required": false}]));
        assert!(canonicalise_env_file(&mut optional).is_ok(), "optional files are valid");
        assert_eq!(plain(&optional), json!([{"path": "a.env", "required": false}]), "required: false is kept");
    }

    #[test]
    fn extends_forms_agree() {
        let mut short = from_json(&json!("base"));
        let mut long = from_json(&json!({"service": "base"}));
        assert!(canonicalise_extends(&mut short).is_ok() && canonicalise_extends(&mut long).is_ok(), "both parse");
        assert_eq!(plain(&short), plain(&long), "a name is {{service: name}}");
        let mut bad = from_json(&json!(["base"]));
        assert!(canonicalise_extends(&mut bad).is_err(), "a list is not an extends");
    }
}
