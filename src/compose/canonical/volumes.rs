//! Service `volumes`: the short `SOURCE:TARGET[:OPTIONS]` syntax parsed the way compose-go's
//! `format.ParseVolume` does (Windows drive letters, `${...}` kept whole), into long syntax.

use super::{bool_at, clean_path, map_at, str_at, wrong};
use crate::compose::error::LoadError;
use crate::compose::node::{Node, Span, Value};

const VOLUME_FIX: &str = "a volume is written SOURCE:TARGET[:OPTIONS], e.g. \"./data:/data:ro\", \
\"dbdata:/var/lib/db\" or \"/cache\" for an anonymous volume";

/// A parsed short volume spec.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolumeSpec {
    /// `bind` for paths (`.`, `/`, `~`, `\\`, drive letters), `volume` otherwise.
    pub kind: &'static str,
    pub source: String,
    pub target: String,
    pub read_only: bool,
    /// Bind options in the order written: `propagation` and `selinux`.
    pub bind_options: Vec<(&'static str, String)>,
    /// Whether the bind/volume sub-mappings exist (compose prints `volume: {}` for volumes).
    pub has_bind: bool,
    pub has_volume: bool,
    pub nocopy: bool,
}

const PROPAGATIONS: [&str; 6] = ["rprivate", "private", "rshared", "shared", "rslave", "slave"];

/// Parses a short volume spec; the target is cleaned like Go's `path.Clean`.
pub fn parse_volume(spec: &str) -> Result<VolumeSpec, String> {
    let mut v = VolumeSpec::default();
    match spec.len() {
        0 => return Err("the volume is empty".into()),
        1 | 2 => {
            v.kind = "volume";
            v.target = clean_path(spec);
            return Ok(v);
        }
        _ => {}
    }
    let bytes = spec.as_bytes();
    let mut buffer: Vec<char> = Vec::new();
    let mut in_var = 0usize;
    let chars = spec.char_indices().map(|(i, c)| (i, Some(c))).chain([(spec.len(), None)]);
    for (i, c) in chars {
        if c == Some('$') && i + 1 < spec.len() && bytes[i + 1] == b'{' {
            in_var += 1;
            buffer.push('$');
            continue;
        }
        if c == Some('}') && in_var > 0 {
            in_var -= 1;
            buffer.push('}');
            continue;
        }
        if c == Some(':') && buffer.len() == 1 && buffer[0].is_alphabetic() {
            buffer.push(':');
        } else if (c == Some(':') || c.is_none()) && in_var == 0 {
            fill_field(c.is_none(), &buffer, &mut v)?;
            buffer.clear();
        } else if let Some(c) = c {
            buffer.push(c);
        }
    }
    if is_file_path(&v.source) {
        v.kind = "bind";
        v.has_bind = true;
    } else {
        v.kind = "volume";
        v.has_volume = true;
    }
    if !v.target.is_empty() {
        v.target = clean_path(&v.target);
    }
    Ok(v)
}

fn fill_field(at_end: bool, buffer: &[char], v: &mut VolumeSpec) -> Result<(), String> {
    let text: String = buffer.iter().collect();
    if buffer.is_empty() {
        return Err("a part between colons is empty".into());
    }
    if v.source.is_empty() && at_end {
        v.target = text;
        return Ok(());
    }
    if v.source.is_empty() {
        v.source = text;
        return Ok(());
    }
    if v.target.is_empty() {
        v.target = text;
        return Ok(());
    }
    if !at_end {
        return Err("it has too many colons".into());
    }
    for option in text.split(',') {
        match option {
            "ro" => v.read_only = true,
            "rw" => v.read_only = false,
            "nocopy" => {
                v.nocopy = true;
                v.has_volume = true;
            }
            "z" | "Z" => set_bind(v, "selinux", option),
            p if PROPAGATIONS.contains(&p) => set_bind(v, "propagation", option),
            // compose ignores options it does not know
            _ => {}
        }
    }
    Ok(())
}

fn set_bind(v: &mut VolumeSpec, key: &'static str, value: &str) {
    v.has_bind = true;
    match v.bind_options.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value.to_string(),
        None => v.bind_options.push((key, value.to_string())),
    }
}

fn is_file_path(source: &str) -> bool {
    if source.starts_with(['.', '/', '~']) || source.starts_with("\\\\") {
        return true;
    }
    let mut chars = source.chars();
    matches!((chars.next(), source.chars().nth(1)), (Some(first), Some(':')) if first.is_alphabetic())
}

/// Rewrites every short entry of a service's `volumes` list into long syntax.
pub(super) fn canonicalise_volumes(node: &mut Node) -> Result<(), LoadError> {
    let Some(items) = node.as_seq_mut() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, "`volumes`", "a list"));
    };
    for item in items {
        match &item.value {
            Value::Map(_) => {}
            Value::Str(spec) => {
                let parsed = parse_volume(spec).map_err(|problem| {
                    LoadError::invalid(&item.span, format!("invalid volume `{spec}`: {problem}"))
                        .with_fix(VOLUME_FIX)
                })?;
                *item = volume_node(&parsed, &item.span);
            }
            _ => return Err(wrong(item, "a volume", "a string or a mapping")),
        }
    }
    Ok(())
}

