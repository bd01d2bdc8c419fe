//! Values with a compose-specific decoding or printed form: commands, healthcheck tests,
//! ulimits, env files, ssh keys, file modes, device counts, `external`.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::format::{Format, OmitEmpty, current_format};
use crate::compose::shellwords;

/// `command`, `entrypoint`: a list, or a string split like a shell would (go-shellwords).
/// `None` (absent or null) keeps the image's value; `Some([])` clears it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShellCommand(pub Option<Vec<String>>);

/// Splits a command line the way compose does (see [`shellwords::split`]).
pub fn split_shell_words(line: &str) -> Result<Vec<String>, String> {
    shellwords::split(line).ok_or_else(|| format!("invalid command line {line:?}: a quote or backslash is not closed"))
}

fn strings_or_text<'de, D: Deserializer<'de>>(
    d: D,
    what: &'static str,
    from_text: fn(&str) -> Result<Vec<String>, String>,
) -> Result<Option<Vec<String>>, D::Error> {
    struct V(&'static str, fn(&str) -> Result<Vec<String>, String>);
    impl<'de> Visitor<'de> for V {
        type Value = Option<Vec<String>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            (self.1)(v).map(Some).map_err(E::custom)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(Some(out))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V(what, from_text))
}

impl<'de> Deserialize<'de> for ShellCommand {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        strings_or_text(d, "a command string or a list of strings", split_shell_words).map(ShellCommand)
    }
}

impl Serialize for ShellCommand {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl OmitEmpty for ShellCommand {
    fn is_omitted(&self, _: Format) -> bool {
        self.0.is_none()
    }
}

/// healthcheck `test`: a string means `["CMD-SHELL", string]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HealthCheckTest(pub Vec<String>);

impl<'de> Deserialize<'de> for HealthCheckTest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let cmd = strings_or_text(d, "a command string or a list of strings", |s| Ok(vec!["CMD-SHELL".into(), s.into()]))?;
        Ok(HealthCheckTest(cmd.unwrap_or_default()))
    }
}

impl Serialize for HealthCheckTest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl OmitEmpty for HealthCheckTest {
    fn is_omitted(&self, _: Format) -> bool {
        self.0.is_empty()
    }
}

/// `external: true` on networks, volumes, secrets, configs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct External(pub bool);

impl<'de> Deserialize<'de> for External {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        bool::deserialize(d).map(External)
    }
}

impl Serialize for External {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(self.0)
    }
}

impl OmitEmpty for External {
    fn is_omitted(&self, _: Format) -> bool {
        !self.0
    }
}

/// Secret/config file mode: a number, or an octal string (`"0440"`); printed as `"0440"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileMode(pub i64);

