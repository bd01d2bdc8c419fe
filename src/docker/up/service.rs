//! One service's way up: its image, the plan's action, its container created at once, then
//! started the moment its own `depends_on` conditions hold, then watched until it reaches its
//! goal (healthy, completed, or running and settled).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

use bollard::models::EndpointSettings;
use bollard::query_parameters::{CreateContainerOptions, RemoveContainerOptions, StartContainerOptions, StopContainerOptions};
use bollard::models::NetworkConnectRequest;
use tokio::sync::watch;
use tokio::time::Instant;

use super::board::{gate, verdict, Board, Goal, Outcome, Verdict};
use super::containers::{inspect, last_logs, settle_from_inspect};
use super::{Ending, UpOptions};
use crate::compose::model::Project;
use crate::docker::engine::Engine;
use crate::docker::hash::config_hash;
use crate::docker::images::{ensure_image, PullTracker};
use crate::docker::lab_error::{FailReason, ServiceFailure, LOG_TAIL};
use crate::docker::labels::{Owner, CONFIG_HASH, PROJECT};
use crate::docker::objects::LabNetworks;
use crate::docker::clock::EngineClock;
use crate::docker::plan::{decide, keep, Action, Actual, Desired};
use crate::docker::spec::{container_spec, has_healthcheck, ContainerSpec};
use crate::events::{Event, EventSink, ServicePhase};

/// How long a service without a healthcheck must stay up after its start to count as
/// running: a crash on start-up is reported instead of a false success.
const SETTLE: Duration = Duration::from_millis(1000);

/// What every service's path shares.
pub(crate) struct Run<'a> {
    pub engine: &'a Engine,
    /// Turns this machine's "now" into the engine's, to compare with event times.
    pub clock: EngineClock,
    pub project: &'a Project,
    pub project_dir: &'a Path,
    pub owner: &'a Owner,
    pub opts: &'a UpOptions,
    pub sink: &'a dyn EventSink,
    pub tracker: &'a PullTracker<'a>,
    pub existing: HashMap<String, Vec<Actual>>,
    /// The lab's networks by id: containers join these, never a name that may be ambiguous.
    pub networks: &'a LabNetworks,
    /// Services others wait on beyond `service_started`, with the condition.
    pub awaited: BTreeMap<String, String>,
    pub board: &'a watch::Sender<Board>,
    pub deadline: Instant,
}

/// Why a path stopped early.
enum Stop {
    Failed(FailReason, Option<String>),
    TimedOut,
}

impl From<crate::docker::error::EngineError> for Stop {
    fn from(e: crate::docker::error::EngineError) -> Self {
        match e {
            crate::docker::error::EngineError::Image(image) => Stop::Failed(FailReason::Image(image), None),
            other => Stop::Failed(FailReason::Engine { message: crate::app::Problem::text(&other) }, None),
        }
    }
}

impl From<bollard::errors::Error> for Stop {
    fn from(e: bollard::errors::Error) -> Self {
        Stop::from(crate::docker::error::EngineError::from(e))
    }
}

pub(crate) async fn bring_up(run: &Run<'_>, name: &str) -> Ending {
    match path(run, name).await {
        Ok((phase, id)) => {
            run.board.send_modify(|b| {
                b.services.insert(name.to_owned(), if phase == ServicePhase::Completed { Outcome::Completed } else { Outcome::Ready });
            });
            Ending::Up { phase, container_id: id }
        }
        Err(stop) => {
            run.board.send_modify(|b| {
                b.services.insert(name.to_owned(), Outcome::Failed);
            });
            match stop {
                Stop::TimedOut => {
                    run.sink.emit(state(name, ServicePhase::Failed, Some("timed out".into())));
                    Ending::TimedOut
                }
                Stop::Failed(reason, id) => {
                    let logs = match &id {
                        Some(id) if !matches!(reason, FailReason::DependencyFailed { .. }) => last_logs(run.engine, id, LOG_TAIL).await,
                        _ => Vec::new(),
                    };
                    let phase = if matches!(reason, FailReason::Unhealthy { .. }) { ServicePhase::Unhealthy } else { ServicePhase::Failed };
                    run.sink.emit(state(name, phase, Some(reason.to_string())));
                    Ending::Failed(ServiceFailure { service: name.to_owned(), reason, logs })
                }
            }
        }
    }
}

fn state(service: &str, phase: ServicePhase, detail: Option<String>) -> Event {
    Event::ServiceState { service: service.to_owned(), state: phase, detail }
}

