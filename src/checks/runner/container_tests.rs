use super::*;
use crate::lab::Text;

fn facts(state: ServiceState) -> ContainerFacts {
    ContainerFacts {
        id: "abc".into(),
        state,
        health: Health::None,
        exit_code: Some(0),
        memory: None,
        nano_cpus: None,
        cpu_quota: None,
        cpu_period: None,
    }
}

fn check() -> ContainerCheck {
    ContainerCheck { service: "api".into(), state: None, exit_code: None, max_memory: None, max_cpus: None }
}

const MIB: u64 = 1024 * 1024;

#[test]
fn a_memory_limit_must_be_set_and_within_the_maximum() {
    assert!(memory_ok(Some(256 * MIB), Some(512 * MIB)), "under");
    assert!(memory_ok(Some(512 * MIB), Some(512 * MIB)), "at");
    assert!(!memory_ok(Some(513 * MIB), Some(512 * MIB)), "over");
    assert!(!memory_ok(None, Some(512 * MIB)), "unlimited is not within any maximum");
    assert!(memory_ok(None, None), "nothing asked");
}

#[test]
fn cpus_come_from_nano_cpus_or_quota_over_period() {
    let mut f = facts(ServiceState::Running);
    assert_eq!(cpus(&f), None, "no limit");
    f.cpu_quota = Some(150_000);
    assert_eq!(cpus(&f), Some(1.5), "default 100 ms period");
    f.cpu_period = Some(50_000);
    assert_eq!(cpus(&f), Some(3.0), "quota over its period");
    f.nano_cpus = Some(500_000_000);
    assert_eq!(cpus(&f), Some(0.5), "NanoCpus wins");
    assert!(cpus_ok(Some(0.5), Some(0.5)) && !cpus_ok(Some(0.6), Some(0.5)) && !cpus_ok(None, Some(1.0)), "set and within");
}

#[test]
fn limits_read_back_pass_and_show_their_values() {
    let mut f = facts(ServiceState::Running);
    f.memory = Some(64 * MIB);
    f.nano_cpus = Some(500_000_000);
    let c = ContainerCheck { state: Some(ExpectedState::Running), max_memory: Some(128 * MIB), max_cpus: Some(1.0), ..check() };
    let v = evaluate(&f, &c);
    assert!(v.passed, "running and within both limits: {v:?}");
    assert_eq!(v.expected.en, "running, memory limit set, at most 128MiB, CPU limit set, at most 1", "in words");
    assert_eq!(v.expected.es, "en marcha, límite de memoria fijado, como máximo 128MiB, límite de CPU fijado, como máximo 1", "in Spanish");
    assert_eq!(v.observed, Text::new("en marcha, límite de memoria 64MiB, límite de CPU 0.5", "running, memory limit 64MiB, CPU limit 0.5"), "what was read back");
}

#[test]
fn an_unlimited_container_fails_a_limit_check() {
    let v = evaluate(&facts(ServiceState::Running), &ContainerCheck { max_memory: Some(512 * MIB), ..check() });
    assert!(!v.passed, "no limit set");
    assert_eq!(v.observed, Text::new("en marcha, sin límite de memoria", "running, no memory limit"), "says so");
}

#[test]
fn healthy_needs_the_healthcheck_verdict() {
    let c = ContainerCheck { state: Some(ExpectedState::Healthy), ..check() };
    let mut f = facts(ServiceState::Running);
    f.health = Health::Starting;
    let v = evaluate(&f, &c);
    assert!(!v.passed, "still starting");
    assert_eq!(v.observed, Text::new("en marcha (arrancando)", "running (starting)"), "state and health");
    f.health = Health::Healthy;
    assert!(evaluate(&f, &c).passed, "healthy");
}

#[test]
fn an_exit_code_only_counts_once_the_container_stopped() {
    let c = ContainerCheck { state: Some(ExpectedState::Exited), exit_code: Some(0), ..check() };
    let v = evaluate(&facts(ServiceState::Running), &c);
    assert!(!v.passed, "a running container has not exited");
    assert_eq!(v.observed, Text::new("en marcha, aún sin código de salida", "running, no exit code yet"), "the engine's 0 is not an exit code");
    let mut f = facts(ServiceState::Exited);
    assert!(evaluate(&f, &c).passed, "exited with 0");
    f.exit_code = Some(2);
    assert_eq!(evaluate(&f, &c).observed, Text::new("terminado, código de salida 2", "exited, exit code 2"), "the real code");
}

#[test]
fn a_check_with_nothing_asked_wants_the_container_to_exist() {
    assert_eq!(expected(&check()), Text::new("que exista el contenedor", "the container exists"), "both languages");
}

#[test]
fn sizes_print_in_binary_units() {
    assert_eq!(bytes(512 * MIB), "512MiB", "whole MiB");
    assert_eq!(bytes(6 * 1024 * MIB), "6GiB", "whole GiB");
    assert_eq!(bytes(1536 * MIB), "1.5GiB", "a quarter step");
    assert_eq!(bytes(1000), "1000B", "not a round size");
}
