//! The engine stopped under a running command, on an engine of the test's own: `up` waiting
//! for health and `logs -f` following end at once with a clear message and exit 1 (no hang),
//! and once the engine is back, the next `up` converges.

use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::images::busybox;
use crate::common::{lines_of, nivel};
use crate::common::private_engine::PrivateEngine;

const LAB: &str = r#"
services:
  talker:
    image: IMAGE
    command: ["sh", "-c", "while true; do echo tick; sleep 0.2; done"]
  slow:
    image: IMAGE
    command: ["sh", "-c", "sleep 4; touch /tmp/ready; exec sleep 600"]
    healthcheck:
      test: ["CMD", "cat", "/tmp/ready"]
      interval: 1s
      retries: 20
"#;

struct Scene {
    engine: PrivateEngine,
    dir: tempfile::TempDir,
    data: tempfile::TempDir,
    project: String,
}

fn scene(purpose: &str) -> Option<Scene> {
    let engine = PrivateEngine::start(purpose)?;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), LAB.replace("IMAGE", busybox())).unwrap();
    let project = format!("nivel-test-{purpose}-{}", std::process::id());
    Some(Scene { engine, dir, data: tempfile::tempdir().unwrap(), project })
}

impl Scene {
    fn nivel(&self, args: &[&str]) -> Command {
        let mut cmd = nivel();
        cmd.current_dir(self.dir.path())
            .env("DOCKER_HOST", self.engine.host())
            .env("NIVEL_DATA_DIR", self.data.path())
            .args(["compose", "-f", "compose.yaml", "-p", &self.project])
            .args(args);
        cmd
    }

    /// The next `up` brings the whole lab back: one container per service, ready, one network.
    fn assert_up_converges(&self) {
        let out = self.nivel(&["up", "--timeout", "60"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "up converges once the engine is back: {}", String::from_utf8_lossy(&out.stderr));
        let label = format!("label=com.docker.compose.project={}", self.project);
        for service in ["talker", "slow"] {
            let filter = format!("label=com.docker.compose.service={service}");
            let ids = self.engine.docker(&["ps", "-aq", "--filter", &label, "--filter", &filter]);
            let ids = String::from_utf8_lossy(&ids.stdout).trim().to_owned();
            assert_eq!(ids.lines().count(), 1, "one container for {service}: {ids:?}");
            let state = self.engine.docker(&["inspect", "--format", "{{.State.Status}}", &ids]);
            assert_eq!(String::from_utf8_lossy(&state.stdout).trim(), "running", "{service} runs");
        }
        let networks = self.engine.docker(&["network", "ls", "-q", "--filter", &label]);
        assert_eq!(String::from_utf8_lossy(&networks.stdout).lines().count(), 1, "one network");
    }
}

fn wait_for(lines: &mpsc::Receiver<String>, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no line with {text:?} within 60 s");
}

/// Waits for `child` to end within `within`; its exit code and stderr.
fn ends_within(mut child: std::process::Child, within: Duration) -> (Option<i32>, String) {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > within {
            let _ = child.kill();
            panic!("the command still runs {within:?} after the engine stopped: it hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (child.wait().unwrap().code(), err)
}

/// One error naming the engine, not a list of services that "failed".
fn assert_clear(err: &str, what: &str) {
    assert!(err.starts_with("error: ") && err.contains("Docker engine"), "{what}: the message names the engine: {err}");
    assert!(!err.contains("service `"), "{what}: the engine's going is not blamed on a service: {err}");
}

#[test]
fn the_engine_stopping_during_up_ends_it_with_a_clear_message_and_the_next_up_converges() {
    let Some(mut scene) = scene("stop-up") else { return };
    let mut up = scene.nivel(&["up", "--progress", "json", "--timeout", "120"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let lines = lines_of(up.stdout.take().unwrap());
    wait_for(&lines, r#""service":"slow","state":"starting""#);
    scene.engine.stop_daemon();
    let stopped = Instant::now();
    let (code, err) = ends_within(up, Duration::from_secs(10));
    assert_eq!(code, Some(1), "up fails with exit 1: {err}");
    assert_clear(&err, "up");
    eprintln!("up ended {:?} after the engine was gone", stopped.elapsed());
    scene.engine.start_daemon().expect("the private engine starts again");
    scene.assert_up_converges();
}

#[test]
fn the_engine_stopping_during_logs_follow_ends_it_with_a_clear_message() {
    let Some(mut scene) = scene("stop-logs") else { return };
    let out = scene.nivel(&["up", "--no-wait"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "the lab starts: {}", String::from_utf8_lossy(&out.stderr));
    let mut logs = scene.nivel(&["logs", "-f", "--no-color", "talker"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let lines = lines_of(logs.stdout.take().unwrap());
    wait_for(&lines, "tick");
    scene.engine.stop_daemon();
    let stopped = Instant::now();
    let (code, err) = ends_within(logs, Duration::from_secs(10));
    assert_eq!(code, Some(1), "logs -f fails with exit 1: {err}");
    assert_clear(&err, "logs -f");
    eprintln!("logs -f ended {:?} after the engine was gone", stopped.elapsed());
    scene.engine.start_daemon().expect("the private engine starts again");
    scene.assert_up_converges();
}
