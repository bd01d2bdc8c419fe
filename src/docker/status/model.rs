//! What `status` reports, in Nivel's own words: the rest of the program (CLI, desktop) reads
//! these and never bollard's models. They serialise to the stable JSON of `nivel status --json`.

use std::time::Duration;

use serde::{Serialize, Serializer};

/// One compose project found on the engine: a lab Nivel started, or any stack started
/// elsewhere (`docker compose up`) that carries the compose project label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabStatus {
    /// The compose project name (`com.docker.compose.project`).
    pub project: String,
    /// The lab id (`io.nivel.lab`) when Nivel started it; `null` for other stacks.
    pub lab: Option<String>,
    /// The project's folder as its containers recorded it (`…project.working_dir`).
    pub working_dir: Option<String>,
    /// One entry per container, ordered by service then container number.
    pub services: Vec<ServiceStatus>,
    /// What keeps some of its ports from this machine (a remote engine's port that could not
    /// be forwarded, or moved to another local port), for the front end to tell.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<crate::lab::Text>,
}

/// One container of a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceStatus {
    /// The compose service name (`com.docker.compose.service`).
    pub service: String,
    /// The container's replica number (`…container-number`), when set.
    pub number: Option<u32>,
    /// The container's name, without the engine's leading `/`.
    pub container: String,
    /// The full container id.
    pub id: String,
    pub state: ServiceState,
    pub health: Health,
    /// The last exit code; only for containers that are not running (`exited`, `dead`).
    pub exit_code: Option<i64>,
    /// How many times the engine restarted it under its restart policy.
    pub restarts: u64,
    /// Published host ports, ordered by container port.
    pub ports: Vec<PublishedPort>,
    /// The image as the container was created from it (`busybox:1`), not its id.
    pub image: String,
    /// Time since it started, for containers that are up; in JSON, whole seconds.
    #[serde(rename = "uptime_seconds", serialize_with = "whole_seconds")]
    pub uptime: Option<Duration>,
}

/// A container's lifecycle state as the engine names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    Created,
    Running,
    Paused,
    Restarting,
    Stopping,
    Removing,
    Exited,
    Dead,
    /// The engine reported no state, or one this version does not know.
    Unknown,
}

impl ServiceState {
    /// Whether the container's process is up (so an uptime means something).
    pub fn is_up(self) -> bool {
        matches!(self, ServiceState::Running | ServiceState::Paused | ServiceState::Restarting | ServiceState::Stopping)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceState::Created => "created",
            ServiceState::Running => "running",
            ServiceState::Paused => "paused",
            ServiceState::Restarting => "restarting",
            ServiceState::Stopping => "stopping",
            ServiceState::Removing => "removing",
            ServiceState::Exited => "exited",
            ServiceState::Dead => "dead",
            ServiceState::Unknown => "unknown",
        }
    }
}

/// A container's healthcheck verdict; `None` when it has no healthcheck.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    None,
    Starting,
    Healthy,
    Unhealthy,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::None => "none",
            Health::Starting => "starting",
            Health::Healthy => "healthy",
            Health::Unhealthy => "unhealthy",
        }
    }
}

/// A container port published on the host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishedPort {
    /// The host address as bound (`127.0.0.1`, `0.0.0.0`, `::`).
    pub host_ip: String,
    pub host_port: u16,
    pub container_port: u16,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    /// `http://HOST:PORT` for TCP ports: the bound address, or `127.0.0.1` when bound to every
    /// address. `null` for other protocols.
    pub url: Option<String>,
}

fn whole_seconds<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.as_secs()),
        None => s.serialize_none(),
    }
}
