//! `!reset` and `!override`: what a later file says about the values of earlier files.
//!
//! Compose records the path of every tagged mapping value in a file, deletes those paths from
//! what the earlier files produced, then merges the file with its `!reset` values removed and
//! its `!override` values kept. Paths through a list never match (compose does not remove
//! list entries of earlier files), so a tag inside a list only removes the entry of its own
//! file.

use crate::compose::node::{Node, Tag, Value};

/// The key paths of every tagged mapping value, not looking inside tagged values or lists.
pub(super) fn tagged_paths(node: &Node) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    collect(node, &mut Vec::new(), &mut out);
    out
}

fn collect(node: &Node, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let Some(map) = node.as_map() else {
        return;
    };
    for (key, value) in map.iter() {
        path.push(key.name.clone());
        if value.tag.is_some() {
            out.push(path.clone());
        } else {
            collect(value, path, out);
        }
        path.pop();
    }
}

/// Deletes the value at a key path, if every step of it exists.
pub(super) fn remove_path(node: &mut Node, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = node;
    for key in parents {
        match current.as_map_mut().and_then(|m| m.get_mut(key)) {
            Some(next) => current = next,
            None => return,
        }
    }
    if let Some(map) = current.as_map_mut() {
        map.remove(last);
    }
}

/// Removes `!reset` values (mapping entries and list items) and clears `!override` tags.
pub(super) fn strip(node: &mut Node) {
    if node.tag == Some(Tag::Override) {
        node.tag = None;
    }
    match &mut node.value {
        Value::Map(map) => {
            map.retain(|_, v| v.tag != Some(Tag::Reset));
            for value in map.values_mut() {
                strip(value);
            }
        }
        Value::Seq(items) => {
            items.retain(|v| v.tag != Some(Tag::Reset));
            for item in items {
                strip(item);
            }
        }
        _ => {}
    }
}
