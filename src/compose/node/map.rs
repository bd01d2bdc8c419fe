//! [`Map`], the loader's mapping: insertion-ordered, unique keys, and every operation in
//! constant time whatever its size, so a file of 60,000 keys loads as fast per key as one of
//! ten.
//!
//! Most compose mappings hold a handful of keys: those are searched in place, without hashing.
//! Past [`INDEXED_FROM`] entries a hash index by name is kept beside the entries. Removing a
//! key leaves a hole that iteration skips (instead of shifting every later entry), and the
//! holes are squeezed out once they outnumber the live entries.

use std::collections::HashMap;
use std::fmt;

use super::{Key, Node};

/// From this many entries on, look-ups go through the index.
const INDEXED_FROM: usize = 16;

/// An insertion-ordered mapping with unique keys.
#[derive(Clone, Default)]
pub struct Map {
    /// Entries in insertion order; `None` where one was removed.
    entries: Vec<Option<(Key, Node)>>,
    /// How many entries are `Some`.
    live: usize,
    /// Name → position in `entries`; empty while the map is small.
    index: HashMap<String, usize>,
}

impl Map {
    pub fn new() -> Self {
        Map::default()
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn position(&self, key: &str) -> Option<usize> {
        if self.entries.len() >= INDEXED_FROM {
            return self.index.get(key).copied();
        }
        self.entries.iter().position(|e| e.as_ref().is_some_and(|(k, _)| k.name == key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        let i = self.position(key)?;
        self.entries[i].as_mut().map(|(_, v)| v)
    }

    pub fn get_entry(&self, key: &str) -> Option<(&Key, &Node)> {
        let i = self.position(key)?;
        self.entries[i].as_ref().map(|(k, v)| (k, v))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Inserts or replaces; a replaced value keeps its position (and its key's span).
    /// Returns the old value.
    pub fn insert(&mut self, key: Key, value: Node) -> Option<Node> {
        if let Some(i) = self.position(&key.name) {
            return self.entries[i].as_mut().map(|slot| std::mem::replace(&mut slot.1, value));
        }
        if self.entries.len() >= INDEXED_FROM {
            self.index.insert(key.name.clone(), self.entries.len());
        }
        self.entries.push(Some((key, value)));
        self.live += 1;
        if self.entries.len() == INDEXED_FROM {
            self.reindex();
        }
        None
    }

    /// Inserts with a key that borrows the value's span (for keys the loader adds itself).
    pub fn set(&mut self, name: &str, value: Node) -> Option<Node> {
        let key = Key { name: name.to_string(), span: value.span.clone() };
        self.insert(key, value)
    }

    pub fn remove(&mut self, key: &str) -> Option<Node> {
        self.remove_entry(key).map(|(_, v)| v)
    }

    pub fn remove_entry(&mut self, key: &str) -> Option<(Key, Node)> {
        let i = self.position(key)?;
        let entry = self.entries[i].take()?;
        self.live -= 1;
        self.index.remove(key);
        if self.live * 2 < self.entries.len() || self.live == 0 {
            self.compact();
        }
        Some(entry)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Node)> {
        self.entries.iter().flatten().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Key, &mut Node)> {
        self.entries.iter_mut().flatten().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(k, _)| k.name.as_str())
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Node> {
        self.iter_mut().map(|(_, v)| v)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&Key, &Node) -> bool) {
        let mut removed = false;
        for slot in &mut self.entries {
            if slot.as_ref().is_some_and(|(k, v)| !keep(k, v)) {
                *slot = None;
                removed = true;
            }
        }
        if removed {
            self.compact();
        }
    }

    /// Sorts entries by key (byte order), for stages that must not depend on file order.
    pub fn sort_keys(&mut self) {
        self.compact();
        self.entries.sort_by(|a, b| match (a, b) {
            (Some(a), Some(b)) => a.0.name.cmp(&b.0.name),
            _ => std::cmp::Ordering::Equal,
        });
        self.reindex();
    }

    /// Drops the holes removals left, then rebuilds the index.
    fn compact(&mut self) {
        self.entries.retain(Option::is_some);
        self.live = self.entries.len();
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index.clear();
        if self.entries.len() < INDEXED_FROM {
            return;
        }
        self.index.reserve(self.entries.len());
        for (i, entry) in self.entries.iter().enumerate() {
            if let Some((k, _)) = entry {
                self.index.insert(k.name.clone(), i);
            }
        }
    }
}

impl PartialEq for Map {
    /// Equal when the same entries come in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.live == other.live && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl IntoIterator for Map {
    type Item = (Key, Node);
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Option<(Key, Node)>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter().flatten()
    }
}

impl FromIterator<(Key, Node)> for Map {
    fn from_iter<I: IntoIterator<Item = (Key, Node)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::node::Span;

    fn node(s: &str) -> Node {
        Node::str(s, Span::synthetic("test"))
    }

    #[test]
    fn large_maps_keep_order_and_find_every_key_after_removals() {
        let mut m = Map::new();
        for i in 0..1000 {
            m.set(&format!("k{i}"), node(&i.to_string()));
        }
        for i in (0..1000).step_by(3) {
            assert!(m.remove(&format!("k{i}")).is_some(), "k{i} was there to remove");
        }
        m.set("k1", node("again"));
        m.set("new", node("last"));
        assert_eq!(m.len(), 1000 - 334 + 1, "removed keys are gone, a new one counts");
        assert_eq!(m.get("k1").and_then(Node::as_str), Some("again"), "replaced in place");
        assert!(m.get("k0").is_none() && m.get("k999").is_none(), "removed keys are not found");
        assert_eq!(m.get("k998").and_then(Node::as_str), Some("998"), "later keys are still found after compaction");
        let keys: Vec<&str> = m.keys().collect();
        assert_eq!(&keys[..3], ["k1", "k2", "k4"], "insertion order survives removals");
        assert_eq!(keys.last(), Some(&"new"), "a new key goes last");
    }

    #[test]
    fn removing_then_inserting_moves_a_key_to_the_end() {
        let mut m: Map = (0..20).map(|i| (Key { name: format!("k{i}"), span: Span::synthetic("t") }, node("x"))).collect();
        let old = m.remove("k3");
        m.set("k3", old.unwrap_or_else(|| node("missing")));
        assert_eq!(m.keys().last(), Some("k3"), "re-inserted at the end, as a vector would");
        m.retain(|k, _| k.name != "k5");
        assert!(!m.contains_key("k5") && m.contains_key("k6"), "retain drops only what it refuses");
        m.sort_keys();
        assert_eq!(m.keys().next(), Some("k0"), "sorted by name");
        assert_eq!(m.get("k19").and_then(Node::as_str), Some("x"), "found through the rebuilt index");
    }

    #[test]
    fn equality_is_by_entries_in_order() {
        let a: Map = [("a", "1"), ("b", "2")].iter().map(|(k, v)| (Key { name: (*k).into(), span: Span::synthetic("t") }, node(v))).collect();
        assert_eq!(a, a.clone(), "a clone is equal");
        let reversed: Map = a.clone().into_iter().rev().collect();
        assert_ne!(a, reversed, "the same entries in another order differ");
    }
}
