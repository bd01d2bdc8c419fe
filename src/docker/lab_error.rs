//! Why `up` or `down` of a lab failed, in terms a student can act on: which service, what it
//! said, which port and who holds it.

use std::fmt;
use std::time::Duration;

use crate::compose::LoadError;

use super::error::EngineError;
use super::images::ImageError;
use crate::app::{Problem, Remedy};
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
    Engine { message: Text },
    /// Its image could not be pulled or built; the error carries what to do about it.
    Image(ImageError),
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

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
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
                let failed = Text::join(&own.into_iter().chain(blocked).map(ServiceFailure::text).collect::<Vec<_>>(), "\n");
                Text::new(format!("{}\n  los demás servicios siguen en marcha", failed.es), format!("{}\n  the other services were left running", failed.en))
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
            // An image that could not be had has its own fix (log in, a mirror, a Dockerfile step).
            LabError::Services(failures) if failures.iter().any(|f| matches!(f.reason, FailReason::Image(_))) => {
                failures.iter().find_map(|f| match &f.reason {
                    FailReason::Image(e) => e.remedy(),
                    _ => None,
                })
            }
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

impl FailReason {
    /// Why the service did not come up, after its name.
    pub fn text(&self) -> Text {
        match self {
            FailReason::Exited { code } => Text::new(format!("terminó con el código {code}"), format!("exited with code {code}")),
            FailReason::Unhealthy { probe_output } => Text::new(
                format!("no está sano; su healthcheck dijo: {}", probe_output.trim()),
                format!("is unhealthy; its healthcheck said: {}", probe_output.trim()),
            ),
            FailReason::DependencyFailed { dependency } => Text::new(
                format!("no se arrancó porque `{dependency}` falló"),
                format!("was not started because `{dependency}` failed"),
            ),
            FailReason::Engine { message } => Text::new(format!("no se pudo arrancar: {}", message.es), format!("could not be started: {}", message.en)),
            FailReason::Image(e) => {
                let message = e.text();
                Text::new(format!("no se pudo arrancar: {}", message.es), format!("could not be started: {}", message.en))
            }
        }
    }
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl ServiceFailure {
    /// The service, why it failed, and its last log lines.
    pub fn text(&self) -> Text {
        let reason = self.reason.text();
        let logs: String = self.logs.iter().map(|l| format!("\n    {l}")).collect();
        let (es_logs, en_logs) = if self.logs.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("\n  últimas líneas del registro de `{}`:{logs}", self.service), format!("\n  last log lines of `{}`:{logs}", self.service))
        };
        Text::new(format!("el servicio `{}` {}{es_logs}", self.service, reason.es), format!("service `{}` {}{en_logs}", self.service, reason.en))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::ports::{HostPort, PortHolder};

    #[test]
    fn a_failed_service_comes_first_with_its_logs_then_what_it_blocked() {
        let failed = LabError::Services(vec![
            ServiceFailure { service: "web".into(), reason: FailReason::DependencyFailed { dependency: "db".into() }, logs: vec![] },
            ServiceFailure { service: "db".into(), reason: FailReason::Exited { code: 3 }, logs: vec!["boom".into()] },
        ]);
        let text = failed.text();
        assert!(text.es.starts_with("el servicio `db` terminó con el código 3\n  últimas líneas del registro de `db`:\n    boom"), "the cause first, with its logs: {}", text.es);
        assert!(text.en.starts_with("service `db` exited with code 3\n  last log lines of `db`:\n    boom"), "in English too: {}", text.en);
        assert!(text.es.contains("el servicio `web` no se arrancó porque `db` falló"), "then what it blocked: {}", text.es);
        assert!(text.en.ends_with("the other services were left running"), "and what became of the rest: {}", text.en);
    }

    #[test]
    fn busy_ports_name_their_holder_and_the_shift_that_frees_them() {
        let busy = LabError::PortsBusy(vec![BusyPort {
            wanted: HostPort { host_ip: "127.0.0.1".into(), port: 8080, protocol: "tcp".into() },
            holder: Some(PortHolder { pid: 4242, name: "python3".into() }),
            suggestion: Some(8081),
        }]);
        let text = busy.text();
        assert!(text.es.contains("uno de sus puertos ya está en uso; no se creó nada") && text.es.contains("python3 (pid 4242)"), "how many and who: {}", text.es);
        assert!(text.en.contains("1 of its ports is already in use; nothing was created\n  port 8080 on 127.0.0.1 is taken by python3 (pid 4242); 8081 is free"), "{}", text.en);
        assert_eq!(busy.remedy(), Some(Remedy::PortOffset { offset: 1 }), "shift by one");
        for said in [&text.es, &text.en] {
            assert!(!said.contains("--"), "no command-line flag in the library's words: {said}");
        }
        let late = LabError::Timeout { after: Duration::from_secs(300), waiting: vec!["airflow".into()] }.text();
        assert!(late.es.contains("después de 300s; aún se espera a: airflow"), "what it waited for: {}", late.es);
    }
}
