//! The rules on hand-built facts: every verdict, the tolerance's edges, each engine failure,
//! a VM smaller than its host, busy ports with and without a holder, an old engine.

use super::*;
use crate::docker::facts::EngineInfo;
use crate::docker::EngineError;
use crate::host::facts::{Busy, EngineFacts, EngineStatus, EngineVm, ImageFact, ImageStatus, MachineFacts, PortFact, RunningProject};
use crate::lab::EngineVersion;

const GIB: u64 = 1 << 30;

fn host(memory: u64, cpus: u32) -> HostFacts {
    HostFacts {
        nivel_version: "0.1.0".into(),
        gathered_at: 0,
        machine: MachineFacts { os: "Debian GNU/Linux".into(), cpus, memory_total: memory, ..Default::default() },
        engine: EngineFacts {
            host: "unix:///var/run/docker.sock".into(),
            status: EngineStatus::Reachable,
            error: None,
            info: Some(EngineInfo {
                version: "24.0.7".into(),
                cpus,
                memory,
                root_dir: "/var/lib/docker".into(),
                ..Default::default()
            }),
            vm: None,
            root_dir_free: Some(100 * GIB),
            running: Vec::new(),
        },
        docker_hub: None,
    }
}

fn lab() -> LabFacts {
    LabFacts { lab: "level-2".into(), services: vec!["airflow".into(), "minio".into(), "mlflow".into()], ports: Vec::new(), images: Vec::new() }
}

fn needs(memory: Option<u64>) -> Requirements {
    Requirements { memory, ..Default::default() }
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(|r| r.code).collect()
}

/// `n` tenths of a GiB, rounded up to a whole byte.
fn tenths(n: u64) -> u64 {
    (n * GIB).div_ceil(10)
}

#[test]
fn a_lab_without_requirements_on_a_working_engine_is_ready() {
    let v = judge(&host(8 * GIB, 4), &lab(), &Requirements::default());
    assert_eq!(v.level, Level::Ready, "nothing asked, nothing missing: {v:?}");
    assert!(v.reasons.is_empty(), "no reasons: {v:?}");
}

#[test]
fn memory_enough_tight_and_short_around_the_tolerance() {
    let need = Some(6 * GIB);
    let at = |have| judge(&host(have, 4), &lab(), &needs(need));
    assert_eq!(at(6 * GIB).level, Level::Ready, "exactly enough");
    let v = at(tenths(58));
    assert_eq!((v.level, codes(&v)), (Level::ReadyWithWarnings, vec!["memory.tight"]), "a '6 GB' machine reporting 5.8 GiB is tight");
    assert_eq!(
        v.reasons[0].message.en,
        "level-2 (airflow, minio, mlflow) needs 6.0 GiB of memory; the Docker engine has 5.8 GiB: tight, with no margin",
        "services, sizes with one decimal"
    );
    assert!(v.reasons[0].message.es.contains("5,8 GiB"), "Spanish decimal comma: {}", v.reasons[0].message.es);
    let edge = (6.0 * GIB as f64 * (1.0 - TOLERANCE)).ceil() as u64;
    assert_eq!(at(edge).level, Level::ReadyWithWarnings, "exactly at the tolerance is still tight");
    assert_eq!(at(edge - 1).level, Level::NotReady, "one byte below is short");
    let v = at(tenths(38));
    assert_eq!(codes(&v), ["memory.short"], "3.8 GiB for 6 is short");
    assert_eq!(v.reasons[0].remedy.as_ref().map(|r| r.en.as_str()), Some("use a machine with at least 6.0 GiB of memory"), "plain Linux: more memory");
}

#[test]
fn shortfalls_never_read_as_equal_figures() {
    let v = judge(&host(6 * GIB - 1, 4), &lab(), &needs(Some(6 * GIB)));
    assert!(v.reasons[0].message.en.contains("has 5.9 GiB"), "what there is is rounded down: {}", v.reasons[0].message.en);
    let v = judge(&host(5 * GIB, 4), &lab(), &needs(Some(6 * GIB + 1)));
    assert!(v.reasons[0].message.en.contains("needs 6.1 GiB"), "what is needed is rounded up: {}", v.reasons[0].message.en);
    assert_eq!(gib(tenths(12) + 1), Text::new("1,2 GiB", "1.2 GiB"), "other figures to the nearest tenth, with a decimal comma in Spanish");
}

