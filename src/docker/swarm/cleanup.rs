//! A class's named volumes live on whichever nodes ran its tasks, and a manager's API reaches
//! only its own. So they are removed by a global job: one task on every node, running the
//! docker CLI against that node's engine socket, removing the volumes labelled with the class
//! (and the student). Its image, [`CLEANER_IMAGE`], goes through the image map like the labs'.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bollard::models::{Mount, MountType, ServiceSpec, ServiceSpecMode, TaskSpec, TaskSpecContainerSpec, TaskSpecRestartPolicy, TaskSpecRestartPolicyConditionEnum, TaskState};
use bollard::query_parameters::ListTasksOptions;

use super::super::Engine;
use super::nodes::{not_manager, nodes};
use super::{class_labels, SwarmError, CLASS_LABEL};

/// The docker CLI's official image.
pub const CLEANER_IMAGE: &str = "docker:27-cli";
/// How long the cleaning job may take on every node.
const CLEANING_WITHIN: Duration = Duration::from_secs(120);

/// Removes the class's volumes on every ready node; how many nodes were cleaned.
pub(super) async fn remove_volumes(engine: &Engine, class: &str, student: Option<&str>) -> Result<usize, SwarmError> {
    let nodes = nodes(engine).await?;
    let ready = nodes.iter().filter(|n| n.is_ready()).count();
    let down = nodes.len() - ready;
    let filter: String = class_labels(class, student).iter().map(|l| format!(" --filter label={l}")).collect();
    // A volume still held by a container on its way out is tried again for a while.
    let script = format!(
        "for i in $(seq 60); do v=$(docker volume ls -q{filter}); [ -z \"$v\" ] && exit 0; docker volume rm $v >/dev/null 2>&1 || true; sleep 1; done; docker volume ls -q{filter}; exit 1"
    );
    let image = engine.registries.source(CLEANER_IMAGE);
    let login = super::on_node::helper_login(engine).await;
    let name = format!("nivel-clean-{class}{}", student.map(|s| format!("-{s}")).unwrap_or_default());
    let labels: HashMap<String, String> = HashMap::from([(CLASS_LABEL.to_owned(), class.to_owned())]);
    let spec = ServiceSpec {
        name: Some(name.clone()),
        labels: Some(labels),
        mode: Some(ServiceSpecMode { global_job: Some(HashMap::new()), ..Default::default() }),
        task_template: Some(TaskSpec {
            container_spec: Some(TaskSpecContainerSpec {
                image: Some(image),
                command: Some(vec!["sh".into(), "-c".into(), script]),
                mounts: Some(vec![engine_socket()]),
                ..Default::default()
            }),
            restart_policy: Some(TaskSpecRestartPolicy { condition: Some(TaskSpecRestartPolicyConditionEnum::NONE), ..Default::default() }),
            ..Default::default()
        }),
        ..Default::default()
    };
    // A job left by an interrupted `down` is replaced.
    let _ = engine.docker.delete_service(&name).await;
    let created = engine.docker.create_service(spec, login).await.map_err(|e| not_manager(engine, e))?;
    let id = created.id.unwrap_or_default();
    let outcome = wait_job(engine, &id, ready).await;
    let _ = engine.docker.delete_service(&id).await;
    let (complete, failed) = outcome?;
    if failed.is_empty() && down == 0 && complete >= ready {
        return Ok(complete);
    }
    let unfinished = failed.is_empty() && complete < ready;
    let mut reasons = failed;
    if down > 0 {
        reasons.push(format!("{} not ready", crate::lab::Text::count(down, ("nodo", "nodos"), ("node", "nodes")).en));
    }
    if unfinished {
        reasons.push(format!("{} of {ready} did not finish", crate::lab::Text::count(ready - complete, ("nodo", "nodos"), ("node", "nodes")).en));
    }
    Err(SwarmError::VolumesLeft { nodes: nodes.len().saturating_sub(complete), message: reasons.join("; ") })
}

/// The node's engine socket, mounted where the docker CLI looks for it.
pub(super) fn engine_socket() -> Mount {
    Mount { target: Some("/var/run/docker.sock".into()), source: Some("/var/run/docker.sock".into()), typ: Some(MountType::BIND), ..Default::default() }
}

/// Waits for the job's tasks on `nodes` nodes to end; the completed count and each failure.
async fn wait_job(engine: &Engine, id: &str, nodes: usize) -> Result<(usize, Vec<String>), SwarmError> {
    let filters = HashMap::from([("service".to_owned(), vec![id.to_owned()])]);
    let started = Instant::now();
    loop {
        let tasks = engine.docker.list_tasks(Some(ListTasksOptions { filters: Some(filters.clone()) })).await.map_err(|e| not_manager(engine, e))?;
        let state = |t: &bollard::models::Task| t.status.as_ref().and_then(|s| s.state);
        let complete = tasks.iter().filter(|t| state(t) == Some(TaskState::COMPLETE)).count();
        let failed: Vec<String> = tasks
            .iter()
            .filter(|t| matches!(state(t), Some(TaskState::FAILED | TaskState::REJECTED)))
            .map(|t| t.status.as_ref().and_then(|s| s.err.clone()).unwrap_or_else(|| "failed".into()))
            .collect();
        if complete + failed.len() >= nodes || started.elapsed() > CLEANING_WITHIN {
            return Ok((complete, failed));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
