//! Why `up` or `down` of a lab failed, in terms a student can act on: which service, what it
//! said, which port and who holds it.

use std::fmt;
use std::time::Duration;

use crate::compose::LoadError;

use super::error::EngineError;
use crate::i18n::Lang;
use super::ports::BusyPort;

/// How many of a failed container's last log lines a failure carries.
pub const LOG_TAIL: usize = 20;

#[derive(Debug)]
#[non_exhaustive]
pub enum LabError {
    /// The compose project could not be loaded.
    Load(LoadError),
    /// Published host ports are taken; nothing was created.
    PortsBusy(Vec<BusyPort>),
    /// The engine refused or failed a request.
    Engine(EngineError),
    /// One or more services did not come up (the others were left running).
    Services(Vec<ServiceFailure>),
    /// Services were still on their way when the time ran out.
    Timeout { after: Duration, waiting: Vec<String> },
}

/// A service that did not come up, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceFailure {
    pub service: String,
    pub reason: FailReason,
    /// The container's last [`LOG_TAIL`] log lines.
    pub logs: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailReason {
    /// The container stopped with this exit code.
    Exited { code: i64 },
    /// Its healthcheck failed; the last probe's output.
    Unhealthy { probe_output: String },
    /// A service it depends on failed, so it was never started.
    DependencyFailed { dependency: String },
    /// The engine refused to create or start it.
    Engine { message: String },
}

impl LabError {
    /// Exit code of the CLI: 2 for problems in the user's input, 1 for a lab that failed.
    pub fn exit_code(&self) -> u8 {
        match self {
            LabError::Load(_) => 2,
            _ => 1,
        }
    }
}

impl From<EngineError> for LabError {
    fn from(e: EngineError) -> Self {
        LabError::Engine(e)
    }
}

impl From<LoadError> for LabError {
    fn from(e: LoadError) -> Self {
        LabError::Load(e)
    }
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailReason::Exited { code } => write!(f, "exited with code {code}"),
            FailReason::Unhealthy { probe_output } => {
                write!(f, "is unhealthy; its healthcheck said: {}", probe_output.trim())
            }
            FailReason::DependencyFailed { dependency } => write!(f, "was not started because `{dependency}` failed"),
            FailReason::Engine { message } => write!(f, "could not be started: {message}"),
        }
    }
}

impl fmt::Display for ServiceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service `{}` {}", self.service, self.reason)?;
        if !self.logs.is_empty() {
            write!(f, "\n  last log lines of `{}`:", self.service)?;
            for line in &self.logs {
                write!(f, "\n    {line}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabError::Load(e) => write!(f, "{e}"),
            LabError::Engine(e) => write!(f, "{e}"),
            LabError::PortsBusy(ports) => {
                write!(f, "cannot start the lab: {} of its ports {} already in use; nothing was created", ports.len(), if ports.len() == 1 { "is" } else { "are" })?;
                for p in ports {
                    write!(f, "\n  {}:{}/{}", p.wanted.host_ip, p.wanted.port, p.wanted.protocol)?;
                    match &p.holder {
                        Some(h) => write!(f, " is held by {} (pid {})", h.name, h.pid)?,
                        None => write!(f, " is held by another program")?,
                    }
                    if let Some(s) = p.suggestion {
                        write!(f, "; port {s} is free")?;
                    }
                }
                write!(f, "\n  fix: stop the program holding the port, or start with `--port-offset N` to shift every port of the lab")
            }
            LabError::Services(failures) => {
                let mut first = true;
                for failure in failures.iter().filter(|s| !matches!(s.reason, FailReason::DependencyFailed { .. })) {
                    if !first {
                        writeln!(f)?;
                    }
                    first = false;
                    write!(f, "{failure}")?;
                }
                for failure in failures.iter().filter(|s| matches!(s.reason, FailReason::DependencyFailed { .. })) {
                    write!(f, "\n{failure}")?;
                }
                write!(f, "\n  the other services were left running; look with `docker logs`, then fix and run `nivel up` again")
            }
            LabError::Timeout { after, waiting } => write!(
                f,
                "the lab was not ready after {}s; still waiting for: {}\n  fix: wait longer with `--timeout`, or look at those services' logs",
                after.as_secs(),
                waiting.join(", ")
            ),
        }
    }
}

impl LabError {
    /// The whole message, with what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LabError::Engine(e), lang) => e.message(lang),
            (_, Lang::En) => self.to_string(),
            (_, Lang::Es) => super::error_es::lab(self),
        }
    }
}

impl std::error::Error for LabError {}
