//! `up` against the real engine: dependency tiers, health, failures, idempotence, ports.

use std::time::Instant;

use nivel::docker::up::UpOptions;
use nivel::docker::{FailReason, LabError};
use nivel::events::ServicePhase;

use super::lab::{free_port, phases, when, TestLab};

const TIERS: &str = r#"
services:
  a1:
WEB
  a2:
WEB
  b1:
WEB
    depends_on:
      a1: {condition: service_healthy}
      a2: {condition: service_healthy}
  c1:
WEB
    depends_on:
      b1: {condition: service_healthy}
"#;

#[test]
fn three_tiers_of_health_gated_services_come_up_healthy() {
    let Some(lab) = TestLab::new("tiers", TIERS) else { return };
    let (result, events) = lab.up();
    let report = result.expect("the lab comes up");
    for s in &report.services {
        assert_eq!(s.state, ServicePhase::Healthy, "{} reported healthy", s.service);
        let health = lab.inspect(&lab.container(&s.service), "{{.State.Health.Status}}");
        assert_eq!(health, "healthy", "the engine agrees {} is healthy", s.service);
    }
    let b1_start = when(&events, "b1", ServicePhase::Starting);
    assert!(when(&events, "a1", ServicePhase::Healthy) < b1_start, "b1 starts only after a1 is healthy");
    assert!(when(&events, "a2", ServicePhase::Healthy) < b1_start, "b1 starts only after a2 is healthy");
    assert!(when(&events, "b1", ServicePhase::Healthy) < when(&events, "c1", ServicePhase::Starting), "c1 waits for b1");
    assert!(when(&events, "c1", ServicePhase::Creating) < when(&events, "a1", ServicePhase::Healthy), "no barrier: c1 is created while a1 is still starting");
}

#[test]
fn a_second_up_creates_nothing_and_returns_at_once() {
    let Some(lab) = TestLab::new("twice", TIERS) else { return };
    lab.up().0.expect("first up");
    let ids: Vec<String> = ["a1", "a2", "b1", "c1"].iter().map(|s| lab.container(s)).collect();
    let started = Instant::now();
    let (result, events) = lab.up();
    let elapsed = started.elapsed();
    result.expect("second up");
    let again: Vec<String> = ["a1", "a2", "b1", "c1"].iter().map(|s| lab.container(s)).collect();
    assert_eq!(ids, again, "the same containers, none recreated");
    for s in ["a1", "a2", "b1", "c1"] {
        let p = phases(&events, s);
        assert!(p.contains(&ServicePhase::Unchanged), "{s} reported unchanged: {p:?}");
        assert!(!p.contains(&ServicePhase::Creating) && !p.contains(&ServicePhase::Starting), "{s} not touched: {p:?}");
    }
    assert!(elapsed.as_millis() < 1500, "a no-op up returns at once, took {elapsed:?}");
}

#[test]
fn changing_one_service_recreates_only_it() {
    let Some(lab) = TestLab::new("change", TIERS) else { return };
    lab.up().0.expect("first up");
    let before: Vec<String> = ["a1", "a2", "b1", "c1"].iter().map(|s| lab.container(s)).collect();
    lab.write(&format!("{TIERS}    environment:\n      CHANGED: \"yes\"\n"));
    let (result, _) = lab.up();
    result.expect("up after the change");
    let after: Vec<String> = ["a1", "a2", "b1", "c1"].iter().map(|s| lab.container(s)).collect();
    assert_eq!(before[..3], after[..3], "a1, a2 and b1 are left alone");
    assert_ne!(before[3], after[3], "c1, whose environment changed, is recreated");
    assert_eq!(lab.inspect(&after[3], "{{.State.Health.Status}}"), "healthy", "and comes back healthy");
}

#[test]
fn a_failing_healthcheck_is_reported_with_its_probe_output() {
    let compose = r#"
services:
  sick:
    image: IMAGE
    command: ["sleep", "600"]
    healthcheck:
      test: ["CMD", "sh", "-c", "echo probe-says-no; exit 1"]
      interval: 1s
      retries: 2
  fine:
WEB
  after:
WEB
    depends_on:
      sick: {condition: service_healthy}
"#;
    let Some(lab) = TestLab::new("sick", compose) else { return };
    let (result, _) = lab.up();
    let Err(LabError::Services(failures)) = result else { panic!("the lab fails: {result:?}") };
    let sick = failures.iter().find(|f| f.service == "sick").expect("sick is named");
    let FailReason::Unhealthy { probe_output } = &sick.reason else { panic!("unhealthy: {sick:?}") };
    assert!(probe_output.contains("probe-says-no"), "the probe's output: {probe_output:?}");
    let after = failures.iter().find(|f| f.service == "after").expect("its dependent is named");
    assert_eq!(after.reason, FailReason::DependencyFailed { dependency: "sick".into() }, "never started");
    assert_eq!(lab.inspect(&lab.container("fine"), "{{.State.Health.Status}}"), "healthy", "the rest is left running");
    assert_eq!(lab.inspect(&lab.container("after"), "{{.State.Status}}"), "created", "the dependent was not started");
}

