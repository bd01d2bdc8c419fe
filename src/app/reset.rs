//! Resetting a lab (or one service) to a clean start: the plan first, listing exactly what
//! goes, then — once the front end has confirmed it — those containers and volumes deleted
//! and the lab started again, all under one hold of its lock so what was listed is what is
//! deleted.

use serde::Serialize;

use crate::docker::reset::{self, ResetOptions};
use crate::docker::Engine;
use crate::host::Reason;
use crate::progress::Action;

use super::context::Context;
use super::engine::connect;
use super::lifecycle_error::LifecycleError;
use super::observer::Observer;
use super::opened::OpenedLab;
use super::session::Session;
use super::up::{recorded, UpRequest, UpSummary};

/// The engine's side of a plan ([`ResetPlan::detail`]): each container and volume, and the
/// volumes kept with why.
pub use crate::docker::reset::{ContainerToDelete, KeepReason, KeptVolume, ResetError, ResetPlan as PlanDetail, VolumeToDelete};

/// Everything a reset deletes, as a front end lists it before asking.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct ResetPlan {
    pub lab: String,
    /// `null`: the whole lab; else the one service being reset.
    pub service: Option<String>,
    /// Container names.
    pub containers: Vec<String>,
    pub volumes: Vec<VolumeView>,
    /// Networks a reset removes: none, the lab keeps its networks across a reset.
    pub networks: Vec<String>,
    /// The engine's whole plan, with the volumes kept and why (the CLI prints it).
    #[serde(skip)]
    #[cfg_attr(feature = "bindings", ts(skip))]
    pub detail: reset::ResetPlan,
}

/// A volume a reset deletes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct VolumeView {
    pub name: String,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub size_bytes: Option<u64>,
}

impl ResetPlan {
    fn of(lab: &OpenedLab, detail: reset::ResetPlan) -> ResetPlan {
        ResetPlan {
            lab: lab.id.clone(),
            service: detail.service.clone(),
            containers: detail.containers.iter().map(|c| c.name.clone()).collect(),
            volumes: detail.volumes.iter().map(|v| VolumeView { name: v.name.clone(), size_bytes: v.size_bytes }).collect(),
            networks: Vec::new(),
            detail,
        }
    }

    /// Nothing to delete: the reset is just a start.
    pub fn is_empty(&self) -> bool {
        self.detail.is_empty()
    }
}

/// What a reset did: what it deleted (absent when the front end declined), then the start.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ResetOutcome {
    /// The front end did not confirm the plan: nothing was touched.
    Declined,
    /// The plan's volumes that were removed, and the lab as it started again.
    Done { volumes: Vec<String>, up: UpSummary },
}

/// What resetting `service` (or the whole lab) of lab `name` would delete now.
pub async fn reset_plan(ctx: &Context, name: &str, service: Option<&str>) -> Result<ResetPlan, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    let engine = connect(ctx).await?;
    plan(&engine, &lab, service).await
}

async fn plan(engine: &Engine, lab: &OpenedLab, service: Option<&str>) -> Result<ResetPlan, LifecycleError> {
    let detail = reset::plan_reset(engine, &lab.loaded.project, &lab.owner(), service).await?;
    Ok(ResetPlan::of(lab, detail))
}

/// Resets `lab`: plans under its lock, hands the plan to `confirm` (the CLI asks the student,
/// the app has asked already), and when it says yes (or there is nothing to delete) deletes
/// exactly that and starts the lab with `request`. Recorded as a reset session.
pub async fn reset(
    ctx: &Context,
    lab: &OpenedLab,
    service: Option<&str>,
    request: &UpRequest,
    observer: &Observer<'_>,
    confirm: impl AsyncFnOnce(&ResetPlan) -> bool,
) -> Result<ResetOutcome, LifecycleError> {
    let (_lock, lock_warnings) = super::lock::hold(ctx, lab, &request.operation, observer).await?;
    let engine = connect(ctx).await?;
    let plan = plan(&engine, lab, service).await?;
    // Asked even when nothing would be deleted, so the front end can say so.
    let asking = Asking { ctx, lab: &lab.id, record: request.record };
    let confirmed = confirm(&plan).await;
    std::mem::forget(asking);
    if !plan.is_empty() && !confirmed {
        return Ok(ResetOutcome::Declined);
    }
    let up_request = UpRequest { record: false, ..request.clone() };
    let outcome = recorded(ctx, lab, Action::Reset, request.record, observer, lock_warnings, async |warnings: &mut Vec<Reason>| {
        let mut volumes = Vec::new();
        if !plan.is_empty() {
            let report = reset::execute(&engine, &lab.loaded.project, &lab.owner(), &plan.detail, &ResetOptions::default(), observer.events).await?;
            volumes = report.volumes;
        }
        let up = super::up::up_held(ctx, lab, &up_request, observer, Vec::new()).await?;
        warnings.extend(up.warnings.iter().cloned());
        Ok(ResetOutcome::Done { volumes, up })
    })
    .await?;
    Ok(outcome)
}

/// A reset waiting for its answer. Dropped there (Ctrl-C at the question), it is recorded as
/// a cancelled reset, as it would be a moment later; answered, it is forgotten, so a "no"
/// leaves no session.
struct Asking<'a> {
    ctx: &'a Context,
    lab: &'a str,
    record: bool,
}

impl Drop for Asking<'_> {
    fn drop(&mut self) {
        if self.record {
            // Nobody is left to warn: the reset was given up. The session, dropped unfinished,
            // is recorded as cancelled.
            drop(Session::start(self.ctx, self.lab, Action::Reset, &mut |_| {}));
        }
    }
}

impl super::up::Warned for ResetOutcome {
    fn set_warnings(&mut self, warnings: Vec<Reason>) {
        if let ResetOutcome::Done { up, .. } = self {
            up.warnings = warnings;
        }
    }
}

/// Resets lab `name` (or one `service`) without asking: the window listed the plan and the
/// student confirmed it before calling.
pub async fn lab_reset(ctx: &Context, name: &str, service: Option<&str>, request: &UpRequest, observer: &Observer<'_>) -> Result<UpSummary, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    match reset(ctx, &lab, service, request, observer, async |_| true).await? {
        ResetOutcome::Done { up, .. } => Ok(up),
        ResetOutcome::Declined => Ok(UpSummary { services: Vec::new(), links: Vec::new(), warnings: Vec::new() }),
    }
}
