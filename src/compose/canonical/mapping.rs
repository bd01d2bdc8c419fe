//! Key/value fields (`environment`, `labels`, `sysctls`, `build.args`, `extra_hosts`, ...):
//! the list form `KEY=VALUE` and the mapping form both become a mapping of strings.

use super::{str_at, wrong};
use crate::compose::error::LoadError;
use crate::compose::node::{Key, Map, Node, Value};

/// What a list entry without `=` means.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Bare {
    /// `FOO` is a variable taken from the environment later (`environment`, `build.args`).
    Null,
    /// `FOO` is `FOO: ""` (`labels`, `sysctls`, `annotations`).
    Empty,
    /// Every entry needs a `=` (`build.additional_contexts`).
    Error,
}

/// Rewrites a key/value field into a mapping whose values are strings (or null).
pub(super) fn canonicalise_mapping(node: &mut Node, field: &str, bare: Bare) -> Result<(), LoadError> {
    match &mut node.value {
        Value::Seq(items) => {
            let mut map = Map::new();
            for item in items.iter() {
                let Some(text) = item.scalar_text() else {
                    return Err(wrong(item, &format!("a `{field}` entry"), "a KEY=VALUE string"));
                };
                let (key, value) = match text.split_once('=') {
                    Some((k, v)) => (k.to_string(), Node::str(v, item.span.clone())),
                    None => match bare {
                        Bare::Null => (text.clone(), Node::null(item.span.clone())),
                        Bare::Empty => (text.clone(), Node::str("", item.span.clone())),
                        Bare::Error => {
                            return Err(LoadError::invalid(&item.span, format!("`{text}` in `{field}` has no value"))
                                .with_fix(format!("write KEY=VALUE, e.g. \"{text}=value\"")));
                        }
                    },
                };
                if bare == Bare::Null && key.ends_with(char::is_whitespace) {
                    return Err(LoadError::invalid(&item.span, format!("the variable `{key}` ends with a space"))
                        .with_fix(format!("remove the space before `=`: \"{}=...\"", key.trim_end())));
                }
                map.insert(Key { name: key, span: item.span.clone() }, value);
            }
            node.value = Value::Map(map);
            Ok(())
        }
        Value::Map(map) => {
            for (key, value) in map.iter_mut() {
                match &value.value {
                    Value::Null | Value::Str(_) => {}
                    Value::Seq(_) | Value::Map(_) => {
                        return Err(wrong(value, &format!("`{field}.{}`", key.name), "a string, a number or a boolean"));
                    }
                    _ => {
                        let text = value.scalar_text().unwrap_or_default();
                        value.value = Value::Str(text);
                    }
                }
            }
            Ok(())
        }
        Value::Null => Ok(()),
        _ => Err(wrong(node, &format!("`{field}`"), "a mapping or a list of KEY=VALUE strings")),
    }
}

/// `extra_hosts`: each host maps to its list of addresses (`"h=1.2.3.4"`, `"h:::1"`,
/// `{h: [a, b]}`), brackets dropped from IPv6 addresses.
pub(super) fn canonicalise_extra_hosts(node: &mut Node) -> Result<(), LoadError> {
    let mut hosts = Map::new();
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                let Some(text) = item.scalar_text() else {
                    return Err(wrong(item, "an `extra_hosts` entry", "a HOST=IP string"));
                };
                let Some((host, ips)) = text.split_once('=').or_else(|| text.split_once(':')) else {
                    return Err(LoadError::invalid(&item.span, format!("`{text}` in `extra_hosts` has no IP address"))
                        .with_fix("write HOST=IP, e.g. \"somehost=162.242.195.82\""));
                };
                for ip in ips.split(',') {
                    add_host(&mut hosts, host, ip, item)?;
                }
            }
        }
        Value::Map(map) => {
            for (key, value) in map.iter() {
                match &value.value {
                    Value::Seq(ips) => {
                        for ip in ips {
                            add_host(&mut hosts, &key.name, &ip.scalar_text().unwrap_or_default(), ip)?;
                        }
                    }
                    Value::Null => add_host(&mut hosts, &key.name, "", value)?,
                    _ => add_host(&mut hosts, &key.name, &value.scalar_text().unwrap_or_default(), value)?,
                }
            }
        }
        Value::Null => return Ok(()),
        _ => return Err(wrong(node, "`extra_hosts`", "a mapping or a list of HOST=IP strings")),
    }
    node.value = Value::Map(hosts);
    Ok(())
}

