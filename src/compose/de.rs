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
            DeError::WrongType { expected, found } => LoadError::wrong_type(span, &shown, &expected, &found),
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::compose::model::{Format, Project, ServiceConfig, with_format};
    use crate::compose::node::from_json;

    fn project(v: serde_json::Value) -> Result<Project, LoadError> {
        from_node(&from_json(&v))
    }

    #[test]
    fn unknown_key_names_the_key_and_suggests() {
        let tree = from_json(&json!({"services": {"web": {"image": "x", "imgae": "y"}}}));
        let key_span = tree.get_path(&["services", "web"]).and_then(|w| w.as_map()).and_then(|m| m.get_entry("imgae")).map(|(k, _)| k.span.clone());
        let err = from_node::<Project>(&tree).err();
        let err = err.as_ref();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::UnknownKey), "a misspelt key is an unknown key");
        assert_eq!(err.map(|e| e.problem.as_str()), Some("unknown key `imgae` in service `web`"), "the message names key and service");
        assert_eq!(err.and_then(|e| e.fix.as_deref()), Some("did you mean `image`?"), "the fix suggests the close key");
        assert_eq!(err.and_then(|e| e.span.clone()), key_span, "the error points at the key");
    }

    #[test]
    fn unknown_key_without_close_match_lists_or_points_to_spec() {
        let err = project(json!({"services": {"web": {"healthcheck": {"zzzzzz": 1}}}})).err();
        let fix = err.as_ref().and_then(|e| e.fix.clone()).unwrap_or_default();
        assert!(fix.contains("`test`") && fix.contains("`x-`"), "a short key list is shown: {fix}");
        let err = project(json!({"services": {"web": {"qqqqqqqqqq": 1}}})).err();
        let fix = err.as_ref().and_then(|e| e.fix.clone()).unwrap_or_default();
        assert!(fix.contains("Compose Specification"), "a long key list points to the spec: {fix}");
        let err = project(json!({"servics": {}})).err();
        assert_eq!(err.map(|e| e.problem), Some("unknown key `servics` at the top level".into()), "top-level keys are checked too");
    }

    #[test]
    fn wrong_types_name_the_path() {
        let cases = [
            (json!({"services": {"web": {"ports": {"a": 1}}}}), "`services.web.ports` must be a list, not a mapping"),
            (json!({"services": {"web": {"image": 1}}}), "`services.web.image` must be a string, not an integer"),
            (json!({"services": {"web": {"ports": [{"target": []}]}}}), "`services.web.ports[0].target` must be an integer, not a list"),
            (json!({"services": {"web": {"tty": 3}}}), "`services.web.tty` must be a boolean, not an integer"),
            (json!({"services": []}), "`services` must be a mapping, not a list"),
        ];
        for (tree, want) in cases {
            let err = project(tree).err();
            assert_eq!(err.as_ref().map(|e| e.kind), Some(ErrorKind::WrongType), "{want}");
            assert_eq!(err.map(|e| e.problem), Some(want.to_string()), "the message names the full path");
        }
    }

    #[test]
    fn invalid_values_name_the_path_and_place() {
        let tree = from_json(&json!({"services": {"web": {"stop_grace_period": "10"}}}));
        let span = tree.get_path(&["services", "web", "stop_grace_period"]).map(|n| n.span.clone());
        let err = from_node::<Project>(&tree).err();
        assert_eq!(err.as_ref().map(|e| e.kind), Some(ErrorKind::InvalidValue), "a bad duration is an invalid value");
        assert_eq!(err.as_ref().and_then(|e| e.span.clone()), span, "it points at the value");
        let problem = err.map(|e| e.problem).unwrap_or_default();
        assert!(problem.starts_with("invalid `services.web.stop_grace_period`: missing unit"), "{problem}");
    }

    #[test]
    fn lenient_where_compose_is() {
        let p = project(json!({"services": {"web": {
            "tty": "yes", "privileged": "Off", "cpus": "1.5", "cpu_shares": "12",
            "ports": [{"target": "80", "published": 8080}], "expose": [3000, "4000"],
            "labels": {"n": 1, "f": 1.5, "b": true, "z": null}, "environment": ["A=1", "B", "C="],
            "sysctls": ["a=1"], "extra_hosts": ["h:1.2.3.4", "i=[::1]"],
        }}}));
        let p = p.unwrap_or_default();
        let web = p.services.get("web").cloned().unwrap_or_default();
        assert!(web.tty && !web.privileged, "compose's boolean words are booleans");
        assert_eq!(web.cpus, 1.5, "numeric strings fill float fields");
        assert_eq!(web.cpu_shares, 12, "numeric strings fill integer fields");
        assert_eq!(web.ports.first().map(|p| (p.target, p.published.0.as_str())), Some((80, "8080")), "published keeps its digits");
        assert_eq!(web.expose.0, ["3000", "4000"], "expose takes numbers as strings");
        let labels: Vec<_> = web.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(labels, ["b=true", "f=1.5", "n=1", "z="], "label values print like Go's fmt.Sprint");
        let env: Vec<_> = web.environment.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
        assert_eq!(env, ["A=Some(\"1\")", "B=None", "C=Some(\"\")"], "a bare name is unset, `C=` is empty");
        assert_eq!(web.extra_hosts.as_list("="), ["h=1.2.3.4", "i=::1"], "both separators, brackets dropped");
        assert_eq!(web.sysctls.get("a").map(String::as_str), Some("1"), "sysctls from a list");
    }

    #[test]
    fn rejects_what_compose_rejects() {
        for tree in [
            json!({"services": {"web": {"tty": "maybe"}}}),
            json!({"services": {"web": {"cpus": "lots"}}}),
            json!({"services": {"web": {"mem_limit": "1x"}}}),
            json!({"services": {"web": {"command": "sh -c \"a"}}}),
            json!({"services": {"web": {"extra_hosts": ["nohost"]}}}),
            json!({"services": {"web": {"environment": ["A =1"]}}}),
        ] {
            assert!(project(tree.clone()).is_err(), "{tree} must not load");
        }
    }

    #[test]
    fn extensions_are_kept_everywhere_compose_allows_them() {
        let p = project(json!({
            "x-top": {"a": 1},
            "services": {"web": {"x-svc": "s", "build": {"context": ".", "x-b": 1}, "healthcheck": {"x-h": true}}},
            "networks": {"n": {"x-n": 1}}, "volumes": {"v": {"x-v": 1}}, "secrets": {"s": {"x-s": 1}},
            "configs": {"c": {"x-c": 1}},
        }))
        .unwrap_or_default();
        let yaml = with_format(Format::Yaml, || serde_json::to_value(&p)).unwrap_or_default();
        for path in ["/x-top/a", "/services/web/x-svc", "/services/web/build/x-b", "/services/web/healthcheck/x-h",
            "/networks/n/x-n", "/volumes/v/x-v", "/secrets/s/x-s", "/configs/c/x-c"] {
            assert!(yaml.pointer(path).is_some(), "{path} is kept and printed in YAML");
        }
        let json = with_format(Format::Json, || serde_json::to_value(&p)).unwrap_or_default();
        assert!(json.pointer("/x-top/a").is_some(), "top-level extensions stay in JSON");
        assert!(json.pointer("/services/web/x-svc").is_none(), "compose drops nested extensions from JSON");
    }

    #[test]
    fn long_syntax_fields_not_in_the_round_trip() {
        let svc: Result<ServiceConfig, _> = from_node(&from_json(&json!({
            "build": {"context": ".", "dockerfile_inline": "FROM x", "ssh": {"default": null, "k": "/key"}},
            "env_file": [{"path": "a.env", "required": false, "format": "raw"}, "b.env"],
            "scale": "2", "tmpfs": "/run", "healthcheck": {"test": "true", "disable": "no"},
            "pid": null, "ulimits": {"a": {"soft": 1, "hard": 2}, "b": 5},
            "deploy": {"resources": {"reservations": {"devices": [{"count": "all"}]}}},
        })));
        let svc = svc.unwrap_or_default();
        let yaml = with_format(Format::Yaml, || serde_json::to_value(&svc)).unwrap_or_default();
        assert_eq!(yaml["build"]["dockerfile_inline"], "FROM x", "dockerfile_inline is kept");
        assert_eq!(yaml["build"]["ssh"], json!(["default", "k: /key"]), "ssh prints as compose's id[: path] strings");
        assert_eq!(yaml["env_file"], json!([{"path": "a.env", "required": false}, "b.env"]), "YAML env_file form");
        assert_eq!(yaml["scale"], 2, "scale from a numeric string");
        assert_eq!(yaml["tmpfs"], json!(["/run"]), "a single tmpfs string becomes a list");
        assert_eq!(yaml["healthcheck"]["test"], json!(["CMD-SHELL", "true"]), "a string test runs in a shell");
        assert_eq!(yaml["ulimits"], json!({"a": {"soft": 1, "hard": 2}, "b": 5}), "ulimits keep their two forms");
        assert_eq!(yaml["deploy"]["resources"]["reservations"]["devices"][0]["count"], -1, "`all` devices print as -1");
        let json = with_format(Format::Json, || serde_json::to_value(&svc)).unwrap_or_default();
        assert_eq!(json["env_file"][0], json!({"path": "a.env", "required": false, "format": "raw"}), "JSON env_file form");
        assert_eq!(json["entrypoint"], serde_json::Value::Null, "JSON always prints entrypoint");
    }
}
