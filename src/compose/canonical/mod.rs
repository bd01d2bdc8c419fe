//! Short syntax to long syntax, so later stages see one shape per field.
//!
//! Compose accepts many fields in a short form (`"8080:80"`, `./data:/data:ro`, a list of
//! `KEY=VALUE`) and a long form (a mapping). Merging, defaults and the typed model only deal
//! with the long form, so each file is rewritten here right after interpolation. Every node
//! built from a short value carries that value's span, so later errors still point at it.

mod build;
mod defaults;
mod depends_on;
mod devices;
mod mapping;
mod mounts;
mod networks;
pub mod ports;
mod resources;
mod service;
pub mod volumes;

use super::error::LoadError;
use super::node::{Node, Span, Value};

pub use defaults::set_defaults;
pub use resources::deprecated_external;

/// Rewrites one file's tree into the canonical (long) syntax of every field compose
/// canonicalises. Idempotent: a canonical tree comes out unchanged.
pub fn canonicalise(root: &mut Node) -> Result<(), LoadError> {
    let span = root.span.clone();
    let Some(top) = root.as_map_mut() else {
        return Err(LoadError::wrong_type(&span, "a compose file", "a mapping", root.kind()));
    };
    if let Some(services) = top.get_mut("services") {
        if let Some(services) = services.as_map_mut() {
            for (key, svc) in services.iter_mut() {
                service::canonicalise_service(&key.name, svc)?;
            }
        } else if !services.is_null() {
            return Err(wrong(services, "`services`", "a mapping of service names to services"));
        }
    }
    for kind in ["networks", "volumes", "secrets", "configs"] {
        if let Some(section) = top.get_mut(kind) {
            resources::canonicalise_section(kind, section)?;
        }
    }
    if let Some(include) = top.get_mut("include") {
        resources::canonicalise_include(include)?;
    }
    Ok(())
}

/// A WrongType error for `node`, naming the field and what it must be.
pub(crate) fn wrong(node: &Node, what: &str, expected: &str) -> LoadError {
    LoadError::wrong_type(&node.span, what, expected, node.kind())
}

/// A string node with the span of the value it was built from.
pub(crate) fn str_at(s: impl Into<String>, span: &Span) -> Node {
    Node::str(s, span.clone())
}

pub(crate) fn bool_at(b: bool, span: &Span) -> Node {
    Node::new(Value::Bool(b), span.clone())
}

/// A mapping node built from `(key, value)` pairs, every key taking the given span.
pub(crate) fn map_at(entries: Vec<(&str, Node)>, span: &Span) -> Node {
    let mut map = super::node::Map::new();
    for (k, v) in entries {
        map.insert(super::node::Key { name: k.to_string(), span: span.clone() }, v);
    }
    Node::new(Value::Map(map), span.clone())
}

/// `"x"` becomes `["x"]`; lists are kept; anything else is a wrong type.
pub(crate) fn string_or_list(node: &mut Node, what: &str) -> Result<(), LoadError> {
    match &node.value {
        Value::Str(_) => {
            let item = node.clone();
            node.value = Value::Seq(vec![Node { tag: None, ..item }]);
            Ok(())
        }
        Value::Seq(_) | Value::Null => Ok(()),
        _ => Err(wrong(node, what, "a string or a list of strings")),
    }
}

/// Go's `path.Clean`: lexical clean-up of a slash-separated path.
pub(crate) fn clean_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::compose::node::{Node, Value};

    /// The tree without spans, as JSON, so tests compare shapes and values only.
    pub fn plain(node: &Node) -> serde_json::Value {
        match &node.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Float(f) => (*f).into(),
            Value::Str(s) => s.clone().into(),
            Value::Seq(items) => items.iter().map(plain).collect(),
            Value::Map(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.name.clone(), plain(v))).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_path_matches_go() {
        let cases = [
            ("/a/b/../c/", "/a/c"),
            ("a/./b", "a/b"),
            ("../../x", "../../x"),
            ("/..", "/"),
            ("", "."),
            ("v:/x/../y/", "v:/y"),
            ("a/..", "."),
        ];
        for (input, want) in cases {
            assert_eq!(clean_path(input), want, "path.Clean({input:?})");
        }
    }
}