fn add_host(hosts: &mut Map, host: &str, ip: &str, at: &Node) -> Result<(), LoadError> {
    if host.is_empty() || host.contains([':', '=']) {
        return Err(LoadError::invalid(&at.span, format!("bad host name `{host}` in `extra_hosts`"))
            .with_fix("write HOST=IP, e.g. \"somehost=162.242.195.82\""));
    }
    let ip = match ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        Some(inner) if ip.len() > 2 => inner,
        _ => ip,
    };
    let ip_node = str_at(ip, &at.span);
    match hosts.get_mut(host).and_then(Node::as_seq_mut) {
        Some(list) => list.push(ip_node),
        None => {
            hosts.insert(Key { name: host.to_string(), span: at.span.clone() }, Node::new(Value::Seq(vec![ip_node]), at.span.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    fn canon(v: serde_json::Value, bare: Bare) -> serde_json::Value {
        let mut node = from_json(&v);
        match canonicalise_mapping(&mut node, "environment", bare) {
            Ok(()) => plain(&node),
            Err(e) => json!(format!("error: {}", e.problem)),
        }
    }

    #[test]
    fn list_and_mapping_forms_agree() {
        let cases = [
            (json!(["A=1", "B", "C=", "D=x=y"]), json!({"A": 1, "B": null, "C": "", "D": "x=y"}), Bare::Null),
            (json!(["x=y", "z"]), json!({"x": "y", "z": ""}), Bare::Empty),
            (json!(["T=true", "F=1.5"]), json!({"T": true, "F": 1.5}), Bare::Empty),
        ];
        for (list, map, bare) in cases {
            assert_eq!(canon(list.clone(), bare), canon(map, bare), "{list} as a list and as a mapping");
        }
        assert_eq!(canon(json!({"N": 1e6}), Bare::Null), json!({"N": "1e+06"}), "floats print like Go");
    }

    #[test]
    fn bad_entries_are_errors() {
        assert!(canon(json!(["A =1"]), Bare::Null).as_str().is_some_and(|s| s.starts_with("error")), "trailing space");
        assert!(canon(json!(["ctx"]), Bare::Error).as_str().is_some_and(|s| s.starts_with("error")), "needs =");
        assert!(canon(json!("A=1"), Bare::Null).as_str().is_some_and(|s| s.starts_with("error")), "a string");
        assert!(canon(json!({"A": [1]}), Bare::Null).as_str().is_some_and(|s| s.starts_with("error")), "a nested list");
    }

    #[test]
    fn extra_hosts_forms_agree() {
        let mut list = from_json(&json!(["a=1.2.3.4", "b:::1", "a=5.6.7.8", "c=[::2]"]));
        let mut map = from_json(&json!({"a": ["1.2.3.4", "5.6.7.8"], "b": "::1", "c": ["[::2]"]}));
        assert!(canonicalise_extra_hosts(&mut list).is_ok() && canonicalise_extra_hosts(&mut map).is_ok(), "both parse");
        assert_eq!(plain(&list), plain(&map), "list and mapping give one host table");
        assert_eq!(plain(&list), json!({"a": ["1.2.3.4", "5.6.7.8"], "b": ["::1"], "c": ["::2"]}), "as compose");
        let mut bad = from_json(&json!(["nohost"]));
        assert!(canonicalise_extra_hosts(&mut bad).is_err(), "an entry needs an address");
    }
}
