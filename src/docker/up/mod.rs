//! `up`: bring a lab to its desired state as fast as its dependency graph allows. Every
//! service runs its own path concurrently (image → create → wait for its own dependencies →
//! start → wait for its goal); there is no barrier between pulling, creating and starting.
//! Container states come from one event stream, opened before anything starts.

mod board;
mod containers;
mod service;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, SystemTime};

use tokio::sync::watch;

use crate::compose::model::Project;
use crate::events::{EventSink, ServicePhase};

use super::clock::EngineClock;
use super::engine::Engine;
use super::images::{BuildMode, PullTracker};
use super::lab_error::{FailReason, LabError, ServiceFailure};
use super::labels::Owner;
use super::objects::{ensure_objects, remove_leftovers};
use super::ports::busy_ports;
use super::spec::{host_ports, published_ports, Published, SpecOptions};

pub(crate) use containers::lab_containers;

/// How to bring a lab up.
#[derive(Clone, Copy, Debug)]
pub struct UpOptions {
    pub spec: SpecOptions,
    /// Return once every container is started, without waiting for health.
    pub no_wait: bool,
    /// How long to wait for the whole lab.
    pub timeout: Duration,
    /// Start existing containers as they are instead of recreating changed ones (`restart`).
    pub keep_containers: bool,
    /// When a `build:` service's image already there is built again.
    pub build: BuildMode,
}

impl Default for UpOptions {
    fn default() -> Self {
        UpOptions { spec: SpecOptions::default(), no_wait: false, timeout: Duration::from_secs(300), keep_containers: false, build: BuildMode::WhenChanged }
    }
}

/// The lab after `up`: each service's state and published ports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpReport {
    pub services: Vec<ServiceReport>,
    /// What keeps some of the lab's ports from this machine (see [`super::status::LabStatus::notes`]).
    pub notes: Vec<crate::lab::Text>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceReport {
    pub service: String,
    pub state: ServicePhase,
    pub container_id: String,
    pub ports: Vec<Published>,
}

/// How a service's path ended.
pub(crate) enum Ending {
    Up { phase: ServicePhase, container_id: String },
    Failed(ServiceFailure),
    TimedOut,
}

/// Brings the project up for `owner`. Fails before creating anything when a published port
/// is busy; on a service failure, leaves the others running and names what went wrong.
pub async fn up(
    engine: &Engine,
    project: &Project,
    project_dir: &Path,
    owner: &Owner,
    opts: &UpOptions,
    sink: &dyn EventSink,
) -> Result<UpReport, LabError> {
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let (found, clock) = tokio::join!(lab_containers(engine, owner), EngineClock::read(engine));
    let found = found?;
    // Ports the lab's own running containers hold are not in anyone else's way.
    let held: HashSet<&str> = found.iter().filter(|f| f.running).map(|f| f.service.as_str()).collect();
    let mut wanted_project = project.clone();
    wanted_project.services.retain(|name, _| !held.contains(name.as_str()));
    let busy = busy_ports(&host_ports(&wanted_project, &opts.spec));
    if !busy.is_empty() {
        return Err(LabError::PortsBusy(busy));
    }
    let mut attached: HashMap<String, usize> = HashMap::new();
    for id in found.iter().flat_map(|f| &f.actual.networks) {
        *attached.entry(id.clone()).or_default() += 1;
    }
    let networks = ensure_objects(engine, project, owner, &attached, sink).await?;

    let mut existing: HashMap<String, Vec<_>> = HashMap::new();
    for f in found {
        existing.entry(f.service).or_default().push(f.actual);
    }
    let awaited = awaited_services(project);
    let board = watch::Sender::new(board::Board::default());
    // The stream replays from a second before now, so no event is lost while it connects.
    let since = clock.engine_secs(SystemTime::now()).saturating_sub(1);
    let tracker = PullTracker::for_project(&project.name, sink);
    let run = service::Run { engine, clock, project, project_dir, owner, opts, sink, tracker: &tracker, existing, networks: &networks, awaited, board: &board, deadline };
    let services = futures_util::future::join_all(project.services.keys().map(|name| service::bring_up(&run, name)));
    let endings = tokio::select! {
        endings = services => endings,
        () = containers::follow_events(engine, owner, since, &board) => {
            let why = board.borrow().stream_lost.clone().unwrap_or_default();
            return Err(LabError::Engine(super::error::EngineError::Transport { message: why }));
        }
    };
    // Services that failed because the engine went away (stopped, crashed) failed for that
    // reason alone: say so, not that each service failed.
    if !endings.iter().all(|e| matches!(e, Ending::Up { .. })) {
        if let Some(why) = board.borrow().stream_lost.clone() {
            return Err(LabError::Engine(super::error::EngineError::Transport { message: why }));
        }
        engine.docker.ping().await.map_err(|e| LabError::Engine(e.into()))?;
    }
    remove_leftovers(engine, &networks).await;
    let mut report = report(project, opts, endings)?;
    engine_picked_ports(engine, &project.name, &mut report).await;
    Ok(report)
}

