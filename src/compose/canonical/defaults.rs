//! Defaults compose fills once all files are merged (compose-go's `transform/defaults.go`,
//! as shipped with Docker Compose v2.40): a build context of `.`, secret targets under
//! `/run/secrets/`, port protocol and mode, and `count: all` for device requests.

use super::str_at;
use crate::compose::error::LoadError;
use crate::compose::node::{Map, Node};

/// Fills the defaults compose fills once all files are merged.
pub fn set_defaults(root: &mut Node) -> Result<(), LoadError> {
    let Some(services) = root.as_map_mut().and_then(|m| m.get_mut("services")).and_then(Node::as_map_mut) else {
        return Ok(());
    };
    for svc in services.values_mut() {
        let Some(svc) = svc.as_map_mut() else { continue };
        if let Some(build) = svc.get_mut("build") {
            let span = build.span.clone();
            if let Some(build) = build.as_map_mut() {
                default(build, "context", || str_at(".", &span));
            }
        }
        for secret in each_map(svc.get_mut("secrets")) {
            if secret.contains_key("target") {
                continue;
            }
            let source = secret.get("source").and_then(Node::scalar_text).unwrap_or_default();
            let span = secret.get("source").map(|s| s.span.clone());
            if let Some(span) = span {
                secret.set("target", str_at(format!("/run/secrets/{source}"), &span));
            }
        }
        for port in each_map(svc.get_mut("ports")) {
            let span = port.get("target").map(|t| t.span.clone());
            if let Some(span) = span {
                default(port, "protocol", || str_at("tcp", &span));
                default(port, "mode", || str_at("ingress", &span));
            }
        }
        for request in each_map(svc.get_mut("gpus")) {
            count_all(request);
        }
        let reservations = svc.get_mut("deploy").and_then(Node::as_map_mut)
            .and_then(|d| d.get_mut("resources")).and_then(Node::as_map_mut)
            .and_then(|r| r.get_mut("reservations")).and_then(Node::as_map_mut)
            .and_then(|r| r.get_mut("devices"));
        for request in each_map(reservations) {
            count_all(request);
        }
    }
    Ok(())
}

/// A device request naming neither a count nor device ids asks for every device.
fn count_all(request: &mut Map) {
    if request.contains_key("count") || request.contains_key("device_ids") {
        return;
    }
    let span = request.iter().next().map(|(k, _)| k.span.clone());
    if let Some(span) = span {
        request.set("count", str_at("all", &span));
    }
}

fn default(map: &mut Map, key: &str, value: impl FnOnce() -> Node) {
    if !map.contains_key(key) {
        map.set(key, value());
    }
}

/// The mapping entries of a list field (entries of other shapes are left to validation).
fn each_map(node: Option<&mut Node>) -> impl Iterator<Item = &mut Map> {
    node.and_then(Node::as_seq_mut).into_iter().flatten().filter_map(Node::as_map_mut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn defaults_match_compose() {
        let mut root = from_json(&json!({"services": {"s": {
            "build": {"dockerfile": "D"},
            "secrets": [{"source": "s1"}, {"source": "s2", "target": "/t"}],
            "configs": [{"source": "c1"}],
            "ports": [{"target": 80}, {"target": 81, "protocol": "udp", "mode": "host"}],
            "gpus": [{"driver": "nvidia"}, {"count": 1}],
            "deploy": {"resources": {"reservations": {"devices": [{"capabilities": ["gpu"]}]}}}
        }}}));
        assert!(set_defaults(&mut root).is_ok(), "defaults apply to a canonical tree");
        let s = &plain(&root)["services"]["s"];
        assert_eq!(s["build"], json!({"dockerfile": "D", "context": "."}), "build context defaults to .");
        assert_eq!(s["secrets"], json!([{"source": "s1", "target": "/run/secrets/s1"}, {"source": "s2", "target": "/t"}]), "secret targets");
        assert_eq!(s["configs"], json!([{"source": "c1"}]), "configs get no default target");
        assert_eq!(s["ports"], json!([{"target": 80, "protocol": "tcp", "mode": "ingress"}, {"target": 81, "protocol": "udp", "mode": "host"}]), "port protocol and mode");
        assert_eq!(s["gpus"], json!([{"driver": "nvidia", "count": "all"}, {"count": 1}]), "gpu requests default to all");
        assert_eq!(s["deploy"]["resources"]["reservations"]["devices"], json!([{"capabilities": ["gpu"], "count": "all"}]), "device reservations default to all");
    }
}
