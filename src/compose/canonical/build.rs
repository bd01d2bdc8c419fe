//! `build`: a context path becomes `{context: PATH}`; the key/value fields inside a build
//! mapping, `ssh` and build secrets get their long syntax.

use super::mapping::{Bare, canonicalise_extra_hosts, canonicalise_mapping};
use super::mounts::canonicalise_file_mounts;
use super::{map_at, wrong};
use crate::compose::error::LoadError;
use crate::compose::node::{Key, Map, Node, Value};

pub(super) fn canonicalise_build(node: &mut Node) -> Result<(), LoadError> {
    if let Value::Str(_) = node.value {
        let context = Node { tag: None, ..node.clone() };
        *node = map_at(vec![("context", context)], &node.span);
        return Ok(());
    }
    let Some(build) = node.as_map_mut() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, "`build`", "a context path or a mapping"));
    };
    if let Some(args) = build.get_mut("args") {
        canonicalise_mapping(args, "build.args", Bare::Null)?;
    }
    if let Some(labels) = build.get_mut("labels") {
        canonicalise_mapping(labels, "build.labels", Bare::Empty)?;
    }
    if let Some(contexts) = build.get_mut("additional_contexts") {
        canonicalise_mapping(contexts, "build.additional_contexts", Bare::Error)?;
    }
    if let Some(hosts) = build.get_mut("extra_hosts") {
        canonicalise_extra_hosts(hosts)?;
    }
    if let Some(ssh) = build.get_mut("ssh") {
        canonicalise_ssh(ssh)?;
    }
    if let Some(secrets) = build.get_mut("secrets") {
        canonicalise_file_mounts(secrets, "build.secrets")?;
    }
    for key in ["provenance", "sbom"] {
        if let Some(v) = build.get_mut(key) {
            if let Some(text) = v.scalar_text() {
                v.value = Value::Str(text);
            }
        }
    }
    Ok(())
}

/// `ssh: [default, "key=/path"]` becomes `{default: null, key: /path}`.
fn canonicalise_ssh(node: &mut Node) -> Result<(), LoadError> {
    let Value::Seq(items) = &node.value else {
        return match node.value {
            Value::Map(_) | Value::Null => Ok(()),
            _ => Err(wrong(node, "`build.ssh`", "a list or a mapping")),
        };
    };
    let mut map = Map::new();
    for item in items {
        let Some(text) = item.as_str() else {
            return Err(wrong(item, "a `build.ssh` entry", "a string"));
        };
        let value = match text.split_once('=') {
            Some((id, path)) => (id, Node::str(path, item.span.clone())),
            None if text == "default" => (text, Node::null(item.span.clone())),
            None => {
                return Err(LoadError::invalid(&item.span, format!("invalid ssh key `{text}`"))
                    .with_fix("write `default` or ID=PATH, e.g. \"mykey=~/.ssh/id_ed25519\""));
            }
        };
        map.insert(Key { name: value.0.to_string(), span: item.span.clone() }, value.1);
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
    fn short_and_long_build_agree() {
        let mut short = from_json(&json!("./dir"));
        let mut long = from_json(&json!({"context": "./dir"}));
        assert!(canonicalise_build(&mut short).is_ok() && canonicalise_build(&mut long).is_ok(), "both parse");
        assert_eq!(plain(&short), plain(&long), "a context string is {{context: ...}}");

        let mut lists = from_json(&json!({"context": ".", "args": ["A=1", "B"], "labels": ["l"], "ssh": ["default", "k=/x"], "secrets": ["s"]}));
        let mut maps = from_json(&json!({"context": ".", "args": {"A": 1, "B": null}, "labels": {"l": ""}, "ssh": {"default": null, "k": "/x"}, "secrets": [{"source": "s"}]}));
        assert!(canonicalise_build(&mut lists).is_ok() && canonicalise_build(&mut maps).is_ok(), "both parse");
        assert_eq!(plain(&lists), plain(&maps), "list forms inside build give the mapping forms");
    }

    #[test]
    fn bad_build_values_are_rejected() {
        for bad in [json!(1), json!({"ssh": ["nokey"]}), json!({"additional_contexts": ["x"]})] {
            let mut node = from_json(&bad);
            assert!(canonicalise_build(&mut node).is_err(), "{bad} is not a valid build");
        }
    }
}