async fn path(run: &Run<'_>, name: &str) -> Result<(ServicePhase, String), Stop> {
    let Some(svc) = run.project.services.get(name) else { return Err(Stop::TimedOut) };
    let image_id = ensure_image(run.engine, name, svc, run.project_dir, run.opts.build, run.tracker).await?;
    let mut spec = container_spec(run.project, name, svc, run.owner, "", &run.opts.spec);
    let hash = config_hash(&spec);
    if let Some(labels) = spec.body.labels.as_mut() {
        labels.insert(CONFIG_HASH.into(), hash.clone());
    }
    let networks = pin_networks(&mut spec, run.networks);
    let awaited_as = run.awaited.get(name).map(String::as_str);
    let desired = Desired { hash, image_id, one_shot: awaited_as == Some("service_completed_successfully"), networks };
    let goal = if desired.one_shot {
        Goal::Completed
    } else if has_healthcheck(svc) {
        Goal::Healthy
    } else {
        Goal::Running
    };
    let actual = run.existing.get(name).map_or(&[][..], Vec::as_slice);
    let action = if run.opts.keep_containers { keep(&desired, actual) } else { decide(&desired, actual) };
    let (id, fresh) = match action {
        Action::Leave { id } => {
            run.sink.emit(state(name, ServicePhase::Unchanged, None));
            run.board.send_modify(|b| {
                b.services.insert(name.to_owned(), Outcome::Started);
            });
            settle_from_inspect(run.engine, run.clock, run.board, &id).await?;
            (id, false)
        }
        Action::Start { id } => {
            wait_dependencies(run, name).await?;
            start(run, name, &id).await?;
            (id, true)
        }
        Action::Create | Action::Recreate { .. } => {
            if let Action::Recreate { remove } = &action {
                for old in remove {
                    remove_container(run, name, old).await?;
                }
            }
            let id = create(run, name, &spec).await?;
            wait_dependencies(run, name).await?;
            start(run, name, &id).await?;
            (id, true)
        }
    };
    let must_wait = !run.opts.no_wait || awaited_as.is_some();
    if !must_wait {
        return Ok((ServicePhase::Running, id));
    }
    await_goal(run, name, &id, goal, fresh).await.map(|phase| (phase, id))
}

