//! Restarting a lab or some of its services, and stopping or starting one service: the same
//! containers stopped and started again (they keep their configuration, as `docker compose
//! restart` does), waited for as a start is, under the lab's lock.

use std::collections::HashMap;
use std::time::Duration;

use crate::docker::restart::{self, RestartOptions};
use crate::docker::up::{self, lab_containers, UpOptions};
use crate::host::Reason;

use super::context::Context;
use super::engine::connect;
use super::lifecycle_error::LifecycleError;
use super::observer::Observer;
use super::opened::OpenedLab;
use super::up::{unreached, UpSummary};

/// What to restart and how to wait for it.
#[derive(Clone, Debug)]
pub struct RestartRequest {
    /// Who restarts it, as whoever waits for the lab's lock reads it.
    pub operation: String,
    /// The services to restart; every service when empty.
    pub services: Vec<String>,
    /// How long each container may take to stop before it is killed.
    pub stop_timeout: Option<Duration>,
    /// Return once every container is started, without waiting for health.
    pub no_wait: bool,
    /// How long to wait for the lab to be ready again.
    pub timeout: Duration,
}

impl RestartRequest {
    pub fn new(operation: impl Into<String>, services: Vec<String>) -> RestartRequest {
        RestartRequest { operation: operation.into(), services, stop_timeout: None, no_wait: false, timeout: Duration::from_secs(300) }
    }

    fn up(&self) -> UpOptions {
        UpOptions { no_wait: self.no_wait, timeout: self.timeout, keep_containers: true, ..UpOptions::default() }
    }
}

/// Opens lab `name` and restarts it (or the services asked).
pub async fn lab_restart(ctx: &Context, name: &str, request: &RestartRequest, observer: &Observer<'_>) -> Result<UpSummary, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    restart(ctx, &lab, request, observer).await
}

/// Restarts `lab`'s chosen services (dependents stop first), then brings the lab up again
/// keeping its containers, so it ends ready. Published ports stay where they are.
pub async fn restart(ctx: &Context, lab: &OpenedLab, request: &RestartRequest, observer: &Observer<'_>) -> Result<UpSummary, LifecycleError> {
    known_services(lab, &request.services)?;
    let (_lock, lock_warnings) = super::lock::hold(ctx, lab, &request.operation, observer).await?;
    let engine = connect(ctx).await?;
    let opts = RestartOptions { services: request.services.clone(), stop_timeout: request.stop_timeout, up: request.up() };
    let loaded = &lab.loaded;
    crate::docker::forward::try_again(&engine, lab.project());
    let report = restart::restart(&engine, &loaded.project, &loaded.project_dir, &lab.owner(), &opts, observer.events).await?;
    let warnings = lock_warnings.into_iter().chain(unreached(&report.notes, observer)).collect();
    Ok(UpSummary::of(lab, &report, warnings))
}

/// Stops `service` of lab `name`, keeping its container for a later start.
pub async fn service_stop(ctx: &Context, name: &str, service: &str, operation: &str, observer: &Observer<'_>) -> Result<Vec<Reason>, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    known_services(&lab, &[service.to_owned()])?;
    let (_lock, lock_warnings) = super::lock::hold(ctx, &lab, operation, observer).await?;
    let engine = connect(ctx).await?;
    let mut running: HashMap<String, Vec<String>> = HashMap::new();
    for found in lab_containers(&engine, &lab.owner()).await? {
        if found.service == service && found.running {
            running.entry(found.service).or_default().push(found.actual.id);
        }
    }
    crate::docker::down::stop_in_order(&engine, Some(&lab.loaded.project), &running, None, None, observer.events).await?;
    Ok(lock_warnings)
}

/// Starts `service` of lab `name` again (and whatever of the lab it needs that is not
/// running), keeping the containers it has.
pub async fn service_start(ctx: &Context, name: &str, service: &str, operation: &str, observer: &Observer<'_>) -> Result<UpSummary, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    known_services(&lab, &[service.to_owned()])?;
    let (_lock, lock_warnings) = super::lock::hold(ctx, &lab, operation, observer).await?;
    let engine = connect(ctx).await?;
    let opts = RestartRequest::new(operation, vec![service.to_owned()]).up();
    let loaded = &lab.loaded;
    crate::docker::forward::try_again(&engine, lab.project());
    let report = up::up(&engine, &loaded.project, &loaded.project_dir, &lab.owner(), &opts, observer.events).await?;
    let warnings = lock_warnings.into_iter().chain(unreached(&report.notes, observer)).collect();
    Ok(UpSummary::of(&lab, &report, warnings))
}

/// Refuses a service the lab does not have, naming the nearest one.
pub(crate) fn known_services(lab: &OpenedLab, services: &[String]) -> Result<(), LifecycleError> {
    match services.iter().find(|s| !lab.loaded.project.services.contains_key(*s)) {
        Some(unknown) => Err(LifecycleError::unknown_service(unknown, lab.services())),
        None => Ok(()),
    }
}
