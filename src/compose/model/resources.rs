//! Top-level volumes, secrets and configs, and a service's reference to a secret or config.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::mapping::{Labels, Options};
use super::scalars::{External, FileMode};

compose_struct! {
    /// A top-level volume.
    pub struct VolumeConfig {
        "name" name: String,
        "driver" driver: String,
        "driver_opts" driver_opts: Options,
        "external" external: External,
        "labels" labels: Labels,
    }
}

compose_struct! {
    /// A service's use of a secret or config (also build `secrets`).
    pub struct FileReferenceConfig {
        "source" source: String,
        "target" target: String,
        "uid" uid: String,
        "gid" gid: String,
        "mode" mode: Option<FileMode>,
    }
}

compose_struct! {
    /// What secrets and configs have in common: where the content comes from.
    pub struct FileObjectConfig {
        "name" name: String,
        "file" file: String,
        "environment" environment: String,
        "content" content: String,
        "external" external: External,
        "labels" labels: Labels,
        "driver" driver: String,
        "driver_opts" driver_opts: BTreeMap<String, String>,
        "template_driver" template_driver: String,
    }
}

macro_rules! file_object {
    ($(#[$meta:meta])* $name:ident, |$o:ident| $hide_content:expr) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name(pub FileObjectConfig);

        impl Deref for $name {
            type Target = FileObjectConfig;
            fn deref(&self) -> &FileObjectConfig {
                &self.0
            }
        }

        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut FileObjectConfig {
                &mut self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                FileObjectConfig::deserialize(d).map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let $o = &self.0;
                if $hide_content {
                    let mut shown = self.0.clone();
                    shown.content.clear();
                    return shown.serialize(s);
                }
                self.0.serialize(s)
            }
        }
    };
}

file_object!(
    /// A top-level secret; its content is never printed.
    SecretConfig, |_o| true
);
file_object!(
    /// A top-level config; content read from `environment` is not printed.
    ConfigObjConfig, |o| !o.environment.is_empty()
);