#[test]
fn a_docker_desktop_vm_smaller_than_the_host_is_what_counts() {
    let mut h = host(32 * GIB, 8);
    if let Some(info) = h.engine.info.as_mut() {
        info.memory = tenths(38);
        info.cpus = 2;
        info.operating_system = "Docker Desktop".into();
    }
    h.engine.vm = Some(EngineVm::DockerDesktop);
    let req = Requirements { memory: Some(6 * GIB), cpus: Some(4.0), ..Default::default() };
    let v = judge(&h, &lab(), &req);
    assert_eq!((v.level, codes(&v)), (Level::NotReady, vec!["memory.short", "cpus.short"]), "the VM's 3.8 GiB, not the host's 32: {v:?}");
    assert!(v.reasons[0].message.en.contains("your Docker Desktop VM has 3.8 GiB"), "names the VM: {}", v.reasons[0].message.en);
    let remedy = v.reasons[0].remedy.clone().unwrap_or_default();
    assert!(remedy.en.contains("Docker Desktop → Settings → Resources"), "says where to raise it: {}", remedy.en);
    assert!(remedy.es.contains("aumente la memoria"), "in Spanish too: {}", remedy.es);
    assert_eq!(v.reasons[1].severity, Severity::Warning, "fewer CPUs only slow a lab down");
}

#[test]
fn memory_held_by_another_lab_is_named_with_how_to_free_it() {
    let mut h = host(8 * GIB, 4);
    h.engine.running = vec![
        RunningProject { project: Some("level-1".into()), lab: Some("level-1".into()), containers: 3, memory: 3 * GIB + GIB / 5 },
        RunningProject { project: Some("level-2".into()), lab: Some("level-2".into()), containers: 1, memory: 2 * GIB },
    ];
    let v = judge(&h, &lab(), &needs(Some(6 * GIB)));
    assert_eq!(codes(&v), ["memory.short"], "8 GiB less the 3.2 another lab holds is short of 6 (the lab's own containers do not count)");
    assert!(v.reasons[0].message.en.contains("has 4.8 GiB free of 8.0 GiB (the level-1 lab 3.2 GiB)"), "{}", v.reasons[0].message.en);
    let remedy = v.reasons[0].remedy.clone().unwrap_or_default();
    assert!(remedy.en.starts_with("stop the level-1 lab that holds 3.2 GiB; or "), "{}", remedy.en);
    assert!(!remedy.en.contains("nivel "), "no CLI command: the front end offers to stop the lab: {}", remedy.en);
    assert!(remedy.es.starts_with("detenga el laboratorio level-1 que ocupa 3,2 GiB"), "{}", remedy.es);
}

#[test]
fn each_engine_failure_has_its_code_and_remedy() {
    let cases = [
        (EngineError::NotRunning { host: "unix:///x".into(), source: "default socket".into() }, false, "engine.missing", "apt-get install docker.io"),
        (EngineError::NotRunning { host: "unix:///x".into(), source: "default socket".into() }, true, "engine.not_running", "systemctl start docker"),
        (EngineError::PermissionDenied { host: "unix:///x".into() }, true, "engine.permission", "usermod -aG docker"),
        (EngineError::Unsupported { host: "ftp://x".into() }, true, "engine.unreachable", "DOCKER_HOST"),
        (EngineError::NoAnswer { host: "unix:///x".into(), waited: std::time::Duration::from_secs(5) }, true, "engine.not_answering", "systemctl restart docker"),
        (EngineError::Closed { host: "unix:///x".into() }, true, "engine.unreachable", "docker context ls"),
    ];
    for (error, installed, code, fix) in cases {
        let mut h = host(8 * GIB, 4);
        h.engine = EngineFacts::unreachable("unix:///x", &error, installed);
        let v = judge(&h, &lab(), &needs(Some(2 * GIB)));
        assert_eq!((v.level, codes(&v)), (Level::NotReady, vec![code]), "{error}: one blocker, memory judged on the machine is fine");
        let remedy = v.reasons[0].remedy.clone().unwrap_or_default();
        assert!(remedy.en.contains(fix) && remedy.es.contains(fix), "{code}: the command in both languages: {remedy:?}");
    }
}

#[test]
fn without_an_engine_memory_is_judged_on_the_machine_and_its_cgroup() {
    let mut h = host(16 * GIB, 4);
    h.engine = EngineFacts::unreachable("unix:///x", &EngineError::PermissionDenied { host: "x".into() }, true);
    h.machine.cgroup = Some(crate::host::facts::CgroupLimits { version: 2, memory: Some(2 * GIB), cpus: None });
    let v = judge(&h, &lab(), &needs(Some(6 * GIB)));
    assert_eq!(codes(&v), ["engine.permission", "memory.short"], "the container Nivel runs in caps memory at 2 GiB");
    assert!(v.reasons[1].message.en.contains("this machine has 2.0 GiB"), "{}", v.reasons[1].message.en);
}

