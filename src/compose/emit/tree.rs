//! The value tree both printers walk.
//!
//! Go's encoders see the difference between a struct (fields in declaration order) and a map
//! (keys sorted, each format with its own order); serde tells it apart too, so the serializer
//! records it here and each printer sorts map keys its own way.

/// A serialised value, independent of the output format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tree {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(Float),
    Str(String),
    Seq(Vec<Tree>),
    Object(Object),
}

/// A float and the width it had, because Go prints a `float32` with its own shortest digits
/// (`0.1`, not `0.10000000149011612`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Float {
    F32(f32),
    F64(f64),
}

/// A mapping and how its keys are ordered on output.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Object {
    pub entries: Vec<Entry>,
    pub order: Order,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// A Go map: every key sorted by the format's map order.
    Sorted,
    /// A Go struct: fields in the order given, then the entries of an inline map (Go's
    /// `yaml:",inline"`), sorted among themselves.
    Fields,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub key: Tree,
    pub value: Tree,
    /// The entry came from an inline map flattened into a struct.
    pub inline: bool,
}

impl Object {
    /// The entries in output order, given the format's way of comparing map keys.
    pub fn ordered(&self, less: impl Fn(&Tree, &Tree) -> bool) -> Vec<&Entry> {
        let cmp = |a: &&Entry, b: &&Entry| {
            if less(&a.key, &b.key) {
                std::cmp::Ordering::Less
            } else if less(&b.key, &a.key) {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        };
        match self.order {
            Order::Sorted => {
                let mut all: Vec<&Entry> = self.entries.iter().collect();
                all.sort_by(cmp);
                all
            }
            Order::Fields => {
                let mut fields: Vec<&Entry> = self.entries.iter().filter(|e| !e.inline).collect();
                let mut inline: Vec<&Entry> = self.entries.iter().filter(|e| e.inline).collect();
                inline.sort_by(cmp);
                fields.extend(inline);
                fields
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, inline: bool) -> Entry {
        Entry { key: Tree::Str(key.into()), value: Tree::Null, inline }
    }

    fn keys(entries: Vec<&Entry>) -> Vec<String> {
        entries
            .iter()
            .map(|e| match &e.key {
                Tree::Str(s) => s.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    fn by_bytes(a: &Tree, b: &Tree) -> bool {
        match (a, b) {
            (Tree::Str(a), Tree::Str(b)) => a < b,
            _ => false,
        }
    }

    #[test]
    fn sorted_objects_sort_every_key() {
        let object = Object {
            entries: vec![entry("b", false), entry("a", false), entry("c", false)],
            order: Order::Sorted,
        };
        assert_eq!(keys(object.ordered(by_bytes)), ["a", "b", "c"], "a Go map prints its keys sorted");
    }

    #[test]
    fn field_objects_keep_fields_and_sort_the_inline_tail() {
        let object = Object {
            entries: vec![entry("z", false), entry("x-b", true), entry("a", false), entry("x-a", true)],
            order: Order::Fields,
        };
        assert_eq!(
            keys(object.ordered(by_bytes)),
            ["z", "a", "x-a", "x-b"],
            "struct fields keep declaration order and the inline map follows, sorted"
        );
    }
}
