//! Why `up` or `down` of a lab failed, in terms a student can act on: which service, what it
//! said, which port and who holds it.

use std::fmt;
use std::time::Duration;

use crate::compose::LoadError;

use super::error::EngineError;
use crate::app::{Problem, Remedy};
use crate::i18n::Lang;
use crate::lab::Text;
use super::ports::{describe, BusyPort};

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

impl Problem for LabError {
    fn code(&self) -> &'static str {
        match self {
            LabError::Load(e) => e.code(),
            LabError::PortsBusy(_) => "ports.busy",
            LabError::Engine(e) => e.code(),
            LabError::Services(_) => "lab.services_failed",
            LabError::Timeout { .. } => "lab.not_ready_in_time",
        }
    }

    fn text(&self) -> Text {
        match self {
            LabError::Load(e) => e.text(),
            LabError::Engine(e) => e.text(),
            LabError::PortsBusy(ports) => {
                let es_count = if ports.len() == 1 { "uno de sus puertos ya está en uso".to_string() } else { format!("{} de sus puertos ya están en uso", ports.len()) };
                let en_count = format!("{} of its ports {} already in use", ports.len(), if ports.len() == 1 { "is" } else { "are" });
                let lines = describe(ports);
                let indent = |text: &str| -> String { text.lines().map(|l| format!("\n  {l}")).collect() };
                Text::new(
                    format!("no se puede arrancar el laboratorio: {es_count}; no se creó nada{}", indent(&lines.es)),
                    format!("cannot start the lab: {en_count}; nothing was created{}", indent(&lines.en)),
                )
            }
            LabError::Services(failures) => {
                let (own, blocked): (Vec<&ServiceFailure>, Vec<&ServiceFailure>) =
                    failures.iter().partition(|f| !matches!(f.reason, FailReason::DependencyFailed { .. }));
                let texts: Vec<Text> = own.into_iter().chain(blocked).map(ServiceFailure::text).collect();
                Text::new(
                    format!("{}\n  los demás servicios siguen en marcha", texts.iter().map(|t| t.es.as_str()).collect::<Vec<_>>().join("\n")),
                    format!("{}\n  the other services were left running", texts.iter().map(|t| t.en.as_str()).collect::<Vec<_>>().join("\n")),
                )
            }
            LabError::Timeout { after, waiting } => Text::new(
                format!("el laboratorio no estaba listo después de {}s; aún se espera a: {}", after.as_secs(), waiting.join(", ")),
                format!("the lab was not ready after {}s; still waiting for: {}", after.as_secs(), waiting.join(", ")),
            ),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            LabError::Load(e) => e.remedy(),
            LabError::Engine(e) => e.remedy(),
            LabError::PortsBusy(ports) => Some(Remedy::PortOffset { offset: offset_for(ports) }),
            LabError::Services(_) => Some(Remedy::Advice {
                text: Text::new(
                    "mire sus registros (`docker logs`), corrija y vuelva a arrancar el laboratorio",
                    "look at their logs (`docker logs`), then fix and start the lab again",
                ),
            }),
            LabError::Timeout { after, .. } => Some(Remedy::WaitLonger { seconds: after.as_secs().saturating_mul(2) }),
        }
    }

    fn is_input(&self) -> bool {
        matches!(self, LabError::Load(_))
    }
}

/// The smallest shift that frees every busy port that has a free one above it; 1 when none
/// has (the student then frees the port or tries another shift).
fn offset_for(ports: &[BusyPort]) -> u16 {
    ports.iter().filter_map(|p| Some(p.suggestion?.saturating_sub(p.wanted.port))).max().unwrap_or(1).max(1)
}

impl ServiceFailure {
    /// The service, why it failed, and its last log lines.
    pub fn text(&self) -> Text {
        let reason = match &self.reason {
            FailReason::Exited { code } => Text::new(format!("terminó con el código {code}"), format!("exited with code {code}")),
            FailReason::Unhealthy { probe_output } => Text::new(
                format!("no está sano; su healthcheck dijo: {}", probe_output.trim()),
                format!("is unhealthy; its healthcheck said: {}", probe_output.trim()),
            ),
            FailReason::DependencyFailed { dependency } => Text::new(
                format!("no se arrancó porque `{dependency}` falló"),
                format!("was not started because `{dependency}` failed"),
            ),
            FailReason::Engine { message } => Text::new(format!("no se pudo arrancar: {message}"), format!("could not be started: {message}")),
        };
        let logs: String = self.logs.iter().map(|l| format!("\n    {l}")).collect();
        let (es_logs, en_logs) = if self.logs.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("\n  últimas líneas del registro de `{}`:{logs}", self.service), format!("\n  last log lines of `{}`:{logs}", self.service))
        };
        Text::new(format!("el servicio `{}` {}{es_logs}", self.service, reason.es), format!("service `{}` {}{en_logs}", self.service, reason.en))
    }
}
