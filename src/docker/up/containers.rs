//! The engine calls `up` makes about containers, converted to Nivel's types at once: the
//! lab's labelled containers, one container's state, its last log lines, and the event
//! stream that feeds the [`Board`].

use std::collections::HashMap;
use std::time::SystemTime;

use crate::docker::clock::EngineClock;

use bollard::models::{ContainerStateStatusEnum, HealthStatusEnum};
use bollard::query_parameters::{EventsOptions, InspectContainerOptions, ListContainersOptions, LogsOptions};
use futures_util::StreamExt;
use tokio::sync::watch;

use super::board::{apply_event, apply_inspect, Board, Health, Observed};
use crate::docker::engine::Engine;
use crate::docker::error::EngineError;
use crate::docker::labels::{self, Owner};
use crate::docker::plan::{Actual, ContainerStatus};

/// A labelled container of the lab.
#[derive(Clone, Debug)]
pub struct Found {
    pub service: String,
    pub actual: Actual,
    /// Running now, so the host ports it publishes are held by the lab itself.
    pub running: bool,
}

/// Every container with the lab's labels, stopped ones included.
pub async fn lab_containers(engine: &Engine, owner: &Owner) -> Result<Vec<Found>, EngineError> {
    let options = ListContainersOptions { all: true, filters: Some(owner.filter()), ..Default::default() };
    let list = engine.docker.list_containers(Some(options)).await?;
    Ok(list
        .into_iter()
        .filter_map(|c| {
            let labels = c.labels.unwrap_or_default();
            let service = labels.get(labels::SERVICE)?.clone();
            let state = ContainerStatus::from_engine(&c.state.map(|s| s.to_string()).unwrap_or_default());
            let networks = c.network_settings.and_then(|n| n.networks).unwrap_or_default();
            let actual = Actual {
                id: c.id?,
                hash: labels.get(labels::CONFIG_HASH).cloned().unwrap_or_default(),
                image_id: c.image_id.unwrap_or_default(),
                state,
                exit_code: c.status.as_deref().and_then(exit_code_from_status),
                networks: networks.into_values().map(|e| e.network_id.unwrap_or_default()).collect(),
            };
            Some(Found { service, running: state == ContainerStatus::Running, actual })
        })
        .collect())
}

/// `Exited (3) 5 seconds ago` → 3.
fn exit_code_from_status(status: &str) -> Option<i64> {
    let rest = status.strip_prefix("Exited (")?;
    rest.split_once(')')?.0.parse().ok()
}

/// A container's state now, and its last healthcheck output.
pub async fn inspect(engine: &Engine, id: &str) -> Result<(Observed, String), EngineError> {
    let c = engine.docker.inspect_container(id, None::<InspectContainerOptions>).await?;
    let state = c.state.unwrap_or_default();
    let exited = matches!(state.status, Some(ContainerStateStatusEnum::EXITED | ContainerStateStatusEnum::DEAD));
    let health = state.health.unwrap_or_default();
    let probe = health.log.as_ref().and_then(|l| l.last()).and_then(|r| r.output.clone()).unwrap_or_default();
    let observed = Observed {
        running: state.running.unwrap_or(false),
        exit_code: if exited { state.exit_code } else { None },
        health: match health.status {
            Some(HealthStatusEnum::HEALTHY) => Health::Healthy,
            Some(HealthStatusEnum::UNHEALTHY) => Health::Unhealthy,
            Some(HealthStatusEnum::STARTING) => Health::Starting,
            _ => Health::None,
        },
        events: 0,
        last_event: 0,
        as_of: 0,
    };
    Ok((observed, probe))
}

/// Closes the race between starting a container and the event stream: whatever happened
/// before the stream saw it is read once from the engine.
pub async fn settle_from_inspect(engine: &Engine, clock: EngineClock, board: &watch::Sender<Board>, id: &str) -> Result<(), EngineError> {
    let as_of = clock.engine_ns(SystemTime::now());
    let (seen, _) = inspect(engine, id).await?;
    board.send_modify(|b| apply_inspect(b, id, as_of, seen));
    Ok(())
}

/// The container's last `tail` log lines, stdout and stderr interleaved.
pub async fn last_logs(engine: &Engine, id: &str, tail: usize) -> Vec<String> {
    let options = LogsOptions { stdout: true, stderr: true, tail: tail.to_string(), ..Default::default() };
    let chunks: Vec<_> = engine.docker.logs(id, Some(options)).collect().await;
    let text: String = chunks.into_iter().filter_map(Result::ok).map(|c| c.to_string()).collect();
    text.lines().map(str::to_owned).collect()
}

/// Feeds the board from the engine's container events for the project, starting at
/// `since_unix` (so events between this call and the stream's connection are not lost).
/// Returns only when the stream breaks.
pub async fn follow_events(engine: &Engine, owner: &Owner, since_unix: u64, board: &watch::Sender<Board>) {
    let filters = HashMap::from([
        ("type".to_owned(), vec!["container".to_owned()]),
        ("label".to_owned(), vec![format!("{}={}", labels::PROJECT, owner.project)]),
        ("event".to_owned(), vec!["start".to_owned(), "die".to_owned(), "health_status".to_owned()]),
    ]);
    let options = EventsOptions { since: Some(since_unix.to_string()), until: None, filters: Some(filters) };
    let mut stream = engine.docker.events(Some(options));
    while let Some(item) = stream.next().await {
        match item {
            Ok(msg) => {
                let Some(actor) = msg.actor else { continue };
                let (Some(id), Some(action)) = (actor.id, msg.action) else { continue };
                let attributes = actor.attributes.unwrap_or_default();
                let time = msg.time_nano.or(msg.time.map(|t| t.saturating_mul(1_000_000_000))).unwrap_or(i64::MAX);
                board.send_modify(|b| apply_event(b, &id, &action, &attributes, time));
            }
            Err(e) => {
                board.send_modify(|b| b.stream_lost = Some(crate::docker::EngineError::from(&e).to_string()));
                return;
            }
        }
    }
    board.send_modify(|b| b.stream_lost = Some("the engine closed its event stream".into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_read_from_the_status_text() {
        assert_eq!(exit_code_from_status("Exited (3) 5 seconds ago"), Some(3), "the code in brackets");
        assert_eq!(exit_code_from_status("Up 2 minutes (healthy)"), None, "a running container has none");
    }
}
