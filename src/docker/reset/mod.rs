//! `reset`: give a lab (or one service) a clean start. The plan comes first, so the caller can
//! show exactly what goes and ask; executing it removes those containers and volumes and
//! nothing else (only the lab's labelled objects and the anonymous volumes of its containers,
//! never an external volume). Starting the lab again is the caller's `up`.

mod plan;
mod usage;

use std::fmt;
use std::time::Duration;

use bollard::query_parameters::{ListContainersOptions, ListVolumesOptions, RemoveContainerOptions, RemoveVolumeOptions, StopContainerOptions};

use crate::app::{Problem, Remedy};
use crate::compose::model::Project;
use crate::lab::Text;
use crate::events::{Event, EventSink, ServicePhase};

use super::down::{self, DownOptions};
use super::engine::Engine;
use super::error::EngineError;
use super::labels::{self, Owner};

pub use plan::{plan, ContainerToDelete, KeepReason, KeptVolume, LabContainer, ResetPlan, UnknownService, VolumeToDelete};

/// Why a reset could not be planned or carried out.
#[derive(Debug)]
#[non_exhaustive]
pub enum ResetError {
    /// `--service` named a service the lab does not have.
    UnknownService(UnknownService),
    Engine(EngineError),
}

impl ResetError {
    /// Exit code of the CLI: 2 for a mistyped service, 1 for the engine.
    pub fn exit_code(&self) -> u8 {
        match self {
            ResetError::UnknownService(_) => 2,
            ResetError::Engine(_) => 1,
        }
    }
}

impl fmt::Display for ResetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResetError::UnknownService(e) => write!(f, "{e}"),
            ResetError::Engine(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ResetError {}

impl Problem for ResetError {
    fn code(&self) -> &'static str {
        match self {
            ResetError::UnknownService(_) => "lab.unknown_service",
            ResetError::Engine(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            ResetError::UnknownService(e) => e.text(),
            ResetError::Engine(e) => e.text(),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            ResetError::UnknownService(_) => None,
            ResetError::Engine(e) => e.remedy(),
        }
    }

    fn is_input(&self) -> bool {
        matches!(self, ResetError::UnknownService(_))
    }
}

impl From<EngineError> for ResetError {
    fn from(e: EngineError) -> Self {
        ResetError::Engine(e)
    }
}

impl From<bollard::errors::Error> for ResetError {
    fn from(e: bollard::errors::Error) -> Self {
        ResetError::Engine(e.into())
    }
}

/// How to carry out a reset.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResetOptions {
    /// Seconds to wait after the stop signal before killing; default: each service's
    /// `stop_grace_period`, else the engine's 10 s.
    pub stop_timeout: Option<Duration>,
}

/// What a reset removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResetReport {
    pub containers: Vec<String>,
    pub volumes: Vec<String>,
}

/// Plans resetting `service` (or, with `None`, the whole lab) from what is on the engine now.
pub async fn plan_reset(engine: &Engine, project: &Project, owner: &Owner, service: Option<&str>) -> Result<ResetPlan, ResetError> {
    let list = ListContainersOptions { all: true, filters: Some(owner.filter()), ..Default::default() };
    let containers: Vec<LabContainer> = engine
        .docker
        .list_containers(Some(list))
        .await?
        .into_iter()
        .filter_map(|c| {
            let service = c.labels.as_ref()?.get(labels::SERVICE)?.clone();
            Some(LabContainer {
                id: c.id?,
                name: c.names.unwrap_or_default().first().map(|n| n.trim_start_matches('/').to_owned()).unwrap_or_default(),
                service,
                volume_mounts: c
                    .mounts
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|m| m.typ.as_deref() == Some("volume"))
                    .filter_map(|m| m.name)
                    .collect(),
            })
        })
        .collect();
    let volumes = ListVolumesOptions { filters: Some(owner.filter()) };
    let labelled: Vec<String> = engine.docker.list_volumes(Some(volumes)).await?.volumes.unwrap_or_default().into_iter().map(|v| v.name).collect();
    // A typo in `--service` is reported before the engine is asked for sizes.
    plan(project, service, &containers, &labelled, &Default::default()).map_err(ResetError::UnknownService)?;
    let sizes = usage::volume_sizes(engine).await;
    plan(project, service, &containers, &labelled, &sizes).map_err(ResetError::UnknownService)
}

/// Removes what `plan` lists: for the whole lab, a `down` (containers in dependency order and
/// the lab's networks); for one service, its containers only. Then the plan's volumes.
pub async fn execute(
    engine: &Engine,
    project: &Project,
    owner: &Owner,
    plan: &ResetPlan,
    opts: &ResetOptions,
    sink: &dyn EventSink,
) -> Result<ResetReport, EngineError> {
    let mut report = ResetReport::default();
    if plan.service.is_none() {
        let down = down::down(engine, Some(project), owner, &DownOptions { volumes: false, timeout: opts.stop_timeout }, sink).await?;
        report.containers = down.containers;
    } else {
        let removals = plan.containers.iter().map(|c| async move {
            sink.emit(Event::ServiceState { service: c.service.clone(), state: ServicePhase::Stopping, detail: None });
            stop_and_remove(engine, &c.id, opts.stop_timeout).await?;
            sink.emit(Event::ServiceState { service: c.service.clone(), state: ServicePhase::Removed, detail: None });
            Ok::<_, EngineError>(c.id.clone())
        });
        for removed in futures_util::future::join_all(removals).await {
            report.containers.push(removed?);
        }
    }
    for v in &plan.volumes {
        match engine.docker.remove_volume(&v.name, Some(RemoveVolumeOptions { force: false })).await {
            Ok(()) => report.volumes.push(v.name.clone()),
            Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(report)
}

async fn stop_and_remove(engine: &Engine, id: &str, timeout: Option<Duration>) -> Result<(), EngineError> {
    let t = timeout.and_then(|t| i32::try_from(t.as_secs()).ok());
    match engine.docker.stop_container(id, Some(StopContainerOptions { t, signal: None })).await {
        Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 304 | 404, .. }) => {}
        Err(e) => return Err(e.into()),
    }
    match engine.docker.remove_container(id, Some(RemoveContainerOptions { force: true, v: false, link: false })).await {
        Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
