//! A provider's `options`: each key holds one scalar or a list of scalars, and compose prints
//! every key as a list of strings (compose-go's `MultiOptions`).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::format::{Format, OmitEmpty};
use super::mapping::Scalar;

/// Option name → its values as Go's `fmt.Sprint` prints them. A key given an empty list has
/// no values, and compose drops it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MultiOptions(pub BTreeMap<String, Vec<String>>);

impl Deref for MultiOptions {
    type Target = BTreeMap<String, Vec<String>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl OmitEmpty for MultiOptions {
    fn is_omitted(&self, _: Format) -> bool {
        self.0.is_empty()
    }
}

/// One option's value: a boolean, number or string, or a list of them; never null.
struct Values(Vec<String>);

/// One item of an option's list: a boolean, number or string; never null.
struct Item(String);

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Scalar(v) = Scalar::deserialize(d)?;
        v.map(Item).ok_or_else(|| de::Error::invalid_type(de::Unexpected::Unit, &"a boolean, number or string"))
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Values;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean, number or string, or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Values, E> {
                Ok(Values(vec![v.to_owned()]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Values, E> {
                Ok(Values(vec![crate::compose::node::go_float(v)]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Values, A::Error> {
                let mut out = Vec::new();
                while let Some(Item(item)) = seq.next_element()? {
                    out.push(item);
                }
                Ok(Values(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for MultiOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MultiOptions;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of option names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MultiOptions, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let Values(values) = map.next_value()?;
                    if !values.is_empty() {
                        out.insert(key, values);
                    }
                }
                Ok(MultiOptions(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for MultiOptions {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::compose::de::from_node;
    use crate::compose::yaml::parse_documents;

    fn decode(text: &str) -> Result<MultiOptions, String> {
        let docs = parse_documents(text, Arc::from("t.yaml")).map_err(|e| e.to_string())?;
        let doc = docs.first().ok_or("no document")?;
        from_node(doc).map_err(|e| e.to_string())
    }

    #[test]
    fn every_value_becomes_a_list_of_strings() {
        let got = decode("a: 1\nb: true\nc: 1.5\nd: [1, false, 2.50, x]\ne: []\nf: 1e20\ng: 0x10\n");
        let want: BTreeMap<String, Vec<String>> = [
            ("a", vec!["1"]),
            ("b", vec!["true"]),
            ("c", vec!["1.5"]),
            ("d", vec!["1", "false", "2.5", "x"]),
            ("f", vec!["1e+20"]),
            ("g", vec!["16"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
        .collect();
        assert_eq!(got, Ok(MultiOptions(want)), "compose prints scalars with fmt.Sprint and drops empty lists");
    }

    #[test]
    fn null_and_nested_values_are_rejected() {
        for text in ["a: null\n", "a: [null]\n", "a: [[1]]\n", "a: {b: 1}\n"] {
            assert!(decode(text).is_err(), "compose's schema rejects {text:?}");
        }
    }
}
