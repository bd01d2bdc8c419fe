//! `container`: the service container's state, exit code and resource limits.

use super::target::LabTarget;
use super::verdict::{container_id, probe_failed, Verdict};
use crate::checks::{ContainerCheck, ExpectedState};
use crate::docker::probe::{self, ContainerFacts};
use crate::docker::status::{Health, ServiceState};
use crate::lab::Text;

pub async fn run(target: &LabTarget, check: &ContainerCheck) -> Verdict {
    let container = match container_id(target, &check.service) {
        Ok(c) => c,
        Err(why) => return Verdict::fail(expected(check), why),
    };
    match probe::lab_container(&target.engine, &target.project, container).await {
        Ok(facts) => evaluate(&facts, check),
        Err(e) => Verdict::fail(
            expected(check),
            probe_failed(Text::new("no se pudo inspeccionar el contenedor", "could not inspect the container"), &e),
        ),
    }
}

pub fn expected(check: &ContainerCheck) -> Text {
    let mut parts = Vec::new();
    if let Some(s) = check.state {
        parts.push(state_name(s));
    }
    if let Some(code) = check.exit_code {
        parts.push(exit_code(code));
    }
    if let Some(m) = check.max_memory {
        parts.push(Text::new(format!("límite de memoria fijado, como máximo {}", bytes(m)), format!("memory limit set, at most {}", bytes(m))));
    }
    if let Some(c) = check.max_cpus {
        parts.push(Text::new(format!("límite de CPU fijado, como máximo {c}"), format!("CPU limit set, at most {c}")));
    }
    if parts.is_empty() {
        parts.push(Text::new("que exista el contenedor", "the container exists"));
    }
    Text::join(&parts, ", ")
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
    let state = state_words(facts.state);
    let mut seen = vec![match health_words(facts.health) {
        None => state,
        Some(h) => Text::new(format!("{} ({})", state.es, h.es), format!("{} ({})", state.en, h.en)),
    }];
    if let Some(want) = check.exit_code {
        // A running container has no exit code yet, whatever the engine's field says.
        let code = facts.exit_code.filter(|_| !facts.state.is_up());
        passed &= code == Some(want);
        seen.push(code.map_or_else(|| Text::new("aún sin código de salida", "no exit code yet"), exit_code));
    }
    if check.max_memory.is_some() || facts.memory.is_some() {
        passed &= memory_ok(facts.memory, check.max_memory);
        seen.push(facts.memory.map_or_else(
            || Text::new("sin límite de memoria", "no memory limit"),
            |m| Text::new(format!("límite de memoria {}", bytes(m)), format!("memory limit {}", bytes(m))),
        ));
    }
    if check.max_cpus.is_some() || cpus(facts).is_some() {
        passed &= cpus_ok(cpus(facts), check.max_cpus);
        seen.push(cpus(facts).map_or_else(
            || Text::new("sin límite de CPU", "no CPU limit"),
            |c| Text::new(format!("límite de CPU {}", round(c)), format!("CPU limit {}", round(c))),
        ));
    }
    Verdict { passed, expected: expected(check), observed: Text::join(&seen, ", ") }
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

fn state_name(s: ExpectedState) -> Text {
    match s {
        ExpectedState::Running => state_words(ServiceState::Running),
        ExpectedState::Healthy => Text::new("en marcha (saludable)", "running (healthy)"),
        ExpectedState::Exited => state_words(ServiceState::Exited),
    }
}

fn exit_code(code: i64) -> Text {
    Text::new(format!("código de salida {code}"), format!("exit code {code}"))
}

/// A container's state as the student reads it; English is the engine's own word.
fn state_words(s: ServiceState) -> Text {
    let es = match s {
        ServiceState::Created => "creado",
        ServiceState::Running => "en marcha",
        ServiceState::Paused => "en pausa",
        ServiceState::Restarting => "reiniciándose",
        ServiceState::Stopping => "deteniéndose",
        ServiceState::Removing => "eliminándose",
        ServiceState::Exited => "terminado",
        ServiceState::Dead => "muerto",
        ServiceState::Unknown => "desconocido",
    };
    Text::new(es, s.as_str())
}

/// The healthcheck's verdict, when the container has a healthcheck.
fn health_words(h: Health) -> Option<Text> {
    let es = match h {
        Health::None => return None,
        Health::Starting => "arrancando",
        Health::Healthy => "saludable",
        Health::Unhealthy => "no saludable",
    };
    Some(Text::new(es, h.as_str()))
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
        if n >= size && (size == 1 || n.is_multiple_of(size / 4) || i == 0) {
            return if n.is_multiple_of(size) { format!("{}{unit}", n / size) } else { format!("{}{unit}", round(n as f64 / size as f64)) };
        }
    }
    format!("{n}B")
}

#[cfg(test)]
#[path = "container_tests.rs"]
mod tests;
