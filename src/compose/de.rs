//! Deserialising a normalised [`Node`](super::Node) tree into the typed model, with errors
//! that name file:line:col (unknown keys with a did-you-mean, wrong types).
//!
//! Leniency follows compose-go's decoder after interpolation: numeric strings fill number
//! fields, compose's boolean words (`yes`, `off`, ...) fill booleans, but a number or a
//! boolean is not a string (compose's schema rejects `image: 1`).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::error::{ErrorKind, LoadError, did_you_mean};
use super::node::{Key, Node, Span, Value};

/// Decodes `node` into `T`; errors carry the span and the field path of the offending value.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, LoadError> {
    T::deserialize(NodeDe { node, path: String::new() }).map_err(|e| match e {
        DeError::Located(err) => *err,
        pending => pending.locate(&node.span, "", None).into_load_error(),
    })
}

/// A problem found while decoding, before or after it is tied to a place.
#[derive(Debug)]
pub enum DeError {
    Located(Box<LoadError>),
    WrongType { expected: String, found: String },
    UnknownKey { key: String, expected: &'static [&'static str] },
    Invalid(String),
}

impl DeError {
    fn into_load_error(self) -> LoadError {
        match self {
            DeError::Located(e) => *e,
            other => LoadError::new(ErrorKind::InvalidValue, None, other.to_string()),
        }
    }

    /// Ties a pending error to the node at `path`; `key` is that node's key when the error is
    /// about one of its keys.
    fn locate(self, span: &Span, path: &str, key: Option<&Key>) -> DeError {
        let shown = if path.is_empty() { "the top level".to_string() } else { format!("`{path}`") };
        let err = match self {
            DeError::Located(_) => return self,
            DeError::WrongType { expected, found } => {
                LoadError::at(ErrorKind::WrongType, span, format!("{shown} must be {expected}, not {found}"))
            }
            DeError::Invalid(msg) => LoadError::invalid(span, format!("invalid {shown}: {msg}")),
            DeError::UnknownKey { key: name, expected } => {
                let span = key.map_or(span, |k| &k.span);
                let problem = format!("unknown key `{name}` {}", describe(path));
                LoadError::at(ErrorKind::UnknownKey, span, problem).with_fix(fix_for_unknown(&name, expected))
            }
        };
        DeError::Located(Box::new(err))
    }
}

/// Names the object at `path` for a message: "in service `web`", "at the top level".
fn describe(path: &str) -> String {
    if path.is_empty() {
        return "at the top level".into();
    }
    let kinds = [("services", "service"), ("networks", "network"), ("volumes", "volume"), ("secrets", "secret"), ("configs", "config")];
    if let Some((top, name)) = path.split_once('.') {
        if let Some((_, kind)) = kinds.iter().find(|(t, _)| *t == top) {
            if !name.contains(['.', '[']) {
                return format!("in {kind} `{name}`");
            }
        }
    }
    format!("in `{path}`")
}

fn fix_for_unknown(key: &str, expected: &[&str]) -> String {
    if let Some(close) = did_you_mean(key, expected.iter().copied()) {
        return format!("did you mean `{close}`?");
    }
    if expected.len() <= 10 {
        let list: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
        return format!("valid keys here are {}; custom keys must start with `x-`", list.join(", "));
    }
    "check the key against the Compose Specification; custom keys must start with `x-`".into()
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeError::Located(e) => write!(f, "{e}"),
            DeError::WrongType { expected, found } => write!(f, "must be {expected}, not {found}"),
            DeError::UnknownKey { key, .. } => write!(f, "unknown key `{key}`"),
            DeError::Invalid(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::Invalid(msg.to_string())
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Bool(_) => "a boolean".to_string(),
            de::Unexpected::Signed(_) | de::Unexpected::Unsigned(_) => "an integer".into(),
            de::Unexpected::Float(_) => "a number".into(),
            de::Unexpected::Str(_) | de::Unexpected::Char(_) => "a string".into(),
            de::Unexpected::Unit | de::Unexpected::Option => "null".into(),
            de::Unexpected::Seq => "a list".into(),
            de::Unexpected::Map => "a mapping".into(),
            other => other.to_string(),
        };
        DeError::WrongType { expected: exp.to_string(), found }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::UnknownKey { key: field.to_owned(), expected }
    }
}

struct NodeDe<'a> {
    node: &'a Node,
    path: String,
}

impl<'a> NodeDe<'a> {
    fn wrong(&self, expected: &str) -> DeError {
        DeError::WrongType { expected: expected.into(), found: self.node.kind().into() }
            .locate(&self.node.span, &self.path, None)
    }

    fn place(&self, e: DeError) -> DeError {
        e.locate(&self.node.span, &self.path, None)
    }

