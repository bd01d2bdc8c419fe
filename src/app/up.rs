//! Starting a lab: the readiness gate (a machine that cannot take the lab is refused with the
//! remedy, unless the caller forces it), the engine's `up` with its events, and the session
//! recorded in the student's progress. What the lab ended as comes back as an [`UpSummary`].

use std::time::Duration;

use serde::Serialize;

use crate::docker::images::{BuildMode, ImageError};
use crate::docker::spec::SpecOptions;
use crate::docker::up::{self, UpOptions, UpReport};
use crate::docker::{Engine, EngineError};
use crate::host::{readiness, LabTarget, Reason, Severity};
use crate::lab::Text;
use crate::progress::Action;

use super::context::Context;
use super::engine::connect;
use super::lifecycle_error::LifecycleError;
use super::observer::Observer;
use super::opened::OpenedLab;
use super::session::Session;
use super::views::{links, LinkView, ServiceView};

/// How to start a lab.
#[derive(Clone, Debug)]
pub struct UpRequest {
    /// Who starts it, as whoever waits for the lab's lock reads it (`nivel up`).
    pub operation: String,
    /// Added to every published host port.
    pub port_offset: u16,
    /// Publish ports on every network interface, not only 127.0.0.1.
    pub expose_lan: bool,
    /// Start although the readiness check advises against it.
    pub force: bool,
    /// Return once every container is started, without waiting for health.
    pub no_wait: bool,
    /// How long to wait for the whole lab.
    pub timeout: Duration,
    /// Record the start as a session of the student's progress.
    pub record: bool,
    /// When a `build:` service's image already on the engine is built again: by default when
    /// the student changed its code since.
    pub build: BuildMode,
}

impl UpRequest {
    /// The defaults a window uses: wait up to five minutes for health, record the session.
    pub fn new(operation: impl Into<String>) -> UpRequest {
        UpRequest { operation: operation.into(), port_offset: 0, expose_lan: false, force: false, no_wait: false, timeout: Duration::from_secs(300), record: true, build: BuildMode::WhenChanged }
    }

    fn spec(&self) -> SpecOptions {
        SpecOptions { port_offset: self.port_offset, expose_lan: self.expose_lan }
    }
}

/// The lab after a start: each service, its links, and the warnings met on the way.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct UpSummary {
    pub services: Vec<ServiceView>,
    pub links: Vec<LinkView>,
    pub warnings: Vec<Reason>,
}

impl UpSummary {
    pub(crate) fn of(lab: &OpenedLab, report: &UpReport, warnings: Vec<Reason>) -> UpSummary {
        let services: Vec<ServiceView> = report.services.iter().map(ServiceView::of_report).collect();
        let links = lab.spec.as_ref().map(|s| links(&s.links, &services, &lab.credentials)).unwrap_or_default();
        UpSummary { services, links, warnings }
    }
}

/// Opens lab `name` and starts it.
pub async fn lab_up(ctx: &Context, name: &str, request: &UpRequest, observer: &Observer<'_>) -> Result<UpSummary, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    up(ctx, &lab, request, observer).await
}

/// Starts `lab` under its lock, recording the session when asked.
pub async fn up(ctx: &Context, lab: &OpenedLab, request: &UpRequest, observer: &Observer<'_>) -> Result<UpSummary, LifecycleError> {
    let (_lock, lock_warnings) = super::lock::hold(ctx, lab, &request.operation, observer).await?;
    up_held(ctx, lab, request, observer, lock_warnings).await
}

/// Starts `lab`, whose lock the caller holds; the result carries `warnings` too.
pub(crate) async fn up_held(ctx: &Context, lab: &OpenedLab, request: &UpRequest, observer: &Observer<'_>, warnings: Vec<Reason>) -> Result<UpSummary, LifecycleError> {
    recorded(ctx, lab, Action::Up, request.record, observer, warnings, async |warnings: &mut Vec<Reason>| {
        let engine = connect(ctx).await?;
        // A malformed image map is refused before anything starts, not at the first pull.
        if let Err(e) = &engine.registries.mirrors {
            return Err(EngineError::from(ImageError::BadMirrors { entry: e.entry.clone() }).into());
        }
        gate(ctx, &engine, lab, request, observer, warnings).await?;
        start(&engine, lab, request, observer).await
    })
    .await
}

