//! The levels screen and `nivel labs`: every built-in lab as a card — what it is, what it
//! needs, whether this machine can take it, how it stands on the engine and how far the
//! student got — from one gathering of facts, one engine listing and one read of the store.

use std::collections::HashMap;
use std::time::SystemTime;

use serde::Serialize;

use crate::docker::spec::SpecOptions;
use crate::docker::status::{self, Health, LabStatus, ServiceState, ServiceStatus};
use crate::docker::{Engine, EngineError};
use crate::host::{gather, LabTarget, Reason, Snapshot, Verdict};
use crate::lab::{self, Requirements, Text};
use crate::progress::Store;

use super::context::Context;
use super::engine::{connect, state_of, EngineState};
use super::lifecycle_error::LifecycleError;
use super::opened::{open_added, open_builtin, OpenedLab};
use super::views::{links, LinkView, ServiceView};

/// Every built-in lab, and the engine they run on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LabsOverview {
    pub engine: EngineState,
    pub labs: Vec<LabCard>,
    /// What installing the built-in labs had to say: files the student changed that have a
    /// newer version beside them (`lab.edits_kept`), the operation warnings' shape.
    pub notes: Vec<Reason>,
}

/// One lab as its card shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LabCard {
    pub id: String,
    pub level: u8,
    pub title: Text,
    pub summary: Text,
    /// Service names, sorted.
    pub services: Vec<String>,
    pub requirements: Requirements,
    /// Whether this machine can take the lab, and why.
    pub verdict: Verdict,
    pub state: LabState,
    pub exercises: Tally,
    pub links: Vec<LinkView>,
}

/// How a lab stands on the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LabState {
    /// No container runs.
    Stopped,
    /// Containers are being created or started, or healthchecks have not passed yet.
    Starting,
    /// Every service runs (and is healthy where it has a healthcheck) or completed its job.
    Running,
    /// Some services run and others exited, are unhealthy or have no container.
    Degraded,
    /// Containers are on their way down.
    Stopping,
}

/// Exercises passed (at least once) out of the lab's total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Tally {
    pub passed: u32,
    pub total: u32,
}

/// The levels screen: every built-in lab's card, then the added labs' (in the context's order). A missing engine is not a failure here: its
/// state says why, and each verdict carries it as a blocker.
pub async fn labs_overview(ctx: &Context) -> Result<LabsOverview, LifecycleError> {
    let opened = opened_labs(ctx)?;
    let (connected, snapshot) = facts(ctx).await;
    // One instant for the listing and the views made of it: start times are exact.
    let now = ctx.now();
    let (engine, on_engine) = match &connected {
        Ok(engine) => (state_of(engine).await, status::labs(engine, None, now).await.unwrap_or_default()),
        Err(e) => (EngineState::away(e), Vec::new()),
    };
    let store = Store::open_to_read(&ctx.store_path()).ok();
    let labs = opened.iter().map(|(level, lab)| card(now, *level, lab, &snapshot, &on_engine, store.as_ref())).collect();
    let notes = opened.iter().flat_map(|(_, lab)| lab.notes.iter().cloned()).collect();
    Ok(LabsOverview { engine, labs, notes })
}

/// A lab as the levels screen draws it before the engine has answered: what its files alone say.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct CatalogCard {
    pub id: String,
    pub level: u8,
    pub title: Text,
    pub summary: Text,
    /// Service names, sorted.
    pub services: Vec<String>,
}

/// The cards of [`labs_overview`] without what needs the engine, the host's facts or the store
/// (verdict, state, exercises passed, links), so a window can draw them at once and fill the
/// rest in when the overview arrives.
pub fn labs_catalog(ctx: &Context) -> Result<Vec<CatalogCard>, LifecycleError> {
    let opened = opened_labs(ctx)?;
    Ok(opened
        .iter()
        .map(|(level, lab)| CatalogCard {
            id: lab.id.clone(),
            level: *level,
            title: lab.spec.as_ref().map(|s| s.title.clone()).unwrap_or_default(),
            summary: lab.spec.as_ref().map(|s| s.summary.clone()).unwrap_or_default(),
            services: lab.services(),
        })
        .collect())
}

/// The built-in labs (installed when needed), then the added ones, each with its level.
fn opened_labs(ctx: &Context) -> Result<Vec<(u8, OpenedLab)>, LifecycleError> {
    let opened: Vec<(u8, OpenedLab)> = lab::catalog().iter().map(|b| Ok((b.level, open_builtin(ctx, b)?))).collect::<Result<_, LifecycleError>>()?;
    let added = open_added(ctx)?.into_iter().map(|lab| (lab.spec.as_ref().and_then(|s| s.level).unwrap_or_default(), lab));
    Ok(opened.into_iter().chain(added).collect())
}

/// Connects to the engine and gathers the facts readiness is judged on, once.
pub(crate) async fn facts(ctx: &Context) -> (Result<Engine, EngineError>, Snapshot) {
    let connected = connect(ctx).await;
    let snapshot = gather(connected.as_ref().map_err(|e| (ctx.engine_host.url.as_str(), e)), ctx.now()).await;
    (connected, snapshot)
}

