//! Profiles: services that start only when one of their profiles is active.

use super::node::{Node, Value};
use super::Environment;

/// `--profile` values plus `COMPOSE_PROFILES` (comma-separated), in order, without repeats.
pub fn active_profiles(flags: &[String], env: &Environment) -> Vec<String> {
    let from_env = env.get("COMPOSE_PROFILES").map(String::as_str).unwrap_or("");
    let mut out: Vec<String> = Vec::new();
    for p in flags.iter().map(String::as_str).chain(from_env.split(',')) {
        let p = p.trim();
        if !p.is_empty() && !out.iter().any(|o| o == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// Removes the services none of whose profiles is active and returns their names. A service
/// without profiles is always enabled; `*` enables every profile.
pub fn apply_profiles(root: &mut Node, active: &[String]) -> Vec<String> {
    let Some(services) = root.as_map_mut().and_then(|m| m.get_mut("services")).and_then(Node::as_map_mut) else {
        return Vec::new();
    };
    let mut disabled = Vec::new();
    services.retain(|name, service| {
        let enabled = enabled(service, active);
        if !enabled {
            disabled.push(name.name.clone());
        }
        enabled
    });
    disabled
}

fn enabled(service: &Node, active: &[String]) -> bool {
    let Some(profiles) = service.get_path(&["profiles"]).and_then(Node::as_seq) else { return true };
    if profiles.is_empty() {
        return true;
    }
    active.iter().any(|a| a == "*")
        || profiles.iter().any(|p| matches!(&p.value, Value::Str(s) if active.contains(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn profiles_come_from_flags_and_environment() {
        let env = Environment::from([("COMPOSE_PROFILES".to_string(), "debug, ops,debug".to_string())]);
        let got = active_profiles(&["ops".into(), "web".into()], &env);
        assert_eq!(got, ["ops", "web", "debug"], "flags first, then the variable, without repeats");
    }

    #[test]
    fn only_services_with_an_active_profile_stay() {
        let mut tree = from_json(&json!({"services": {
            "web": {"image": "a"},
            "debug": {"image": "b", "profiles": ["debug"]},
            "ops": {"image": "c", "profiles": ["ops", "debug"]}
        }}));
        let disabled = apply_profiles(&mut tree, &["ops".into()]);
        assert_eq!(disabled, ["debug"], "the debug-only service is disabled");
        let mut all = from_json(&json!({"services": {"debug": {"image": "b", "profiles": ["debug"]}}}));
        assert!(apply_profiles(&mut all, &["*".into()]).is_empty(), "`*` enables every profile");
    }
}
