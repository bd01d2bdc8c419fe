//! Which compose fields a cluster (Kubernetes manifests, Docker Swarm services) can express. Every field a service sets is
//! either mapped, left out for a stated reason (it only concerns one Docker host), or refused
//! with the service and the field named: nothing is dropped without a word.

use crate::compose::model::ServiceConfig;
use crate::lab::Text;

use super::ClassError;

/// Fields a class turns into a cluster's objects.
const MAPPED: &[&str] = &[
    "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "healthcheck",
    "depends_on", "restart", "deploy", "cpus", "mem_limit", "working_dir", "user", "stop_grace_period", "tmpfs", "networks",
];

// Of `deploy`, only `replicas`, `resources.limits` and an empty `placement` map (its
// `labels` are compose's); the rest is a Swarm scheduler's and is refused.

/// Fields that only concern a Docker host or compose's own bookkeeping: a pod has no
/// container name, the namespace is the network, labels stay compose's.
const LOCAL: &[&str] = &["container_name", "labels", "logging", "pull_policy", "profiles", "hostname", "annotations", "attach", "stop_signal", "init"];

/// Refuses the first field of `service` that is neither mapped nor local.
pub(crate) fn screen(name: &str, service: &ServiceConfig, target: &str) -> Result<(), ClassError> {
    let value = serde_json::to_value(service).unwrap_or_default();
    let Some(fields) = value.as_object() else { return Ok(()) };
    for field in fields.keys() {
        if MAPPED.contains(&field.as_str()) || LOCAL.contains(&field.as_str()) {
            continue;
        }
        return Err(unmappable(name, field, refusal(field, target)));
    }
    if let Some(deploy) = fields.get("deploy").and_then(|d| d.as_object()) {
        for (key, value) in deploy {
            let empty = value.as_object().is_some_and(|o| o.is_empty());
            let fine = match key.as_str() {
                "replicas" | "labels" => true,
                "placement" => empty,
                "resources" => value.as_object().is_some_and(|r| r.keys().all(|k| k == "limits")),
                _ => false,
            };
            if !fine {
                return Err(unmappable(name, &format!("deploy.{key}"), refusal(&format!("deploy.{key}"), target)));
            }
        }
    }
    Ok(())
}

fn refusal(field: &str, target: &str) -> (Text, Text) {
    match field {
        "network_mode" | "net" => (
            Text::new(format!("comparte la red de otro contenedor o del anfitrión; {target} no puede"), format!("shares another container's or the host's network; {target} cannot")),
            Text::new("quite `network_mode` y deje que el servicio use la red del laboratorio", "remove `network_mode` and let the service use the lab's network"),
        ),
        _ => (
            Text::new(format!("Nivel no sabe expresar `{field}` en {target}"), format!("Nivel cannot express `{field}` on {target}")),
            Text::new(
                format!("quite `{field}` del archivo compose del laboratorio para la clase, o use el laboratorio en Docker"),
                format!("remove `{field}` from the lab's compose file for the class, or run the lab on Docker"),
            ),
        ),
    }
}

pub(crate) fn unmappable(service: &str, field: &str, (message, fix): (Text, Text)) -> ClassError {
    ClassError::Unmappable { service: service.to_owned(), field: field.to_owned(), message, fix: Box::new(fix) }
}
