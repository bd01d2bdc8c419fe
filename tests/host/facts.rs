//! Facts the doctor gathers from this machine and the real engine (`nivel::app::doctor`),
//! checked against the OS's own tables and the docker CLI.

use std::path::Path;
use std::process::Command;

use nivel::app::doctor::{judge, DoctorReport, LabToJudge};
use nivel::app::Level;
use nivel::compose::{self, ProjectOptions};
use nivel::lab::Requirements;

use crate::app::context;
use crate::common::engine::engine;
use crate::engine::lab::TestLab;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// The doctor's report on this machine and the engine the docker CLI would use, judging `labs`.
fn doctor(labs: Vec<LabToJudge>) -> DoctorReport {
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), data.path());
    rt().block_on(judge(&ctx, labs)).1
}

/// The compose project `name` in `dir`, as a lab to judge against `requirements`.
fn to_judge(dir: &Path, name: &str, compose_yaml: &str, requirements: Requirements) -> LabToJudge {
    std::fs::write(dir.join("compose.yaml"), compose_yaml).unwrap();
    let opts = ProjectOptions { files: vec![dir.join("compose.yaml")], name: Some(name.into()), cwd: dir.to_path_buf(), ..Default::default() };
    let project = compose::load_project(&opts).unwrap().project;
    LabToJudge { id: name.into(), level: None, project, requirements }
}

fn command(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn meminfo_total() -> u64 {
    let text = std::fs::read_to_string("/proc/meminfo").unwrap();
    let line = text.lines().find(|l| l.starts_with("MemTotal:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

#[test]
fn facts_match_this_machine_and_the_engine() {
    if engine().is_none() {
        return;
    }
    let report = doctor(vec![]);
    let m = &report.facts.machine;
    let total = meminfo_total();
    let off = (m.memory_total as f64 - total as f64).abs() / total as f64;
    assert!(off < 0.02, "memory total {} is within 2% of /proc/meminfo's {total} (off by {:.2}%)", m.memory_total, off * 100.0);
    assert_eq!(m.cpus.to_string(), command("nproc", &[]), "CPU count equals nproc");
    assert!(!m.os.is_empty() && !m.cpu_model.is_empty(), "OS and CPU model are named: {m:?}");
    let e = &report.facts.engine;
    assert!(e.is_reachable(), "the engine answered: {e:?}");
    let info = e.info.as_ref().unwrap();
    assert_eq!(info.version, command("docker", &["version", "--format", "{{.Server.Version}}"]), "the version the docker CLI sees");
    assert_eq!(info.api_version, command("docker", &["version", "--format", "{{.Server.APIVersion}}"]), "the negotiated API version");
    assert_eq!(info.cpus.to_string(), command("docker", &["info", "--format", "{{.NCPU}}"]), "the engine's own CPU count");
    assert_eq!(info.memory.to_string(), command("docker", &["info", "--format", "{{.MemTotal}}"]), "the engine's own memory");
    assert_eq!(info.root_dir, command("docker", &["info", "--format", "{{.DockerRootDir}}"]), "where the engine keeps its data");
    assert!(e.root_dir_free.is_some_and(|f| f > 0), "a local engine's root dir has a known free space: {e:?}");
    assert_eq!(e.vm, None, "this engine runs on the machine itself");
}

#[test]
fn a_port_held_by_this_process_is_reported_with_its_pid() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let compose_yaml = format!("services:\n  web:\n    image: nivel-test/none:1\n    ports: [\"127.0.0.1:{port}:80\"]\n");
    let report = doctor(vec![to_judge(dir.path(), "nivel-test-doctor-port", &compose_yaml, Requirements::default())]);
    let r = &report.labs[0];
    let busy: Vec<_> = r.facts.busy_ports().map(|(p, b)| (p.port, b.pid)).collect();
    assert_eq!(busy, [(port, Some(std::process::id()))], "the test's own listener holds the port");
    assert_eq!(r.verdict.level, Level::NotReady, "a busy port blocks the lab");
    let reason = r.verdict.reasons.iter().find(|r| r.code == "port.busy").expect("a port.busy reason");
    assert!(reason.message.en.contains(&format!("(pid {})", std::process::id())), "the pid is named: {}", reason.message.en);
    drop(listener);
}

#[test]
fn memory_held_by_a_running_lab_is_counted_and_named() {
    let Some(lab) = TestLab::new("doctor-held", "services:\n  web:\nWEB\n") else { return };
    lab.up().0.expect("the lab starts");
    let report = doctor(vec![]);
    let held = report.facts.engine.running.iter().find(|p| p.project.as_deref() == Some(lab.project.as_str()));
    let held = held.unwrap_or_else(|| panic!("the running lab is listed: {:?}", report.facts.engine.running));
    assert_eq!((held.containers, held.lab.as_deref()), (1, Some(lab.project.as_str())), "one container, labelled with its lab");
    assert!(held.memory > 0, "its memory comes from the engine's stats: {held:?}");

    let other = tempfile::tempdir().unwrap();
    let capacity = report.facts.engine.info.as_ref().unwrap().memory;
    let twice = Requirements { memory: Some(capacity * 2), ..Default::default() };
    let report = doctor(vec![to_judge(other.path(), "nivel-test-doctor-other", "services:\n  x:\n    image: nivel-test/none:1\n", twice)]);
    let verdict = &report.labs[0].verdict;
    let memory = verdict.reasons.iter().find(|r| r.code == "memory.short").expect("twice the engine's memory is short");
    let remedy = memory.remedy.clone().unwrap_or_default();
    assert!(remedy.en.contains(&format!("stop the {} lab that holds", lab.project)), "the running lab is named as a way out: {}", remedy.en);
}
