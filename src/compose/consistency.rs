//! Checks across the whole project once it is normalised: every reference (a dependency, a
//! network, a volume, a secret) names something that exists, and dependencies have no cycle.

use super::error::{did_you_mean, ErrorKind, LoadError};
use super::node::{Key, Map, Node, Span, Value};

mod service_rules;
use service_rules::{Declared, check_secrets, check_service_rules};

pub fn check_consistency(root: &Node, disabled: &[String]) -> Result<(), LoadError> {
    let empty = Map::new();
    let section = |name: &str| root.get_path(&[name]).and_then(Node::as_map).unwrap_or(&empty);
    let services = section("services");
    let networks = section("networks");
    let volumes = section("volumes");
    let secrets = section("secrets");
    let configs = section("configs");
    for (name, service) in services.iter() {
        let Some(s) = service.as_map() else {
            return Err(LoadError::wrong_type(&service.span, &format!("service `{}`", name.name), "a mapping", service.kind()));
        };
        check_service(name, s, services, disabled, &Sections { networks, volumes, secrets, configs })?;
        check_service_rules(name, s, &Declared { services, secrets, models: section("models") })?;
    }
    check_secrets(secrets)?;
    check_cycles(services)
}

struct Sections<'a> {
    networks: &'a Map,
    volumes: &'a Map,
    secrets: &'a Map,
    configs: &'a Map,
}

fn check_service(name: &Key, s: &Map, services: &Map, disabled: &[String], top: &Sections<'_>) -> Result<(), LoadError> {
    let svc = &name.name;
    let image = s.get("image").is_some_and(|i| i.as_str() != Some(""));
    if !image && !s.contains_key("build") && !s.contains_key("provider") {
        return Err(LoadError::at(ErrorKind::InvalidValue, &name.span, format!("service `{svc}` has neither an image nor a build context"))
            .with_fix("add `image: NAME:TAG` or `build: ./folder-with-Dockerfile`"));
    }
    if let (Some(mode), Some(nets)) = (s.get("network_mode"), s.get("networks")) {
        if nets.as_map().is_some_and(|m| !m.is_empty()) {
            return Err(LoadError::at(ErrorKind::InvalidValue, &mode.span, format!("service `{svc}` sets both `network_mode` and `networks`"))
                .with_fix("keep only one of them"));
        }
    }
    for (net, _) in s.get("networks").and_then(Node::as_map).into_iter().flat_map(Map::iter) {
        undeclared(net, top.networks, svc, "network")?;
    }
    if let Some(test) = s.get("healthcheck").and_then(|h| h.get_path(&["test"])).and_then(Node::as_seq) {
        if let Some(first) = test.first() {
            if !matches!(first.as_str(), Some("CMD" | "CMD-SHELL" | "NONE")) {
                return Err(LoadError::invalid(&first.span, "healthcheck.test must start with \"CMD\", \"CMD-SHELL\" or \"NONE\"")
                    .with_fix("write `test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]` or `test: curl -f http://localhost`"));
            }
        }
    }
    for (dep, cfg) in s.get("depends_on").and_then(Node::as_map).into_iter().flat_map(Map::iter) {
        if services.contains_key(&dep.name) {
            continue;
        }
        let required = !matches!(cfg.get_path(&["required"]).map(|r| &r.value), Some(Value::Bool(false)));
        if disabled.contains(&dep.name) {
            if !required {
                continue;
            }
            return Err(LoadError::at(
                ErrorKind::MissingReference,
                &dep.span,
                format!("service `{svc}` depends on `{}`, which no active profile enables", dep.name),
            )
            .with_fix(format!("activate one of `{}`'s profiles with `--profile NAME`, or set `required: false` on the dependency", dep.name)));
        }
        return Err(missing(&dep.span, svc, "depends on", "service", &dep.name, services));
    }
    if let Some(mode) = s.get("network_mode") {
        if let Some(target) = mode.as_str().and_then(|m| m.strip_prefix("service:")) {
            if !services.contains_key(target) {
                return Err(missing(&mode.span, svc, "takes its network from", "service", target, services));
            }
        }
    }
    for v in s.get("volumes").and_then(Node::as_seq).unwrap_or(&[]) {
        if v.get_path(&["type"]).and_then(Node::as_str) != Some("volume") {
            continue;
        }
        if let Some(src) = v.get_path(&["source"]).filter(|n| n.as_str().is_some_and(|x| !x.is_empty())) {
            let key = Key { name: src.as_str().unwrap_or_default().to_string(), span: src.span.clone() };
            undeclared(&key, top.volumes, svc, "volume")?;
        }
    }
    for (field, section, what) in [("secrets", top.secrets, "secret"), ("configs", top.configs, "config")] {
        for item in s.get(field).and_then(Node::as_seq).unwrap_or(&[]) {
            if let Some(src) = item.get_path(&["source"]).and_then(Node::as_str) {
                let key = Key { name: src.to_string(), span: item.span.clone() };
                undeclared(&key, section, svc, what)?;
            }
        }
    }
    check_mount_targets(svc, s)
}