    fn int(&self, expected: &str) -> Result<i64, DeError> {
        match &self.node.value {
            Value::Int(i) => Ok(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(*f as i64),
            Value::Str(s) => s.trim_start_matches('+').parse().map_err(|_| {
                self.place(DeError::Invalid(format!("{s:?} is not a whole number")))
            }),
            _ => Err(self.wrong(expected)),
        }
    }

    fn float(&self) -> Result<f64, DeError> {
        match &self.node.value {
            Value::Int(i) => Ok(*i as f64),
            Value::Float(f) => Ok(*f),
            Value::Str(s) => s.parse().map_err(|_| self.place(DeError::Invalid(format!("{s:?} is not a number")))),
            _ => Err(self.wrong("a number")),
        }
    }
}

macro_rules! deserialize_int {
    ($($method:ident $visit:ident $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            let v = self.int("an integer")?;
            let v = <$t>::try_from(v).map_err(|_| {
                self.place(DeError::Invalid(format!("{v} is out of range")))
            })?;
            visitor.$visit(v).map_err(|e| self.place(e))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let r = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) => visitor.visit_str(s),
            Value::Seq(items) => return visit_seq(&self, items, visitor),
            Value::Map(_) => return visit_map(&self, visitor),
        };
        r.map_err(|e| self.place(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let b = match &self.node.value {
            Value::Bool(b) => *b,
            Value::Str(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "y" | "yes" | "on" => true,
                "false" | "n" | "no" | "off" => false,
                _ => {
                    return Err(self.place(DeError::Invalid(format!("{s:?} is not a boolean; write `true` or `false`"))));
                }
            },
            _ => return Err(self.wrong("a boolean")),
        };
        visitor.visit_bool(b).map_err(|e| self.place(e))
    }

    deserialize_int! {
        deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16, deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64, deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let f = self.float()?;
        visitor.visit_f32(f as f32).map_err(|e| self.place(e))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let f = self.float()?;
        visitor.visit_f64(f).map_err(|e| self.place(e))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Str(s) => visitor.visit_str(s).map_err(|e| self.place(e)),
            _ => Err(self.wrong("a string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            return visitor.visit_none().map_err(|e| self.place(e));
        }
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value {
            Value::Null => visitor.visit_unit().map_err(|e| self.place(e)),
            _ => Err(self.wrong("null")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Seq(items) => visit_seq(&self, items, visitor),
            _ => Err(self.wrong("a list")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Map(_) => visit_map(&self, visitor),
            _ => Err(self.wrong("a mapping")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Str(s) => visitor.visit_enum(s.as_str().into_deserializer()).map_err(|e: DeError| self.place(e)),
            _ => Err(self.wrong("a string")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

fn visit_seq<'de, V: Visitor<'de>>(de: &NodeDe<'_>, items: &[Node], visitor: V) -> Result<V::Value, DeError> {
    let access = Seq { items: items.iter().enumerate(), path: &de.path };
    visitor.visit_seq(access).map_err(|e| de.place(e))
}

fn visit_map<'de, V: Visitor<'de>>(de: &NodeDe<'_>, visitor: V) -> Result<V::Value, DeError> {
    let Some(map) = de.node.as_map() else {
        return Err(de.wrong("a mapping"));
    };
    let access = Entries { entries: map.iter(), value: None, path: &de.path };
    visitor.visit_map(access).map_err(|e| match e {
        DeError::UnknownKey { ref key, .. } => {
            let k = map.get_entry(key).map(|(k, _)| k);
            e.locate(&de.node.span, &de.path, k)
        }
        other => de.place(other),
    })
}

struct Seq<'a, I> {
    items: I,
    path: &'a str,
}

impl<'de, 'a, I: Iterator<Item = (usize, &'a Node)>> SeqAccess<'de> for Seq<'_, I> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        let Some((i, node)) = self.items.next() else {
            return Ok(None);
        };
        let de = NodeDe { node, path: format!("{}[{i}]", self.path) };
        let span = node.span.clone();
        let path = de.path.clone();
        seed.deserialize(de).map(Some).map_err(|e| e.locate(&span, &path, None))
    }
}

struct Entries<'a, I> {
    entries: I,
    value: Option<(&'a Key, &'a Node)>,
    path: &'a str,
}

impl<'de, 'a, I: Iterator<Item = (&'a Key, &'a Node)>> MapAccess<'de> for Entries<'a, I> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((key, node)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, node));
        let name: de::value::StrDeserializer<'_, DeError> = key.name.as_str().into_deserializer();
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, DeError> {
        let Some((key, node)) = self.value.take() else {
            return Err(DeError::Invalid("a value was asked for before its key".into()));
        };
        let path = if self.path.is_empty() { key.name.clone() } else { format!("{}.{}", self.path, key.name) };
        let span = node.span.clone();
        let de = NodeDe { node, path: path.clone() };
        seed.deserialize(de).map_err(|e| e.locate(&span, &path, None))
    }
}
