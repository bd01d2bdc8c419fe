//! The runner's limits, against the real engine: containers outside the lab are never touched,
//! and a lab that is not running is a typed error that says how to start it.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::SystemTime;

use nivel::checks::runner::TargetService;
use nivel::checks::{CheckKind, ContainerCheck, ExecCheck, FileCheck, LabTarget, TargetError};

use super::{rt, run_one, web_lab};
use crate::common::images::busybox;

/// A container with no compose labels, removed on drop.
struct Decoy(String);

impl Drop for Decoy {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["rm", "-f", &self.0]).output();
    }
}

#[test]
fn containers_without_the_labs_label_are_never_touched() {
    let Some((lab, mut target)) = web_lab("check-decoy") else { return };
    let out = Command::new("docker").args(["run", "-d", busybox(), "sleep", "600"]).output().unwrap();
    let decoy = Decoy(String::from_utf8_lossy(&out.stdout).trim().to_string());
    assert!(!decoy.0.is_empty(), "the decoy started: {}", String::from_utf8_lossy(&out.stderr));
    // A target pointing a service at the decoy, as a tampered target would.
    target.services.insert("web".into(), TargetService { container_id: decoy.0.clone(), on: None, ports: BTreeMap::new() });

    let exec = CheckKind::Exec(ExecCheck {
        service: "web".into(),
        command: vec!["touch".into(), "/tmp/touched".into()],
        user: None,
        expect_exit: 0,
        expect_stdout: None,
    });
    let file = CheckKind::File(FileCheck { service: "web".into(), path: "/etc/passwd".into(), contains: None });
    let container = CheckKind::Container(ContainerCheck { service: "web".into(), state: None, exit_code: None, max_memory: None, max_cpus: None });
    for kind in [exec, file, container] {
        let o = run_one(&target, kind);
        assert!(!o.passed, "{} on a foreign container fails", o.kind);
        assert!(o.observed.en.contains(&format!("does not belong to lab project {}", lab.project)), "{}: {}", o.kind, o.observed.en);
        assert!(o.observed.es.contains(&format!("no pertenece al proyecto del laboratorio {}", lab.project)), "{}: {}", o.kind, o.observed.es);
    }
    let seen = Command::new("docker").args(["exec", &decoy.0, "ls", "/tmp"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&seen.stdout).contains("touched"), "the command never ran in the decoy");
}

#[test]
fn a_lab_that_is_not_running_says_how_to_start_it() {
    let Some(engine) = crate::common::engine::engine() else { return };
    let project = format!("nivel-test-absent-{}", std::process::id());
    let err = rt().block_on(LabTarget::connect(&engine, &project, "level-2", SystemTime::now())).expect_err("nothing runs");
    assert!(matches!(err, TargetError::NotRunning { .. }), "typed: {err:?}");
    let text = nivel::app::Problem::text(&err);
    assert_eq!(text.en, "lab level-2 is not running", "English");
    assert_eq!(text.es, "el laboratorio level-2 no está en marcha", "Spanish");
    assert_eq!(nivel::app::Problem::remedy(&err), Some(nivel::app::Remedy::StartLab { lab: "level-2".into() }), "the remedy starts it");
}

#[test]
fn a_lab_whose_containers_are_all_stopped_is_not_running() {
    let Some((lab, _)) = web_lab("check-stopped") else { return };
    for service in ["web", "quiet"] {
        let id = lab.container(service);
        let out = Command::new("docker").args(["stop", "-t", "1", &id]).output().unwrap();
        assert!(out.status.success(), "docker stop {service}");
    }
    let err = rt().block_on(LabTarget::connect(&lab.engine, &lab.project, &lab.project, SystemTime::now())).expect_err("all stopped");
    assert!(matches!(err, TargetError::NotRunning { .. }), "stopped containers are not a running lab: {err:?}");
}
