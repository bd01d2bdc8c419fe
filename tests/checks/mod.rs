//! The check runner against real peers: busybox containers on the real engine, HTTP servers
//! on 127.0.0.1, and a real MLflow tracking server.

pub mod cli;
mod container;
mod credentials;
mod exec;
mod file;
mod http;
mod local;
mod mlflow;
mod safety;
mod tcp;

use std::time::{Duration, SystemTime};

use nivel::checks::{run_exercise, Check, CheckKind, ExerciseResult, LabTarget};

use crate::engine::lab::TestLab;

/// A runtime for the async runner.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// A check of `kind` with a timeout and no message.
pub fn check(kind: CheckKind) -> Check {
    Check { kind, timeout: Duration::from_secs(10), message: None }
}

/// Brings `lab` up and returns its target as `nivel check` would build it.
pub fn up(lab: &TestLab) -> LabTarget {
    let (result, events) = lab.up();
    result.unwrap_or_else(|e| panic!("the test lab comes up: {e}\n{events:?}"));
    rt().block_on(LabTarget::connect(&lab.engine, &lab.project, &lab.project, SystemTime::now())).expect("the lab is running")
}

/// Runs `checks` as one exercise.
pub fn run(target: &LabTarget, checks: Vec<Check>) -> ExerciseResult {
    rt().block_on(run_exercise(target, &checks, SystemTime::now()))
}

/// Runs one check; its outcome.
pub fn run_one(target: &LabTarget, kind: CheckKind) -> nivel::checks::CheckOutcome {
    run(target, vec![check(kind)]).checks.remove(0)
}

/// A busybox web server on container port 80 serving `/www/x.json` and `/www/index.html`,
/// published on 127.0.0.1 at a free port, plus a service that publishes nothing.
pub const WEB_LAB: &str = r#"
services:
  web:
    image: IMAGE
    command: ["sh", "-c", "mkdir -p /www && echo '{\"experiments\":[{\"name\":\"Default\"}],\"ok\":true}' > /www/x.json && echo 'nivel test page' > /www/index.html && httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1:PORT:80"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:80/"]
      interval: 1s
  quiet:
    image: IMAGE
    command: ["sh", "-c", "httpd -f -p 80 -h /www"]
"#;

/// [`WEB_LAB`] up, with its target.
pub fn web_lab(purpose: &str) -> Option<(TestLab, LabTarget)> {
    let port = crate::engine::lab::free_port().to_string();
    let lab = TestLab::new(purpose, &WEB_LAB.replace("PORT", &port))?;
    let target = up(&lab);
    Some((lab, target))
}
