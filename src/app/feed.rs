//! The app-wide change feed: what changed on the engine for any lab (a container died, turned
//! unhealthy, a lab started or stopped from the CLI or `docker compose`), and the engine
//! itself going away and coming back. Fed by the engine's event stream, so nothing runs while
//! nothing changes; only while the engine is away is it tried again, backing off.

use std::time::Duration;

use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::oneshot;

use crate::docker::events::{lab_events, ContainerChange};

use super::context::Context;
use super::engine::{connect, state_of, EngineState};

/// The first wait before trying an absent engine again, and the longest.
const RETRY_FIRST: Duration = Duration::from_millis(250);
const RETRY_LONGEST: Duration = Duration::from_secs(5);

/// A change to one lab on the engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LabChange {
    /// The lab id, or the compose project name of a stack Nivel did not start.
    pub lab: String,
    pub service: Option<String>,
    pub kind: ChangeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Started,
    Stopped,
    Died,
    Unhealthy,
    Healthy,
    Changed,
}

/// What the feed delivers.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Lab(LabChange),
    /// The engine went away or came back (also its state when the feed starts).
    Engine(EngineState),
}

/// A running feed; dropping it (or [`ChangeFeed::stop`]) ends it.
#[derive(Debug)]
pub struct ChangeFeed {
    stop: Option<oneshot::Sender<()>>,
}

impl ChangeFeed {
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for ChangeFeed {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the feed on a task of its own; `on_change` hears the engine's state first, then
/// every change. Must be called within a Tokio runtime.
pub fn feed(ctx: &Context, on_change: impl Fn(Change) + Send + Sync + 'static) -> ChangeFeed {
    let ctx = ctx.clone();
    let (stop, stopped) = oneshot::channel();
    tokio::spawn(async move {
        tokio::select! {
            () = run(&ctx, &on_change) => {}
            _ = stopped => {}
        }
    });
    ChangeFeed { stop: Some(stop) }
}

async fn run(ctx: &Context, on_change: &(impl Fn(Change) + Send + Sync)) {
    let mut available: Option<bool> = None;
    let mut retry = RETRY_FIRST;
    loop {
        let engine = match connect(ctx).await {
            Ok(engine) => engine,
            Err(e) => {
                if available != Some(false) {
                    on_change(Change::Engine(EngineState::away(&e)));
                    available = Some(false);
                }
                tokio::time::sleep(retry).await;
                retry = (retry * 2).min(RETRY_LONGEST);
                continue;
            }
        };
        // Subscribed before the state is told, so no change after it is missed.
        let mut events = Box::pin(lab_events(&engine));
        let state = state_of(&engine).await;
        if available != Some(state.available) {
            available = Some(state.available);
            on_change(Change::Engine(state));
        }
        retry = RETRY_FIRST;
        while let Some(item) = events.next().await {
            match item {
                Ok(event) => on_change(Change::Lab(LabChange { lab: event.lab.unwrap_or(event.project), service: event.service, kind: kind(event.change) })),
                Err(e) => {
                    on_change(Change::Engine(EngineState::away(&e)));
                    available = Some(false);
                    break;
                }
            }
        }
        if available != Some(false) {
            on_change(Change::Engine(EngineState { available: false, version: None, problem: None }));
            available = Some(false);
        }
        // An engine whose stream ends at once is not asked again in a tight loop.
        tokio::time::sleep(RETRY_FIRST).await;
    }
}

fn kind(change: ContainerChange) -> ChangeKind {
    match change {
        ContainerChange::Started => ChangeKind::Started,
        ContainerChange::Stopped => ChangeKind::Stopped,
        ContainerChange::Died { .. } => ChangeKind::Died,
        ContainerChange::Unhealthy => ChangeKind::Unhealthy,
        ContainerChange::Healthy => ChangeKind::Healthy,
        ContainerChange::Changed => ChangeKind::Changed,
    }
}
