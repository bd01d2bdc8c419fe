//! The whole project: what `docker compose config` prints.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::format::{Extensions, Format, OmitEmpty, current_format};
use super::networks::NetworkConfig;
use super::resources::{ConfigObjConfig, SecretConfig, VolumeConfig};
use super::service::ServiceConfig;

compose_struct! {
    /// A model a service can use (`models:` at the top level).
    pub struct ModelConfig {
        "name" name: String,
        "model" model: String,
        "context_size" context_size: i64,
        "runtime_flags" runtime_flags: Vec<String>,
    }
}

/// A loaded compose project. Maps are sorted by name, as compose prints them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    pub name: String,
    pub services: BTreeMap<String, ServiceConfig>,
    pub networks: BTreeMap<String, NetworkConfig>,
    pub volumes: BTreeMap<String, VolumeConfig>,
    pub secrets: BTreeMap<String, SecretConfig>,
    pub configs: BTreeMap<String, ConfigObjConfig>,
    pub models: BTreeMap<String, ModelConfig>,
    /// Top-level `x-*` keys.
    pub extensions: Extensions,
}

impl Project {
    /// The top-level keys a compose file may have once loaded.
    pub const FIELDS: &'static [&'static str] = ProjectDoc::FIELDS;
}

compose_struct! {
    /// The top level as decoded; `version` and `include` are accepted and dropped (earlier
    /// stages warn about the first and resolve the second).
    pub struct ProjectDoc {
        "name" name: String,
        "services" services: BTreeMap<String, ServiceConfig>,
        "networks" networks: BTreeMap<String, Option<NetworkConfig>>,
        "volumes" volumes: BTreeMap<String, Option<VolumeConfig>>,
        "secrets" secrets: BTreeMap<String, SecretConfig>,
        "configs" configs: BTreeMap<String, ConfigObjConfig>,
        "models" models: BTreeMap<String, ModelConfig>,
    }
    ignore ["version", "include"]
}

impl<'de> Deserialize<'de> for Project {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = ProjectDoc::deserialize(d)?;
        Ok(Project {
            name: doc.name,
            services: doc.services,
            networks: doc.networks.into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect(),
            volumes: doc.volumes.into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect(),
            secrets: doc.secrets,
            configs: doc.configs,
            models: doc.models,
            extensions: doc.extensions,
        })
    }
}

/// One top-level entry of the JSON form, which compose prints as a sorted map.
enum Top<'a> {
    Name(&'a String),
    Services(&'a BTreeMap<String, ServiceConfig>),
    Networks(&'a BTreeMap<String, NetworkConfig>),
    Volumes(&'a BTreeMap<String, VolumeConfig>),
    Secrets(&'a BTreeMap<String, SecretConfig>),
    Configs(&'a BTreeMap<String, ConfigObjConfig>),
    Extension(&'a serde_json::Value),
}

impl Serialize for Top<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Top::Name(v) => v.serialize(s),
            Top::Services(v) => v.serialize(s),
            Top::Networks(v) => v.serialize(s),
            Top::Volumes(v) => v.serialize(s),
            Top::Secrets(v) => v.serialize(s),
            Top::Configs(v) => v.serialize(s),
            Top::Extension(v) => EmptyListsAsNull(v).serialize(s),
        }
    }
}

/// An extension's value as compose's JSON prints it: compose rebuilds extension lists while
/// loading, so an empty one ends up nil and Go's JSON encoder writes `null` for it.
struct EmptyListsAsNull<'a>(&'a serde_json::Value);

impl Serialize for EmptyListsAsNull<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self.0 {
            serde_json::Value::Array(items) if items.is_empty() => s.serialize_none(),
            serde_json::Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&EmptyListsAsNull(item))?;
                }
                seq.end()
            }
            serde_json::Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, &EmptyListsAsNull(v))?;
                }
                m.end()
            }
            other => other.serialize(s),
        }
    }
}

impl Serialize for Project {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if current_format() == Format::Json {
            // compose builds the JSON top level as a Go map: sorted keys, `name` and
            // `services` always, no `models`, extensions among the other keys.
            let mut top: BTreeMap<&str, Top> = BTreeMap::new();
            top.insert("name", Top::Name(&self.name));
            top.insert("services", Top::Services(&self.services));
            if !self.networks.is_empty() {
                top.insert("networks", Top::Networks(&self.networks));
            }
            if !self.volumes.is_empty() {
                top.insert("volumes", Top::Volumes(&self.volumes));
            }
            if !self.secrets.is_empty() {
                top.insert("secrets", Top::Secrets(&self.secrets));
            }
            if !self.configs.is_empty() {
                top.insert("configs", Top::Configs(&self.configs));
            }
            for (k, v) in &self.extensions {
                top.insert(k, Top::Extension(v));
            }
            let mut m = s.serialize_map(Some(top.len()))?;
            for (k, v) in &top {
                m.serialize_entry(k, v)?;
            }
            return m.end();
        }
        let mut st = s.serialize_struct("Project", 8 + self.extensions.len())?;
        let format = Format::Yaml;
        if self.name.is_empty() {
            st.skip_field("name")?;
        } else {
            st.serialize_field("name", &self.name)?;
        }
        st.serialize_field("services", &self.services)?;
        macro_rules! optional {
            ($($key:literal $field:ident),*) => {$(
                if self.$field.is_omitted(format) {
                    st.skip_field($key)?;
                } else {
                    st.serialize_field($key, &self.$field)?;
                }
            )*};
        }
        optional!("networks" networks, "volumes" volumes, "secrets" secrets, "configs" configs, "models" models);
        for (k, v) in &self.extensions {
            st.serialize_field(super::format::intern(k), v)?;
        }
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::EmptyListsAsNull;

    #[test]
    fn empty_extension_lists_print_as_null_at_any_depth() {
        let value = json!({"a": [], "b": [[], {}, [1]], "c": {"d": [], "e": {}}});
        let got = serde_json::to_value(EmptyListsAsNull(&value)).unwrap_or_default();
        let want = json!({"a": null, "b": [null, {}, [1]], "c": {"d": null, "e": {}}});
        assert_eq!(got, want, "compose's JSON shows nil lists in extensions as null; empty maps stay");
    }
}
