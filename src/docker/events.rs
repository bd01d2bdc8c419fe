//! The engine's event stream, narrowed to the containers of compose projects (labs Nivel
//! started, and stacks `docker compose` started) and converted at once into [`LabEvent`]s:
//! the app's change feed listens here instead of polling.

use std::collections::HashMap;

use bollard::models::EventMessage;
use bollard::query_parameters::EventsOptions;
use futures_util::stream::{Stream, StreamExt};

use super::{labels, Engine, EngineError};

/// What happened to a lab's container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerChange {
    Started,
    Stopped,
    /// Its process ended (killed, crashed or stopped); `exit_code` when the engine said it.
    Died { exit_code: Option<i64> },
    Unhealthy,
    Healthy,
    /// Created, removed, paused or otherwise changed.
    Changed,
}

/// One change to a lab's container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabEvent {
    /// The compose project.
    pub project: String,
    /// The lab id (`io.nivel.lab`) when Nivel started it.
    pub lab: Option<String>,
    pub service: Option<String>,
    pub change: ContainerChange,
}

/// The engine actions [`lab_event`] turns into changes. The engine is asked for these alone:
/// a running lab's healthchecks are three exec events per probe (every second or so), which
/// would otherwise wake the app for nothing. A health status is sent by the engine only when it
/// changes (it matches `health_status: healthy` by prefix).
const ACTIONS: &[&str] = &["start", "restart", "unpause", "stop", "die", "health_status", "create", "destroy", "pause", "oom"];

/// The changes to every compose project's containers from now on, until the engine goes
/// away (the stream then ends with its error).
pub fn lab_events(engine: &Engine) -> impl Stream<Item = Result<LabEvent, EngineError>> + Send + 'static {
    let filters = HashMap::from([
        ("type".to_string(), vec!["container".to_string()]),
        ("label".to_string(), vec![labels::PROJECT.to_string()]),
        ("event".to_string(), ACTIONS.iter().map(|a| (*a).to_string()).collect()),
    ]);
    let options = EventsOptions { since: None, until: None, filters: Some(filters) };
    engine.docker.events(Some(options)).filter_map(|message| async move {
        match message {
            Ok(m) => lab_event(&m).map(Ok),
            Err(e) => Some(Err(EngineError::from(e))),
        }
    })
}

/// The change an event message tells, when it is one a front end shows.
fn lab_event(message: &EventMessage) -> Option<LabEvent> {
    let attributes = message.actor.as_ref()?.attributes.as_ref()?;
    if attributes.get(labels::ONEOFF).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return None;
    }
    let action = message.action.as_deref()?;
    let change = match action {
        "start" | "restart" | "unpause" => ContainerChange::Started,
        "stop" => ContainerChange::Stopped,
        "die" => ContainerChange::Died { exit_code: attributes.get("exitCode").and_then(|c| c.parse().ok()) },
        "health_status: healthy" => ContainerChange::Healthy,
        "health_status: unhealthy" => ContainerChange::Unhealthy,
        "create" | "destroy" | "pause" | "oom" => ContainerChange::Changed,
        _ => return None,
    };
    Some(LabEvent {
        project: attributes.get(labels::PROJECT)?.clone(),
        lab: attributes.get(labels::LAB).cloned(),
        service: attributes.get(labels::SERVICE).cloned(),
        change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::EventActor;

    fn message(action: &str, extra: &[(&str, &str)]) -> EventMessage {
        let mut attributes: HashMap<String, String> = HashMap::from([(labels::PROJECT.into(), "level-1".into()), (labels::SERVICE.into(), "web".into())]);
        attributes.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        EventMessage { action: Some(action.into()), actor: Some(EventActor { id: Some("c1".into()), attributes: Some(attributes) }), ..Default::default() }
    }

    #[test]
    fn engine_actions_become_lab_changes() {
        let died = lab_event(&message("die", &[("exitCode", "137"), (labels::LAB, "level-1")])).unwrap();
        assert_eq!(died.change, ContainerChange::Died { exit_code: Some(137) }, "a kill's exit code is kept");
        assert_eq!((died.project.as_str(), died.lab.as_deref(), died.service.as_deref()), ("level-1", Some("level-1"), Some("web")), "from the labels");
        assert_eq!(lab_event(&message("health_status: unhealthy", &[])).unwrap().change, ContainerChange::Unhealthy, "a failing healthcheck");
        assert_eq!(lab_event(&message("start", &[])).unwrap().lab, None, "a stack compose started has no lab label");
        assert!(lab_event(&message("exec_start: sh", &[])).is_none(), "an exec is not a change of the lab");
        assert!(lab_event(&message("start", &[(labels::ONEOFF, "True")])).is_none(), "a one-off run is not the lab's service");
    }

    #[test]
    fn every_action_asked_of_the_engine_is_a_change() {
        for action in ACTIONS {
            // The engine names a health status with its value after the action's name.
            let sent = if *action == "health_status" { "health_status: healthy".to_string() } else { (*action).to_string() };
            assert!(lab_event(&message(&sent, &[])).is_some(), "{sent} is asked for, so it must become a change");
        }
        assert!(!ACTIONS.iter().any(|a| a.starts_with("exec")), "healthchecks' exec events are not asked for: {ACTIONS:?}");
    }
}
