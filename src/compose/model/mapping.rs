//! compose's list-or-mapping types: `environment`, `labels`, `sysctls`, `driver_opts`,
//! `extra_hosts`, string-or-list fields. Each accepts the forms compose-go's decoders accept
//! and prints the form `docker compose config` prints (sorted maps, sorted host lists).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::format::{Format, OmitEmpty};
use crate::compose::node::go_float;

macro_rules! newtype {
    ($(#[$meta:meta])* $name:ident($inner:ty)) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name(pub $inner);

        impl Deref for $name {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.0
            }
        }

        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut $inner {
                &mut self.0
            }
        }

        impl From<$inner> for $name {
            fn from(v: $inner) -> Self {
                $name(v)
            }
        }

        impl OmitEmpty for $name {
            fn is_omitted(&self, _: Format) -> bool {
                self.0.is_empty()
            }
        }
    };
}

newtype!(
    /// `key: value` or `["key=value"]`; a missing or null value is the empty string.
    Mapping(BTreeMap<String, String>)
);
newtype!(
    /// Labels: decoded like [`Mapping`].
    Labels(BTreeMap<String, String>)
);
newtype!(
    /// `driver_opts`, logging `options`: a mapping only; null values become empty strings.
    Options(BTreeMap<String, String>)
);
newtype!(
    /// `environment`, build `args`: `KEY` alone (no `=`) or `KEY: null` is unset (printed as
    /// null), `KEY=` is the empty string.
    MappingWithEquals(BTreeMap<String, Option<String>>)
);
newtype!(
    /// A string or a list of strings (`dns`, `tmpfs`, build `tags`).
    StringList(Vec<String>)
);
newtype!(
    /// A string, or a list of strings and numbers (`expose`, `group_add`).
    StringOrNumberList(Vec<String>)
);
newtype!(
    /// `extra_hosts`: host → addresses, from `host=ip`/`host:ip` lists or a mapping; printed
    /// as a sorted `host=ip` list.
    HostsList(BTreeMap<String, Vec<String>>)
);

/// A scalar as Go's `fmt.Sprint` prints it; `None` for null.
pub(super) struct Scalar(pub(super) Option<String>);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_owned())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(Some(go_float(v))))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Decodes a mapping or a `key=value` list into (key, value) pairs, `None` for null values
/// and for list items without `=`.
fn pairs<'de, D: Deserializer<'de>>(d: D, allow_list: bool) -> Result<Vec<(String, Option<String>)>, D::Error> {
    struct V(bool);
    impl<'de> Visitor<'de> for V {
        type Value = Vec<(String, Option<String>)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(if self.0 { "a mapping or a list of `key=value` strings" } else { "a mapping" })
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(k) = map.next_key::<String>()? {
                let v: Scalar = map.next_value()?;
                out.push((k, v.0));
            }
            Ok(out)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            if !self.0 {
                return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
            }
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<Scalar>()? {
                let text = item.0.unwrap_or_default();
                match text.split_once('=') {
                    Some((k, v)) => out.push((k.to_owned(), Some(v.to_owned()))),
                    None => out.push((text, None)),
                }
            }
            Ok(out)
        }
    }
    d.deserialize_any(V(allow_list))
}

fn serialize_map<S: Serializer, V: Serialize>(map: &BTreeMap<String, V>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(map.len()))?;
    for (k, v) in map {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

macro_rules! string_map {
    ($name:ident, $allow_list:expr) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let pairs = pairs(d, $allow_list)?;
                Ok($name(pairs.into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect()))
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_map(&self.0, s)
            }
        }
    };
}

string_map!(Mapping, true);
string_map!(Labels, true);
string_map!(Options, false);

impl<'de> Deserialize<'de> for MappingWithEquals {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs = pairs(d, true)?;
        let mut out = BTreeMap::new();
        for (k, v) in pairs {
            if k.ends_with(char::is_whitespace) {
                return Err(de::Error::custom(format!(
                    "variable `{k}` is declared with a trailing space; remove the space before `=`"
                )));
            }
            out.insert(k, v);
        }
        Ok(MappingWithEquals(out))
    }
}

impl Serialize for MappingWithEquals {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_map(&self.0, s)
    }
}

fn string_or_list<'de, D: Deserializer<'de>>(d: D, numbers: bool) -> Result<Vec<String>, D::Error> {
    struct V(bool);
    impl<'de> Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(if self.0 { "a string or a list of strings and numbers" } else { "a string or a list of strings" })
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_owned()])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            if self.0 {
                while let Some(Scalar(v)) = seq.next_element::<Scalar>()? {
                    out.push(v.unwrap_or_default());
                }
            } else {
                while let Some(v) = seq.next_element::<String>()? {
                    out.push(v);
                }
            }
            Ok(out)
        }
    }
    d.deserialize_any(V(numbers))
}

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_or_list(d, false).map(StringList)
    }
}

impl<'de> Deserialize<'de> for StringOrNumberList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_or_list(d, true).map(StringOrNumberList)
    }
}

impl Serialize for StringList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl Serialize for StringOrNumberList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl HostsList {
    /// `host=ip` entries, sorted, as compose prints them (the engine wants `host:ip`).
    pub fn as_list(&self, sep: &str) -> Vec<String> {
        let mut list: Vec<String> =
            self.0.iter().flat_map(|(h, ips)| ips.iter().map(move |ip| format!("{h}{sep}{ip}"))).collect();
        list.sort();
        list
    }

    fn cleanup(mut self) -> Result<Self, String> {
        for (host, ips) in &mut self.0 {
            if host.is_empty() || host.contains([':', '=']) {
                return Err(format!("bad host name `{host}`; write `host=ip`"));
            }
            for ip in ips.iter_mut() {
                if ip.len() > 2 && ip.starts_with('[') && ip.ends_with(']') {
                    *ip = ip[1..ip.len() - 1].to_owned();
                }
            }
        }
        Ok(self)
    }
}

impl<'de> Deserialize<'de> for HostsList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HostsList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of `host=ip` strings or a mapping of host to address")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HostsList, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(host) = map.next_key::<String>()? {
                    let ips = map.next_value::<Option<StringOrNumberList>>()?;
                    out.insert(host, ips.map(|l| l.0).unwrap_or_else(|| vec![String::new()]));
                }
                HostsList(out).cleanup().map_err(de::Error::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HostsList, A::Error> {
                let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
                while let Some(Scalar(item)) = seq.next_element::<Scalar>()? {
                    let item = item.unwrap_or_default();
                    let Some((host, ip)) = item.split_once('=').or_else(|| item.split_once(':')) else {
                        return Err(de::Error::custom(format!(
                            "invalid additional host `{item}`: the IP address is missing; write `{item}=IP`"
                        )));
                    };
                    out.entry(host.to_owned()).or_default().extend(ip.split(',').map(str::to_owned));
                }
                HostsList(out).cleanup().map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for HostsList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_list("=").serialize(s)
    }
}