async fn remove_container(run: &Run<'_>, name: &str, id: &str) -> Result<(), Stop> {
    run.sink.emit(state(name, ServicePhase::Stopping, Some("configuration changed; recreating".into())));
    let grace = run.project.services.get(name).and_then(|s| s.stop_grace_period).map(|d| d.to_std().as_secs());
    let t = grace.and_then(|g| i32::try_from(g).ok());
    match run.engine.docker.stop_container(id, Some(StopContainerOptions { t, signal: None })).await {
        Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 304 | 404, .. }) => {}
        Err(e) => return Err(e.into()),
    }
    match run.engine.docker.remove_container(id, Some(RemoveContainerOptions { force: true, v: false, link: false })).await {
        Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Sets the id of the network each endpoint joins (the hash, taken before, holds names only);
/// returns those ids.
fn pin_networks(spec: &mut ContainerSpec, networks: &LabNetworks) -> Vec<String> {
    let mut ids = Vec::new();
    let primary = spec.body.networking_config.as_mut().and_then(|n| n.endpoints_config.as_mut());
    let endpoints = primary.into_iter().flat_map(|e| e.iter_mut()).chain(spec.extra_networks.iter_mut().map(|(n, e)| (&*n, e)));
    for (network, endpoint) in endpoints {
        if let Some(id) = networks.id(network) {
            endpoint.network_id = Some(id.to_owned());
            ids.push(id.to_owned());
        }
    }
    ids
}

async fn create(run: &Run<'_>, name: &str, spec: &ContainerSpec) -> Result<String, Stop> {
    run.sink.emit(state(name, ServicePhase::Creating, None));
    let options = CreateContainerOptions { name: Some(spec.name.clone()), platform: String::new() };
    let created = match run.engine.docker.create_container(Some(options.clone()), spec.body.clone()).await {
        Err(bollard::errors::Error::DockerResponseServerError { status_code: 409, .. }) if remove_lab_namesake(run, &spec.name).await? => {
            run.engine.docker.create_container(Some(options), spec.body.clone()).await?
        }
        created => created?,
    };
    for (network, endpoint) in &spec.extra_networks {
        let id = endpoint.network_id.clone().unwrap_or_else(|| network.clone());
        connect(run, &created.id, &id, endpoint.clone()).await?;
    }
    Ok(created.id)
}

/// The container name is taken. By a container of this lab the plan did not count (one the
/// engine was still removing, one left by a run killed mid-way): it goes, and `true` says to
/// create again. By anyone else's: `false`, and the engine's refusal stands.
async fn remove_lab_namesake(run: &Run<'_>, container: &str) -> Result<bool, Stop> {
    let found = match run.engine.docker.inspect_container(container, None).await {
        Ok(found) => found,
        Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => return Ok(true),
        Err(e) => return Err(e.into()),
    };
    let labels = found.config.and_then(|c| c.labels).unwrap_or_default();
    if labels.get(PROJECT) != Some(&run.owner.project) {
        return Ok(false);
    }
    match run.engine.docker.remove_container(container, Some(RemoveContainerOptions { force: true, v: false, link: false })).await {
        Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(true),
        Err(e) => Err(e.into()),
    }
}

async fn connect(run: &Run<'_>, id: &str, network: &str, endpoint: EndpointSettings) -> Result<(), Stop> {
    let request = NetworkConnectRequest { container: id.to_owned(), endpoint_config: Some(endpoint) };
    run.engine.docker.connect_network(network, request).await?;
    Ok(())
}

async fn start(run: &Run<'_>, name: &str, id: &str) -> Result<(), Stop> {
    run.sink.emit(state(name, ServicePhase::Starting, None));
    if let Err(e) = run.engine.docker.start_container(id, None::<StartContainerOptions>).await {
        return Err(Stop::Failed(FailReason::Engine { message: crate::app::Problem::text(&crate::docker::error::EngineError::from(e)) }, Some(id.to_owned())));
    }
    run.board.send_modify(|b| {
        b.services.insert(name.to_owned(), Outcome::Started);
    });
    settle_from_inspect(run.engine, run.clock, run.board, id).await?;
    Ok(())
}

/// Waits until every `depends_on` condition of the service holds.
async fn wait_dependencies(run: &Run<'_>, name: &str) -> Result<(), Stop> {
    let Some(svc) = run.project.services.get(name) else { return Ok(()) };
    let deps: Vec<(&String, &str)> = svc
        .depends_on
        .iter()
        .filter(|(dep, _)| run.project.services.contains_key(*dep))
        .map(|(dep, d)| (dep, if d.condition.is_empty() { "service_started" } else { d.condition.as_str() }))
        .collect();
    if deps.is_empty() {
        return Ok(());
    }
    let check = |b: &Board| -> Option<Result<(), String>> {
        let mut open = true;
        for (dep, cond) in &deps {
            match gate(cond, b.services.get(*dep).copied()) {
                None => return Some(Err((*dep).clone())),
                Some(false) => open = false,
                Some(true) => {}
            }
        }
        open.then_some(Ok(()))
    };
    if check(&run.board.borrow()).is_none() {
        run.sink.emit(state(name, ServicePhase::Waiting, Some(deps.iter().map(|(d, _)| d.as_str()).collect::<Vec<_>>().join(", "))));
    }
    let mut rx = run.board.subscribe();
    let waited = tokio::time::timeout_at(run.deadline, rx.wait_for(|b| check(b).is_some() || b.stream_lost.is_some())).await;
    let Ok(Ok(board)) = waited else { return Err(Stop::TimedOut) };
    match check(&board) {
        Some(Ok(())) => Ok(()),
        Some(Err(dependency)) => Err(Stop::Failed(FailReason::DependencyFailed { dependency }, None)),
        None => Err(Stop::TimedOut),
    }
}

/// Waits for the container to reach its goal, through the board the event stream feeds.
async fn await_goal(run: &Run<'_>, name: &str, id: &str, goal: Goal, fresh: bool) -> Result<ServicePhase, Stop> {
    let mut rx = run.board.subscribe();
    let judge = |b: &Board| b.containers.get(id).map_or(Verdict::Pending, |o| verdict(o, goal));
    let done = |b: &Board| judge(b) != Verdict::Pending || b.stream_lost.is_some();
    let seen = match tokio::time::timeout_at(run.deadline, rx.wait_for(done)).await {
        Ok(Ok(board)) => judge(&board),
        _ => return Err(Stop::TimedOut),
    };
    match seen {
        Verdict::Reached(ServicePhase::Running) if fresh => {
            // A plain service counts as running once it stayed up for a moment.
            let settle = (Instant::now() + SETTLE).min(run.deadline);
            let died = tokio::time::timeout_at(settle, rx.wait_for(|b| matches!(judge(b), Verdict::Exited(_)))).await;
            match died.ok().and_then(Result::ok).map(|b| judge(&b)) {
                Some(Verdict::Exited(code)) => Err(Stop::Failed(FailReason::Exited { code }, Some(id.to_owned()))),
                _ => reached(run, name, ServicePhase::Running),
            }
        }
        Verdict::Reached(phase) => reached(run, name, phase),
        Verdict::Exited(code) => Err(Stop::Failed(FailReason::Exited { code }, Some(id.to_owned()))),
        Verdict::Unhealthy => {
            let (_, probe_output) = inspect(run.engine, id).await?;
            Err(Stop::Failed(FailReason::Unhealthy { probe_output }, Some(id.to_owned())))
        }
        Verdict::Pending => Err(Stop::Failed(
            FailReason::Engine { message: run.board.borrow().stream_lost.clone().unwrap_or_default() },
            Some(id.to_owned()),
        )),
    }
}

fn reached(run: &Run<'_>, name: &str, phase: ServicePhase) -> Result<ServicePhase, Stop> {
    run.sink.emit(state(name, phase, None));
    Ok(phase)
}
