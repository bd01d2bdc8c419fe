//! Two operations on one lab at once, through the real binary: a second `up` started while
//! the first pulls, creates or waits for health (after the first took the lab's lock, and
//! within the same millisecond, before either has it), and a `down` while `up` waits for
//! health. Each ends in one healthy lab with one container per service and one network.

use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::lab::TestLab;
use crate::common::{lines_of, nivel};
use crate::common::registry::{push_image_of, Images, Registry};

/// A pulled image (only the registry has it), a web server, and a service that takes about
/// two seconds to become healthy.
const LAB: &str = r#"
services:
  pulled:
    image: PULLED
    command: ["sleep", "600"]
  web:
WEB
    depends_on: [pulled]
  slow:
    image: IMAGE
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 600"]
    healthcheck:
      test: ["CMD", "cat", "/tmp/ready"]
      interval: 1s
"#;

const SERVICES: [&str; 3] = ["pulled", "web", "slow"];

struct Scene {
    lab: TestLab,
    data: tempfile::TempDir,
    _images: Images,
}

fn scene(purpose: &str, registry: &Registry) -> Option<Scene> {
    let image = registry.name(&format!("nivel-test-{purpose}-{}:1", std::process::id()));
    let lab = TestLab::new(purpose, &LAB.replace("PULLED", &image))?;
    push_image_of(&image, 16 << 20);
    Some(Scene { lab, data: tempfile::tempdir().unwrap(), _images: Images(vec![image]) })
}

/// `nivel compose … up --progress json` for the scene's lab; stdout lines arrive on a channel.
fn start_up(scene: &Scene) -> (Child, mpsc::Receiver<String>) {
    let mut child = nivel()
        .current_dir(scene.lab.dir.path())
        .env("NIVEL_DATA_DIR", scene.data.path())
        .args(["compose", "-f", "compose.yaml", "-p", &scene.lab.project, "up", "--progress", "json", "--timeout", "120"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nivel up starts");
    let lines = lines_of(child.stdout.take().unwrap());
    (child, lines)
}

/// Reads `lines` until one contains `text` (within a minute); every line read.
fn until(lines: &mpsc::Receiver<String>, text: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = lines.recv_timeout(left) else { break };
        seen.push(line);
        if seen.last().is_some_and(|l| l.contains(text)) {
            return seen;
        }
    }
    panic!("the first up never printed {text:?}: {seen:?}")
}

/// Waits for `child`; its exit code, stderr and every stdout line.
fn finish(mut child: Child, lines: mpsc::Receiver<String>) -> (Option<i32>, String, Vec<String>) {
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let status = child.wait().unwrap();
    (status.code(), stderr, lines.iter().collect())
}

/// One container per service, each healthy or running, and one network.
fn assert_one_healthy_lab(lab: &TestLab, case: &str) {
    for service in SERVICES {
        let ids = lab.container(service);
        assert_eq!(ids.lines().count(), 1, "{case}: one container for {service}: {ids:?}");
        let state = lab.inspect(&ids, "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}");
        let want = if service == "pulled" { "running" } else { "running healthy" };
        assert_eq!(state, want, "{case}: {service} is up");
    }
    let label = format!("label=com.docker.compose.project={}", lab.project);
    let networks = lab.docker(&["network", "ls", "-q", "--filter", &label]);
    assert_eq!(networks.lines().count(), 1, "{case}: one network: {networks:?}");
}

/// The first `up` runs until it prints `phase_text`, then a second starts; both end in one lab.
fn second_up_during(purpose: &str, phase_text: &str) {
    let registry = Registry::start();
    let Some(scene) = scene(purpose, &registry) else { return };
    let (first, first_lines) = start_up(&scene);
    let before = until(&first_lines, phase_text);
    let (second, second_lines) = start_up(&scene);
    let (code, first_err, _) = finish(first, first_lines);
    assert_eq!(code, Some(0), "{purpose}: the first up succeeds: {first_err} {before:?}");
    let ids: Vec<String> = SERVICES.iter().map(|s| scene.lab.container(s)).collect();
    let (code, second_err, second_out) = finish(second, second_lines);
    assert_eq!(code, Some(0), "{purpose}: the second up succeeds: {second_err}");
    assert!(second_err.contains(&format!("{} is busy: `nivel compose up` (pid ", scene.lab.project)), "{purpose}: the second waited for the first, naming it: {second_err}");
    for service in SERVICES {
        let unchanged = format!(r#""service":"{service}","state":"unchanged""#);
        assert!(second_out.iter().any(|l| l.contains(&unchanged)), "{purpose}: the second found {service} ready and left it: {second_out:?}");
    }
    let after: Vec<String> = SERVICES.iter().map(|s| scene.lab.container(s)).collect();
    assert_eq!(ids, after, "{purpose}: the second up recreated nothing");
    assert_one_healthy_lab(&scene.lab, purpose);
}

#[test]
fn a_second_up_while_the_first_pulls_waits_and_changes_nothing() {
    second_up_during("conc-pull", r#""event":"image_progress""#);
}

#[test]
fn a_second_up_while_the_first_creates_waits_and_changes_nothing() {
    second_up_during("conc-create", r#""state":"creating""#);
}

#[test]
fn a_second_up_while_the_first_waits_for_health_waits_and_changes_nothing() {
    second_up_during("conc-health", r#""service":"slow","state":"starting""#);
}

#[test]
fn two_ups_started_together_end_in_one_healthy_lab() {
    let registry = Registry::start();
    let Some(scene) = scene("conc-double", &registry) else { return };
    // A double click: both start before either has the lab's lock.
    let (a, a_lines) = start_up(&scene);
    let (b, b_lines) = start_up(&scene);
    let (code_a, err_a, _) = finish(a, a_lines);
    let (code_b, err_b, _) = finish(b, b_lines);
    assert_eq!((code_a, code_b), (Some(0), Some(0)), "both ups succeed:\n{err_a}\n{err_b}");
    assert!(err_a.contains("is busy") != err_b.contains("is busy"), "exactly one of them waited for the other:\n{err_a}\n{err_b}");
    assert_one_healthy_lab(&scene.lab, "double click");
}

#[test]
fn down_while_up_waits_for_health_waits_for_it_then_removes_the_lab() {
    let registry = Registry::start();
    let Some(scene) = scene("conc-down", &registry) else { return };
    let (up, up_lines) = start_up(&scene);
    until(&up_lines, r#""service":"slow","state":"starting""#);
    let down = Command::new(env!("CARGO_BIN_EXE_nivel"))
        .current_dir(scene.lab.dir.path())
        .env("NIVEL_DATA_DIR", scene.data.path())
        .env("NIVEL_LANG", "en")
        .args(["compose", "-f", "compose.yaml", "-p", &scene.lab.project, "down", "-t", "1"])
        .output()
        .unwrap();
    let (code, up_err, up_out) = finish(up, up_lines);
    assert_eq!(code, Some(0), "up was not cut short by down: {up_err}");
    assert!(up_out.iter().any(|l| l.contains(r#""service":"slow","state":"healthy""#)), "up saw its lab healthy: {up_out:?}");
    let down_err = String::from_utf8_lossy(&down.stderr);
    assert_eq!(down.status.code(), Some(0), "down succeeds: {down_err}");
    assert!(down_err.contains("is busy: `nivel compose up`"), "down waited for up: {down_err}");
    assert!(scene.lab.leftovers().is_empty(), "and then removed the whole lab: {:?}", scene.lab.leftovers());
}
