//! `restart`: stop some or all of a lab's services and start the same containers again, then
//! wait for them exactly as `up` does. Containers keep the configuration they were created
//! with, as `docker compose restart` does; `up` is what applies edits to the compose file.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use crate::compose::model::Project;
use crate::events::EventSink;

use super::down::stop_in_order;
use super::engine::Engine;
use super::images::BuildMode;
use super::lab_error::LabError;
use super::labels::Owner;
use super::up::{self, lab_containers, UpOptions, UpReport};

/// What to restart and how long each stop may take.
#[derive(Clone, Debug, Default)]
pub struct RestartOptions {
    /// The services to restart; empty means every service.
    pub services: Vec<String>,
    /// Seconds to wait after the stop signal before killing; default: each service's
    /// `stop_grace_period`, else the engine's 10 s.
    pub stop_timeout: Option<Duration>,
    /// How to start and wait afterwards (`keep_containers` is always set).
    pub up: UpOptions,
}

/// Stops the chosen services (dependents first), then brings the lab up again keeping its
/// containers: the chosen services start again, and anything else of the lab that is not
/// running (a dependency stopped by hand, a container never created) is started as `up`
/// would, so the lab ends ready. One-shot jobs that completed are not run again.
pub async fn restart(
    engine: &Engine,
    project: &Project,
    project_dir: &Path,
    owner: &Owner,
    opts: &RestartOptions,
    sink: &dyn EventSink,
) -> Result<UpReport, LabError> {
    let mut by_service: HashMap<String, Vec<String>> = HashMap::new();
    for f in lab_containers(engine, owner).await? {
        let chosen = opts.services.is_empty() || opts.services.contains(&f.service);
        if chosen && f.running {
            by_service.entry(f.service).or_default().push(f.actual.id);
        }
    }
    stop_in_order(engine, Some(project), &by_service, opts.stop_timeout, None, sink).await?;
    // The containers are kept as they are, so a new image would not run: none is built.
    let up = UpOptions { keep_containers: true, build: BuildMode::Reuse, ..opts.up };
    up::up(engine, project, project_dir, owner, &up, sink).await
}
