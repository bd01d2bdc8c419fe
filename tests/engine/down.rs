//! `down` and crash safety against the real engine, and compose's view of a Nivel lab.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nivel::docker::down::DownOptions;

use super::lab::{TestLab, CHAIN};
use crate::common::nivel;

const LAB: &str = r#"
services:
  db:
WEB
    volumes: ["data:/data"]
  web:
WEB
    depends_on:
      db: {condition: service_healthy}
volumes:
  data: {}
"#;

#[test]
fn down_removes_the_lab_and_leaves_a_decoy_alone() {
    let Some(lab) = TestLab::new("down", LAB) else { return };
    lab.up().0.expect("the lab comes up");
    let decoy = format!("{}-web-2", lab.project);
    let made = lab.docker(&["create", "--name", &decoy, crate::common::images::busybox(), "sleep", "600"]);
    assert!(!made.is_empty(), "the decoy exists");
    let report = lab.down(DownOptions { volumes: false, timeout: Some(Duration::from_secs(1)) });
    assert_eq!(report.containers.len(), 2, "both containers removed: {report:?}");
    assert_eq!(report.networks, vec![format!("{}_default", lab.project)], "the lab's network removed");
    assert!(lab.container("web").is_empty() && lab.container("db").is_empty(), "no lab container left");
    let volume = format!("{}_data", lab.project);
    assert_eq!(lab.docker(&["volume", "ls", "-q", "--filter", &format!("name={volume}")]), volume, "data kept without --volumes");
    assert_eq!(lab.inspect(&decoy, "{{.Name}}"), format!("/{decoy}"), "a container without the lab's labels survives");
    let _ = lab.docker(&["rm", "-f", &decoy]);
    let report = lab.down(DownOptions { volumes: true, timeout: Some(Duration::from_secs(1)) });
    assert_eq!(report.volumes, vec![volume], "--volumes removes the named volume");
    assert!(lab.leftovers().is_empty(), "nothing of the lab is left: {:?}", lab.leftovers());
}

#[test]
fn docker_compose_lists_a_lab_nivel_started() {
    let Some(lab) = TestLab::new("ps", LAB) else { return };
    lab.up().0.expect("the lab comes up");
    let out = Command::new("docker-compose")
        .args(["-p", &lab.project, "-f", "compose.yaml", "ps"])
        .current_dir(lab.dir.path())
        .output()
        .expect("docker-compose runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for service in ["db", "web"] {
        let name = format!("{}-{service}-1", lab.project);
        assert!(text.contains(&name), "compose lists {name}: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_killed_up_converges_when_run_again_and_down_removes_everything() {
    let Some(lab) = TestLab::new("killed", CHAIN) else { return };
    let args = ["compose", "-p", &lab.project, "-f", "compose.yaml"];
    let mut child = nivel()
        .args(args)
        .arg("up")
        .current_dir(lab.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nivel up starts");
    // Wait for the first containers to exist, then kill the command mid-way.
    let started = Instant::now();
    while lab.container("first").is_empty() || lab.container("third").is_empty() {
        assert!(started.elapsed() < Duration::from_secs(20), "nivel up created containers");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(lab.inspect(&lab.container("third"), "{{.State.Status}}"), "created", "killed before the last tier started");
    let out = nivel().args(args).args(["up", "--timeout", "60"]).current_dir(lab.dir.path()).output().unwrap();
    assert!(out.status.success(), "the second up converges: {}", String::from_utf8_lossy(&out.stderr));
    for s in ["first", "second", "third"] {
        let ids = lab.container(s);
        assert_eq!(ids.lines().count(), 1, "one container for {s}");
        assert_eq!(lab.inspect(&ids, "{{.State.Health.Status}}"), "healthy", "{s} is healthy");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("first") && stdout.contains("healthy"), "the summary lists services: {stdout}");
    let out = nivel().args(args).args(["down", "--timeout", "1"]).current_dir(lab.dir.path()).output().unwrap();
    assert!(out.status.success(), "down works: {}", String::from_utf8_lossy(&out.stderr));
    assert!(lab.leftovers().is_empty(), "down removed everything: {:?}", lab.leftovers());
}

#[test]
fn an_unknown_lab_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = nivel().args(["up", "no-such-lab"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "exit 2 for input errors");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown lab `no-such-lab`"), "names the lab: {err}");
}

#[test]
fn down_with_volumes_also_removes_anonymous_volumes() {
    let Some(lab) = TestLab::new("anon", "services:\n  web:\nWEB\n    volumes: [\"/scratch\"]\n") else { return };
    lab.up().0.expect("the lab comes up");
    let volume = lab.inspect(&lab.container("web"), "{{range .Mounts}}{{.Name}}{{end}}");
    assert_eq!(volume.len(), 64, "the engine made an anonymous volume: {volume:?}");
    lab.down(DownOptions { volumes: false, timeout: Some(Duration::from_secs(1)) });
    assert_eq!(lab.docker(&["volume", "ls", "-q", "--filter", &format!("name={volume}")]), volume, "kept without --volumes");
    let _ = lab.docker(&["volume", "rm", &volume]);
    lab.up().0.expect("the lab comes up again");
    let volume = lab.inspect(&lab.container("web"), "{{range .Mounts}}{{.Name}}{{end}}");
    lab.down(DownOptions { volumes: true, timeout: Some(Duration::from_secs(1)) });
    assert!(lab.docker(&["volume", "ls", "-q", "--filter", &format!("name={volume}")]).is_empty(), "--volumes removes it");
}
