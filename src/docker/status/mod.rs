//! `status`: every compose project on the engine, found by its label (labs Nivel started and
//! stacks started elsewhere), with each service's state, health, exit code, restarts, ports
//! and uptime. A snapshot: one list and one inspect per container.

mod convert;
mod model;
mod time;

use std::collections::HashMap;
use std::time::SystemTime;

use bollard::query_parameters::ListContainersOptions;
use futures_util::future::join_all;

pub use model::{Health, LabStatus, PublishedPort, ServiceState, ServiceStatus};
pub use time::parse_rfc3339;
pub(crate) use convert::{health as health_of, service_state as state_of};

use super::{labels, Engine, EngineError};

/// Every lab on the engine, or only the project named `only`; `now` is the instant uptimes
/// are measured to. Containers removed between the list and their inspect are skipped.
pub async fn labs(engine: &Engine, only: Option<&str>, now: SystemTime) -> Result<Vec<LabStatus>, EngineError> {
    let label = match only {
        Some(project) => format!("{}={project}", labels::PROJECT),
        None => labels::PROJECT.to_string(),
    };
    let options = ListContainersOptions {
        all: true,
        filters: Some(HashMap::from([("label".to_string(), vec![label])])),
        ..Default::default()
    };
    let summaries = engine.docker.list_containers(Some(options)).await?;
    let ids: Vec<String> = summaries.into_iter().filter_map(|s| s.id).collect();
    let inspected = join_all(ids.iter().map(|id| engine.docker.inspect_container(id, None))).await;
    let mut observed = Vec::with_capacity(inspected.len());
    for result in inspected {
        match result {
            Ok(c) => observed.extend(convert::observed(&c, now)),
            Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let mut labs = convert::group(observed);
    super::forward::localize(engine, &mut labs, now).await;
    Ok(labs)
}
