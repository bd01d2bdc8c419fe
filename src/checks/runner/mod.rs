//! Runs an exercise's checks against a running lab, all at once, each within its timeout,
//! and reports for each what it expected next to what it observed.
//!
//! The safety rule of lab files lives here in code: `http` and `tcp` checks connect only to
//! 127.0.0.1 or ::1, on a port the lab's own service publishes ([`verdict::published_addr`]);
//! `exec`, `file` and `container` checks only touch containers carrying the lab's project
//! label ([`crate::docker::probe`]).

mod container;
mod exec;
mod excerpt;
mod file;
mod http;
mod json;
mod net;
mod target;
#[cfg(test)]
pub(crate) use target::tests as target_tests;
mod tcp;
mod verdict;
mod words;

use std::time::{Duration, Instant, SystemTime};

use futures_util::future::join_all;
use serde::{Serialize, Serializer};

pub use target::{LabTarget, TargetError};
pub(crate) use target::ServiceAt;
#[cfg(feature = "internals")]
pub use {
    excerpt::EXCERPT_CHARS,
    http::MAX_BODY,
    target::{Published, TargetService},
};

use super::{Check, CheckKind};
use crate::lab::Text;
use verdict::Verdict;

/// The result of one check.
#[derive(Clone, Debug, Serialize)]
pub struct CheckOutcome {
    /// `http`, `exec`, `tcp`, `container` or `file`.
    pub kind: &'static str,
    pub service: String,
    pub passed: bool,
    /// What the check asks for, in words, in both languages (`{"es", "en"}` in JSON).
    pub expected: Text,
    /// What it saw: status and body excerpt, exit code and output, the connection error…; in
    /// both languages, with raw data (bodies, output, paths) the same in each.
    pub observed: Text,
    #[serde(rename = "duration_ms", serialize_with = "millis")]
    pub duration: Duration,
    /// The check's own message for the student, shown when it fails.
    pub message: Option<Text>,
}

/// The results of one exercise's checks, in the order the lab file lists them.
#[derive(Clone, Debug, Serialize)]
pub struct ExerciseResult {
    /// When the run started (as the caller passed it).
    #[serde(serialize_with = "unix_seconds")]
    pub at: SystemTime,
    /// Every check passed (and there was at least one).
    pub passed: bool,
    pub checks: Vec<CheckOutcome>,
    #[serde(rename = "duration_ms", serialize_with = "millis")]
    pub duration: Duration,
}

/// Runs `checks` concurrently against `target`; `now` is recorded as the run's time.
pub async fn run_exercise(target: &LabTarget, checks: &[Check], now: SystemTime) -> ExerciseResult {
    let started = Instant::now();
    let outcomes = join_all(checks.iter().map(|c| run_check(target, c))).await;
    ExerciseResult {
        at: now,
        passed: !outcomes.is_empty() && outcomes.iter().all(|o| o.passed),
        checks: outcomes,
        duration: started.elapsed(),
    }
}

/// Runs one check within its timeout.
pub async fn run_check(target: &LabTarget, check: &Check) -> CheckOutcome {
    let started = Instant::now();
    let verdict = match tokio::time::timeout(check.timeout, verdict(target, &check.kind)).await {
        Ok(v) => v,
        Err(_) => {
            let within = seconds(check.timeout);
            Verdict::fail(expected(&check.kind), Text::new(format!("sin resultado en {within}"), format!("no result within {within}")))
        }
    };
    CheckOutcome {
        kind: check.kind.name(),
        service: check.kind.service().to_string(),
        passed: verdict.passed,
        expected: verdict.expected,
        observed: verdict.observed,
        duration: started.elapsed(),
        message: check.message.clone(),
    }
}

async fn verdict(target: &LabTarget, kind: &CheckKind) -> Verdict {
    match kind {
        CheckKind::Http(c) => http::run(target, c).await,
        CheckKind::Exec(c) => exec::run(target, c).await,
        CheckKind::Tcp(c) => tcp::run(target, c).await,
        CheckKind::Container(c) => container::run(target, c).await,
        CheckKind::File(c) => file::run(target, c).await,
    }
}

/// What a check of `kind` looks for, in words, before it runs.
pub fn expected(kind: &CheckKind) -> Text {
    match kind {
        CheckKind::Http(c) => http::expected(c),
        CheckKind::Exec(c) => exec::expected(c),
        CheckKind::Tcp(c) => tcp::expected(c),
        CheckKind::Container(c) => container::expected(c),
        CheckKind::File(c) => file::expected(c),
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 { format!("{s:.0}s") } else { format!("{s:.1}s") }
}

fn millis<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn unix_seconds<S: Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs()))
}
