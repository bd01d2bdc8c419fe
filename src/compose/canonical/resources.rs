//! Top-level `networks`, `volumes`, `secrets`, `configs` and `include`.
//!
//! The deprecated `external: {name: x}` becomes `external: true` with `name: x`; labels get
//! their mapping form; an `include` entry given as a path becomes `{path: ...}`.

use super::mapping::{Bare, canonicalise_mapping};
use super::{bool_at, map_at, wrong};
use crate::compose::error::{LoadError, Warning};
use crate::compose::node::{Node, Value};

pub(super) fn canonicalise_section(kind: &str, section: &mut Node) -> Result<(), LoadError> {
    let Some(entries) = section.as_map_mut() else {
        if section.is_null() {
            return Ok(());
        }
        return Err(wrong(section, &format!("`{kind}`"), "a mapping of names to definitions"));
    };
    for (key, resource) in entries.iter_mut() {
        let Some(res) = resource.as_map_mut() else {
            if resource.is_null() {
                continue;
            }
            return Err(wrong(resource, &format!("`{kind}.{}`", key.name), "a mapping"));
        };
        if let Some(labels) = res.get_mut("labels") {
            canonicalise_mapping(labels, &format!("{kind}.{}.labels", key.name), Bare::Empty)?;
        }
        let Some(external) = res.get_mut("external") else { continue };
        let Some(ext_name) = external.as_map().map(|m| m.get("name").cloned()) else { continue };
        let span = external.span.clone();
        *external = bool_at(true, &span);
        let Some(ext_name) = ext_name else { continue };
        match res.get("name") {
            None => {
                res.set("name", ext_name);
            }
            Some(name) if name.value != ext_name.value => {
                return Err(LoadError::invalid(&ext_name.span, format!("`{kind}.{}` has both `name` and `external.name`, and they differ", key.name))
                    .with_fix("remove `external.name` and keep `name` with `external: true`"));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Compose's warning for each `external: {name: …}` of a file not yet canonicalised: the form
/// still loads, but `name:` with `external: true` replaced it.
pub fn deprecated_external(root: &Node) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(top) = root.as_map() else { return out };
    for kind in ["networks", "volumes", "secrets", "configs"] {
        let Some(entries) = top.get(kind).and_then(Node::as_map) else { continue };
        for (key, resource) in entries.iter() {
            let external = resource.as_map().and_then(|r| r.get("external"));
            if let Some(name) = external.and_then(Node::as_map).and_then(|e| e.get("name")) {
                out.push(Warning {
                    span: Some(name.span.clone()),
                    message: format!("{kind}.{}: external.name is deprecated. Please set name and external: true", key.name),
                });
            }
        }
    }
    out
}

pub(super) fn canonicalise_include(node: &mut Node) -> Result<(), LoadError> {
    let Some(items) = node.as_seq_mut() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, "`include`", "a list"));
    };
    for item in items {
        match item.value {
            Value::Str(_) => {
                let path = Node { tag: None, ..item.clone() };
                *item = map_at(vec![("path", path)], &item.span);
            }
            Value::Map(_) => {}
            _ => return Err(wrong(item, "an `include` entry", "a path or a mapping")),
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
    fn external_name_becomes_name() {
        let mut old = from_json(&json!({"n": {"external": {"name": "real"}}, "m": null, "l": {"labels": ["a=b"]}}));
        let mut new = from_json(&json!({"n": {"external": true, "name": "real"}, "m": null, "l": {"labels": {"a": "b"}}}));
        assert!(canonicalise_section("networks", &mut old).is_ok(), "the deprecated form is accepted");
        assert!(canonicalise_section("networks", &mut new).is_ok(), "the current form is accepted");
        assert_eq!(plain(&old), plain(&new), "external.name moves to name");
        let mut conflict = from_json(&json!({"n": {"name": "a", "external": {"name": "b"}}}));
        assert!(canonicalise_section("volumes", &mut conflict).is_err(), "differing names conflict");
    }

    #[test]
    fn external_name_warns_as_compose_does() {
        let old = from_json(&json!({"networks": {"n": {"external": {"name": "real"}}}, "volumes": {"v": {"external": true, "name": "x"}}}));
        let messages: Vec<String> = deprecated_external(&old).into_iter().map(|w| w.message).collect();
        assert_eq!(messages, ["networks.n: external.name is deprecated. Please set name and external: true"], "compose's words, once, only for the old form");
    }

    #[test]
    fn include_paths_become_mappings() {
        let mut short = from_json(&json!(["a/compose.yaml"]));
        let mut long = from_json(&json!([{"path": "a/compose.yaml"}]));
        assert!(canonicalise_include(&mut short).is_ok() && canonicalise_include(&mut long).is_ok(), "both parse");
        assert_eq!(plain(&short), plain(&long), "a path is {{path: ...}}");
    }
}
