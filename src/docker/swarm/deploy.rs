//! Deploying one student's stack: its overlay networks, then its services step by step, each
//! step waited on before the next is created.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant, SystemTime};

use bollard::auth::DockerCredentials;
use bollard::models::{NetworkCreateRequest, ServiceSpec, TaskState};
use bollard::query_parameters::{ListNetworksOptions, ListServicesOptions, ListTasksOptions, UpdateServiceOptions};

use super::super::status::parse_rfc3339;
use super::super::Engine;
use super::convert::service_spec;
use super::nodes::not_manager;
use super::{scoped, ServiceUnit, StackSpec, SwarmError, JOB_ATTEMPTS, SPEC_HASH_LABEL, STACK_LABEL};

/// How often the tasks are looked at while waiting.
const POLL: Duration = Duration::from_millis(500);
/// Time for a node to pull an image and start a container, on top of a healthcheck's own.
const START_ALLOWANCE: Duration = Duration::from_secs(180);
/// A service whose tasks failed this many times is reported, not waited on further.
const FAILURES_TOLERATED: usize = 3;

/// What [`deploy`] is doing, for progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeployStep {
    /// Creating (or keeping) the stack's networks.
    Networks,
    /// Creating or updating these services, then waiting for them.
    Services(Vec<String>),
    /// A service is running (and healthy) or its job completed.
    Ready(String),
}

/// The user's registry login for each image the `stacks` pull (through the image map), read
/// once for a whole class: what its services are created with.
pub async fn image_logins(engine: &Engine, stacks: &[StackSpec]) -> ImageLogins {
    let images: BTreeSet<String> = stacks.iter().flat_map(|s| &s.services).map(|u| engine.registries.source(&u.image)).collect();
    let registries = engine.registries.clone();
    // The docker configuration read once, and each registry's login (a credential helper's
    // run) asked once, however many of its images the class pulls.
    let read = move || {
        let logins = registries.logins();
        let mut by_registry: HashMap<String, Option<DockerCredentials>> = HashMap::new();
        let mut found = ImageLogins::new();
        for image in images {
            let registry = crate::docker::images::ImageRef::parse(&image).registry;
            let login = by_registry.entry(registry).or_insert_with_key(|r| logins.for_registry(r));
            if let Some(login) = login {
                found.insert(image, login.clone());
            }
        }
        found
    };
    tokio::task::spawn_blocking(read).await.unwrap_or_default()
}

/// The login each pulled image goes with (by its reference after the image map).
pub type ImageLogins = HashMap<String, DockerCredentials>;

/// Deploys `stack` on the swarm `engine` manages, its images pulled with `logins`; returns when
/// every service runs (healthy where it has a healthcheck) or completed its job. A second
/// deploy updates only services whose spec changed.
pub async fn deploy(engine: &Engine, stack: &StackSpec, logins: &ImageLogins, on: &(dyn Fn(DeployStep) + Sync)) -> Result<(), SwarmError> {
    on(DeployStep::Networks);
    ensure_networks(engine, stack).await?;
    for step in stack.steps() {
        on(DeployStep::Services(step.iter().map(|s| s.name.clone()).collect()));
        // Failures before this step (an earlier `up`'s) are not this one's.
        let since = engine_now(engine).await;
        let mut ids = Vec::new();
        for unit in &step {
            ids.push((unit, put_service(engine, stack, unit, logins).await?));
        }
        for (unit, id) in ids {
            wait_ready(engine, stack, unit, &id, since).await?;
            on(DeployStep::Ready(unit.name.clone()));
        }
    }
    Ok(())
}

async fn ensure_networks(engine: &Engine, stack: &StackSpec) -> Result<(), SwarmError> {
    let filters = HashMap::from([("label".to_owned(), vec![format!("{STACK_LABEL}={}", stack.namespace)])]);
    let existing = engine.docker.list_networks(Some(ListNetworksOptions { filters: Some(filters) })).await.map_err(|e| not_manager(engine, e))?;
    for network in &stack.networks {
        let name = scoped(&stack.namespace, network);
        if existing.iter().any(|n| n.name.as_deref() == Some(&name)) {
            continue;
        }
        let request = NetworkCreateRequest {
            name,
            driver: Some("overlay".into()),
            labels: Some(stack.labels()),
            ..Default::default()
        };
        engine.docker.create_network(request).await.map_err(|e| not_manager(engine, e))?;
    }
    Ok(())
}