fn undeclared(used: &Key, declared: &Map, svc: &str, what: &str) -> Result<(), LoadError> {
    if declared.contains_key(&used.name) {
        return Ok(());
    }
    let mut e = LoadError::at(
        ErrorKind::MissingReference,
        &used.span,
        format!("service `{svc}` uses {what} `{}`, which is not declared", used.name),
    );
    e.fix = Some(match did_you_mean(&used.name, declared.keys()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "declare it under the top-level `{what}s:` section (with `external: true` if it is created outside this project)"
        ),
    });
    Err(e)
}

fn missing(span: &Span, svc: &str, relation: &str, what: &str, target: &str, services: &Map) -> LoadError {
    let e = LoadError::at(ErrorKind::MissingReference, span, format!("service `{svc}` {relation} {what} `{target}`, which does not exist"));
    match did_you_mean(target, services.keys()) {
        Some(close) => e.with_fix(format!("did you mean `{close}`?")),
        None => e.with_fix(format!("define a service `{target}` or remove the reference")),
    }
}

/// Two mounts on the same container path cannot both apply.
fn check_mount_targets(svc: &str, s: &Map) -> Result<(), LoadError> {
    let mut seen: Vec<(String, u32)> = Vec::new();
    let tmpfs = s.get("tmpfs").and_then(Node::as_seq).unwrap_or(&[]);
    let volumes = s.get("volumes").and_then(Node::as_seq).unwrap_or(&[]);
    let targets = tmpfs
        .iter()
        .filter_map(|t| t.as_str().map(|x| (x.split(':').next().unwrap_or(x).to_string(), &t.span)))
        .chain(volumes.iter().filter_map(|v| v.get_path(&["target"]).and_then(Node::as_str).map(|x| (x.to_string(), &v.span))));
    for (target, span) in targets {
        if let Some((_, line)) = seen.iter().find(|(t, _)| *t == target) {
            return Err(LoadError::invalid(span, format!("service `{svc}` mounts {target} twice (also at line {line})"))
                .with_fix("remove one of the two mounts or give it another target"));
        }
        seen.push((target, span.line));
    }
    Ok(())
}

