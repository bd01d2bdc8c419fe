//! One service's fields, each sent to the rewrite for its family.

use super::build::canonicalise_build;
use super::depends_on::canonicalise_depends_on;
use super::devices::{canonicalise_devices, canonicalise_gpus, check_ulimits};
use super::mapping::{Bare, canonicalise_extra_hosts, canonicalise_mapping};
use super::mounts::{canonicalise_env_file, canonicalise_extends, canonicalise_file_mounts};
use super::networks::list_to_map;
use super::ports::{canonicalise_expose, canonicalise_ports};
use super::volumes::canonicalise_volumes;
use super::{str_at, string_or_list, wrong};
use crate::compose::shellwords;
use crate::compose::error::LoadError;
use crate::compose::node::{Node, Value};

pub(super) fn canonicalise_service(name: &str, svc: &mut Node) -> Result<(), LoadError> {
    let Some(fields) = svc.as_map_mut() else {
        return Err(wrong(svc, &format!("service `{name}`"), "a mapping"));
    };
    for (key, node) in fields.iter_mut() {
        // A `!reset`/`!override` tag belongs to the field, whatever its spelling.
        let tag = node.tag;
        canonicalise_field(&key.name, node)?;
        node.tag = tag;
    }
    Ok(())
}

fn canonicalise_field(field: &str, node: &mut Node) -> Result<(), LoadError> {
    match field {
        "build" => canonicalise_build(node),
        "ports" => canonicalise_ports(node),
        "expose" => canonicalise_expose(node),
        "volumes" => canonicalise_volumes(node),
        "depends_on" => canonicalise_depends_on(node),
        "environment" => canonicalise_mapping(node, field, Bare::Null),
        "labels" | "annotations" | "sysctls" => canonicalise_mapping(node, field, Bare::Empty),
        "extra_hosts" => canonicalise_extra_hosts(node),
        "env_file" => canonicalise_env_file(node),
        "dns" => string_or_list(node, "`dns`").map(|()| drop_empty_items(node)),
        "label_file" | "dns_search" | "tmpfs" => string_or_list(node, &format!("`{field}`")),
        "networks" | "models" => list_to_map(node, field),
        "extends" => canonicalise_extends(node),
        "secrets" | "configs" => canonicalise_file_mounts(node, field),
        "devices" => canonicalise_devices(node),
        "gpus" => canonicalise_gpus(node),
        "ulimits" => check_ulimits(node, field),
        "command" | "entrypoint" => split_command(node, field),
        "healthcheck" => canonicalise_healthcheck(node),
        "deploy" => canonicalise_deploy(node),
        "develop" => canonicalise_develop(node),
        _ => Ok(()),
    }
}

/// compose drops empty `dns` entries (an unset `${DNS}` means no server, not an empty one),
/// and only there: an empty `dns_search` entry stays.
fn drop_empty_items(node: &mut Node) {
    if let Value::Seq(items) = &mut node.value {
        items.retain(|item| !item.is_null() && item.as_str() != Some(""));
    }
}

/// `command: echo hi` → `[echo, hi]`, split like a shell would.
fn split_command(node: &mut Node, field: &str) -> Result<(), LoadError> {
    let Value::Str(line) = &node.value else {
        return match node.value {
            Value::Seq(_) | Value::Null => Ok(()),
            _ => Err(wrong(node, &format!("`{field}`"), "a string or a list of strings")),
        };
    };
    let Some(words) = shellwords::split(line) else {
        return Err(LoadError::invalid(&node.span, format!("`{field}` has an unclosed quote, escape or `$(`: {line}"))
            .with_fix(format!("close the quote, or write `{field}` as a list: [\"sh\", \"-c\", \"...\"]")));
    };
    let span = node.span.clone();
    node.value = Value::Seq(words.into_iter().map(|w| str_at(w, &span)).collect());
    Ok(())
}

/// `healthcheck.test: curl x` → `[CMD-SHELL, curl x]`.
fn canonicalise_healthcheck(node: &mut Node) -> Result<(), LoadError> {
    let Some(test) = node.as_map_mut().and_then(|m| m.get_mut("test")) else { return Ok(()) };
    match &test.value {
        Value::Str(s) => {
            let span = test.span.clone();
            test.value = Value::Seq(vec![str_at("CMD-SHELL", &span), str_at(s.clone(), &span)]);
            Ok(())
        }
        Value::Seq(_) | Value::Null => Ok(()),
        _ => Err(wrong(test, "`healthcheck.test`", "a string or a list of strings")),
    }
}

fn canonicalise_deploy(node: &mut Node) -> Result<(), LoadError> {
    match node.as_map_mut().and_then(|m| m.get_mut("labels")) {
        Some(labels) => canonicalise_mapping(labels, "deploy.labels", Bare::Empty),
        None => Ok(()),
    }
}

