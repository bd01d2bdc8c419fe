//! The readiness rules: pure functions from facts and a lab's requirements to a verdict,
//! each reason with a stable code, and a message and remedy in Spanish and English.
//!
//! Memory and disk are compared with one tolerance, [`size::TOLERANCE`]: having at least what is
//! needed is fine; having less, but within 10% of it, is *tight* (a warning: a "6 GB" laptop
//! that reports 5.8 GiB runs the lab, with little to spare); less than that is *short* and
//! the lab is not ready. CPUs below the stated count only warn: the lab runs, more slowly.

mod engine;
mod ports;
mod registries;
mod resources;
mod size;
#[cfg(test)]
mod tests;

use serde::Serialize;

use super::facts::{HostFacts, LabFacts};
use crate::docker::registry::HubPulls;
use crate::lab::{Requirements, Text};

pub use registries::{hub_figure, RegistryFact};
pub use size::{gib, gib_up};
#[cfg(test)]
use size::TOLERANCE;

/// How ready a lab is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ready,
    ReadyWithWarnings,
    NotReady,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ready => "ready",
            Level::ReadyWithWarnings => "ready_with_warnings",
            Level::NotReady => "not_ready",
        }
    }

    /// The level in words, for people.
    pub fn label(self) -> Text {
        match self {
            Level::Ready => Text::new("listo", "ready"),
            Level::ReadyWithWarnings => Text::new("listo, con avisos", "ready, with warnings"),
            Level::NotReady => Text::new("no está listo", "not ready"),
        }
    }
}

/// How much a reason weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing (images to download); the lab is ready.
    Note,
    /// The lab runs, with a risk or more slowly.
    Warning,
    /// The lab cannot run until this is fixed.
    Blocker,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Reason {
    /// Stable, for programs: `memory.short`, `port.busy`…
    pub code: &'static str,
    pub severity: Severity,
    pub message: Text,
    /// What to do about it, when anything can be done.
    pub remedy: Option<Text>,
}

/// The judgement of one lab on this machine.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Verdict {
    pub level: Level,
    /// Blockers first, then warnings, then notes.
    pub reasons: Vec<Reason>,
}

impl Verdict {
    fn of(mut reasons: Vec<Reason>) -> Verdict {
        reasons.sort_by_key(|r| std::cmp::Reverse(r.severity));
        let level = match reasons.iter().map(|r| r.severity).max() {
            Some(Severity::Blocker) => Level::NotReady,
            Some(Severity::Warning) => Level::ReadyWithWarnings,
            Some(Severity::Note) | None => Level::Ready,
        };
        Verdict { level, reasons }
    }

    /// This verdict with the registries' reasons added, and Docker Hub's figure of pulls left
    /// (`hub`, when it was asked) weighed against the images the lab pulls from it.
    #[must_use]
    pub fn with_registries(self, facts: &[RegistryFact], hub: Option<&HubPulls>) -> Verdict {
        let from_hub = facts.iter().find(|f| f.registry == "docker.io").map(|f| f.images.as_slice()).filter(|i| !i.is_empty());
        let hub = hub.zip(from_hub).map(|(pulls, images)| registries::docker_hub(pulls, images));
        Verdict::of(self.reasons.into_iter().chain(registries::registries(facts)).chain(hub).collect())
    }

    /// Whether `nivel up` may go ahead.
    pub fn is_ready(&self) -> bool {
        self.level != Level::NotReady
    }
}

/// Judges `lab` on this machine against `req`.
pub fn judge(host: &HostFacts, lab: &LabFacts, req: &Requirements) -> Verdict {
    let mut reasons = Vec::new();
    reasons.extend(engine::reasons(&host.engine, req));
    reasons.extend(resources::memory(host, lab, req));
    reasons.extend(resources::cpus(host, lab, req));
    reasons.extend(resources::disk(host, lab, req));
    reasons.extend(ports::busy(lab));
    reasons.extend(ports::images(lab));
    Verdict::of(reasons)
}