impl<'de> Deserialize<'de> for FileMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FileMode;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a file mode (a number or an octal string such as \"0440\")")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FileMode, E> {
                Ok(FileMode(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FileMode, E> {
                i64::try_from(v).map(FileMode).map_err(|_| E::custom("file mode too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FileMode, E> {
                i64::from_str_radix(v, 8)
                    .map(FileMode)
                    .map_err(|_| E::custom(format!("invalid file mode {v:?}; write it in octal, such as \"0440\"")))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for FileMode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0{:o}", self.0))
    }
}

/// GPU/device `count`: a number, or `all` (stored and printed as -1, as compose does).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeviceCount(pub i64);

impl<'de> Deserialize<'de> for DeviceCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DeviceCount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or `all`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DeviceCount, E> {
                Ok(DeviceCount(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DeviceCount, E> {
                i64::try_from(v).map(DeviceCount).map_err(|_| E::custom("device count too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DeviceCount, E> {
                if v.eq_ignore_ascii_case("all") {
                    return Ok(DeviceCount(-1));
                }
                v.parse().map(DeviceCount).map_err(|_| {
                    E::custom(format!("invalid device count {v:?}; the only values allowed are `all` or a number"))
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for DeviceCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl OmitEmpty for DeviceCount {
    fn is_omitted(&self, _: Format) -> bool {
        self.0 == 0
    }
}

/// A ulimit: one number for both limits (`nproc: 65535`) or `{soft, hard}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UlimitsConfig {
    pub single: i64,
    pub soft: i64,
    pub hard: i64,
}

impl<'de> Deserialize<'de> for UlimitsConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UlimitsConfig;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a mapping with `soft` and `hard`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<UlimitsConfig, E> {
                Ok(UlimitsConfig { single: v, soft: 0, hard: 0 })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<UlimitsConfig, E> {
                i64::try_from(v).map(|v| UlimitsConfig { single: v, soft: 0, hard: 0 }).map_err(|_| E::custom("ulimit too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<UlimitsConfig, E> {
                v.parse().map(|v| UlimitsConfig { single: v, soft: 0, hard: 0 }).map_err(|_| E::custom(format!("invalid ulimit {v:?}; write a number")))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UlimitsConfig, A::Error> {
                let mut out = UlimitsConfig::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "soft" => out.soft = map.next_value()?,
                        "hard" => out.hard = map.next_value()?,
                        k if k.starts_with("x-") => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                        _ => return Err(de::Error::unknown_field(&key, &["soft", "hard"])),
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for UlimitsConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.single != 0 {
            return s.serialize_i64(self.single);
        }
        // YAML prints both limits even when zero; JSON leaves zero limits out.
        let json = current_format() == Format::Json;
        let mut st = s.serialize_struct("UlimitsConfig", 2)?;
        for (key, v) in [("soft", self.soft), ("hard", self.hard)] {
            if json && v == 0 {
                st.skip_field(key)?;
            } else {
                st.serialize_field(key, &v)?;
            }
        }
        st.end()
    }
}

/// An `env_file` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvFile {
    pub path: String,
    pub required: bool,
    pub format: String,
}

impl Default for EnvFile {
    fn default() -> Self {
        EnvFile { path: String::new(), required: true, format: String::new() }
    }
}

impl<'de> Deserialize<'de> for EnvFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EnvFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a path or a mapping with `path`, `required` and `format`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EnvFile, E> {
                Ok(EnvFile { path: v.to_owned(), ..EnvFile::default() })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EnvFile, A::Error> {
                let mut out = EnvFile::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "path" => out.path = map.next_value()?,
                        "required" => out.required = map.next_value()?,
                        "format" => out.format = map.next_value()?,
                        _ => return Err(de::Error::unknown_field(&key, &["path", "required", "format"])),
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for EnvFile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.required {
            return s.serialize_str(&self.path);
        }
        // compose's YAML form is a two-key map (no `format`); its JSON form is the struct.
        let json = current_format() == Format::Json;
        let mut st = s.serialize_struct("EnvFile", 3)?;
        if json && self.path.is_empty() {
            st.skip_field("path")?;
        } else {
            st.serialize_field("path", &self.path)?;
        }
        st.serialize_field("required", &self.required)?;
        if json && !self.format.is_empty() {
            st.serialize_field("format", &self.format)?;
        } else {
            st.skip_field("format")?;
        }
        st.end()
    }
}

/// One build `ssh` entry: an agent socket or key id, with an optional path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SshKey {
    pub id: String,
    pub path: String,
}

/// Build `ssh`: from `[default, "id=path"]` or `{id: path}`; kept sorted by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SshConfig(pub Vec<SshKey>);

impl<'de> Deserialize<'de> for SshConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SshConfig;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of `id` or `id=path` strings, or a mapping of id to path")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SshConfig, A::Error> {
                let mut out = Vec::new();
                while let Some(id) = map.next_key::<String>()? {
                    let path = map.next_value::<Option<String>>()?.unwrap_or_default();
                    out.push(SshKey { id, path });
                }
                out.sort_by(|a, b| a.id.cmp(&b.id));
                Ok(SshConfig(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SshConfig, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    let (id, path) = item.split_once('=').unwrap_or((&item, ""));
                    out.push(SshKey { id: id.to_owned(), path: path.to_owned() });
                }
                out.sort_by(|a, b| a.id.cmp(&b.id));
                Ok(SshConfig(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for SshConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for key in &self.0 {
            if key.path.is_empty() {
                seq.serialize_element(&key.id)?;
            } else {
                seq.serialize_element(&format!("{}: {}", key.id, key.path))?;
            }
        }
        seq.end()
    }
}

impl OmitEmpty for SshConfig {
    fn is_omitted(&self, _: Format) -> bool {
        self.0.is_empty()
    }
}

impl OmitEmpty for FileMode {
    fn is_omitted(&self, _: Format) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_go_shellwords() {
        let cases: [(&str, &[&str]); 6] = [
            ("echo hi", &["echo", "hi"]),
            (r#"echo "a b" 'c d' e\ f"#, &["echo", "a b", "c d", "e f"]),
            ("echo hi && echo there", &["echo", "hi"]),
            ("echo $$HOME; ls", &["echo", "$$HOME"]),
            ("", &[]),
            (r#"sh -c "it's""#, &["sh", "-c", "it's"]),
        ];
        for (line, want) in cases {
            let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            assert_eq!(split_shell_words(line), Ok(want), "splitting {line:?}");
        }
        assert!(split_shell_words("sh -c \"a").is_err(), "an open quote is an error, as in compose");
    }
}