/// Creates the service, or updates it when its spec changed; its id.
async fn put_service(engine: &Engine, stack: &StackSpec, unit: &ServiceUnit, logins: &ImageLogins) -> Result<String, SwarmError> {
    let mut spec: ServiceSpec = service_spec(stack, unit);
    let image = engine.registries.source(&unit.image);
    if let Some(container) = spec.task_template.as_mut().and_then(|t| t.container_spec.as_mut()) {
        container.image = Some(image.clone());
    }
    // The nodes pull as the user, as `docker stack deploy --with-registry-auth` has them do. A
    // login made after a failed `up` changes the spec's hash, so the service is updated with it.
    let login = logins.get(&image).cloned();
    if let (Some(login), Some(labels)) = (&login, spec.labels.as_mut()) {
        let who = format!("{}@{}", login.username.as_deref().unwrap_or("token"), login.serveraddress.as_deref().unwrap_or_default());
        if let Some(hash) = labels.get_mut(SPEC_HASH_LABEL) {
            hash.push_str(&format!("+login:{who}"));
        }
    }
    let name = scoped(&stack.namespace, &unit.name);
    let filters = HashMap::from([("name".to_owned(), vec![name.clone()])]);
    let found = engine.docker.list_services(Some(ListServicesOptions { filters: Some(filters), ..Default::default() })).await.map_err(|e| not_manager(engine, e))?;
    let Some(existing) = found.into_iter().find(|s| s.spec.as_ref().and_then(|s| s.name.as_deref()) == Some(&name)) else {
        let created = engine.docker.create_service(spec, login).await.map_err(|e| not_manager(engine, e))?;
        return Ok(created.id.unwrap_or_default());
    };
    let id = existing.id.clone().unwrap_or_default();
    let hash = |s: &ServiceSpec| s.labels.as_ref().and_then(|l| l.get(SPEC_HASH_LABEL).cloned());
    if existing.spec.as_ref().and_then(hash) == hash(&spec) {
        return Ok(id);
    }
    // Every task again, also when only the login changed (a node that could not pull).
    let forced = existing.spec.as_ref().and_then(|s| s.task_template.as_ref()).and_then(|t| t.force_update).unwrap_or(0);
    if let Some(task) = spec.task_template.as_mut() {
        task.force_update = Some(forced.wrapping_add(1));
    }
    let version = existing.version.and_then(|v| v.index).unwrap_or_default();
    let options = UpdateServiceOptions { version: i32::try_from(version).unwrap_or(i32::MAX), ..Default::default() };
    engine.docker.update_service(&id, spec, options, login).await.map_err(|e| not_manager(engine, e))?;
    Ok(id)
}

/// The engine's clock now, as its tasks' times are written; `None` when it does not say.
async fn engine_now(engine: &Engine) -> Option<SystemTime> {
    let info = engine.docker.info().await.ok()?;
    info.system_time.as_deref().and_then(parse_rfc3339)
}

/// Waits until the service's task runs (a job's: completed), failing on repeated failures of
/// tasks created since `since` or after the healthcheck's whole budget plus [`START_ALLOWANCE`].
async fn wait_ready(engine: &Engine, stack: &StackSpec, unit: &ServiceUnit, id: &str, since: Option<SystemTime>) -> Result<(), SwarmError> {
    let budget = budget(unit);
    let started = Instant::now();
    let filters = HashMap::from([("service".to_owned(), vec![id.to_owned()])]);
    let want = if unit.job { TaskState::COMPLETE } else { TaskState::RUNNING };
    let replicas = if unit.job { 1 } else { unit.config.deploy.as_ref().and_then(|d| d.replicas).unwrap_or(1).max(0) as usize };
    loop {
        let tasks = engine.docker.list_tasks(Some(ListTasksOptions { filters: Some(filters.clone()) })).await.map_err(|e| not_manager(engine, e))?;
        let state = |t: &bollard::models::Task| t.status.as_ref().and_then(|s| s.state);
        let current: Vec<&bollard::models::Task> = tasks.iter().filter(|t| t.desired_state == Some(want) || (unit.job && t.desired_state == Some(TaskState::COMPLETE))).collect();
        let ready = current.iter().filter(|t| state(t) == Some(want)).count();
        if ready >= replicas.max(1) || (replicas == 0 && current.is_empty()) {
            return Ok(());
        }
        let recent = |t: &&bollard::models::Task| since.is_none_or(|since| t.created_at.as_deref().and_then(parse_rfc3339).is_some_and(|at| at >= since));
        let failed: Vec<&bollard::models::Task> = tasks.iter().filter(recent).filter(|t| matches!(state(t), Some(TaskState::FAILED | TaskState::REJECTED))).collect();
        if failed.len() >= if unit.job { JOB_ATTEMPTS } else { FAILURES_TOLERATED } {
            let last = failed.iter().max_by_key(|t| t.version.as_ref().and_then(|v| v.index)).and_then(|t| t.status.as_ref());
            let message = last.and_then(|s| s.err.clone().or_else(|| s.message.clone())).unwrap_or_default();
            return Err(SwarmError::Failed { namespace: stack.namespace.clone(), service: unit.name.clone(), message });
        }
        if started.elapsed() > budget {
            let latest = tasks.iter().max_by_key(|t| t.version.as_ref().and_then(|v| v.index));
            let state = latest
                .and_then(|t| t.status.as_ref())
                .map(|s| format!("{}{}", s.state.map(|s| s.to_string()).unwrap_or_default(), s.err.as_ref().map(|e| format!(": {e}")).unwrap_or_default()))
                .unwrap_or_else(|| "no task".into());
            return Err(SwarmError::Timeout { namespace: stack.namespace.clone(), service: unit.name.clone(), waited: budget.as_secs(), state });
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The healthcheck's start period and every retry's interval and timeout, plus the allowance.
fn budget(unit: &ServiceUnit) -> Duration {
    let Some(h) = unit.config.healthcheck.as_ref().filter(|h| !h.disable) else { return START_ALLOWANCE };
    let d = |x: Option<crate::compose::model::Duration>, default: u64| x.map_or(Duration::from_secs(default), |d| Duration::from_nanos(d.as_nanos().max(0) as u64));
    let retries = h.retries.unwrap_or(3).min(1000) as u32 + 1;
    d(h.start_period, 0) + (d(h.interval, 30) + d(h.timeout, 30)) * retries + START_ALLOWANCE
}
