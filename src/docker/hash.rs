//! The configuration hash written on each container (`com.docker.compose.config-hash`):
//! the digest of everything that would change the container, so `up` recreates a service
//! exactly when its effective configuration changed.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::spec::ContainerSpec;

/// The hash of a container spec. Nivel's and compose's ownership labels are left out (they
/// carry the hash itself, the working directory and Nivel's version, none of which changes
/// what runs); the service's own labels count. Map order never matters.
pub fn config_hash(spec: &ContainerSpec) -> String {
    let mut body = spec.body.clone();
    if let Some(labels) = body.labels.as_mut() {
        labels.retain(|k, _| !k.starts_with("com.docker.compose.") && !k.starts_with("io.nivel."));
    }
    let value = serde_json::json!({
        "name": spec.name,
        "body": serde_json::to_value(&body).unwrap_or(Value::Null),
        "networks": spec.extra_networks.iter().map(|(n, e)| serde_json::json!([n, e])).collect::<Vec<_>>(),
    });
    let text = canonical(value).to_string();
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Objects with their keys sorted, recursively, and empty values dropped so that `None`,
/// `[]` and `{}` hash alike.
pub(crate) fn canonical(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.into_iter().map(|(k, v)| (k, canonical(v))).filter(|(_, v)| !is_empty(v)).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect::<Map<String, Value>>())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use bollard::models::ContainerCreateBody;

    use super::*;

    fn spec(labels: &[(&str, &str)], cmd: &[&str]) -> ContainerSpec {
        ContainerSpec {
            name: "p-web-1".into(),
            body: ContainerCreateBody {
                image: Some("busybox".into()),
                cmd: Some(cmd.iter().map(|s| s.to_string()).collect()),
                labels: Some(labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<HashMap<_, _>>()),
                ..Default::default()
            },
            extra_networks: Vec::new(),
        }
    }

    #[test]
    fn label_order_and_ownership_labels_do_not_change_the_hash() {
        let a = spec(&[("a", "1"), ("b", "2"), ("io.nivel.version", "1")], &["httpd"]);
        let b = spec(&[("b", "2"), ("a", "1"), ("com.docker.compose.config-hash", "x")], &["httpd"]);
        assert_eq!(config_hash(&a), config_hash(&b), "only what runs counts, in any order");
    }

    #[test]
    fn a_changed_command_or_service_label_changes_the_hash() {
        let base = spec(&[("a", "1")], &["httpd"]);
        assert_ne!(config_hash(&base), config_hash(&spec(&[("a", "1")], &["sleep"])), "the command changed");
        assert_ne!(config_hash(&base), config_hash(&spec(&[("a", "2")], &["httpd"])), "a service label changed");
    }

    #[test]
    fn empty_and_missing_hash_alike() {
        let mut a = spec(&[], &["x"]);
        a.body.labels = None;
        a.body.env = Some(Vec::new());
        let b = spec(&[], &["x"]);
        assert_eq!(config_hash(&a), config_hash(&b), "no labels is the same as an empty label map");
        assert_eq!(config_hash(&a).len(), 64, "a sha256 in hex");
    }
}
