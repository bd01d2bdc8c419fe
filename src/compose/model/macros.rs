//! `compose_struct!`: declares a compose object once and derives the parts serde's derive
//! cannot give us: fields printed in declaration order with Go's per-field omission rules,
//! `x-*` keys kept and printed last (YAML only, as compose does), unknown keys rejected with
//! the list of valid ones.
//!
//! A field is written `"key" name: Type` and may end in `=> keep` (never omitted, Go tag
//! without `omitempty`) or `=> json_keep` (omitted when empty in YAML only: compose's
//! `command` and `entrypoint`). `"key" / "Key" name: Type` prints `Key` in JSON. `ignore
//! ["k"]` lists keys the specification allows but compose-go drops while decoding.
//! `[value_struct]` marks types embedded by value in Go: YAML leaves them out when every
//! field is empty, JSON always prints them.

macro_rules! compose_omit {
    ($v:expr, $fmt:expr, ) => {
        $crate::compose::model::OmitEmpty::is_omitted($v, $fmt)
    };
    ($v:expr, $fmt:expr, keep) => {
        false
    };
    ($v:expr, $fmt:expr, json_keep) => {
        $fmt == $crate::compose::model::Format::Yaml && $crate::compose::model::OmitEmpty::is_omitted($v, $fmt)
    };
}

/// A field's printed key: `"key" / "Key"` fields print the second name in JSON, where
/// compose-go's type has no `json` tag and Go uses the field's own name.
macro_rules! compose_key {
    ($key:literal, $fmt:expr, ) => {
        $key
    };
    ($key:literal, $fmt:expr, $json:literal) => {
        if $fmt == $crate::compose::model::Format::Json { $json } else { $key }
    };
}

macro_rules! compose_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $key:literal $(/ $json:literal)? $field:ident : $ty:ty $(=> $rule:ident)? ),* $(,)?
        }
        $(ignore [$($ign:literal),* $(,)?])?
        $([$value_struct:ident])?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// `x-*` keys, printed after the fields in YAML.
            pub extensions: $crate::compose::model::Extensions,
        }

        impl $name {
            /// The keys this object accepts, in printed order.
            pub const FIELDS: &'static [&'static str] = &[$($key),*];
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let format = $crate::compose::model::current_format();
                let with_ext = format == $crate::compose::model::Format::Yaml;
                let mut len = 0;
                $( if !compose_omit!(&self.$field, format, $($rule)?) { len += 1; } )*
                if with_ext {
                    len += self.extensions.len();
                }
                let mut s = serializer.serialize_struct(stringify!($name), len)?;
                $(
                    if compose_omit!(&self.$field, format, $($rule)?) {
                        s.skip_field(compose_key!($key, format, $($json)?))?;
                    } else {
                        s.serialize_field(compose_key!($key, format, $($json)?), &self.$field)?;
                    }
                )*
                if with_ext {
                    for (k, v) in &self.extensions {
                        s.serialize_field($crate::compose::model::format::intern(k), v)?;
                    }
                }
                s.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a mapping")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $( $key => out.$field = map.next_value()?, )*
                                $($( $ign => { map.next_value::<serde::de::IgnoredAny>()?; } )*)?
                                k if k.starts_with("x-") => {
                                    let v = map.next_value::<serde_json::Value>()?;
                                    out.extensions.insert(key, v);
                                }
                                _ => return Err(<A::Error as serde::de::Error>::unknown_field(&key, $name::FIELDS)),
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_struct(stringify!($name), $name::FIELDS, Fields)
            }
        }

        compose_struct!(@value [$($value_struct)?] $name { $($field)* });
    };
    (@value [] $name:ident { $($field:ident)* }) => {};
    (@value [value_struct] $name:ident { $($field:ident)* }) => {
        impl $crate::compose::model::OmitEmpty for $name {
            fn is_omitted(&self, format: $crate::compose::model::Format) -> bool {
                format == $crate::compose::model::Format::Yaml
                    && self.extensions.is_empty()
                    $( && $crate::compose::model::OmitEmpty::is_omitted(&self.$field, format) )*
            }
        }
    };
}
