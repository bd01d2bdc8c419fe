//! Reading a lab's logs: its containers found first (so a front end can size its name column,
//! or say there is nothing to read), then every line handed to the caller's sink as the engine
//! sends it. `nivel logs` writes the lines straight to the terminal; the logs view batches them
//! ([`super::logs_follow`]). Both read the same stream, [`crate::docker::logs`].

use std::time::SystemTime;

use crate::docker::logs::{self, LogOptions};
use crate::docker::Engine;
use crate::events::EventSink;

pub use crate::docker::logs::LogSource;
/// Reads an engine timestamp (`2024-05-01T10:20:30.123456789Z`, RFC 3339): what
/// [`LogRequest::since`] is often given as.
pub use crate::docker::status::parse_rfc3339;

use super::context::Context;
use super::engine::connect;
use super::lifecycle_error::LifecycleError;
use super::opened::OpenedLab;

/// What to read of a lab's logs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogRequest {
    /// Only these services; all of the lab's when empty.
    pub services: Vec<String>,
    /// Keep reading as containers write, also from containers started later.
    pub follow: bool,
    /// Only the last N lines of each container already there (`None`: all of them).
    pub tail: Option<u64>,
    /// Only lines written at or after this instant.
    pub since: Option<SystemTime>,
    /// Each line starts with the engine's RFC 3339 timestamp and a space.
    pub timestamps: bool,
}

/// A lab's logs, found and ready to be read.
#[derive(Debug)]
pub struct LabLogs {
    engine: Engine,
    project: String,
    request: LogRequest,
    sources: Vec<LogSource>,
}

impl LabLogs {
    /// The containers whose logs are read, by service then name: those there when the logs
    /// were opened (a follow also reads containers started later).
    pub fn sources(&self) -> &[LogSource] {
        &self.sources
    }

    /// The compose project read.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// Reads the logs into `sink`, one [`crate::events::Event::LogLine`] per line, flushing it
    /// whenever the engine has nothing more ready. Without `follow`, returns once every log is
    /// read; with it, runs until the caller drops the future (or the engine goes away).
    pub async fn read(&self, sink: &dyn EventSink) -> Result<(), LifecycleError> {
        let r = &self.request;
        let opts = LogOptions { follow: r.follow, tail: r.tail, since: r.since, timestamps: r.timestamps };
        Ok(logs::stream_logs(&self.engine, &self.project, &r.services, opts, sink).await?)
    }
}

/// Opens the logs of lab `lab`: a built-in id or level, or a compose project name.
pub async fn lab_logs(ctx: &Context, lab: &str, request: LogRequest) -> Result<LabLogs, LifecycleError> {
    project_logs(ctx, crate::lab::project_name(lab), request).await
}

/// Opens the logs of a lab already opened (`nivel compose logs`).
pub async fn logs(ctx: &Context, lab: &OpenedLab, request: LogRequest) -> Result<LabLogs, LifecycleError> {
    project_logs(ctx, lab.project().to_owned(), request).await
}

async fn project_logs(ctx: &Context, project: String, request: LogRequest) -> Result<LabLogs, LifecycleError> {
    let engine = connect(ctx).await?;
    let sources = logs::sources(&engine, &project, &request.services).await?;
    Ok(LabLogs { engine, project, request, sources })
}
