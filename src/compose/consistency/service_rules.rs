//! The rest of compose-go's `checkConsistency` for one service, and the schema's
//! `container_name` pattern: settings that are each valid alone but contradict each other
//! (`scale` and `deploy.replicas`, `cpus` and its `deploy` limit), build references to other
//! services and secrets, and values compose refuses after interpolation.

use crate::compose::error::{ErrorKind, LoadError};
use crate::compose::model::parse_bytes;
use crate::compose::node::{Key, Map, Node, Value};

/// What the rules look up outside the service.
pub(super) struct Declared<'a> {
    pub services: &'a Map,
    pub secrets: &'a Map,
    pub models: &'a Map,
}

pub(super) fn check_service_rules(name: &Key, s: &Map, top: &Declared<'_>) -> Result<(), LoadError> {
    let svc = name.name.as_str();
    check_container_name(svc, s)?;
    check_pull_policy(svc, s)?;
    if let Some(build) = s.get("build").and_then(Node::as_map) {
        check_build(svc, s, build, top)?;
    }
    for model in s.get("models").and_then(Node::as_map).into_iter().flat_map(Map::iter).map(|(k, _)| k) {
        if !top.models.contains_key(&model.name) {
            return Err(LoadError::at(
                ErrorKind::MissingReference,
                &model.span,
                format!("service `{svc}` uses model `{}`, which is not declared", model.name),
            )
            .with_fix(format!("declare it under the top-level `models:` or remove `{}` from the service", model.name)));
        }
    }
    check_scale(svc, s)?;
    check_limits(svc, s)?;
    for rule in s.get("develop").and_then(|d| d.get_path(&["watch"])).and_then(Node::as_seq).unwrap_or(&[]) {
        let target = rule.get_path(&["target"]).and_then(Node::as_str).unwrap_or_default();
        let action = rule.get_path(&["action"]).and_then(Node::as_str).unwrap_or_default();
        if target.is_empty() && action != "rebuild" && action != "restart" {
            return Err(LoadError::invalid(&rule.span, format!("a `develop.watch` rule of service `{svc}` with action `{action}` has no target"))
                .with_fix("add `target: /path/in/container`, where the files are copied to"));
        }
    }
    Ok(())
}

/// compose's schema pattern, unanchored: a letter or digit followed by a letter, digit, `_`,
/// `.` or `-` somewhere in the name.
fn check_container_name(svc: &str, s: &Map) -> Result<(), LoadError> {
    let Some(node) = s.get("container_name") else { return Ok(()) };
    let Some(name) = node.as_str() else { return Ok(()) };
    let b = name.as_bytes();
    if b.windows(2).any(|w| w[0].is_ascii_alphanumeric() && (w[1].is_ascii_alphanumeric() || b"_.-".contains(&w[1]))) {
        return Ok(());
    }
    Err(LoadError::invalid(&node.span, format!("container name {name:?} of service `{svc}` is not a valid container name"))
        .with_fix("use at least two characters, starting with a letter or digit, then letters, digits, `_`, `.` or `-`"))
}

