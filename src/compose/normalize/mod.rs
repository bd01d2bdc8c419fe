//! Project-wide normalisation after merging (compose-go's `loader/normalize.go`): the implicit
//! `default` network, resource names, build defaults, dependencies implied by `links`,
//! `network_mode: service:x` and `volumes_from`, and the environment resolution compose does
//! last (`env_file` contents and bare variables), then `label_file` contents.

mod environment;
mod labels;

use std::path::Path;

use super::Environment;
use super::canonical::clean_path;
use super::error::LoadError;
use super::node::{Key, Map, Node, Span, Value};

pub use environment::resolve_environment;
use labels::resolve_labels;

/// Normalises a merged project tree in place. `env` is the project's environment (OS over
/// `.env`), used for bare `environment`/`build.args` entries and `env_file` interpolation;
/// `env_file`s are read only from inside `allowed` when it is given.
pub fn normalize(root: &mut Node, project_name: &str, env: &Environment, allowed: Option<&Path>) -> Result<(), LoadError> {
    let root_span = root.span.clone();
    let Some(top) = root.as_map_mut() else { return Ok(()) };
    normalize_networks(top, &root_span);
    if let Some(services) = top.get_mut("services").and_then(Node::as_map_mut) {
        for svc in services.values_mut() {
            let Some(svc) = svc.as_map_mut() else { continue };
            normalize_service(svc, env);
        }
    }
    name_resources(top, project_name);
    resolve_environment(root, env, allowed)?;
    resolve_labels(root, allowed)
}

fn normalize_service(svc: &mut Map, env: &Environment) {
    if let Some(policy) = svc.get_mut("pull_policy") {
        if policy.as_str() == Some("if_not_present") {
            policy.value = Value::Str("missing".into());
        }
    }
    if let Some(build) = svc.get_mut("build") {
        let span = build.span.clone();
        if let Some(build) = build.as_map_mut() {
            if build.get("context").is_none_or(Node::is_null) {
                build.set("context", Node::str(".", span.clone()));
            }
            let no_file = |k: &str| build.get(k).is_none_or(Node::is_null);
            if no_file("dockerfile") && no_file("dockerfile_inline") {
                build.set("dockerfile", Node::str("Dockerfile", span));
            }
            // Build args without a value come from the environment, or are dropped.
            if let Some(args) = build.get_mut("args").and_then(Node::as_map_mut) {
                resolve_bare(args, env);
                args.retain(|_, v| !v.is_null());
            }
        }
    }
    if let Some(environment) = svc.get_mut("environment").and_then(Node::as_map_mut) {
        resolve_bare(environment, env);
    }
    let mut implied: Vec<(String, Span, bool)> = Vec::new();
    for link in svc.get("links").and_then(Node::as_seq).unwrap_or_default() {
        if let Some(text) = link.as_str() {
            let parts: Vec<&str> = text.split(':').collect();
            let name = if parts.len() == 2 { parts[0] } else { text };
            implied.push((name.to_string(), link.span.clone(), true));
        }
    }
    for ns in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
        if let Some(node) = svc.get(ns) {
            if let Some(shared) = node.as_str().and_then(|s| s.strip_prefix("service:")) {
                implied.push((shared.to_string(), node.span.clone(), true));
            }
        }
    }
    for volume in svc.get_mut("volumes").and_then(Node::as_seq_mut).into_iter().flatten() {
        if let Some(target) = volume.as_map_mut().and_then(|v| v.get_mut("target")) {
            if let Value::Str(t) = &target.value {
                target.value = Value::Str(clean_path(t));
            }
        }
    }
    for from in svc.get("volumes_from").and_then(Node::as_seq).unwrap_or_default() {
        if let Some(text) = from.as_str() {
            if !text.starts_with("container:") {
                let name = text.split(':').next().unwrap_or(text);
                implied.push((name.to_string(), from.span.clone(), false));
            }
        }
    }
    if !implied.is_empty() {
        add_dependencies(svc, implied);
    }
    svc.remove("extends");
}