/// Runs `operation` as an `action` session of `lab` when `record` is set: recorded before it
/// starts, finished with its outcome. The result carries `warnings`, those the operation adds
/// and those of the recording.
pub(crate) async fn recorded<T: Warned>(
    ctx: &Context,
    lab: &OpenedLab,
    action: Action,
    record: bool,
    observer: &Observer<'_>,
    mut warnings: Vec<Reason>,
    operation: impl AsyncFnOnce(&mut Vec<Reason>) -> Result<T, LifecycleError>,
) -> Result<T, LifecycleError> {
    let session = if record {
        Session::start(ctx, &lab.id, action, &mut |r| {
            (observer.warning)(&r);
            warnings.push(r);
        })
    } else {
        None
    };
    let result = operation(&mut warnings).await;
    if let Some(s) = session {
        s.finish(ctx, result.is_ok(), &mut |r| {
            (observer.warning)(&r);
            warnings.push(r);
        });
    }
    result.map(|mut value| {
        value.set_warnings(warnings);
        value
    })
}

/// A result that carries the warnings met on the way.
pub(crate) trait Warned {
    fn set_warnings(&mut self, warnings: Vec<Reason>);
}

impl Warned for UpSummary {
    fn set_warnings(&mut self, warnings: Vec<Reason>) {
        self.warnings = warnings;
    }
}

/// Refuses a lab this machine cannot take (unless forced); the readiness warnings (and, when
/// forced, the blockers) are told and kept.
async fn gate(ctx: &Context, engine: &Engine, lab: &OpenedLab, request: &UpRequest, observer: &Observer<'_>, warnings: &mut Vec<Reason>) -> Result<(), LifecycleError> {
    let requirements = lab.spec.as_ref().map(|s| s.requirements.clone()).unwrap_or_default();
    let target = LabTarget { lab: &lab.id, project: &lab.loaded.project, spec: request.spec() };
    let ready = readiness(Ok(engine), &target, &requirements, ctx.now()).await;
    if !ready.verdict.is_ready() && !request.force {
        let blockers = ready.verdict.reasons.iter().filter(|r| r.severity == Severity::Blocker);
        let ports_only = blockers.clone().all(|r| r.code == "port.busy");
        let offset = ready.lab.busy_ports().filter_map(|(p, b)| b.suggestion.map(|s| s.saturating_sub(p.port))).max();
        let offset = offset.filter(|_| ports_only).map(|o| o.saturating_add(request.port_offset));
        return Err(LifecycleError::NotReady { lab: lab.id.clone(), verdict: ready.verdict, offset });
    }
    let told = ready.verdict.reasons.iter().filter(|r| r.severity == Severity::Warning || !ready.verdict.is_ready());
    for reason in told {
        (observer.warning)(reason);
        warnings.push(reason.clone());
    }
    Ok(())
}

async fn start(engine: &Engine, lab: &OpenedLab, request: &UpRequest, observer: &Observer<'_>) -> Result<UpSummary, LifecycleError> {
    let opts = UpOptions { spec: request.spec(), no_wait: request.no_wait, timeout: request.timeout, keep_containers: false, build: request.build };
    let loaded = &lab.loaded;
    crate::docker::forward::try_again(engine, lab.project());
    let report = up::up(engine, &loaded.project, &loaded.project_dir, &lab.owner(), &opts, observer.events).await?;
    Ok(UpSummary::of(lab, &report, unreached(&report.notes, observer)))
}

/// The engine's notes on ports this machine cannot reach, as warnings, each told to `observer`.
pub(crate) fn unreached(notes: &[Text], observer: &Observer<'_>) -> Vec<Reason> {
    let unreached = notes.iter().map(|note| ports_unreached(note.clone())).collect::<Vec<_>>();
    unreached.iter().for_each(|r| (observer.warning)(r));
    unreached
}

/// A note of the engine's on ports this machine cannot reach as the lab publishes them (a
/// remote engine's), as the operation's warning.
pub fn ports_unreached(message: Text) -> Reason {
    Reason { code: "engine.ports_unreached", severity: Severity::Warning, message, remedy: None }
}
