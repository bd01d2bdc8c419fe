//! `container`: the service container's state, exit code and resource limits.

use super::target::LabTarget;
use super::verdict::{container_id, Verdict};
use crate::checks::{ContainerCheck, ExpectedState};
use crate::docker::probe::{self, ContainerFacts};
use crate::docker::status::{Health, ServiceState};

pub async fn run(target: &LabTarget, check: &ContainerCheck) -> Verdict {
    let id = match container_id(target, &check.service) {
        Ok(id) => id,
        Err(why) => return Verdict::fail(expected(check), why),
    };
    match probe::lab_container(&target.engine, &target.project, id).await {
        Ok(facts) => evaluate(&facts, check),
        Err(e) => Verdict::fail(expected(check), format!("could not inspect the container: {e}")),
    }
}

pub fn expected(check: &ContainerCheck) -> String {
    let mut parts = Vec::new();
    if let Some(s) = check.state {
        parts.push(state_name(s).to_string());
    }
    if let Some(code) = check.exit_code {
        parts.push(format!("exit code {code}"));
    }
    if let Some(m) = check.max_memory {
        parts.push(format!("memory limit set, at most {}", bytes(m)));
    }
    if let Some(c) = check.max_cpus {
        parts.push(format!("CPU limit set, at most {c}"));
    }
    if parts.is_empty() {
        parts.push("the container exists".into());
    }
    parts.join(", ")
}

pub fn evaluate(facts: &ContainerFacts, check: &ContainerCheck) -> Verdict {
    let mut passed = true;
    let state_ok = match check.state {
        None => true,
        Some(ExpectedState::Running) => facts.state == ServiceState::Running,
        Some(ExpectedState::Healthy) => facts.state == ServiceState::Running && facts.health == Health::Healthy,
        Some(ExpectedState::Exited) => facts.state == ServiceState::Exited,
    };
    passed &= state_ok;
    let mut seen = vec![match facts.health {
        Health::None => facts.state.as_str().to_string(),
        h => format!("{} ({})", facts.state.as_str(), h.as_str()),
    }];
    if let Some(want) = check.exit_code {
        // A running container has no exit code yet, whatever the engine's field says.
        let code = facts.exit_code.filter(|_| !facts.state.is_up());
        passed &= code == Some(want);
        seen.push(code.map_or_else(|| "no exit code yet".to_string(), |c| format!("exit code {c}")));
    }
    if check.max_memory.is_some() || facts.memory.is_some() {
        passed &= memory_ok(facts.memory, check.max_memory);
        seen.push(facts.memory.map_or_else(|| "no memory limit".to_string(), |m| format!("memory limit {}", bytes(m))));
    }
    if check.max_cpus.is_some() || cpus(facts).is_some() {
        passed &= cpus_ok(cpus(facts), check.max_cpus);
        seen.push(cpus(facts).map_or_else(|| "no CPU limit".to_string(), |c| format!("CPU limit {}", round(c))));
    }
    Verdict { passed, expected: expected(check), observed: seen.join(", ") }
}

/// A limit is asked for: it must be set and within it.
pub fn memory_ok(limit: Option<u64>, max: Option<u64>) -> bool {
    match max {
        None => true,
        Some(max) => limit.is_some_and(|l| l <= max),
    }
}

pub fn cpus_ok(limit: Option<f64>, max: Option<f64>) -> bool {
    match max {
        None => true,
        // NanoCpus is whole nanoCPUs: `cpus: 0.5` comes back as exactly 0.5, but a quota over
        // a period may not divide evenly.
        Some(max) => limit.is_some_and(|l| l <= max + 1e-6),
    }
}

/// The container's CPU limit in CPUs: `NanoCpus` (compose `cpus`), else quota over period.
pub fn cpus(facts: &ContainerFacts) -> Option<f64> {
    if let Some(n) = facts.nano_cpus {
        return Some(n as f64 / 1e9);
    }
    match (facts.cpu_quota, facts.cpu_period) {
        (Some(q), Some(p)) => Some(q as f64 / p as f64),
        // The engine's default period is 100 ms.
        (Some(q), None) => Some(q as f64 / 100_000.0),
        _ => None,
    }
}

fn state_name(s: ExpectedState) -> &'static str {
    match s {
        ExpectedState::Running => "running",
        ExpectedState::Healthy => "running (healthy)",
        ExpectedState::Exited => "exited",
    }
}

fn round(c: f64) -> String {
    let s = format!("{c:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `512MiB`, `1.5GiB`, `1000B`: binary units, as lab files write them.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["GiB", "MiB", "KiB", "B"];
    for (i, unit) in UNITS.iter().enumerate() {
        let size = 1u64 << (10 * (3 - i));
        if n >= size && (size == 1 || n % (size / 4) == 0 || i == 0) {
            return if n % size == 0 { format!("{}{unit}", n / size) } else { format!("{}{unit}", round(n as f64 / size as f64)) };
        }
    }
    format!("{n}B")
}

#[cfg(test)]
#[path = "container_tests.rs"]
mod tests;