/// One lab's card from the facts, the engine's labs listed at `now` and the store (none:
/// nothing passed).
pub(crate) fn card(now: SystemTime, level: u8, lab: &OpenedLab, snapshot: &Snapshot, on_engine: &[LabStatus], store: Option<&Store>) -> LabCard {
    let requirements = lab.spec.as_ref().map(|s| s.requirements.clone()).unwrap_or_default();
    let target = LabTarget { lab: &lab.id, project: &lab.loaded.project, spec: SpecOptions::default() };
    let (_, verdict) = snapshot.judge(&target, &requirements);
    let services = lab.services();
    let containers: &[ServiceStatus] = on_engine.iter().find(|l| l.project == lab.project()).map_or(&[], |l| &l.services);
    let views: Vec<ServiceView> = containers.iter().map(|c| ServiceView::of_status(c, now)).collect();
    let (title, summary, lab_links) = match &lab.spec {
        Some(spec) => (spec.title.clone(), spec.summary.clone(), links(&spec.links, &views, &lab.credentials)),
        None => (Text::default(), Text::default(), Vec::new()),
    };
    LabCard {
        id: lab.id.clone(),
        level,
        title,
        summary,
        state: lab_state(&services, containers),
        services,
        requirements,
        verdict,
        exercises: tally(lab, store),
        links: lab_links,
    }
}

fn tally(lab: &OpenedLab, store: Option<&Store>) -> Tally {
    let Some(spec) = &lab.spec else { return Tally::default() };
    let records = store.and_then(|s| s.exercises().of_lab(&lab.id).ok()).unwrap_or_default();
    let passed: HashMap<&str, bool> = records.iter().map(|r| (r.exercise.as_str(), r.first_passed.is_some())).collect();
    let count = spec.exercises.iter().filter(|e| passed.get(e.id.as_str()).copied().unwrap_or(false)).count();
    Tally { passed: u32::try_from(count).unwrap_or(u32::MAX), total: u32::try_from(spec.exercises.len()).unwrap_or(u32::MAX) }
}

/// The lab's state from its services and the containers the engine has of them.
pub fn lab_state(services: &[String], containers: &[ServiceStatus]) -> LabState {
    if containers.iter().any(|c| matches!(c.state, ServiceState::Stopping | ServiceState::Removing)) {
        return LabState::Stopping;
    }
    if !containers.iter().any(|c| c.state.is_up()) {
        return LabState::Stopped;
    }
    let mut starting = false;
    let mut broken = false;
    for service in services {
        let mine: Vec<&ServiceStatus> = containers.iter().filter(|c| &c.service == service).collect();
        if mine.is_empty() {
            broken = true;
        }
        for c in mine {
            match (c.state, c.health) {
                (ServiceState::Running, Health::Unhealthy) => broken = true,
                (ServiceState::Running, Health::Starting) | (ServiceState::Created | ServiceState::Restarting, _) => starting = true,
                (ServiceState::Running | ServiceState::Paused, _) => {}
                (ServiceState::Exited, _) if c.exit_code == Some(0) => {}
                _ => broken = true,
            }
        }
    }
    if broken {
        LabState::Degraded
    } else if starting {
        LabState::Starting
    } else {
        LabState::Running
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(service: &str, state: ServiceState, health: Health, exit_code: Option<i64>) -> ServiceStatus {
        ServiceStatus {
            service: service.into(),
            number: Some(1),
            container: format!("lab-{service}-1"),
            id: service.into(),
            state,
            health,
            exit_code,
            restarts: 0,
            ports: vec![],
            image: "busybox".into(),
            uptime: None,
        }
    }

    #[test]
    fn the_state_follows_the_containers() {
        use {Health as H, ServiceState as S};
        let services = ["db".to_string(), "job".to_string(), "web".to_string()];
        let all_up = [container("db", S::Running, H::Healthy, None), container("job", S::Exited, H::None, Some(0)), container("web", S::Running, H::None, None)];
        assert_eq!(lab_state(&services, &[]), LabState::Stopped, "no containers: stopped");
        assert_eq!(lab_state(&services, &all_up), LabState::Running, "healthy, running and a finished job: running");
        let mut starting = all_up.clone();
        starting[0].health = H::Starting;
        assert_eq!(lab_state(&services, &starting), LabState::Starting, "a healthcheck not passed yet: starting");
        let mut died = all_up.clone();
        died[2] = container("web", S::Exited, H::None, Some(137));
        assert_eq!(lab_state(&services, &died), LabState::Degraded, "a killed service: degraded");
        assert_eq!(lab_state(&services, &all_up[..2]), LabState::Degraded, "a service without a container: degraded");
        let mut sick = all_up.clone();
        sick[0].health = H::Unhealthy;
        assert_eq!(lab_state(&services, &sick), LabState::Degraded, "an unhealthy service: degraded");
        let gone = [container("db", S::Exited, H::None, Some(0)), container("web", S::Exited, H::None, Some(143))];
        assert_eq!(lab_state(&services, &gone), LabState::Stopped, "nothing up: stopped");
        let mut leaving = all_up.clone();
        leaving[0].state = S::Removing;
        assert_eq!(lab_state(&services, &leaving), LabState::Stopping, "containers being removed: stopping");
    }
}