#[test]
fn a_crashing_service_is_reported_with_exit_code_and_logs() {
    let compose = r#"
services:
  crash:
    image: IMAGE
    command: ["sh", "-c", "echo boom; exit 3"]
"#;
    let Some(lab) = TestLab::new("crash", compose) else { return };
    let (result, events) = lab.up();
    let Err(LabError::Services(failures)) = result else { panic!("the lab fails: {result:?}") };
    assert_eq!(failures[0].service, "crash", "the service is named");
    assert_eq!(failures[0].reason, FailReason::Exited { code: 3 }, "its exit code");
    assert!(failures[0].logs.iter().any(|l| l.contains("boom")), "its log lines: {:?}", failures[0].logs);
    assert!(phases(&events, "crash").contains(&ServicePhase::Failed), "a failed event was emitted");
    let text = LabError::Services(failures).to_string();
    assert!(text.contains("exited with code 3") && text.contains("boom"), "the message says it all: {text}");
}

#[test]
fn service_completed_successfully_gates_on_a_one_shot_job() {
    let compose = r#"
services:
  job:
    image: IMAGE
    command: ["sh", "-c", "sleep 1; echo migrated"]
  web:
WEB
    depends_on:
      job: {condition: service_completed_successfully}
"#;
    let Some(lab) = TestLab::new("job", compose) else { return };
    let (result, events) = lab.up();
    let report = result.expect("the lab comes up");
    let job = report.services.iter().find(|s| s.service == "job").unwrap();
    assert_eq!(job.state, ServicePhase::Completed, "the job completed");
    assert!(when(&events, "job", ServicePhase::Completed) < when(&events, "web", ServicePhase::Starting), "web started after the job finished");
    let finished = lab.inspect(&lab.container("job"), "{{.State.FinishedAt}}");
    let started = lab.inspect(&lab.container("web"), "{{.State.StartedAt}}");
    assert!(finished < started, "the engine's clock agrees: job finished {finished}, web started {started}");
    let (again, events) = lab.up();
    again.expect("a second up");
    assert!(!phases(&events, "job").contains(&ServicePhase::Starting), "a completed job is not run again");
}

#[test]
fn published_ports_bind_to_localhost_by_default() {
    let port = free_port();
    let compose = format!("services:\n  web:\nWEB\n    ports: [\"{port}:8080\"]\n");
    let Some(lab) = TestLab::new("ports", &compose) else { return };
    let report = lab.up().0.expect("the lab comes up");
    let ip = lab.inspect(&lab.container("web"), "{{(index (index .HostConfig.PortBindings \"8080/tcp\") 0).HostIp}}");
    assert_eq!(ip, "127.0.0.1", "not offered to the network");
    let web = &report.services[0];
    assert_eq!(web.ports[0].host_port, port.to_string(), "the report names the port");
    let body = std::process::Command::new("wget").args(["-q", "-O", "-", &format!("http://127.0.0.1:{port}/")]).output();
    if let Ok(out) = body {
        assert!(String::from_utf8_lossy(&out.stdout).contains("nivel test page"), "reachable on localhost");
    }
}

#[test]
fn no_wait_returns_once_started() {
    let compose = r#"
services:
  slow:
    image: IMAGE
    command: ["sleep", "600"]
    healthcheck:
      test: ["CMD", "sh", "-c", "exit 1"]
      interval: 30s
"#;
    let Some(lab) = TestLab::new("nowait", compose) else { return };
    let opts = UpOptions { no_wait: true, timeout: std::time::Duration::from_secs(20), ..Default::default() };
    let report = lab.up_with(opts).0.expect("returns without waiting for health");
    assert_eq!(report.services[0].state, ServicePhase::Running, "started, health not awaited");
}

#[test]
fn a_busy_port_fails_before_anything_is_created_and_names_its_holder() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("a test listener");
    let port = holder.local_addr().unwrap().port();
    let compose = format!("services:\n  web:\nWEB\n    ports: [\"{port}:8080\"]\n  other:\nWEB\n");
    let Some(lab) = TestLab::new("busy", &compose) else { return };
    let err = lab.up().0.expect_err("the port is taken");
    let LabError::PortsBusy(busy) = &err else { panic!("a busy port is reported as such: {err}") };
    assert_eq!(busy[0].wanted.port, port, "names the port");
    let me = busy[0].holder.as_ref().expect("the OS tells who holds it");
    assert_eq!(me.pid, std::process::id(), "the holder is this test process");
    let free = busy[0].suggestion.expect("a free port is suggested");
    assert!(std::net::TcpListener::bind(("127.0.0.1", free)).is_ok(), "the suggested port is free");
    assert!(err.to_string().contains("--port-offset"), "the message says how to shift ports: {err}");
    assert!(lab.leftovers().is_empty(), "nothing was created: {:?}", lab.leftovers());
    drop(holder);
}

#[test]
fn port_offset_shifts_every_published_port() {
    let port = free_port();
    let compose = format!("services:\n  web:\nWEB\n    ports: [\"{port}:8080\"]\n");
    let Some(lab) = TestLab::new("offset", &compose) else { return };
    let opts = UpOptions { spec: nivel::docker::spec::SpecOptions { port_offset: 3, expose_lan: false }, ..UpOptions::default() };
    let report = lab.up_with(opts).0.expect("the lab comes up");
    assert_eq!(report.services[0].ports[0].host_port, (port + 3).to_string(), "the host port is shifted by the offset");
}
