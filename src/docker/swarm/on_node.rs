//! A command run on one node of the swarm against that node's own engine. A manager's API
//! reaches only its own node's containers; to look into a container elsewhere, a one-shot job
//! is placed on that node (`node.id==…`), running the docker CLI image ([`CLEANER_IMAGE`],
//! through the image map) with the node's engine socket. Its output comes back through the
//! service's logs, its exit code from its task; the job is removed once read, or when the
//! caller gives up on it (dropped), and it carries its owner's labels so `class down` removes
//! one a killed process left behind.

use std::collections::HashMap;
use std::time::Duration;

use bollard::auth::DockerCredentials;
use bollard::models::{
    ServiceSpec, ServiceSpecMode, ServiceSpecModeReplicatedJob, TaskSpec, TaskSpecContainerSpec, TaskSpecPlacement,
    TaskSpecRestartPolicy, TaskSpecRestartPolicyConditionEnum, TaskState,
};
use bollard::query_parameters::{ListTasksOptions, LogsOptions};
use futures_util::StreamExt;

use super::super::probe::keep_frame;
use super::super::Engine;
use super::cleanup::{engine_socket, CLEANER_IMAGE};
use super::nodes::not_manager;
use super::{SwarmError, HELPER_LABEL};

/// What the command printed and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeOutput {
    /// `None` when the job's task never ran its command (rejected, no exit code reported).
    pub exit_code: Option<i64>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Output was dropped past the asked limit.
    pub truncated: bool,
}

/// What every helper job of one owner (a student's stack) is made with: its labels, and the
/// registry login its image is pulled with, read once for all of them.
#[derive(Clone, Debug)]
pub struct HelperJob {
    pub labels: HashMap<String, String>,
    pub login: Option<DockerCredentials>,
}

/// The user's login for the registry the helper jobs' image ([`CLEANER_IMAGE`], through the
/// image map) comes from.
pub async fn helper_login(engine: &Engine) -> Option<DockerCredentials> {
    engine.registries.login_for(&engine.registries.source(CLEANER_IMAGE)).await
}

/// Runs `command` (the docker CLI image's; its engine is `node`'s) on node `node`, keeping up
/// to `limit` bytes of each output, as `job` says.
pub async fn run_on_node(engine: &Engine, node: &str, job: &HelperJob, command: Vec<String>, limit: usize) -> Result<NodeOutput, SwarmError> {
    let mut labels = job.labels.clone();
    labels.insert(HELPER_LABEL.to_owned(), "probe".to_owned());
    let name = format!("nivel-probe-{}", unique());
    let image = engine.registries.source(CLEANER_IMAGE);
    let login = job.login.clone();
    let spec = ServiceSpec {
        name: Some(name),
        labels: Some(labels),
        mode: Some(ServiceSpecMode { replicated_job: Some(ServiceSpecModeReplicatedJob { max_concurrent: Some(1), total_completions: Some(1) }), ..Default::default() }),
        task_template: Some(TaskSpec {
            container_spec: Some(TaskSpecContainerSpec {
                image: Some(image),
                command: Some(command),
                mounts: Some(vec![engine_socket()]),
                ..Default::default()
            }),
            placement: Some(TaskSpecPlacement { constraints: Some(vec![format!("node.id=={node}")]), ..Default::default() }),
            restart_policy: Some(TaskSpecRestartPolicy { condition: Some(TaskSpecRestartPolicyConditionEnum::NONE), ..Default::default() }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created = engine.docker.create_service(spec, login).await.map_err(|e| not_manager(engine, e))?;
    let job = Job { engine: engine.clone(), id: created.id.unwrap_or_default(), node: node.to_owned() };
    let exit_code = job.ended().await?;
    let mut out = NodeOutput { exit_code, ..Default::default() };
    let options = LogsOptions { stdout: true, stderr: true, follow: false, ..Default::default() };
    let mut logs = engine.docker.service_logs(&job.id, Some(options));
    while let Some(frame) = logs.next().await {
        let frame = frame.map_err(|e| not_manager(engine, e))?;
        out.truncated |= keep_frame(frame, &mut out.stdout, &mut out.stderr, limit);
    }
    drop(logs);
    job.remove().await;
    Ok(out)
}

/// A job on the swarm, removed when dropped.
struct Job {
    engine: Engine,
    id: String,
    node: String,
}

impl Job {
    async fn remove(mut self) {
        let id = std::mem::take(&mut self.id);
        let _ = self.engine.docker.delete_service(&id).await;
    }

    /// Waits for the job's task to end; its command's exit code.
    async fn ended(&self) -> Result<Option<i64>, SwarmError> {
        let filters = HashMap::from([("service".to_owned(), vec![self.id.clone()])]);
        loop {
            let options = ListTasksOptions { filters: Some(filters.clone()) };
            let tasks = self.engine.docker.list_tasks(Some(options)).await.map_err(|e| not_manager(&self.engine, e))?;
            for status in tasks.iter().filter_map(|t| t.status.as_ref()) {
                let code = status.container_status.as_ref().and_then(|c| c.exit_code);
                match status.state {
                    Some(TaskState::COMPLETE) => return Ok(code.or(Some(0))),
                    Some(TaskState::FAILED) if code.is_some() => return Ok(code),
                    Some(TaskState::FAILED | TaskState::REJECTED | TaskState::ORPHANED) => {
                        let message = status.err.clone().unwrap_or_else(|| "its task did not run".into());
                        return Err(SwarmError::Helper { node: self.node.clone(), message });
                    }
                    _ => {}
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        let (engine, id) = (self.engine.clone(), std::mem::take(&mut self.id));
        if id.is_empty() {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = engine.docker.delete_service(&id).await;
            });
        }
    }
}

/// A name no other probe of this process or another one takes at the same time.
fn unique() -> String {
    let mut bytes = [0u8; 6];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        bytes[..4].copy_from_slice(&nanos.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
