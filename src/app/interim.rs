//! Until the library's own error types speak [`Problem`] themselves, the use cases read them
//! through these: a stable code, the message each already writes in both languages, and the
//! remedy as data. Replaced by the types' own implementations when those land.

use crate::compose::LoadError;
use crate::docker::reset::ResetError;
use crate::docker::{EngineError, LabError};
use crate::i18n::Lang;
use crate::lab::lock::Busy;
use crate::lab::{LabLoadError, ResolveError, Text};
use crate::progress::StoreError;

use super::error::{Problem, Remedy};

fn both(message: impl Fn(Lang) -> String) -> Text {
    Text::new(message(Lang::Es), message(Lang::En))
}

impl Problem for EngineError {
    fn code(&self) -> &'static str {
        match self {
            EngineError::NotRunning { .. } => "engine.not_running",
            EngineError::PermissionDenied { .. } => "engine.permission_denied",
            EngineError::Unsupported { .. } => "engine.unsupported",
            EngineError::NoAnswer { .. } => "engine.no_answer",
            EngineError::Closed { .. } => "engine.closed",
            EngineError::TooMuch { .. } => "engine.too_much",
            EngineError::NotDocker { .. } => "engine.not_docker",
            EngineError::Unreadable { .. } => "engine.unreadable",
            EngineError::Api { .. } => "engine.refused",
            EngineError::Transport { .. } => "engine.lost",
            EngineError::Image(_) => "image.failed",
        }
    }
    fn text(&self) -> Text {
        both(|l| self.message(l))
    }
    fn remedy(&self) -> Option<Remedy> {
        matches!(self, EngineError::NotRunning { .. } | EngineError::Closed { .. } | EngineError::NoAnswer { .. }).then_some(Remedy::StartEngine)
    }
}

impl Problem for LabError {
    fn code(&self) -> &'static str {
        match self {
            LabError::Load(_) => "compose.invalid",
            LabError::PortsBusy(_) => "ports.busy",
            LabError::Engine(e) => e.code(),
            LabError::Services(_) => "lab.services_failed",
            LabError::Timeout { .. } => "lab.timeout",
        }
    }
    fn text(&self) -> Text {
        both(|l| self.message(l))
    }
    fn remedy(&self) -> Option<Remedy> {
        match self {
            LabError::PortsBusy(ports) => {
                let offset = ports.iter().filter_map(|p| p.suggestion.map(|s| s.saturating_sub(p.wanted.port))).max()?;
                Some(Remedy::PortOffset { offset })
            }
            LabError::Timeout { after, .. } => Some(Remedy::WaitLonger { seconds: after.as_secs().saturating_mul(2) }),
            LabError::Engine(e) => e.remedy(),
            _ => None,
        }
    }
    fn is_input(&self) -> bool {
        self.exit_code() == 2
    }
}

impl Problem for ResetError {
    fn code(&self) -> &'static str {
        match self {
            ResetError::UnknownService(_) => "lab.unknown_service",
            ResetError::Engine(e) => e.code(),
        }
    }
    fn text(&self) -> Text {
        match self {
            ResetError::Engine(e) => e.text(),
            other => Text::new(other.to_string(), other.to_string()),
        }
    }
    fn is_input(&self) -> bool {
        self.exit_code() == 2
    }
}

impl Problem for StoreError {
    fn code(&self) -> &'static str {
        "progress.store"
    }
    fn text(&self) -> Text {
        both(|l| self.message(l))
    }
    fn is_input(&self) -> bool {
        StoreError::is_input(self)
    }
}

impl Problem for LoadError {
    fn code(&self) -> &'static str {
        "compose.invalid"
    }
    fn text(&self) -> Text {
        Text::new(self.to_string(), self.to_string())
    }
    fn is_input(&self) -> bool {
        true
    }
}

impl Problem for ResolveError {
    fn code(&self) -> &'static str {
        match self {
            ResolveError::Unknown(_) => "lab.unknown",
            ResolveError::NotALab { .. } => "lab.not_a_lab",
            ResolveError::Install(_) => "data.unwritable",
        }
    }
    fn text(&self) -> Text {
        match self {
            ResolveError::Install(e) => e.text(),
            other => Text::new(other.to_string(), other.to_string()),
        }
    }
    fn is_input(&self) -> bool {
        !matches!(self, ResolveError::Install(_))
    }
}

impl Problem for LabLoadError {
    fn code(&self) -> &'static str {
        "lab.file_invalid"
    }
    fn text(&self) -> Text {
        Text::new(self.to_string(), self.to_string())
    }
    fn remedy(&self) -> Option<Remedy> {
        Some(Remedy::FixLabFile { path: self.dir.join(crate::lab::LAB_FILE).display().to_string() })
    }
    fn is_input(&self) -> bool {
        true
    }
}

impl Problem for Busy {
    fn code(&self) -> &'static str {
        "lab.busy"
    }
    fn text(&self) -> Text {
        self.describe(std::time::SystemTime::now())
    }
    fn remedy(&self) -> Option<Remedy> {
        Some(Remedy::WaitForOperation)
    }
}

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.describe(std::time::SystemTime::now()).en)
    }
}

impl std::error::Error for Busy {}