/// Ports published without a host port are bound wherever the engine chose: reads them back
/// so the report's URLs are real; on an ssh engine every TCP port is read back as it is
/// forwarded here. Without an answer the ports stay as asked.
async fn engine_picked_ports(engine: &Engine, project: &str, report: &mut UpReport) {
    let remote = super::forward::reaches_remote_ports(engine);
    if !remote && !report.services.iter().any(|s| s.ports.iter().any(|p| p.host_port.is_empty())) {
        return;
    }
    let Ok(labs) = super::status::labs(engine, Some(project), SystemTime::now()).await else { return };
    let Some(lab) = labs.into_iter().find(|l| l.project == project) else { return };
    report.notes = lab.notes;
    for service in &mut report.services {
        let Some(actual) = lab.services.iter().find(|s| s.id == service.container_id) else { continue };
        let asked = std::mem::take(&mut service.ports);
        for p in asked {
            let read_back = p.host_port.is_empty() || (remote && p.protocol == "tcp");
            if !read_back {
                service.ports.push(p);
                continue;
            }
            let bound = actual.ports.iter().filter(|a| u32::from(a.container_port) == p.target && a.protocol == p.protocol);
            let before = service.ports.len();
            service.ports.extend(bound.map(|a| Published { host_ip: a.host_ip.clone(), host_port: a.host_port.to_string(), target: p.target, protocol: p.protocol.clone() }));
            if service.ports.len() == before {
                service.ports.push(p);
            }
        }
    }
}

fn report(project: &Project, opts: &UpOptions, endings: Vec<Ending>) -> Result<UpReport, LabError> {
    let mut services = Vec::new();
    let mut failures = Vec::new();
    let mut waiting = Vec::new();
    for ((name, svc), ending) in project.services.iter().zip(endings) {
        match ending {
            Ending::Up { phase, container_id } => services.push(ServiceReport {
                service: name.clone(),
                state: phase,
                container_id,
                ports: published_ports(svc, &opts.spec),
            }),
            Ending::Failed(f) => failures.push(f),
            Ending::TimedOut => waiting.push(name.clone()),
        }
    }
    if failures.iter().any(|f| !matches!(f.reason, FailReason::DependencyFailed { .. })) {
        return Err(LabError::Services(failures));
    }
    if !waiting.is_empty() || !failures.is_empty() {
        waiting.extend(failures.into_iter().map(|f| f.service));
        return Err(LabError::Timeout { after: opts.timeout, waiting });
    }
    Ok(UpReport { services, notes: Vec::new() })
}

/// Services another service waits on beyond `service_started`, with the condition: their
/// goal must be awaited even with `--no-wait`.
fn awaited_services(project: &Project) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for svc in project.services.values() {
        for (dep, d) in &svc.depends_on {
            if d.condition == "service_healthy" || d.condition == "service_completed_successfully" {
                let entry = out.entry(dep.clone()).or_insert_with(|| d.condition.clone());
                if d.condition == "service_completed_successfully" {
                    *entry = d.condition.clone();
                }
            }
        }
    }
    out
}
