//! The positioned value tree every loader stage works on.
//!
//! compose-go works on untyped dictionaries between parsing and decoding; we do the same, but
//! each value keeps the place it was written (file, line, column) so that a problem found in a
//! late stage (a port that does not parse, a cycle) still points at the line to fix.

mod map;

use std::fmt;
use std::sync::Arc;

pub use map::Map;

/// Where a value was written: file, 1-based line and 1-based column.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: Arc<str>,
    pub line: u32,
    pub col: u32,
}

impl Span {
    pub fn new(file: Arc<str>, line: u32, col: u32) -> Self {
        Span { file, line, col }
    }

    /// A span for values that have no place in a file (defaults, command-line values).
    pub fn synthetic(what: &str) -> Self {
        Span { file: Arc::from(what), line: 0, col: 0 }
    }

    pub fn is_synthetic(&self) -> bool {
        self.line == 0
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_synthetic() {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.col)
        }
    }
}

/// The YAML tags compose gives meaning to when files are merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// `!reset`: drop the value inherited from earlier files (or `extends`).
    Reset,
    /// `!override`: replace the inherited value instead of merging with it.
    Override,
}

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
    pub tag: Option<Tag>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Map),
}

/// A mapping key: always a string once loaded (compose converts every key to a string).
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span, tag: None }
    }

    pub fn null(span: Span) -> Self {
        Node::new(Value::Null, span)
    }

    pub fn str(s: impl Into<String>, span: Span) -> Self {
        Node::new(Value::Str(s.into()), span)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq_mut(&mut self) -> Option<&mut Vec<Node>> {
        match &mut self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar as compose would print it in a string context (`8080`, `true`, `1.5`),
    /// or `None` for null, sequences and mappings.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(go_float(*f)),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// The kind of value in words, for error messages ("a mapping", "a string").
    pub fn kind(&self) -> &'static str {
        self.value.kind()
    }

    /// Follows a path of mapping keys; `None` when any step is missing or not a mapping.
    pub fn get_path(&self, path: &[&str]) -> Option<&Node> {
        let mut node = self;
        for key in path {
            node = node.as_map()?.get(key)?;
        }
        Some(node)
    }
}

impl Value {
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Formats a float the way Go's `%v` does (`1`, `0.5`, `1e+06`), which is how compose turns
/// a YAML number into a string (environment values, labels).
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return "0".into();
    }
    // Shortest round-trip digits, then Go's rule for %v: exponent form when the decimal
    // exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`), plain digits otherwise.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    format!("{f}")
}

/// Builds a tree from JSON, for tests that need a tree without writing YAML. Every node gets
/// the span `test:N:1`, N counting nodes in document order, so tests can still tell nodes apart.
#[cfg(test)]
pub(crate) fn from_json(v: &serde_json::Value) -> Node {
    fn build(v: &serde_json::Value, n: &mut u32) -> Node {
        *n += 1;
        let span = Span::new(Arc::from("test"), *n, 1);
        let value = match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(x) => match x.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(x.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::Str(s.clone()),
            serde_json::Value::Array(a) => Value::Seq(a.iter().map(|x| build(x, n)).collect()),
            serde_json::Value::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, x)| {
                        let node = build(x, n);
                        (Key { name: k.clone(), span: node.span.clone() }, node)
                    })
                    .collect(),
            ),
        };
        Node::new(value, span)
    }
    build(v, &mut 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_matches_go_formatting() {
        assert_eq!(go_float(1.0), "1", "whole floats print without a fraction");
        assert_eq!(go_float(0.5), "0.5", "plain fractions stay as written");
        assert_eq!(go_float(1e6), "1e+06", "a million switches to exponent form");
        assert_eq!(go_float(0.00001), "1e-05", "tiny values switch to exponent form");
        assert_eq!(go_float(123456.0), "123456", "below a million Go keeps digits");
        assert_eq!(go_float(-2.5e7), "-2.5e+07", "negative values keep their sign");
    }

    #[test]
    fn map_keeps_order_and_replaces_in_place() {
        let s = Span::synthetic("test");
        let mut m = Map::new();
        m.set("b", Node::str("1", s.clone()));
        m.set("a", Node::str("2", s.clone()));
        m.set("b", Node::str("3", s.clone()));
        let keys: Vec<_> = m.keys().collect();
        assert_eq!(keys, ["b", "a"], "replacing a key keeps its position");
        assert_eq!(m.get("b").and_then(Node::as_str), Some("3"), "the new value wins");
    }

    #[test]
    fn from_json_keeps_order_and_types() {
        let n = from_json(&serde_json::json!({"b": 1, "a": [true, "x", null]}));
        let keys: Vec<_> = n.as_map().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["b", "a"], "object order is kept (serde_json preserve_order)");
        assert_eq!(n.get_path(&["b"]).map(|x| &x.value), Some(&Value::Int(1)), "integers stay integers");
    }
}