/// compose's schema pattern for `pull_policy`, unanchored like every JSON-schema pattern.
fn check_pull_policy(svc: &str, s: &Map) -> Result<(), LoadError> {
    let Some(node) = s.get("pull_policy") else { return Ok(()) };
    let Some(policy) = node.as_str() else { return Ok(()) };
    let words = ["always", "never", "build", "if_not_present", "missing", "refresh", "daily", "weekly"];
    let every = policy.match_indices("every_").any(|(i, w)| {
        let rest = &policy[i + w.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && rest.as_bytes().get(digits).is_some_and(|c| b"wdhms".contains(c))
    });
    if every || words.iter().any(|w| policy.contains(w)) {
        return Ok(());
    }
    Err(LoadError::invalid(&node.span, format!("`pull_policy: {policy}` of service `{svc}` is not a pull policy"))
        .with_fix("write always, never, missing, build, refresh, daily, weekly or every_<duration> (e.g. every_12h)"))
}

fn check_build(svc: &str, s: &Map, build: &Map, top: &Declared<'_>) -> Result<(), LoadError> {
    let set = |k: &str| build.get(k).filter(|n| n.as_str().is_some_and(|t| !t.is_empty()));
    if let (Some(_), Some(inline)) = (set("dockerfile"), set("dockerfile_inline")) {
        return Err(LoadError::invalid(&inline.span, format!("service `{svc}` sets both `build.dockerfile` and `build.dockerfile_inline`"))
            .with_fix("keep only one of them"));
    }
    for (ctx, value) in build.get("additional_contexts").and_then(Node::as_map).into_iter().flat_map(Map::iter) {
        let Some(target) = value.as_str().and_then(|v| v.strip_prefix("service:")) else { continue };
        let problem = match top.services.get(target) {
            None => format!("service `{svc}` uses unknown service `{target}` as additional context `{}`", ctx.name),
            Some(t) if t.get_path(&["build"]).is_none() => {
                format!("service `{svc}` uses service `{target}`, which has no `build`, as additional context `{}`", ctx.name)
            }
            Some(_) => continue,
        };
        return Err(LoadError::at(ErrorKind::MissingReference, &value.span, problem)
            .with_fix("name a service of this project that has a `build` section"));
    }
    let platform = s.get("platform").and_then(Node::as_str).unwrap_or_default();
    if let Some(platforms) = build.get("platforms").and_then(Node::as_seq).filter(|p| !p.is_empty()) {
        if !platform.is_empty() && !platforms.iter().any(|p| p.as_str() == Some(platform)) {
            let span = s.get("platform").map_or(&platforms[0].span, |n| &n.span);
            return Err(LoadError::invalid(span, format!("`platform: {platform}` of service `{svc}` is not one of its `build.platforms`"))
                .with_fix(format!("add {platform} to `build.platforms`, or change `platform`")));
        }
    }
    for secret in build.get("secrets").and_then(Node::as_seq).unwrap_or(&[]) {
        let Some(source) = secret.get_path(&["source"]).and_then(Node::as_str) else { continue };
        if !top.secrets.contains_key(source) {
            return Err(LoadError::at(
                ErrorKind::MissingReference,
                &secret.span,
                format!("service `{svc}` builds with secret `{source}`, which is not declared"),
            )
            .with_fix(format!("declare `{source}` under the top-level `secrets:` or remove it from `build.secrets`")));
        }
    }
    Ok(())
}

fn int(node: Option<&Node>) -> Option<i64> {
    match node.map(|n| &n.value) {
        Some(Value::Int(i)) => Some(*i),
        Some(Value::Str(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

fn check_scale(svc: &str, s: &Map) -> Result<(), LoadError> {
    let scale_node = s.get("scale");
    let replicas_node = s.get("deploy").and_then(|d| d.get_path(&["replicas"]));
    let (scale, replicas) = (int(scale_node), int(replicas_node));
    if let (Some(a), Some(b), Some(node)) = (scale, replicas, replicas_node) {
        if a != b {
            return Err(LoadError::invalid(&node.span, format!("service `{svc}` sets `scale: {a}` and `deploy.replicas: {b}`"))
                .with_fix("keep only one of them, or give both the same value"));
        }
    }
    for (value, node, field) in [(scale, scale_node, "scale"), (replicas, replicas_node, "deploy.replicas")] {
        if let (Some(v), Some(node)) = (value, node) {
            if v < 0 {
                return Err(LoadError::invalid(&node.span, format!("`{field}` of service `{svc}` is {v}; it must be 0 or more")));
            }
        }
    }
    let count = scale.or(replicas).unwrap_or(1);
    if let Some(name) = s.get("container_name").filter(|_| count > 1) {
        let field = if scale.is_some() { "scale" } else { "deploy.replicas" };
        return Err(LoadError::invalid(&name.span, format!("service `{svc}` sets `container_name` and `{field}: {count}`; container names must be unique"))
            .with_fix("remove `container_name`, or run a single container"));
    }
    Ok(())
}

/// A service-level limit and its `deploy.resources` twin must agree when both are set.
fn check_limits(svc: &str, s: &Map) -> Result<(), LoadError> {
    let resources = s.get("deploy").and_then(|d| d.get_path(&["resources"]));
    let limits = resources.and_then(|r| r.get_path(&["limits"])).filter(|l| l.as_map().is_some());
    let reserved = resources.and_then(|r| r.get_path(&["reservations"])).filter(|l| l.as_map().is_some());
    let checks = [
        ("cpus", "limits.cpus", differs(cpus(s.get("cpus")), limits, |l| cpus(l.get_path(&["cpus"])))),
        ("mem_limit", "limits.memory", differs(bytes(s.get("mem_limit")), limits, |l| bytes(l.get_path(&["memory"])))),
        (
            "mem_reservation",
            "reservations.memory",
            differs(bytes(s.get("mem_reservation")), reserved, |l| bytes(l.get_path(&["memory"]))),
        ),
        ("pids_limit", "limits.pids", differs(int(s.get("pids_limit")), limits, |l| int(l.get_path(&["pids"])))),
    ];
    for (own, twin, differ) in checks {
        if let (true, Some(node)) = (differ, s.get(own)) {
            return Err(LoadError::invalid(&node.span, format!("service `{svc}` sets `{own}` and `deploy.resources.{twin}` to different values"))
                .with_fix("keep only one of them, or give both the same value"));
        }
    }
    Ok(())
}

/// Whether a set, non-zero service value disagrees with its twin under `parent` (an unset
/// twin counts as zero, as in compose).
fn differs<T: PartialEq + Default>(own: Option<T>, parent: Option<&Node>, twin: impl Fn(&Node) -> Option<T>) -> bool {
    match (own, parent) {
        (Some(own), Some(parent)) if own != T::default() => twin(parent).unwrap_or_default() != own,
        _ => false,
    }
}

/// CPUs compare as compose's float32.
fn cpus(n: Option<&Node>) -> Option<f32> {
    match n.map(|n| &n.value) {
        Some(Value::Int(i)) => Some(*i as f32),
        Some(Value::Float(f)) => Some(*f as f32),
        Some(Value::Str(t)) => t.trim().parse().ok(),
        _ => None,
    }
}

fn bytes(n: Option<&Node>) -> Option<i64> {
    match n.map(|n| &n.value) {
        Some(Value::Int(i)) => Some(*i),
        Some(Value::Str(t)) => parse_bytes(t).ok(),
        _ => None,
    }
}

/// A secret compose creates must say where its content comes from.
pub(super) fn check_secrets(secrets: &Map) -> Result<(), LoadError> {
    for (name, secret) in secrets.iter() {
        let external = matches!(secret.get_path(&["external"]).map(|e| &e.value), Some(Value::Bool(true)));
        let set = |k: &str| secret.get_path(&[k]).and_then(Node::as_str).is_some_and(|v| !v.is_empty());
        if !external && !set("file") && !set("environment") {
            return Err(LoadError::invalid(&name.span, format!("secret `{}` has neither `file` nor `environment`", name.name))
                .with_fix("add `file: ./path` or `environment: VARIABLE`, or mark it `external: true`"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::compose::consistency::check_consistency;
    use crate::compose::node::from_json;

    fn ok(v: serde_json::Value) -> bool {
        check_consistency(&from_json(&v), &[]).is_ok()
    }

    fn svc(extra: serde_json::Value) -> serde_json::Value {
        let mut s = json!({"image": "x"});
        if let (Some(m), Some(e)) = (s.as_object_mut(), extra.as_object()) {
            m.extend(e.clone());
        }
        json!({"services": {"a": s}})
    }

    #[test]
    fn contradicting_settings_are_refused_like_compose() {
        let bad = [
            (json!({"image": ""}), "an empty image and no build"),
            (json!({"container_name": ""}), "container_name must match compose's pattern"),
            (json!({"container_name": "a"}), "the pattern needs two characters"),
            (json!({"pull_policy": "sometimes"}), "not a pull policy"),
            (json!({"pull_policy": "every_5"}), "every_ needs a unit"),
            (json!({"scale": 2, "deploy": {"replicas": 3}}), "scale and replicas differ"),
            (json!({"scale": -1}), "negative scale"),
            (json!({"deploy": {"replicas": -1}}), "negative replicas"),
            (json!({"container_name": "web", "scale": 2}), "a fixed name cannot be scaled"),
            (json!({"container_name": "web", "deploy": {"replicas": 2}}), "a fixed name cannot be replicated"),
            (json!({"cpus": 1, "deploy": {"resources": {"limits": {"cpus": "2"}}}}), "cpus differ"),
            (json!({"cpus": 1, "deploy": {"resources": {"limits": {}}}}), "an unset twin counts as zero"),
            (json!({"mem_limit": "1g", "deploy": {"resources": {"limits": {"memory": "2g"}}}}), "memory differs"),
            (json!({"mem_reservation": 10, "deploy": {"resources": {"reservations": {"memory": 20}}}}), "reservation differs"),
            (json!({"pids_limit": 10, "deploy": {"resources": {"limits": {"pids": 20}}}}), "pids differ"),
            (json!({"develop": {"watch": [{"path": ".", "action": "sync"}]}}), "sync needs a target"),
            (json!({"models": {"m": {}}}), "undeclared model"),
            (json!({"build": {"context": ".", "dockerfile": "D", "dockerfile_inline": "FROM x"}}), "two dockerfiles"),
            (json!({"build": {"context": ".", "additional_contexts": {"b": "service:nope"}}}), "unknown context service"),
            (json!({"build": {"context": ".", "secrets": [{"source": "nope"}]}}), "undeclared build secret"),
            (json!({"platform": "linux/arm64", "build": {"context": ".", "platforms": ["linux/amd64"]}}), "platform not built"),
        ];
        for (extra, why) in bad {
            assert!(!ok(svc(extra)), "compose refuses: {why}");
        }
    }

    #[test]
    fn agreeing_settings_are_accepted() {
        let good = [
            (json!({"container_name": "-ab"}), "the pattern is unanchored"),
            (json!({"pull_policy": "every_12h"}), "every_ with a unit"),
            (json!({"scale": 2, "deploy": {"replicas": 2}}), "same scale and replicas"),
            (json!({"cpus": 1.5, "deploy": {"resources": {"limits": {"cpus": "1.5"}}}}), "same cpus"),
            (json!({"mem_limit": "1g", "deploy": {"resources": {"limits": {"memory": "1024m"}}}}), "same memory in other units"),
            (json!({"cpus": 1, "deploy": {"resources": {"reservations": {"cpus": "2"}}}}), "only limits are compared for cpus"),
            (json!({"develop": {"watch": [{"path": ".", "action": "rebuild"}]}}), "rebuild needs no target"),
            (json!({"platform": "linux/amd64", "build": {"context": ".", "platforms": ["linux/amd64"]}}), "platform built"),
        ];
        for (extra, why) in good {
            assert!(ok(svc(extra)), "compose accepts: {why}");
        }
    }

    #[test]
    fn secrets_need_a_source_unless_external() {
        let base = |secret: serde_json::Value| json!({"services": {"a": {"image": "x"}}, "secrets": {"s": secret}});
        assert!(!ok(base(json!({"name": "n"}))), "a secret without file or environment is refused");
        assert!(ok(base(json!({"external": true}))), "an external secret needs neither");
        assert!(ok(base(json!({"environment": "TOKEN"}))), "environment is a source");
    }
}