fn volume_node(v: &VolumeSpec, span: &Span) -> Node {
    let mut entries = vec![("type", str_at(v.kind, span))];
    if !v.source.is_empty() {
        entries.push(("source", str_at(&v.source, span)));
    }
    entries.push(("target", str_at(&v.target, span)));
    if v.read_only {
        entries.push(("read_only", bool_at(true, span)));
    }
    if v.has_bind {
        let mut bind: Vec<(&str, Node)> =
            v.bind_options.iter().map(|(k, val)| (*k, str_at(val, span))).collect();
        // Short binds create a missing host path, as the legacy docker-compose did.
        if v.kind == "bind" {
            bind.push(("create_host_path", bool_at(true, span)));
        }
        entries.push(("bind", map_at(bind, span)));
    }
    if v.has_volume {
        let volume = if v.nocopy { vec![("nocopy", bool_at(true, span))] } else { vec![] };
        entries.push(("volume", map_at(volume, span)));
    }
    map_at(entries, span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    fn canon(spec: &str) -> serde_json::Value {
        let mut node = from_json(&json!([spec]));
        match canonicalise_volumes(&mut node) {
            Ok(()) => plain(&node)[0].clone(),
            Err(e) => json!(format!("error: {}", e.problem)),
        }
    }

    #[test]
    fn short_volumes_match_compose() {
        let cases = [
            ("./data:/data:ro", json!({"type": "bind", "source": "./data", "target": "/data", "read_only": true, "bind": {"create_host_path": true}})),
            ("named:/x", json!({"type": "volume", "source": "named", "target": "/x", "volume": {}})),
            ("/anon", json!({"type": "volume", "target": "/anon", "volume": {}})),
            ("~/x:/y", json!({"type": "bind", "source": "~/x", "target": "/y", "bind": {"create_host_path": true}})),
            ("./b:/b:z,nocopy,rshared", json!({"type": "bind", "source": "./b", "target": "/b", "bind": {"selinux": "z", "propagation": "rshared", "create_host_path": true}, "volume": {"nocopy": true}})),
            ("./a:/b:ro,Z", json!({"type": "bind", "source": "./a", "target": "/b", "read_only": true, "bind": {"selinux": "Z", "create_host_path": true}})),
            ("ab", json!({"type": "volume", "target": "ab"})),
            ("a:/b:rw", json!({"type": "bind", "source": "a:/b", "target": "rw", "bind": {"create_host_path": true}})),
            ("a::/b", json!({"type": "bind", "source": "a:", "target": "/b", "bind": {"create_host_path": true}})),
            ("/a:/b:c:d", json!({"type": "bind", "source": "/a", "target": "/b", "bind": {"create_host_path": true}})),
            ("v:/x/../y/", json!({"type": "volume", "target": "v:/y", "volume": {}})),
            ("..:/b/", json!({"type": "bind", "source": "..", "target": "/b", "bind": {"create_host_path": true}})),
            ("\\\\pipe\\x:/y", json!({"type": "bind", "source": "\\\\pipe\\x", "target": "/y", "bind": {"create_host_path": true}})),
            ("/a:/b:foo", json!({"type": "bind", "source": "/a", "target": "/b", "bind": {"create_host_path": true}})),
            ("${X:-a}:/b", json!({"type": "volume", "source": "${X:-a}", "target": "/b", "volume": {}})),
            ("/a:/b:rw", json!({"type": "bind", "source": "/a", "target": "/b", "bind": {"create_host_path": true}})),
        ];
        for (spec, want) in cases {
            assert_eq!(canon(spec), want, "docker compose config output for {spec:?}");
        }
    }

    #[test]
    fn invalid_volumes_are_rejected_with_fix() {
        for spec in ["", "/a:/b:ro:x", "::/x"] {
            let mut node = from_json(&json!([spec]));
            let err = canonicalise_volumes(&mut node).err();
            assert!(err.as_ref().is_some_and(|e| e.fix.is_some() && e.span.is_some()), "{spec:?} is rejected");
        }
        let mut node = from_json(&json!([42]));
        assert!(canonicalise_volumes(&mut node).is_err(), "a number is not a volume");
    }

    #[test]
    fn short_and_long_volumes_agree() {
        let mut short = from_json(&json!(["./data:/data:ro", "named:/x"]));
        let mut long = from_json(&json!([
            {"type": "bind", "source": "./data", "target": "/data", "read_only": true, "bind": {"create_host_path": true}},
            {"type": "volume", "source": "named", "target": "/x", "volume": {}}
        ]));
        assert!(canonicalise_volumes(&mut short).is_ok() && canonicalise_volumes(&mut long).is_ok(), "both parse");
        assert_eq!(plain(&short), plain(&long), "short and long syntax give one canonical tree");
    }
}
