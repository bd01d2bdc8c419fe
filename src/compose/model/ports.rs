//! Service ports in their long syntax.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::format::{Format, OmitEmpty};

/// `published`: a string (a port or a range such as `8000-8010`); numbers are accepted and
/// kept as their digits, as compose does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published(pub String);

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Published;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a port number or range")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Published, E> {
                Ok(Published(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Published, E> {
                Ok(Published(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Published, E> {
                Ok(Published(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl OmitEmpty for Published {
    fn is_omitted(&self, _: Format) -> bool {
        self.0.is_empty()
    }
}

compose_struct! {
    /// One published or exposed port.
    pub struct ServicePortConfig {
        "name" name: String,
        "mode" mode: String,
        "host_ip" host_ip: String,
        "target" target: u32,
        "published" published: Published,
        "protocol" protocol: String,
        "app_protocol" app_protocol: String,
    }
}
