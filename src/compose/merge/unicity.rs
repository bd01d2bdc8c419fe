//! Lists whose entries must be unique: the last definition of an entry wins, at the place of
//! the first (compose-go's `EnforceUnicity`).

use std::collections::HashMap;

use super::rules::matches;
use crate::compose::error::{ErrorKind, LoadError};
use crate::compose::node::{Node, Value};

/// What identifies an entry of a list.
#[derive(Clone, Copy)]
enum Index {
    /// `KEY=value` or a plain string: the part before `=`.
    KeyValue,
    /// Mounts: the target path.
    Volume,
    /// Devices: the container path.
    Device,
    /// `expose`: the port as written.
    Expose,
    /// Secrets and configs: the target, or the default target made from the source.
    Mount(&'static str),
    /// Ports: host address, published port, container port and protocol.
    Port,
    /// `env_file`: the path.
    EnvFile,
}

const UNIQUE: &[(&str, Index)] = &[
    ("networks.*.labels", Index::KeyValue),
    ("networks.*.ipam.options", Index::KeyValue),
    ("services.*.annotations", Index::KeyValue),
    ("services.*.build.args", Index::KeyValue),
    ("services.*.build.additional_contexts", Index::KeyValue),
    ("services.*.build.platform", Index::KeyValue),
    ("services.*.build.tags", Index::KeyValue),
    ("services.*.build.labels", Index::KeyValue),
    ("services.*.cap_add", Index::KeyValue),
    ("services.*.cap_drop", Index::KeyValue),
    ("services.*.devices", Index::Device),
    ("services.*.configs", Index::Mount("")),
    ("services.*.deploy.labels", Index::KeyValue),
    ("services.*.dns", Index::KeyValue),
    ("services.*.dns_opt", Index::KeyValue),
    ("services.*.dns_search", Index::KeyValue),
    ("services.*.environment", Index::KeyValue),
    ("services.*.env_file", Index::EnvFile),
    ("services.*.expose", Index::Expose),
    ("services.*.labels", Index::KeyValue),
    ("services.*.links", Index::KeyValue),
    ("services.*.networks.*.aliases", Index::KeyValue),
    ("services.*.networks.*.link_local_ips", Index::KeyValue),
    ("services.*.ports", Index::Port),
    ("services.*.profiles", Index::KeyValue),
    ("services.*.secrets", Index::Mount("/run/secrets")),
    ("services.*.sysctls", Index::KeyValue),
    ("services.*.tmpfs", Index::KeyValue),
    ("services.*.volumes", Index::Volume),
];

/// Removes redefinitions from every list that compose keeps unique.
pub fn enforce_unicity(root: &mut Node) -> Result<(), LoadError> {
    walk(root, &mut Vec::new(), &Touched(None))
}

/// The keys a file set on the way to a unique list: merged onto a tree whose lists are
/// already unique, only the lists under them can have gained a duplicate, so only those are
/// looked at again and merging many files (or documents) stays linear.
pub(super) struct Touched(Option<HashMap<String, Touched>>);

impl Touched {
    pub(super) fn of(node: &Node) -> Touched {
        Touched::below(node, &mut Vec::new())
    }

    fn below(node: &Node, path: &mut Vec<String>) -> Touched {
        let Some(map) = node.as_map() else {
            // Anything but a mapping may have changed whole.
            return Touched(None);
        };
        let mut keys = HashMap::new();
        if !leads_to_unique(path) {
            return Touched(Some(keys));
        }
        for (key, value) in map.iter() {
            path.push(key.name.clone());
            if may_hold_unique(path) {
                keys.insert(key.name.clone(), Touched::below(value, path));
            }
            path.pop();
        }
        Touched(Some(keys))
    }
}

/// Whether `path` is a unique list or leads to one.
fn may_hold_unique(path: &[String]) -> bool {
    UNIQUE.iter().any(|(pattern, _)| starts_with(pattern, path).is_some())
}

/// Whether a unique list lies below `path` (so its keys are worth looking at).
fn leads_to_unique(path: &[String]) -> bool {
    UNIQUE.iter().any(|(pattern, _)| starts_with(pattern, path).is_some_and(|mut rest| rest.next().is_some()))
}

/// The parts of `pattern` after `path`, when `path` is how it starts.
fn starts_with<'p>(pattern: &'p str, path: &[String]) -> Option<std::str::Split<'p, char>> {
    let mut parts = pattern.split('.');
    path.iter().all(|key| parts.next().is_some_and(|part| part == "*" || part == key)).then_some(parts)
}