#[test]
fn an_engine_older_than_required_is_refused() {
    let req = Requirements { engine: EngineVersion::parse("20.10"), ..Default::default() };
    let mut h = host(8 * GIB, 4);
    assert_eq!(judge(&h, &lab(), &req).level, Level::Ready, "24.0.7 is newer than 20.10");
    if let Some(info) = h.engine.info.as_mut() {
        info.version = "19.03.15".into();
    }
    let v = judge(&h, &lab(), &req);
    assert_eq!((v.level, codes(&v)), (Level::NotReady, vec!["engine.too_old"]), "19.03 is too old");
    assert!(v.reasons[0].message.en.contains("needs Docker 20.10.0 or later; this engine is 19.03.15"), "{}", v.reasons[0].message.en);
}

fn port(busy: Option<Busy>) -> PortFact {
    PortFact { service: "mlflow".into(), host_ip: "127.0.0.1".into(), port: 5000, protocol: "tcp".into(), busy }
}

#[test]
fn a_busy_port_names_its_holder_and_the_free_alternative() {
    let mut l = lab();
    l.ports = vec![port(Some(Busy { pid: Some(4242), process: Some("python3".into()), container: false, suggestion: Some(5001) }))];
    let v = judge(&host(8 * GIB, 4), &l, &Requirements::default());
    assert_eq!((v.level, codes(&v)), (Level::NotReady, vec!["port.busy"]), "a busy port blocks up");
    assert_eq!(v.reasons[0].message.en, "port 5000 of mlflow on 127.0.0.1 is taken by python3 (pid 4242)", "service, port and holder");
    assert_eq!(
        v.reasons[0].remedy.as_ref().map(|r| r.en.as_str()),
        Some("close that program (`kill 4242`), or shift the lab's ports by 1 (5001 is free)"),
        "free it or shift"
    );
}

#[test]
fn a_busy_port_without_a_known_holder_says_so() {
    let mut l = lab();
    l.ports = vec![port(Some(Busy { pid: None, process: None, container: false, suggestion: None })), port(None)];
    let v = judge(&host(8 * GIB, 4), &l, &Requirements::default());
    assert_eq!(codes(&v), ["port.busy"], "only the busy one");
    assert!(v.reasons[0].message.en.ends_with("(the system does not say by which process)"), "{}", v.reasons[0].message.en);
    assert_eq!(v.reasons[0].remedy.as_ref().map(|r| r.es.as_str()), Some("cierre el programa que lo usa"), "no shift to offer");
}

#[test]
fn disk_counts_images_already_present_and_images_to_download_are_a_note() {
    let mut h = host(8 * GIB, 4);
    h.engine.root_dir_free = Some(tenths(50));
    let mut l = lab();
    l.images = vec![
        ImageFact { image: "minio/minio:1".into(), services: vec!["minio".into()], status: ImageStatus::Present, size: Some(2 * GIB), bases: Vec::new() },
        ImageFact { image: "mlflow:2".into(), services: vec!["mlflow".into()], status: ImageStatus::Download, size: None, bases: Vec::new() },
    ];
    let req = |gib| Requirements { disk: Some(gib * GIB), ..Default::default() };
    let v = judge(&h, &l, &req(7));
    assert_eq!((v.level, codes(&v)), (Level::Ready, vec!["images.download"]), "7 GiB less 2 present fits in 5: only a note");
    let v = judge(&h, &l, &req(12));
    assert_eq!((v.level, codes(&v)), (Level::NotReady, vec!["disk.short", "images.download"]), "10 GiB more does not fit in 5");
    assert!(v.reasons[0].message.en.contains("needs 10.0 GiB of disk for images and data (2.0 GiB of its images are already here); /var/lib/docker has 5.0 GiB free"), "{}", v.reasons[0].message.en);
    h.engine.root_dir_free = Some(tenths(46));
    assert_eq!(codes(&judge(&h, &l, &req(7))), ["disk.tight", "images.download"], "4.6 GiB for 5 is tight");
    h.engine.root_dir_free = None;
    assert_eq!(codes(&judge(&h, &l, &req(100))), ["images.download"], "unknown free space (a VM) is not judged");
}

#[test]
fn blockers_come_first_and_decide_the_level() {
    let mut l = lab();
    l.ports = vec![port(Some(Busy { pid: None, process: None, container: true, suggestion: Some(5002) }))];
    let req = Requirements { cpus: Some(8.0), memory: Some(tenths(85)), ..Default::default() };
    let v = judge(&host(8 * GIB, 4), &l, &req);
    assert_eq!(v.level, Level::NotReady, "one blocker is enough");
    assert_eq!(codes(&v), ["port.busy", "memory.tight", "cpus.short"], "blockers, then warnings");
    assert!(!v.is_ready(), "up refuses it");
    assert_eq!(serde_json::to_value(v.level).ok(), Some(serde_json::json!("not_ready")), "snake_case in JSON");
}
