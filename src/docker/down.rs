//! `down`: stop a lab's containers in parallel, each service only after the services that
//! depend on it have stopped (their removal runs alongside), then remove them and the lab's
//! networks (and, when asked, its named volumes). Only objects carrying the lab's labels are
//! touched.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use bollard::query_parameters::{RemoveContainerOptions, StopContainerOptions};
use tokio::sync::watch;

use crate::compose::model::Project;
use crate::events::{Event, EventSink, ServicePhase};

use super::engine::Engine;
use super::error::EngineError;
use super::labels::Owner;
use super::objects::{remove_networks, remove_volumes};
use super::up::lab_containers;

#[derive(Clone, Copy, Debug, Default)]
pub struct DownOptions {
    /// Also remove the lab's named volumes.
    pub volumes: bool,
    /// Seconds to wait after the stop signal before killing; default: each service's
    /// `stop_grace_period`, else the engine's 10 s.
    pub timeout: Option<Duration>,
}

/// What `down` removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DownReport {
    pub containers: Vec<String>,
    /// Names of the networks removed (duplicates of one name are all removed, named once).
    pub networks: Vec<String>,
    /// Names of the lab's networks left because a container that is not the lab's uses them.
    pub networks_in_use: Vec<String>,
    pub volumes: Vec<String>,
}

/// Takes the lab down. `project`, when known, gives the dependency order; containers of
/// services it does not name stop right away.
pub async fn down(
    engine: &Engine,
    project: Option<&Project>,
    owner: &Owner,
    opts: &DownOptions,
    sink: &dyn EventSink,
) -> Result<DownReport, EngineError> {
    let found = lab_containers(engine, owner).await?;
    let mut by_service: HashMap<String, Vec<String>> = HashMap::new();
    for f in found {
        by_service.entry(f.service).or_default().push(f.actual.id);
    }
    let mut report = DownReport {
        containers: stop_in_order(engine, project, &by_service, opts.timeout, Some(opts.volumes), sink).await?,
        ..DownReport::default()
    };
    let networks = remove_networks(engine, owner).await?;
    (report.networks, report.networks_in_use) = (networks.removed, networks.in_use);
    if opts.volumes {
        report.volumes = remove_volumes(engine, owner).await?;
    }
    Ok(report)
}

/// Stops the containers of each service in `by_service` in parallel, a service only after
/// the services that depend on it; `remove` (with whether anonymous volumes go too) also
/// removes each container once stopped. Returns the containers removed.
pub(crate) async fn stop_in_order(
    engine: &Engine,
    project: Option<&Project>,
    by_service: &HashMap<String, Vec<String>>,
    timeout: Option<Duration>,
    remove_them: Option<bool>,
    sink: &dyn EventSink,
) -> Result<Vec<String>, EngineError> {
    let dependents = dependents(project, &by_service.keys().cloned().collect());
    let stopped = watch::Sender::new(HashSet::<String>::new());
    let stops = by_service.iter().map(|(service, ids)| {
        let waits_for = dependents.get(service).cloned().unwrap_or_default();
        let stopped = &stopped;
        async move {
            let mut rx = stopped.subscribe();
            // A dependent's failure to stop is reported below; it must not hold this one.
            let _ = rx.wait_for(|done| waits_for.iter().all(|d| done.contains(d))).await;
            sink.emit(Event::ServiceState { service: service.clone(), state: ServicePhase::Stopping, detail: None });
            let stops = futures_util::future::join_all(ids.iter().map(|id| stop(engine, id, timeout))).await;
            // Its dependencies may stop as soon as it has stopped; removing it is not in their way.
            stopped.send_modify(|done| {
                done.insert(service.clone());
            });
            let mut failure = None;
            let mut removable = Vec::new();
            for (id, stop) in ids.iter().zip(stops) {
                match stop {
                    Ok(()) => removable.push(id),
                    Err(e) => failure = Some(e),
                }
            }
            let Some(anonymous_volumes) = remove_them else {
                return match failure {
                    Some(e) => Err(e),
                    None => {
                        sink.emit(Event::ServiceState { service: service.clone(), state: ServicePhase::Stopped, detail: None });
                        Ok(Vec::new())
                    }
                };
            };
            let removes = futures_util::future::join_all(removable.iter().map(|id| remove(engine, id, anonymous_volumes))).await;
            let mut removed = Vec::new();
            for (id, remove) in removable.into_iter().zip(removes) {
                match remove {
                    Ok(()) => removed.push(id.clone()),
                    Err(e) => failure = Some(e),
                }
            }
            match failure {
                Some(e) => Err(e),
                None => {
                    sink.emit(Event::ServiceState { service: service.clone(), state: ServicePhase::Removed, detail: None });
                    Ok(removed)
                }
            }
        }
    });
    let mut out = Vec::new();
    for result in futures_util::future::join_all(stops).await {
        out.extend(result?);
    }
    Ok(out)
}

async fn stop(engine: &Engine, id: &str, timeout: Option<Duration>) -> Result<(), EngineError> {
    let t = timeout.and_then(|t| i32::try_from(t.as_secs()).ok());
    match engine.docker.stop_container(id, Some(StopContainerOptions { t, signal: None })).await {
        Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 304 | 404, .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Removes one stopped container; `anonymous_volumes` also removes the unnamed volumes it
/// created (named volumes are removed separately, by label).
async fn remove(engine: &Engine, id: &str, anonymous_volumes: bool) -> Result<(), EngineError> {
    match engine.docker.remove_container(id, Some(RemoveContainerOptions { force: true, v: anonymous_volumes, link: false })).await {
        Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// For each service present, the present services that depend on it (and so stop first).
fn dependents(project: Option<&Project>, present: &HashSet<String>) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let Some(project) = project else { return out };
    for (name, svc) in &project.services {
        if !present.contains(name) {
            continue;
        }
        for dep in svc.depends_on.keys().filter(|d| present.contains(*d) && *d != name) {
            out.entry(dep.clone()).or_default().push(name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::compose::model::{ServiceConfig, ServiceDependency};

    #[test]
    fn a_service_stops_after_those_that_depend_on_it() {
        let mut project = Project::default();
        let deps = BTreeMap::from([("db".to_string(), ServiceDependency::default()), ("gone".to_string(), ServiceDependency::default())]);
        let web = ServiceConfig { depends_on: deps, ..Default::default() };
        project.services.insert("web".into(), web);
        project.services.insert("db".into(), ServiceConfig::default());
        let present: HashSet<String> = ["web", "db"].map(String::from).into();
        let d = dependents(Some(&project), &present);
        assert_eq!(d.get("db"), Some(&vec!["web".to_string()]), "db waits for web");
        assert!(!d.contains_key("gone"), "a service with no container is not waited for");
        assert!(!d.contains_key("web"), "nothing depends on web");
    }
}
