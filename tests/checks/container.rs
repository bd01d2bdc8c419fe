//! `container` checks: limits set in compose and read back from the engine; states.

use std::process::Command;

use nivel::checks::{CheckKind, ContainerCheck, ExpectedState, LabTarget};

use super::{run_one, rt, up};
use crate::engine::lab::TestLab;

const LIMITED: &str = r#"
services:
  api:
    image: IMAGE
    command: ["sleep", "600"]
    mem_limit: 64m
    cpus: 0.5
  worker:
    image: IMAGE
    command: ["sleep", "600"]
    deploy:
      resources:
        limits: {memory: 32M, cpus: "0.25"}
  free:
    image: IMAGE
    command: ["sh", "-c", "trap 'exit 3' TERM; while true; do sleep 1; done"]
"#;

const MIB: u64 = 1024 * 1024;

fn check(service: &str) -> ContainerCheck {
    ContainerCheck { service: service.into(), state: None, exit_code: None, max_memory: None, max_cpus: None }
}

#[test]
fn limits_set_in_compose_are_read_back_and_compared() {
    let Some(lab) = TestLab::new("check-limits", LIMITED) else { return };
    let target = up(&lab);
    let within = ContainerCheck { state: Some(ExpectedState::Running), max_memory: Some(128 * MIB), max_cpus: Some(1.0), ..check("api") };
    let o = run_one(&target, CheckKind::Container(within));
    assert!(o.passed, "64 MiB and half a CPU are within: {o:?}");
    assert_eq!(o.observed.en, "running, memory limit 64MiB, CPU limit 0.5", "the limits as the engine holds them");

    let deploy = run_one(&target, CheckKind::Container(ContainerCheck { max_memory: Some(32 * MIB), max_cpus: Some(0.25), ..check("worker") }));
    assert!(deploy.passed, "deploy.resources.limits count too: {deploy:?}");

    let tight = run_one(&target, CheckKind::Container(ContainerCheck { max_memory: Some(32 * MIB), ..check("api") }));
    assert!(!tight.passed, "64 MiB is over 32 MiB");
    assert_eq!(tight.expected.en, "memory limit set, at most 32MiB", "expected in words");

    let unlimited = run_one(&target, CheckKind::Container(ContainerCheck { max_memory: Some(512 * MIB), max_cpus: Some(2.0), ..check("free") }));
    assert!(!unlimited.passed, "no limits set is not within any");
    assert_eq!(unlimited.observed.en, "running, no memory limit, no CPU limit", "says none is set");
}

#[test]
fn a_stopped_service_shows_exited_with_its_code() {
    let Some(lab) = TestLab::new("check-state", LIMITED) else { return };
    let target = up(&lab);
    let exited = ContainerCheck { state: Some(ExpectedState::Exited), exit_code: Some(3), ..check("free") };
    let before = run_one(&target, CheckKind::Container(exited.clone()));
    assert!(!before.passed, "still running");
    assert_eq!(before.observed.en, "running, no exit code yet", "running has no exit code");

    let id = lab.container("free");
    let out = Command::new("docker").args(["stop", "-t", "5", &id]).output().unwrap();
    assert!(out.status.success(), "docker stop: {}", String::from_utf8_lossy(&out.stderr));
    // The lab still runs (api, worker); the target is read again as `nivel check` would.
    let target = rt().block_on(LabTarget::connect(&lab.engine, &lab.project, &lab.project, std::time::SystemTime::now())).unwrap();
    let after = run_one(&target, CheckKind::Container(exited));
    assert!(after.passed, "exited with the trap's 3: {after:?}");
    let running = run_one(&target, CheckKind::Container(ContainerCheck { state: Some(ExpectedState::Running), ..check("free") }));
    assert!(!running.passed && running.observed.en == "exited", "{running:?}");
}
