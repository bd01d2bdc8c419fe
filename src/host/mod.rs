//! Host readiness: can this machine run a lab, and if not, exactly why and what to do.
//! Facts about the machine, the engine and the lab are gathered once ([`facts`]); pure rules
//! judge them against the lab's requirements ([`rules`]). `nivel doctor` prints both; `up`
//! and `labs` call [`readiness`].

pub mod bundle;
pub mod facts;
pub mod rules;

use std::time::SystemTime;

use serde::Serialize;

use crate::docker::{Engine, EngineError};
use crate::lab::Requirements;

pub use facts::{gather, HostFacts, LabFacts, LabTarget, Snapshot};
pub use rules::{judge, Level, Reason, Severity, Verdict};

/// One lab's readiness, with the facts it was judged on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Readiness {
    pub host: HostFacts,
    pub lab: LabFacts,
    pub verdict: Verdict,
}

/// Gathers the facts and judges `target` against `req`. `engine` is the connected engine, or
/// the address tried and why it failed; `now` is when.
pub async fn readiness(
    engine: Result<&Engine, (&str, &EngineError)>,
    target: &LabTarget<'_>,
    req: &Requirements,
    now: SystemTime,
) -> Readiness {
    let snapshot = gather(engine, now).await;
    let (lab, verdict) = snapshot.judge(target, req);
    Readiness { host: snapshot.facts, lab, verdict }
}

impl Snapshot {
    /// One lab's facts and its verdict against `req`, from facts gathered once.
    pub fn judge(&self, target: &LabTarget<'_>, req: &Requirements) -> (LabFacts, Verdict) {
        let lab = self.lab(target);
        let verdict = judge(&self.facts, &lab, req);
        (lab, verdict)
    }
}