/// Adds `depends_on` entries for services a service shares something with, unless declared.
fn add_dependencies(svc: &mut Map, implied: Vec<(String, Span, bool)>) {
    let span = implied[0].1.clone();
    if svc.get("depends_on").is_none_or(|d| d.as_map().is_none()) {
        svc.set("depends_on", Node::new(Value::Map(Map::new()), span));
    }
    let Some(deps) = svc.get_mut("depends_on").and_then(Node::as_map_mut) else { return };
    for (name, span, restart) in implied {
        if deps.contains_key(&name) {
            continue;
        }
        let mut dep = Map::new();
        dep.set("condition", Node::str("service_started", span.clone()));
        dep.set("restart", Node::new(Value::Bool(restart), span.clone()));
        dep.set("required", Node::new(Value::Bool(true), span.clone()));
        deps.insert(Key { name, span: span.clone() }, Node::new(Value::Map(dep), span));
    }
}

/// Null values take the variable of the same name from the environment when it is set.
fn resolve_bare(map: &mut Map, env: &Environment) {
    for (key, value) in map.iter_mut() {
        if value.is_null() {
            if let Some(v) = env.get(&key.name) {
                value.value = Value::Str(v.clone());
            }
        }
    }
}

/// Services without `networks` or `network_mode` join `default`, which then exists.
fn normalize_networks(top: &mut Map, root_span: &Span) {
    let mut uses_default = false;
    if let Some(services) = top.get_mut("services").and_then(Node::as_map_mut) {
        for svc in services.values_mut() {
            let span = svc.span.clone();
            let Some(svc) = svc.as_map_mut() else { continue };
            if svc.contains_key("provider") || svc.contains_key("network_mode") {
                continue;
            }
            match svc.get("networks").map(|n| n.as_map().map(|m| (m.is_empty(), m.contains_key("default")))) {
                Some(Some((false, has_default))) => uses_default |= has_default,
                // Absent, null or empty: the service joins the default network.
                _ => {
                    let mut nets = Map::new();
                    nets.set("default", Node::null(span.clone()));
                    svc.set("networks", Node::new(Value::Map(nets), span));
                    uses_default = true;
                }
            }
        }
    }
    if !uses_default {
        return;
    }
    if top.get("networks").is_none_or(|n| n.as_map().is_none()) {
        top.set("networks", Node::new(Value::Map(Map::new()), Span::synthetic("default network")));
    }
    if let Some(networks) = top.get_mut("networks").and_then(Node::as_map_mut) {
        if !networks.contains_key("default") {
            networks.insert(Key { name: "default".into(), span: root_span.clone() }, Node::null(Span::synthetic("default network")));
        }
    }
}

/// Resources without a `name` are named `<project>_<key>`, or `<key>` when external.
fn name_resources(top: &mut Map, project: &str) {
    for kind in ["networks", "volumes", "configs", "secrets"] {
        let Some(section) = top.get_mut(kind).and_then(Node::as_map_mut) else { continue };
        for (key, resource) in section.iter_mut() {
            if resource.is_null() {
                resource.value = Value::Map(Map::new());
            }
            let span = resource.span.clone();
            let Some(res) = resource.as_map_mut() else { continue };
            if res.get("name").is_some_and(|n| !n.is_null()) {
                continue;
            }
            let external = res.get("external").and_then(Node::scalar_text).is_some_and(|t| go_parse_bool(&t));
            let name = if external { key.name.clone() } else { format!("{project}_{}", key.name) };
            res.set("name", Node::str(name, span));
        }
    }
}

/// Go's `strconv.ParseBool` truth values.
fn go_parse_bool(s: &str) -> bool {
    matches!(s, "1" | "t" | "T" | "TRUE" | "true" | "True")
}

#[cfg(test)]
mod tests;
