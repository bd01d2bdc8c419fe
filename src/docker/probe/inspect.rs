//! A lab container's state and resource limits, as the `container` check compares them.

use bollard::models::ContainerInspectResponse;

use super::{in_project, Container, ProbeError};
use crate::docker::status::{health_of, state_of, Health, ServiceState};
use crate::docker::Engine;

/// What the engine says about one container of the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerFacts {
    pub id: String,
    pub state: ServiceState,
    pub health: Health,
    /// The last exit code (0 while it runs).
    pub exit_code: Option<i64>,
    /// `HostConfig.Memory` in bytes; `None` when unlimited.
    pub memory: Option<u64>,
    /// `HostConfig.NanoCpus`; `None` when unset.
    pub nano_cpus: Option<i64>,
    /// `HostConfig.CpuQuota` and `CpuPeriod` (µs); `None` when unset.
    pub cpu_quota: Option<i64>,
    pub cpu_period: Option<i64>,
}

/// Inspects `container`, which must carry `project`'s label.
pub async fn lab_container(engine: &Engine, project: &str, container: Container<'_>) -> Result<ContainerFacts, ProbeError> {
    let id = container.id;
    if let Some(at) = container.on {
        return super::on_node::lab_container(engine, project, &super::on_node::OnNode { id, at }).await;
    }
    let c = engine.docker.inspect_container(id, None).await.map_err(|e| ProbeError::from_engine(id, e))?;
    if !in_project(c.config.as_ref().and_then(|c| c.labels.as_ref()), project) {
        return Err(ProbeError::NotInLab { id: id.to_string(), project: project.to_string() });
    }
    Ok(facts_of(&c, id))
}

/// What the check compares of an inspected container (`id` when it names none).
pub(super) fn facts_of(c: &ContainerInspectResponse, id: &str) -> ContainerFacts {
    let state = c.state.as_ref();
    let host = c.host_config.as_ref();
    let positive = |v: Option<i64>| v.filter(|v| *v > 0);
    ContainerFacts {
        id: c.id.clone().unwrap_or_else(|| id.to_string()),
        state: state.and_then(|s| s.status).map_or(ServiceState::Unknown, state_of),
        health: state.and_then(|s| s.health.as_ref()).and_then(|h| h.status).map_or(Health::None, health_of),
        exit_code: state.and_then(|s| s.exit_code),
        memory: positive(host.and_then(|h| h.memory)).and_then(|m| u64::try_from(m).ok()),
        nano_cpus: positive(host.and_then(|h| h.nano_cpus)),
        cpu_quota: positive(host.and_then(|h| h.cpu_quota)),
        cpu_period: positive(host.and_then(|h| h.cpu_period)),
    }
}
