//! Taking a class's stacks down: services, then (once their tasks are gone) the overlay
//! networks, then the volumes every node holds of them.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bollard::query_parameters::{ListNetworksOptions, ListServicesOptions, ListTasksOptions};
use serde::Serialize;

use super::super::Engine;
use super::cleanup::remove_volumes;
use super::nodes::not_manager;
use super::{class_labels, SwarmError};

/// How long the tasks of removed services may take to go before the networks are removed anyway.
const TASKS_GONE_WITHIN: Duration = Duration::from_secs(90);

/// What [`remove`] took away.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub services: usize,
    pub networks: usize,
    /// The nodes whose volumes of the class were removed.
    pub nodes_cleaned: usize,
}

/// Removes the stacks of `class` (one student's alone with `student`) from the swarm: nothing
/// of them is left, on any node that is up.
pub async fn remove(engine: &Engine, class: &str, student: Option<&str>) -> Result<Removed, SwarmError> {
    let filters = HashMap::from([("label".to_owned(), class_labels(class, student))]);
    let services = engine.docker.list_services(Some(ListServicesOptions { filters: Some(filters.clone()), ..Default::default() })).await.map_err(|e| not_manager(engine, e))?;
    let ids: Vec<String> = services.iter().filter_map(|s| s.id.clone()).collect();
    for id in &ids {
        match engine.docker.delete_service(id).await {
            Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => {}
            Err(e) => return Err(not_manager(engine, e)),
        }
    }
    wait_tasks_gone(engine, &ids).await?;
    let networks = engine.docker.list_networks(Some(ListNetworksOptions { filters: Some(filters) })).await.map_err(|e| not_manager(engine, e))?;
    let mut removed_networks = 0;
    for n in networks.iter().filter(|n| n.scope.as_deref() == Some("swarm")) {
        let Some(id) = n.id.as_deref() else { continue };
        // A network is freed on the manager a moment after the last task left it.
        let started = Instant::now();
        loop {
            match engine.docker.remove_network(id).await {
                Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => break,
                Err(_) if started.elapsed() < Duration::from_secs(30) => tokio::time::sleep(Duration::from_millis(500)).await,
                Err(e) => return Err(not_manager(engine, e)),
            }
        }
        removed_networks += 1;
    }
    let nodes_cleaned = remove_volumes(engine, class, student).await?;
    Ok(Removed { services: ids.len(), networks: removed_networks, nodes_cleaned })
}

/// Waits until every task of the removed services has ended (its container stopped), so their
/// networks and volumes can go; Swarm keeps the ended tasks listed a while longer.
async fn wait_tasks_gone(engine: &Engine, ids: &[String]) -> Result<(), SwarmError> {
    use bollard::models::TaskState;
    if ids.is_empty() {
        return Ok(());
    }
    // Filtering by a removed service's id is refused (404): every task is listed instead.
    let started = Instant::now();
    while started.elapsed() < TASKS_GONE_WITHIN {
        let tasks = engine.docker.list_tasks(None::<ListTasksOptions>).await.map_err(|e| not_manager(engine, e))?;
        let live = tasks.iter().filter(|t| t.service_id.as_ref().is_some_and(|s| ids.contains(s))).any(|t| {
            let state = t.status.as_ref().and_then(|s| s.state);
            !matches!(state, Some(TaskState::SHUTDOWN | TaskState::COMPLETE | TaskState::FAILED | TaskState::REJECTED | TaskState::ORPHANED | TaskState::REMOVE))
        });
        if !live {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(())
}