/// `develop.watch[].ignore`/`include` accept one pattern or a list.
fn canonicalise_develop(node: &mut Node) -> Result<(), LoadError> {
    let Some(watch) = node.as_map_mut().and_then(|m| m.get_mut("watch")).and_then(Node::as_seq_mut) else {
        return Ok(());
    };
    for rule in watch {
        let Some(rule) = rule.as_map_mut() else { continue };
        for key in ["ignore", "include"] {
            if let Some(v) = rule.get_mut(key) {
                string_or_list(v, &format!("`develop.watch.{key}`"))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::canonicalise;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    /// Canonicalises `{services: {s: SERVICE}}` and returns the service.
    fn canon(service: serde_json::Value) -> serde_json::Value {
        let mut root = from_json(&json!({"services": {"s": service}}));
        match canonicalise(&mut root) {
            Ok(()) => plain(&root)["services"]["s"].clone(),
            Err(e) => json!(format!("error: {e}")),
        }
    }

    #[test]
    fn every_field_short_and_long_agree() {
        let cases = [
            ("ports", json!({"ports": ["8080:80"]}), json!({"ports": [{"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"}]})),
            ("expose", json!({"expose": [80]}), json!({"expose": ["80"]})),
            ("volumes", json!({"volumes": ["data:/x"]}), json!({"volumes": [{"type": "volume", "source": "data", "target": "/x", "volume": {}}]})),
            ("depends_on", json!({"depends_on": ["db"]}), json!({"depends_on": {"db": {"condition": "service_started", "required": true}}})),
            ("environment", json!({"environment": ["A=1", "B"]}), json!({"environment": {"A": "1", "B": null}})),
            ("labels", json!({"labels": ["a=b", "c"]}), json!({"labels": {"a": "b", "c": ""}})),
            ("annotations", json!({"annotations": ["a=b"]}), json!({"annotations": {"a": "b"}})),
            ("sysctls", json!({"sysctls": ["net.core.somaxconn=1024"]}), json!({"sysctls": {"net.core.somaxconn": 1024}})),
            ("extra_hosts", json!({"extra_hosts": ["h=1.2.3.4"]}), json!({"extra_hosts": {"h": "1.2.3.4"}})),
            ("env_file", json!({"env_file": "a.env"}), json!({"env_file": [{"path": "a.env"}]})),
            ("label_file", json!({"label_file": "l"}), json!({"label_file": ["l"]})),
            ("dns", json!({"dns": "8.8.8.8"}), json!({"dns": ["8.8.8.8"]})),
            ("dns_search", json!({"dns_search": "example.com"}), json!({"dns_search": ["example.com"]})),
            ("tmpfs", json!({"tmpfs": "/tmp"}), json!({"tmpfs": ["/tmp"]})),
            ("networks", json!({"networks": ["front"]}), json!({"networks": {"front": null}})),
            ("models", json!({"models": ["m"]}), json!({"models": {"m": null}})),
            ("build", json!({"build": "."}), json!({"build": {"context": "."}})),
            ("extends", json!({"extends": "base"}), json!({"extends": {"service": "base"}})),
            ("healthcheck", json!({"healthcheck": {"test": "curl x"}}), json!({"healthcheck": {"test": ["CMD-SHELL", "curl x"]}})),
            ("secrets", json!({"secrets": ["s"]}), json!({"secrets": [{"source": "s"}]})),
            ("configs", json!({"configs": ["c"]}), json!({"configs": [{"source": "c"}]})),
            ("devices", json!({"devices": ["/dev/a"]}), json!({"devices": [{"source": "/dev/a", "target": "/dev/a", "permissions": "rwm"}]})),
            ("gpus", json!({"gpus": "all"}), json!({"gpus": [{"count": "all"}]})),
            ("command", json!({"command": "echo 'a b'"}), json!({"command": ["echo", "a b"]})),
            ("entrypoint", json!({"entrypoint": "sh -c x"}), json!({"entrypoint": ["sh", "-c", "x"]})),
            ("deploy.labels", json!({"deploy": {"labels": ["a=b"]}}), json!({"deploy": {"labels": {"a": "b"}}})),
            ("develop.watch", json!({"develop": {"watch": [{"path": ".", "ignore": "x"}]}}), json!({"develop": {"watch": [{"path": ".", "ignore": ["x"]}]}})),
        ];
        for (field, short, long) in cases {
            let short_out = canon(short);
            assert!(!short_out.is_string(), "{field}: short syntax must parse: {short_out}");
            assert_eq!(short_out, canon(long), "{field}: short and long syntax give one canonical tree");
        }
    }

    #[test]
    fn canonicalise_is_idempotent() {
        let service = json!({
            "ports": ["127.0.0.1:8080:80/udp", "3000-3001"], "volumes": ["./d:/d:ro"], "depends_on": ["db"],
            "environment": ["A=1"], "env_file": ".env", "networks": ["n"], "build": ".", "command": "a b",
            "extra_hosts": ["h=::1"], "devices": ["/dev/x"], "gpus": "all"
        });
        let mut root = from_json(&json!({"services": {"s": service}}));
        assert!(canonicalise(&mut root).is_ok(), "the service is valid");
        let once = root.clone();
        assert!(canonicalise(&mut root).is_ok(), "a canonical tree is valid");
        assert_eq!(root, once, "canonicalising twice changes nothing, spans included");
    }

    #[test]
    fn generated_nodes_keep_the_short_values_span() {
        let mut root = from_json(&json!({"services": {"s": {"ports": ["1", "8080:80"]}}}));
        assert!(canonicalise(&mut root).is_ok(), "ports are valid");
        let second = root.get_path(&["services", "s", "ports"]).and_then(Node::as_seq).and_then(|p| p.get(1));
        let target_line = second.and_then(|p| p.get_path(&["target"])).map(|t| t.span.line);
        assert_eq!(target_line, Some(6), "the target built from \"8080:80\" points at that string");
    }

    #[test]
    fn wrong_shapes_and_bad_values_are_errors() {
        for (why, service) in [
            ("ports as a mapping", json!({"ports": {"a": 1}})),
            ("environment as a string", json!({"environment": "A=1"})),
            ("an unclosed quote", json!({"command": "echo 'x"})),
            ("a number as healthcheck test", json!({"healthcheck": {"test": 1}})),
            ("a service that is a list", json!([])),
        ] {
            assert!(canon(service).is_string(), "{why} must be rejected");
        }
    }
}
