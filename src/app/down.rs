//! Stopping a lab: its containers and networks removed (and its named volumes when asked),
//! only objects carrying its labels, under its lock, recorded as a session.

use std::time::Duration;

use serde::Serialize;

use crate::docker::down::{self, DownOptions};
use crate::host::Reason;
use crate::progress::Action;

use super::context::Context;
use super::engine::connect;
use super::lifecycle_error::LifecycleError;
use super::observer::Observer;
use super::opened::OpenedLab;
use super::up::{recorded, Warned};

/// How to stop a lab.
#[derive(Clone, Debug)]
pub struct DownRequest {
    /// Who stops it, as whoever waits for the lab's lock reads it.
    pub operation: String,
    /// Also remove the lab's named volumes (its data).
    pub volumes: bool,
    /// How long each container may take to stop before it is killed; default: each
    /// service's own grace period, else the engine's 10 s.
    pub stop_timeout: Option<Duration>,
    /// Record the stop as a session of the student's progress.
    pub record: bool,
}

impl DownRequest {
    pub fn new(operation: impl Into<String>) -> DownRequest {
        DownRequest { operation: operation.into(), volumes: false, stop_timeout: None, record: true }
    }
}

/// What stopping the lab removed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct DownSummary {
    pub containers: Vec<String>,
    pub networks: Vec<String>,
    /// The lab's networks left because a container that is not the lab's uses them.
    pub networks_in_use: Vec<String>,
    pub volumes: Vec<String>,
    pub warnings: Vec<Reason>,
}

impl Warned for DownSummary {
    fn set_warnings(&mut self, warnings: Vec<Reason>) {
        self.warnings = warnings;
    }
}

/// Opens lab `name` and stops it.
pub async fn lab_down(ctx: &Context, name: &str, request: &DownRequest, observer: &Observer<'_>) -> Result<DownSummary, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    down(ctx, &lab, request, observer).await
}

/// Stops `lab` under its lock.
pub async fn down(ctx: &Context, lab: &OpenedLab, request: &DownRequest, observer: &Observer<'_>) -> Result<DownSummary, LifecycleError> {
    let (_lock, lock_warnings) = super::lock::hold(ctx, lab, &request.operation, observer).await?;
    recorded(ctx, lab, Action::Down, request.record, observer, lock_warnings, async |_: &mut Vec<Reason>| {
        let engine = connect(ctx).await?;
        let opts = DownOptions { volumes: request.volumes, timeout: request.stop_timeout };
        let report = down::down(&engine, Some(&lab.loaded.project), &lab.owner(), &opts, observer.events).await?;
        crate::docker::forward::stop(&engine, lab.project());
        Ok(DownSummary { containers: report.containers, networks: report.networks, networks_in_use: report.networks_in_use, volumes: report.volumes, warnings: Vec::new() })
    })
    .await
}
