//! A class's stacks as they run: every student's services, the node each runs on and the
//! URLs of their published ports there.

use std::collections::{BTreeMap, HashMap};

use bollard::models::{Service, Task, TaskState};
use bollard::query_parameters::{ListServicesOptions, ListTasksOptions};
use serde::Serialize;

use super::super::Engine;
use super::nodes::{not_manager, nodes, NodeView};
use super::{class_labels, PortView, SwarmError, HELPER_LABEL, SERVICE_LABEL, STUDENT_LABEL};

/// One student's stack.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StackView {
    pub student: String,
    pub services: Vec<ServiceView>,
}

impl StackView {
    /// Every service runs (healthy where it has a healthcheck) or completed its job.
    pub fn is_ready(&self) -> bool {
        !self.services.is_empty() && self.services.iter().all(ServiceView::is_ready)
    }
}

/// One service of a stack.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceView {
    /// The compose name.
    pub service: String,
    /// The task's state: `running`, `complete`, `starting`, `preparing`, `pending`, `failed`…;
    /// `none` when the service has no task.
    pub state: String,
    /// A one-shot job.
    pub job: bool,
    /// The node the task is on (its id), and that node's hostname and address.
    pub node: Option<String>,
    pub hostname: Option<String>,
    pub address: Option<String>,
    pub ports: Vec<PortView>,
    /// The task's container on its node.
    pub container: Option<String>,
    /// The task's error, when it has one.
    pub error: Option<String>,
}

impl ServiceView {
    pub fn is_ready(&self) -> bool {
        if self.job { self.state == "complete" } else { self.state == "running" }
    }
}

/// The stacks of `class` (one student's alone with `student`), in student order, and the
/// swarm's nodes.
pub async fn stacks(engine: &Engine, class: &str, student: Option<&str>) -> Result<(Vec<StackView>, Vec<NodeView>), SwarmError> {
    let nodes = nodes(engine).await?;
    let filters = HashMap::from([("label".to_owned(), class_labels(class, student))]);
    let services = engine.docker.list_services(Some(ListServicesOptions { filters: Some(filters), ..Default::default() })).await.map_err(|e| not_manager(engine, e))?;
    let ids: Vec<String> = services.iter().filter_map(|s| s.id.clone()).collect();
    let tasks = if ids.is_empty() {
        Vec::new()
    } else {
        let filters = HashMap::from([("service".to_owned(), ids)]);
        engine.docker.list_tasks(Some(ListTasksOptions { filters: Some(filters) })).await.map_err(|e| not_manager(engine, e))?
    };
    let mut by_student: BTreeMap<String, Vec<ServiceView>> = BTreeMap::new();
    for service in &services {
        let labels = service.spec.as_ref().and_then(|s| s.labels.as_ref());
        if labels.is_some_and(|l| l.contains_key(HELPER_LABEL)) {
            continue;
        }
        let label = |k: &str| labels.and_then(|l| l.get(k)).cloned().unwrap_or_default();
        let view = service_view(service, &label(SERVICE_LABEL), &tasks, &nodes);
        by_student.entry(label(STUDENT_LABEL)).or_default().push(view);
    }
    let stacks = by_student
        .into_iter()
        .map(|(student, mut services)| {
            services.sort_by(|a, b| a.service.cmp(&b.service));
            StackView { student, services }
        })
        .collect();
    Ok((stacks, nodes))
}

fn service_view(service: &Service, name: &str, tasks: &[Task], nodes: &[NodeView]) -> ServiceView {
    let id = service.id.as_deref().unwrap_or_default();
    let spec = service.spec.as_ref();
    let job = spec.and_then(|s| s.mode.as_ref()).is_some_and(|m| m.replicated_job.is_some());
    // The task Swarm wants now, the newest first; a job's completed one stays desired `complete`.
    let task = tasks
        .iter()
        .filter(|t| t.service_id.as_deref() == Some(id))
        .filter(|t| matches!(t.desired_state, Some(TaskState::RUNNING | TaskState::COMPLETE)) || job)
        .max_by_key(|t| t.version.as_ref().and_then(|v| v.index));
    let status = task.and_then(|t| t.status.as_ref());
    let node = task.and_then(|t| t.node_id.clone());
    let on = node.as_deref().and_then(|n| nodes.iter().find(|x| x.id == n));
    let state = status.and_then(|s| s.state).map_or_else(|| "none".to_owned(), |s| s.to_string());
    let running = state == "running";
    let ports = spec
        .and_then(|s| s.endpoint_spec.as_ref())
        .and_then(|e| e.ports.as_ref())
        .map(|ports| {
            ports
                .iter()
                .map(|p| {
                    let published = p.published_port.and_then(|p| u16::try_from(p).ok()).unwrap_or_default();
                    let protocol = p.protocol.map(|p| p.to_string()).unwrap_or_else(|| "tcp".into());
                    let url = on.filter(|n| running && !n.address.is_empty() && protocol == "tcp").map(|n| format!("http://{}:{published}", n.address));
                    PortView { target: p.target_port.and_then(|t| u32::try_from(t).ok()).unwrap_or_default(), published, protocol, url }
                })
                .collect()
        })
        .unwrap_or_default();
    ServiceView {
        service: name.to_owned(),
        state,
        job,
        node,
        hostname: on.map(|n| n.hostname.clone()),
        address: on.map(|n| n.address.clone()),
        ports,
        container: status.and_then(|s| s.container_status.as_ref()).and_then(|c| c.container_id.clone()),
        error: status.and_then(|s| s.err.clone()).filter(|e| !e.is_empty()),
    }
}
