//! The typed events every long operation emits: the CLI renders them (progress bars, JSON
//! lines), the desktop app forwards them to its views. Operations take an [`EventSink`] and
//! never print.

use serde::Serialize;

use crate::lab::Text;

/// Something that happened during an operation on a lab.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// Aggregate download progress across every image being pulled.
    PullProgress {
        #[cfg_attr(feature = "bindings", ts(type = "number"))]
        done_bytes: u64,
        #[cfg_attr(feature = "bindings", ts(type = "number"))]
        total_bytes: u64,
        images_done: usize,
        images_total: usize,
    },
    /// One image's download progress.
    ImageProgress {
        service: String,
        image: String,
        #[cfg_attr(feature = "bindings", ts(type = "number"))]
        done_bytes: u64,
        #[cfg_attr(feature = "bindings", ts(type = "number"))]
        total_bytes: u64,
        status: String,
    },
    /// An image is present (pulled, built or already there).
    ImageReady { service: String, image: String },
    /// A building service's build output line.
    BuildLine { service: String, line: String },
    /// An image already on the engine is built again, and why; `Building` follows.
    Rebuilding { service: String, image: String, reason: RebuildReason },
    /// A network or volume was created.
    ResourceCreated { kind: ResourceKind, name: String },
    /// A service's container changed state.
    ServiceState { service: String, state: ServicePhase, detail: Option<String> },
    /// A line a container wrote (stdout or stderr).
    LogLine { service: String, container: String, stream: LogStream, line: String },
}

/// Why an image on the engine is not used as it is for a service with `build:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RebuildReason {
    /// Files, the Dockerfile or the build's arguments changed since Nivel built it.
    ContextChanged,
    /// Nothing says what it was built from (`docker build`, `docker compose` or an older
    /// Nivel built it), so it may hold old code.
    Unrecorded,
    /// The user asked for a build.
    Asked,
}

impl RebuildReason {
    /// What the student reads next to the service.
    pub fn text(self) -> Text {
        match self {
            RebuildReason::ContextChanged => Text::new(
                "reconstruyendo: el contexto de construcción cambió desde que se construyó la imagen",
                "rebuilding: the build context changed since the image was built",
            ),
            RebuildReason::Unrecorded => Text::new(
                "reconstruyendo: no consta de qué se construyó la imagen",
                "rebuilding: there is no record of what the image was built from",
            ),
            RebuildReason::Asked => Text::new("reconstruyendo: se pidió una construcción nueva", "rebuilding: a new build was asked for"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Network,
    Volume,
}

/// Where a service is on its way up or down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ServicePhase {
    Waiting,
    Pulling,
    Building,
    Creating,
    Starting,
    Running,
    Healthy,
    Unhealthy,
    Completed,
    Failed,
    Unchanged,
    Stopping,
    Stopped,
    Removed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LogStream {
    Stdout,
    Stderr,
}

/// Where events go. Cheap to call from any task; implementations must not block.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: Event);
    /// Nothing more is ready for now: a sink that gathers events into batches hands on what it
    /// holds. Streams call it before they wait, so a fast stream is written in large batches
    /// and a slow one line by line.
    fn flush(&self) {}
}

/// Drops every event (for callers that only want the result).
pub struct Discard;

impl EventSink for Discard {
    fn emit(&self, _event: Event) {}
}

/// Collects events in memory (tests, and callers that render at the end).
#[derive(Default)]
pub struct Collect(pub std::sync::Mutex<Vec<Event>>);

impl EventSink for Collect {
    fn emit(&self, event: Event) {
        if let Ok(mut v) = self.0.lock() {
            v.push(event);
        }
    }
}

impl Collect {
    pub fn take(&self) -> Vec<Event> {
        self.0.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialise_as_tagged_json_lines() {
        let e = Event::ServiceState { service: "web".into(), state: ServicePhase::Healthy, detail: None };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"event":"service_state","service":"web","state":"healthy","detail":null}"#, "stable shape for --progress json");
    }
}
