//! Why a lab could not be opened, started, stopped, restarted, reset or read: one error for the
//! lab's whole lifecycle, wrapping the lower layers' own errors and adding the refusals only
//! the use cases make (the readiness gate, a service the lab does not have).

use crate::compose::LoadError;
use crate::docker::reset::ResetError;
use crate::docker::images::ArchiveError;
use crate::docker::{EngineError, LabError};
use crate::host::{Severity, Verdict};
use crate::lab::lock::Busy;
use crate::lab::secrets::SecretsError;
use crate::lab::{LabLoadError, ResolveError, Text};

use super::error::{Problem, Remedy};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LifecycleError {
    /// The lab named is not a lab Nivel can find, or cannot be written to the data folder.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// Its `lab.toml` has errors.
    #[error(transparent)]
    LabFile(#[from] LabLoadError),
    /// Its compose project cannot be loaded.
    #[error(transparent)]
    Compose(#[from] LoadError),
    /// Another operation holds the lab and the caller chose not to wait.
    #[error(transparent)]
    Busy(#[from] Busy),
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The lab did not come up (or down) as asked.
    #[error(transparent)]
    Lab(#[from] LabError),
    #[error(transparent)]
    Reset(#[from] ResetError),
    /// The secrets of its credentials cannot be read or kept.
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    /// An image archive could not be written or loaded.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// The readiness check says this machine cannot take the lab now. `offset` is the port
    /// offset that moves every busy port to a free one, when busy ports are all that is wrong.
    #[error("{lab}: not ready")]
    NotReady { lab: String, verdict: Verdict, offset: Option<u16> },
    /// A service the lab does not have.
    #[error("the lab has no service `{service}`")]
    UnknownService { service: String, suggestion: Option<String>, known: Vec<String> },
}

impl LifecycleError {
    /// `service` is not among `known`: the error, with the nearest name when one is close.
    pub fn unknown_service(service: &str, known: Vec<String>) -> LifecycleError {
        let suggestion = crate::compose::did_you_mean(service, known.iter().map(String::as_str)).map(str::to_owned);
        LifecycleError::UnknownService { service: service.to_owned(), suggestion, known }
    }

    fn inner(&self) -> Option<&dyn Problem> {
        Some(match self {
            LifecycleError::Resolve(e) => e,
            LifecycleError::LabFile(e) => e,
            LifecycleError::Compose(e) => e,
            LifecycleError::Busy(e) => e,
            LifecycleError::Engine(e) => e,
            LifecycleError::Lab(e) => e,
            LifecycleError::Reset(e) => e,
            LifecycleError::Secrets(e) => e,
            LifecycleError::Archive(e) => e,
            LifecycleError::NotReady { .. } | LifecycleError::UnknownService { .. } => return None,
        })
    }
}

impl Problem for LifecycleError {
    fn code(&self) -> &'static str {
        match self {
            LifecycleError::NotReady { .. } => "lab.not_ready",
            LifecycleError::UnknownService { .. } => "lab.unknown_service",
            other => other.inner().map_or("lab.failed", Problem::code),
        }
    }

    fn text(&self) -> Text {
        match self {
            LifecycleError::NotReady { lab, verdict, .. } => {
                let blockers: Vec<&str> = verdict.reasons.iter().filter(|r| r.severity == Severity::Blocker).map(|r| r.message.en.as_str()).collect();
                let bloqueos: Vec<&str> = verdict.reasons.iter().filter(|r| r.severity == Severity::Blocker).map(|r| r.message.es.as_str()).collect();
                Text::new(
                    format!("este equipo no puede arrancar {lab} ahora: {}", bloqueos.join("; ")),
                    format!("this machine cannot start {lab} now: {}", blockers.join("; ")),
                )
            }
            LifecycleError::UnknownService { service, suggestion, known } => match suggestion {
                Some(s) => Text::new(
                    format!("el laboratorio no tiene el servicio `{service}`; ¿quiso decir `{s}`?"),
                    format!("the lab has no service `{service}`; did you mean `{s}`?"),
                ),
                None => Text::new(
                    format!("el laboratorio no tiene el servicio `{service}`; sus servicios son: {}", known.join(", ")),
                    format!("the lab has no service `{service}`; its services are: {}", known.join(", ")),
                ),
            },
            other => other.inner().map_or_else(|| Text::new(other.to_string(), other.to_string()), Problem::text),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            LifecycleError::NotReady { offset: Some(offset), .. } => Some(Remedy::PortOffset { offset: *offset }),
            LifecycleError::NotReady { .. } => Some(Remedy::StartAnyway),
            LifecycleError::UnknownService { .. } => None,
            other => other.inner().and_then(Problem::remedy),
        }
    }

    fn is_input(&self) -> bool {
        match self {
            LifecycleError::NotReady { .. } => false,
            LifecycleError::UnknownService { .. } => true,
            other => other.inner().is_some_and(Problem::is_input),
        }
    }
}
