//! Top-level networks, volumes, secrets, configs and models no enabled service uses are left
//! out, as `docker compose` leaves them out (they would only be created for nothing).

use super::model::Project;
use super::node::{Node, Value};

/// Removes from `project` the resources no service of `root` (the same project as a tree)
/// uses.
pub fn prune_unused(root: &Node, project: &mut Project) {
    let mut used: Vec<(&str, String)> = Vec::new();
    let services = root.get_path(&["services"]).and_then(Node::as_map);
    for (_, s) in services.into_iter().flat_map(|m| m.iter()) {
        for (net, _) in s.get_path(&["networks"]).and_then(Node::as_map).into_iter().flat_map(|m| m.iter()) {
            used.push(("networks", net.name.clone()));
        }
        for v in s.get_path(&["volumes"]).and_then(Node::as_seq).unwrap_or(&[]) {
            if v.get_path(&["type"]).and_then(Node::as_str) == Some("volume") {
                if let Some(src) = v.get_path(&["source"]).and_then(Node::as_str).filter(|x| !x.is_empty()) {
                    used.push(("volumes", src.to_string()));
                }
            }
        }
        let sources = |path: &[&str]| -> Vec<String> {
            s.get_path(path)
                .and_then(Node::as_seq)
                .unwrap_or(&[])
                .iter()
                .filter_map(|x| x.get_path(&["source"]).and_then(Node::as_str).map(str::to_string))
                .collect()
        };
        used.extend(sources(&["secrets"]).into_iter().map(|x| ("secrets", x)));
        used.extend(sources(&["build", "secrets"]).into_iter().map(|x| ("secrets", x)));
        used.extend(sources(&["configs"]).into_iter().map(|x| ("configs", x)));
        if let Some(Value::Map(models)) = s.get_path(&["models"]).map(|m| &m.value) {
            used.extend(models.keys().map(|m| ("models", m.to_string())));
        }
    }
    let is_used = |section: &str, name: &str| used.iter().any(|(s, n)| *s == section && n == name);
    project.networks.retain(|k, _| is_used("networks", k));
    project.volumes.retain(|k, _| is_used("volumes", k));
    project.secrets.retain(|k, _| is_used("secrets", k));
    project.configs.retain(|k, _| is_used("configs", k));
    project.models.retain(|k, _| is_used("models", k));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn only_used_resources_stay() {
        let tree = from_json(&json!({
            "services": {"web": {"image": "x", "networks": {"front": null},
                "volumes": [{"type": "volume", "source": "data", "target": "/d"}, {"type": "bind", "source": "/h", "target": "/h"}],
                "secrets": [{"source": "token"}]}},
            "networks": {"front": {}, "unused": {}},
            "volumes": {"data": {}, "h": {}, "spare": {}},
            "secrets": {"token": {"file": "/t"}, "other": {"file": "/o"}}
        }));
        let mut project: Project = crate::compose::de::from_node(&tree).unwrap();
        prune_unused(&tree, &mut project);
        assert_eq!(project.networks.keys().collect::<Vec<_>>(), ["front"], "an unused network goes");
        assert_eq!(project.volumes.keys().collect::<Vec<_>>(), ["data"], "only the named volume a service mounts stays");
        assert_eq!(project.secrets.keys().collect::<Vec<_>>(), ["token"], "an unused secret goes");
    }
}