/// [`enforce_unicity`] on the parts of `root` that `touched` names.
pub(super) fn enforce_unicity_within(root: &mut Node, touched: &Touched) -> Result<(), LoadError> {
    walk(root, &mut Vec::new(), touched)
}

fn walk(node: &mut Node, path: &mut Vec<String>, touched: &Touched) -> Result<(), LoadError> {
    match &mut node.value {
        Value::Map(map) => match &touched.0 {
            None if !leads_to_unique(path) => {}
            None => {
                for (key, value) in map.iter_mut() {
                    path.push(key.name.clone());
                    let result = if may_hold_unique(path) { walk(value, path, touched) } else { Ok(()) };
                    path.pop();
                    result?;
                }
            }
            Some(keys) => {
                for (key, below) in keys {
                    let Some(value) = map.get_mut(key) else { continue };
                    path.push(key.clone());
                    let result = walk(value, path, below);
                    path.pop();
                    result?;
                }
            }
        },
        Value::Seq(items) => {
            // Compose does not look inside list entries for further unique lists.
            if let Some((_, index)) = UNIQUE.iter().find(|(pattern, _)| matches(path, pattern)) {
                dedup(items, *index, path)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn dedup(items: &mut Vec<Node>, index: Index, path: &[String]) -> Result<(), LoadError> {
    // Port ranges expand to one entry per port, so lists can be long: index by key.
    let mut positions: HashMap<String, usize> = HashMap::with_capacity(items.len());
    let mut kept: Vec<Node> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let key = key_of(&item, index, path)?;
        match positions.get(&key) {
            Some(&i) => kept[i] = item,
            None => {
                positions.insert(key, kept.len());
                kept.push(item);
            }
        }
    }
    *items = kept;
    Ok(())
}

fn key_of(item: &Node, index: Index, path: &[String]) -> Result<String, LoadError> {
    let at = path.join(".");
    let field = |name: &str| item.as_map().and_then(|m| m.get(name)).and_then(Node::scalar_text);
    match index {
        Index::KeyValue | Index::Expose => match item.value {
            Value::Map(_) | Value::Seq(_) | Value::Null => Err(entry_type(item, &at, "a string")),
            _ => {
                let text = item.scalar_text().unwrap_or_default();
                Ok(match index {
                    Index::KeyValue => text.split_once('=').map_or(text.clone(), |(k, _)| k.to_string()),
                    _ => text,
                })
            }
        },
        Index::Volume | Index::Device => match &item.value {
            Value::Map(_) => field("target").ok_or_else(|| missing(item, &at, "target")),
            Value::Str(s) => {
                let parts: Vec<&str> = s.split(':').collect();
                Ok(parts.get(1).copied().unwrap_or(s).to_string())
            }
            _ => Ok(String::new()),
        },
        Index::Mount(default_dir) => match &item.value {
            Value::Map(_) => {
                Ok(field("target").unwrap_or_else(|| format!("{default_dir}/{}", field("source").unwrap_or_default())))
            }
            Value::Str(s) => Ok(format!("{default_dir}/{s}")),
            _ => Err(entry_type(item, &at, "a string or a mapping")),
        },
        Index::Port => match &item.value {
            Value::Map(_) => {
                let target = field("target").ok_or_else(|| missing(item, &at, "target"))?;
                let published = field("published").unwrap_or_default();
                let host = field("host_ip").unwrap_or_else(|| "0.0.0.0".into());
                let protocol = field("protocol").unwrap_or_else(|| "tcp".into());
                Ok(format!("{host}:{published}:{target}/{protocol}"))
            }
            _ => Ok(item.scalar_text().unwrap_or_default()),
        },
        Index::EnvFile => match &item.value {
            Value::Map(_) => field("path").ok_or_else(|| missing(item, &at, "path")),
            _ => Ok(item.scalar_text().unwrap_or_default()),
        },
    }
}

fn entry_type(item: &Node, at: &str, expected: &str) -> LoadError {
    LoadError::wrong_type(&item.span, &format!("an entry of `{at}`"), expected, item.kind())
}

fn missing(item: &Node, at: &str, field: &str) -> LoadError {
    LoadError::at(ErrorKind::InvalidValue, &item.span, format!("an entry of `{at}` has no `{field}`"))
        .with_fix(format!("add `{field}:` to this entry"))
}
