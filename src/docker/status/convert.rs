//! bollard's models turned into [`super::model`] once, here: every `Option` the API may leave
//! out gets its meaning decided in one place.

use std::collections::BTreeMap;
use std::time::SystemTime;

use bollard::models::{ContainerInspectResponse, ContainerStateStatusEnum, HealthStatusEnum, PortMap};

use super::model::{Health, LabStatus, PublishedPort, ServiceState, ServiceStatus};
use super::time::parse_rfc3339;
use crate::docker::labels;

/// A container seen on the engine, with the project it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Observed {
    pub project: String,
    pub lab: Option<String>,
    pub working_dir: Option<String>,
    /// Started by `compose run`: not part of the stack's services.
    pub oneoff: bool,
    pub status: ServiceStatus,
}

/// One inspected container; `None` when it carries no compose project label.
pub(super) fn observed(c: &ContainerInspectResponse, now: SystemTime) -> Option<Observed> {
    let config = c.config.as_ref();
    let labels = config.and_then(|c| c.labels.as_ref());
    let label = |key: &str| labels.and_then(|l| l.get(key)).filter(|v| !v.is_empty()).cloned();
    let project = label(labels::PROJECT)?;
    let container = c.name.as_deref().unwrap_or_default().trim_start_matches('/').to_string();
    let state = c.state.as_ref();
    let service_state = state.and_then(|s| s.status).map_or(ServiceState::Unknown, service_state);
    let health = state.and_then(|s| s.health.as_ref()).and_then(|h| h.status).map_or(Health::None, health);
    let exit_code = match service_state {
        ServiceState::Exited | ServiceState::Dead => state.and_then(|s| s.exit_code),
        _ => None,
    };
    let uptime = if service_state.is_up() {
        state
            .and_then(|s| s.started_at.as_deref())
            .and_then(parse_rfc3339)
            .map(|started| now.duration_since(started).unwrap_or_default())
    } else {
        None
    };
    let status = ServiceStatus {
        service: label(labels::SERVICE).unwrap_or_else(|| container.clone()),
        number: label(labels::CONTAINER_NUMBER).and_then(|n| n.parse().ok()),
        id: c.id.clone().unwrap_or_default(),
        container,
        state: service_state,
        health,
        exit_code,
        restarts: c.restart_count.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
        ports: c.network_settings.as_ref().and_then(|n| n.ports.as_ref()).map(published).unwrap_or_default(),
        image: config.and_then(|c| c.image.clone()).or_else(|| c.image.clone()).unwrap_or_default(),
        uptime,
    };
    Some(Observed {
        project,
        lab: label(labels::LAB),
        working_dir: label(labels::WORKING_DIR),
        oneoff: label(labels::ONEOFF).is_some_and(|v| v.eq_ignore_ascii_case("true")),
        status,
    })
}

pub(crate) fn service_state(s: ContainerStateStatusEnum) -> ServiceState {
    match s {
        ContainerStateStatusEnum::CREATED => ServiceState::Created,
        ContainerStateStatusEnum::RUNNING => ServiceState::Running,
        ContainerStateStatusEnum::PAUSED => ServiceState::Paused,
        ContainerStateStatusEnum::RESTARTING => ServiceState::Restarting,
        ContainerStateStatusEnum::STOPPING => ServiceState::Stopping,
        ContainerStateStatusEnum::REMOVING => ServiceState::Removing,
        ContainerStateStatusEnum::EXITED => ServiceState::Exited,
        ContainerStateStatusEnum::DEAD => ServiceState::Dead,
        ContainerStateStatusEnum::EMPTY => ServiceState::Unknown,
    }
}

pub(crate) fn health(h: HealthStatusEnum) -> Health {
    match h {
        HealthStatusEnum::STARTING => Health::Starting,
        HealthStatusEnum::HEALTHY => Health::Healthy,
        HealthStatusEnum::UNHEALTHY => Health::Unhealthy,
        HealthStatusEnum::NONE | HealthStatusEnum::EMPTY => Health::None,
    }
}

/// The ports actually bound (a stopped container has none). An engine that binds a port on
/// every address reports it once for IPv4 and once for IPv6; the student needs one link.
fn published(ports: &PortMap) -> Vec<PublishedPort> {
    let mut out: Vec<PublishedPort> = Vec::new();
    for (key, bindings) in ports {
        let (port, protocol) = key.split_once('/').unwrap_or((key.as_str(), "tcp"));
        let Ok(container_port) = port.parse::<u16>() else { continue };
        for b in bindings.iter().flatten() {
            let Some(host_port) = b.host_port.as_deref().and_then(|p| p.parse::<u16>().ok()) else { continue };
            let host_ip = b.host_ip.clone().filter(|ip| !ip.is_empty()).unwrap_or_else(|| "0.0.0.0".into());
            let url = (protocol == "tcp").then(|| format!("http://{}:{host_port}", url_host(&host_ip)));
            let port = PublishedPort { host_ip, host_port, container_port, protocol: protocol.to_string(), url };
            let twin = out.iter().any(|p| {
                p.container_port == port.container_port && p.protocol == port.protocol && p.host_port == port.host_port && is_any(&p.host_ip) && is_any(&port.host_ip)
            });
            if !twin {
                out.push(port);
            }
        }
    }
    out.sort_by(|a, b| (a.container_port, &a.protocol, a.host_port, &a.host_ip).cmp(&(b.container_port, &b.protocol, b.host_port, &b.host_ip)));
    out
}

fn is_any(ip: &str) -> bool {
    matches!(ip, "0.0.0.0" | "::" | "")
}

fn url_host(ip: &str) -> String {
    if is_any(ip) {
        "127.0.0.1".into()
    } else if ip.contains(':') {
        format!("[{ip}]")
    } else {
        ip.into()
    }
}

/// Containers grouped into labs, ordered by project name, services by name then number.
pub(super) fn group(observed: Vec<Observed>) -> Vec<LabStatus> {
    let mut labs: BTreeMap<String, LabStatus> = BTreeMap::new();
    for o in observed.into_iter().filter(|o| !o.oneoff) {
        let lab = labs.entry(o.project.clone()).or_insert_with(|| LabStatus {
            project: o.project.clone(),
            lab: None,
            working_dir: None,
            services: Vec::new(),
            notes: Vec::new(),
        });
        lab.lab = lab.lab.take().or(o.lab);
        lab.working_dir = lab.working_dir.take().or(o.working_dir);
        lab.services.push(o.status);
    }
    let mut labs: Vec<LabStatus> = labs.into_values().collect();
    for lab in &mut labs {
        lab.services.sort_by(|a, b| (&a.service, a.number, &a.container).cmp(&(&b.service, b.number, &b.container)));
    }
    labs
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
