//! The LABS.md exercise check against a real MLflow tracking server (the locally built
//! `nivel-test/mlflow` image): it fails with only the Default experiment, and passes once an
//! experiment is created through MLflow's REST API.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use nivel::checks::runner::Published;
use nivel::checks::{CheckKind, HttpCheck, JsonExpect, JsonTest};
use nivel::docker::up::UpOptions;

use super::{rt, run_one};
use crate::common::images::mlflow;
use crate::engine::lab::{free_port, TestLab};

const STACK: &str = r#"
services:
  mlflow:
    image: MLFLOW
    ports: ["127.0.0.1:PORT:5000"]
    healthcheck:
      test: ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/health')"]
      interval: 2s
      retries: 60
"#;

/// The check from LABS.md, as the lab parser builds it.
fn experiments_check() -> CheckKind {
    CheckKind::Http(HttpCheck {
        service: "mlflow".into(),
        port: 5000,
        method: "POST".into(),
        path: "/api/2.0/mlflow/experiments/search".into(),
        headers: vec![],
        body: Some(r#"{"max_results": 100}"#.into()),
        basic_auth: None,
        expect_status: 200,
        expect_json: Some(JsonExpect { pointer: "/experiments".into(), test: JsonTest::MinLen(2) }),
        expect_body: None,
    })
}

/// `POST path` with a JSON body over plain HTTP/1.1; the response text.
fn post(addr: SocketAddr, path: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn the_experiment_check_flips_from_fail_to_pass_on_a_real_mlflow() {
    let Some(lab) = TestLab::new("check-mlflow", "") else { return };
    lab.write(&STACK.replace("MLFLOW", mlflow()).replace("PORT", &free_port().to_string()));
    let (result, events) = lab.up_with(UpOptions { timeout: Duration::from_secs(240), ..Default::default() });
    result.unwrap_or_else(|e| panic!("MLflow comes up healthy: {e}\n{events:?}"));
    let target = rt()
        .block_on(nivel::checks::LabTarget::connect(&lab.engine, &lab.project, &lab.project, std::time::SystemTime::now()))
        .expect("the lab runs");

    let before = run_one(&target, experiments_check());
    assert!(!before.passed, "a fresh server has only the Default experiment: {before:?}");
    assert!(before.observed.en.starts_with("HTTP 200, experiments has 1 element; body: "), "what MLflow answered: {}", before.observed.en);
    assert!(before.observed.en.contains("\"name\": \"Default\""), "the Default experiment is shown: {}", before.observed.en);

    let Some(Published::Loopback(addr)) = target.service("mlflow").and_then(|s| s.ports.get(&5000)).cloned() else {
        panic!("mlflow publishes 5000 on loopback: {target:?}")
    };
    let created = post(addr, "/api/2.0/mlflow/experiments/create", r#"{"name": "iris"}"#);
    assert!(created.starts_with("HTTP/1.1 200") && created.contains("experiment_id"), "MLflow created the experiment: {created}");

    let after = run_one(&target, experiments_check());
    assert!(after.passed, "two experiments now: {after:?}");
    assert!(after.observed.en.starts_with("HTTP 200, experiments has 2 elements"), "{}", after.observed.en);
}
