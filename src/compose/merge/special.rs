//! The merge rules that are more than "replace" or "merge as a mapping".

use super::rules::{cannot_override, merge_generic, merge_maps};
use crate::compose::error::LoadError;
use crate::compose::node::{Key, Map, Node, Value};

/// `environment`, `labels`, `sysctls`, `dns`...: the later definition of a key wins.
///
/// Compose turns both sides into `KEY=value` lists, appends them and keeps the last entry per
/// key. Two mappings give the same result merged key by key, with a null later value (a
/// variable taken from the shell) winning too; other shapes keep the list form.
pub(super) fn merge_key_values(base: Node, overlay: Node) -> Node {
    if overlay.is_null() {
        return base;
    }
    if base.is_null() {
        return overlay;
    }
    let Node { value, span, tag } = base;
    match (value, overlay.value) {
        (Value::Map(mut base_map), Value::Map(over_map)) => {
            for (key, value) in over_map {
                base_map.insert(key, value);
            }
            Node { value: Value::Map(base_map), span, tag }
        }
        (base_value, over_value) => {
            let mut items = to_sequence(Node::new(base_value, span.clone()));
            items.extend(to_sequence(Node::new(over_value, overlay.span)));
            Node { value: Value::Seq(items), span, tag }
        }
    }
}

/// `extra_hosts`: later entries are appended unless the earlier list has the same entry.
pub(super) fn merge_extra_hosts(base: Node, overlay: Node) -> Node {
    if overlay.is_null() {
        return base;
    }
    if base.is_null() {
        return overlay;
    }
    let span = base.span.clone();
    let mut items = to_sequence(base);
    let known: std::collections::HashSet<Option<String>> = items.iter().map(Node::scalar_text).collect();
    items.extend(to_sequence(overlay).into_iter().filter(|n| !known.contains(&n.scalar_text())));
    Node::new(Value::Seq(items), span)
}

/// A value as compose's list of `KEY=value` strings: a mapping becomes sorted `KEY=value`
/// entries (`KEY` alone for a null value), a string a one-entry list.
fn to_sequence(node: Node) -> Vec<Node> {
    match node.value {
        Value::Seq(items) => items,
        Value::Null => Vec::new(),
        Value::Map(map) => {
            let mut items = Vec::new();
            for (key, value) in map {
                match value.value {
                    Value::Null => items.push(Node::str(key.name, key.span)),
                    Value::Seq(values) => {
                        for v in values {
                            let text = v.scalar_text().unwrap_or_default();
                            items.push(Node::str(format!("{}={text}", key.name), v.span));
                        }
                    }
                    _ => {
                        let text = value.scalar_text().unwrap_or_default();
                        items.push(Node::str(format!("{}={text}", key.name), value.span));
                    }
                }
            }
            items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            items
        }
        _ => vec![node],
    }
}

/// `depends_on`, `networks`, `models` written as a list: each name becomes a key, with the
/// default `depends_on` condition or no options.
pub(super) fn list_to_mapping(node: Node, depends_on_defaults: bool) -> Node {
    let Value::Seq(items) = node.value else {
        return node;
    };
    let mut map = Map::new();
    for item in items {
        let name = item.scalar_text().unwrap_or_default();
        let key = Key { name, span: item.span.clone() };
        let value = if depends_on_defaults {
            let mut options = Map::new();
            options.set("condition", Node::str("service_started", item.span.clone()));
            options.set("required", Node::new(Value::Bool(true), item.span.clone()));
            Node::new(Value::Map(options), item.span.clone())
        } else {
            Node::null(item.span.clone())
        };
        map.insert(key, value);
    }
    Node { value: Value::Map(map), span: node.span, tag: node.tag }
}

/// `build: ./dir` is `build: {context: ./dir}`.
pub(super) fn build_to_mapping(node: Node) -> Node {
    match node.value {
        Value::Str(_) => {
            let span = node.span.clone();
            let mut map = Map::new();
            map.set("context", node);
            Node::new(Value::Map(map), span)
        }
        _ => node,
    }
}

/// `logging`: options of the same driver merge; a different driver replaces the whole block.
pub(super) fn merge_logging(base: Node, overlay: Node, path: &mut Vec<String>) -> Result<Node, LoadError> {
    if let (Some(base_map), Some(over_map)) = (base.as_map(), overlay.as_map()) {
        let driver = |m: &Map| m.get("driver").map(|d| d.value.clone());
        if let (Some(earlier), Some(later)) = (driver(base_map), driver(over_map))
            && earlier != later
        {
            return Ok(overlay);
        }
    }
    merge_generic(base, overlay, path)
}

/// Which node an IPAM result entry is: compose keeps references to the earlier entries it
/// merges into, so a later merge into the same entry shows everywhere that entry was placed.
#[derive(Clone, Copy)]
enum Slot {
    Earlier(usize),
    Later(usize),
}

/// `networks.*.ipam.config`: entries with the same subnet merge, others are taken from the
/// later file, in compose's own order of comparison.
pub(super) fn merge_ipam_config(base: Node, overlay: Node, path: &mut Vec<String>) -> Result<Node, LoadError> {
    if overlay.is_null() {
        return Ok(base);
    }
    let span = base.span.clone();
    let mut earlier = match base.value {
        Value::Seq(items) => items,
        Value::Null => Vec::new(),
        _ => return Err(cannot_override(path, base.value.kind(), &overlay)),
    };
    let later = match overlay.value {
        Value::Seq(ref items) => items.clone(),
        _ => return Err(cannot_override(path, "a list", &overlay)),
    };
    for entry in earlier.iter().chain(&later) {
        if entry.as_map().is_none() {
            return Err(LoadError::wrong_type(&entry.span, "an IPAM config entry", "a mapping", entry.kind()));
        }
    }
    let subnet = |n: &Node| n.as_map().and_then(|m| m.get("subnet")).map(|s| s.value.clone());
    let mut slots: Vec<Slot> = Vec::new();
    for i in 0..earlier.len() {
        for (j, entry) in later.iter().enumerate() {
            let resolve = |s: &Slot, earlier: &[Node]| match *s {
                Slot::Earlier(k) => subnet(&earlier[k]),
                Slot::Later(k) => subnet(&later[k]),
            };
            let wanted = subnet(entry);
            if wanted != subnet(&earlier[i]) && !slots.iter().any(|s| resolve(s, &earlier) == wanted) {
                slots.push(Slot::Later(j));
                continue;
            }
            let current = std::mem::replace(&mut earlier[i], Node::null(entry.span.clone()));
            let merged_map = match (current.value, entry.value.clone()) {
                (Value::Map(a), Value::Map(b)) => merge_maps(a, b, path)?,
                _ => Map::new(),
            };
            earlier[i] = Node { value: Value::Map(merged_map), span: current.span, tag: current.tag };
            let merged_subnet = subnet(&earlier[i]);
            match slots.iter().position(|s| resolve(s, &earlier) == merged_subnet) {
                Some(k) => slots[k] = Slot::Earlier(i),
                None => slots.push(Slot::Earlier(i)),
            }
        }
    }
    let items = slots
        .into_iter()
        .map(|s| match s {
            Slot::Earlier(k) => earlier[k].clone(),
            Slot::Later(k) => later[k].clone(),
        })
        .collect();
    Ok(Node::new(Value::Seq(items), span))
}