/// Depth-first search over `depends_on`; a back edge is a cycle, reported in order.
fn check_cycles(services: &Map) -> Result<(), LoadError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let names: Vec<&str> = services.keys().collect();
    let deps = |name: &str| -> Vec<(String, Span)> {
        services
            .get(name)
            .and_then(|s| s.get_path(&["depends_on"]))
            .and_then(Node::as_map)
            .map(|m| m.iter().map(|(k, _)| (k.name.clone(), k.span.clone())).collect())
            .unwrap_or_default()
    };
    let mut marks = vec![Mark::New; names.len()];
    let mut path: Vec<usize> = Vec::new();
    fn visit(
        i: usize,
        names: &[&str],
        deps: &dyn Fn(&str) -> Vec<(String, Span)>,
        marks: &mut [Mark],
        path: &mut Vec<usize>,
    ) -> Result<(), LoadError> {
        marks[i] = Mark::Active;
        path.push(i);
        for (dep, span) in deps(names[i]) {
            let Some(j) = names.iter().position(|n| *n == dep) else { continue };
            match marks[j] {
                Mark::Active => {
                    let start = path.iter().position(|p| *p == j).unwrap_or(0);
                    let cycle: Vec<&str> = path[start..].iter().map(|p| names[*p]).chain([names[j]]).collect();
                    return Err(LoadError::at(ErrorKind::Cycle, &span, format!("dependency cycle: {}", cycle.join(" → ")))
                        .with_fix("remove one of these `depends_on` entries so the services can start in order"));
                }
                Mark::New => visit(j, names, deps, marks, path)?,
                Mark::Done => {}
            }
        }
        path.pop();
        marks[i] = Mark::Done;
        Ok(())
    }
    for i in 0..names.len() {
        if marks[i] == Mark::New {
            visit(i, &names, &deps, &mut marks, &mut path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::node::from_json;
    use serde_json::json;

    fn check(v: serde_json::Value) -> Result<(), LoadError> {
        check_consistency(&from_json(&v), &[])
    }

    #[test]
    fn cycles_are_named_in_order() {
        let e = check(json!({"services": {
            "a": {"image": "x", "depends_on": {"b": {}}},
            "b": {"image": "x", "depends_on": {"c": {}}},
            "c": {"image": "x", "depends_on": {"a": {}}}
        }}))
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Cycle, "{e}");
        assert!(e.problem.contains("a → b → c → a"), "the whole cycle is named: {e}");
    }

    #[test]
    fn missing_dependencies_suggest_a_close_name() {
        let e = check(json!({"services": {"web": {"image": "x", "depends_on": {"dbb": {}}}, "db": {"image": "y"}}})).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingReference, "{e}");
        assert_eq!(e.fix.as_deref(), Some("did you mean `db`?"), "suggests the close name");
    }

    #[test]
    fn disabled_dependencies_name_the_profile_fix() {
        let tree = from_json(&json!({"services": {"web": {"image": "x", "depends_on": {"debug": {"required": true}}}}}));
        let e = check_consistency(&tree, &["debug".into()]).unwrap_err();
        assert!(e.fix.as_deref().unwrap_or("").contains("--profile"), "{e}");
        let optional = from_json(&json!({"services": {"web": {"image": "x", "depends_on": {"debug": {"required": false}}}}}));
        assert!(check_consistency(&optional, &["debug".into()]).is_ok(), "an optional dependency on a disabled service is fine");
    }

    #[test]
    fn undeclared_networks_and_volumes_are_errors() {
        let e = check(json!({"services": {"web": {"image": "x", "networks": {"backend": null}}}})).unwrap_err();
        assert!(e.problem.contains("network `backend`"), "{e}");
        assert!(e.fix.as_deref().unwrap_or("").contains("external: true"), "the fix explains external networks: {e}");
        let e = check(json!({"services": {"web": {"image": "x", "volumes": [{"type": "volume", "source": "data", "target": "/d"}]}}}))
            .unwrap_err();
        assert!(e.problem.contains("volume `data`"), "{e}");
        assert!(check(json!({"services": {"web": {"image": "x", "volumes": [{"type": "volume", "target": "/d"}]}}})).is_ok(),
            "anonymous volumes need no declaration");
    }

    #[test]
    fn services_need_an_image_or_a_build() {
        let e = check(json!({"services": {"web": {"command": "x"}}})).unwrap_err();
        assert!(e.problem.contains("neither an image nor a build"), "{e}");
    }

    #[test]
    fn healthcheck_tests_start_with_a_known_word() {
        let e = check(json!({"services": {"web": {"image": "x", "healthcheck": {"test": ["curl", "x"]}}}})).unwrap_err();
        assert!(e.problem.contains("CMD-SHELL"), "{e}");
    }

    #[test]
    fn duplicate_mount_targets_are_errors() {
        let e = check(json!({"services": {"web": {"image": "x", "tmpfs": ["/run"],
            "volumes": [{"type": "bind", "source": "/a", "target": "/run"}]}}}))
        .unwrap_err();
        assert!(e.problem.contains("/run twice"), "{e}");
    }
}
