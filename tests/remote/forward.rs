//! A lab's published ports on an `ssh://` engine, forwarded to this machine. The "remote"
//! engine is this machine's own, behind a real sshd on loopback, so the port the lab publishes
//! there is already taken here (by the engine's own proxy): Nivel must forward it to another
//! local port, and the link, the check and the forward's record must all say that one.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use super::ssh::{nivel_over, Sshd};
use crate::checks::cli::{lab_toml, COMPOSE};
use crate::common::{stderr, stdout};
use crate::engine::lab::TestLab;

/// The body of `GET path` on 127.0.0.1:`port`.
fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("127.0.0.1:{port} answers: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// The forward's record: its ssh's pid and the local port of `remote`.
fn record(data: &Path, project: &str, remote: u16) -> (u32, u16) {
    let path = data.join("forwards").join(format!("{project}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let local = doc["ports"][remote.to_string()].as_u64().unwrap_or_else(|| panic!("port {remote} in {text}"));
    (doc["pid"].as_u64().unwrap() as u32, local as u16)
}

fn is_ssh(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    stat.contains("(ssh)") && !stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
}

#[test]
fn a_lab_on_an_ssh_engine_is_reached_through_its_forward_on_another_local_port() {
    let Some(lab) = TestLab::new("forward", COMPOSE) else { return };
    std::fs::write(lab.dir.path().join("lab.toml"), lab_toml(&lab.project)).unwrap();
    let sshd = Sshd::start();
    let host = format!("ssh://root@127.0.0.1:{}", sshd.port);
    let ssh = sshd.ssh_command("id");
    let data = tempfile::tempdir().unwrap();
    let dir = lab.dir.path().to_str().unwrap().to_owned();
    let run = |args: &[&str]| nivel_over(&ssh, &host, data.path(), args);

    let up = run(&["up", &dir, "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "up over ssh: {}{}", stdout(&up), stderr(&up));
    let remote: u16 = lab.docker(&["port", &lab.container("web"), "8080/tcp"]).lines().next().and_then(|l| l.rsplit(':').next()?.parse().ok()).expect("the engine published 8080");
    let (pid, local) = record(data.path(), &lab.project, remote);
    assert_ne!(local, remote, "the remote port is taken here, so another local one is used");
    assert!(is_ssh(pid), "the forward's ssh runs (pid {pid})");
    assert!(stderr(&up).contains(&format!("warning: port {remote} is taken on this machine; the remote engine's port {remote} is forwarded to 127.0.0.1:{local}")), "says so: {}", stderr(&up));
    let link = format!("http://127.0.0.1:{local}/index.html");
    assert!(stdout(&up).lines().any(|l| l.starts_with("Site") && l.ends_with(&link)), "the link is the local port {local}: {}", stdout(&up));
    let answer = get(local, "/index.html");
    assert!(answer.starts_with("HTTP/1.") && answer.ends_with("hola\n"), "the link answers through the forward: {answer}");

    let check = run(&["check", &dir, "web"]);
    assert_eq!(check.status.code(), Some(0), "the http check passes through the forward: {}{}", stdout(&check), stderr(&check));
    assert_eq!(record(data.path(), &lab.project, remote).0, pid, "a later command finds the same forward");

    // A forward that died is started again by the next command that needs it.
    assert!(std::process::Command::new("kill").arg(pid.to_string()).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(300));
    let status = run(&["status", &lab.project, "--json"]);
    assert_eq!(status.status.code(), Some(0), "status over ssh: {}", stderr(&status));
    let (again, local) = record(data.path(), &lab.project, remote);
    assert!(again != pid && is_ssh(again), "a new ssh ({again}, was {pid})");
    assert!(stdout(&status).contains(&format!("http://127.0.0.1:{local}")), "status shows the local port: {}", stdout(&status));
    assert!(get(local, "/index.html").ends_with("hola\n"), "and it answers");

    let down = run(&["down", &dir, "-t", "1"]);
    assert_eq!(down.status.code(), Some(0), "down over ssh: {}", stderr(&down));
    std::thread::sleep(Duration::from_millis(300));
    assert!(!is_ssh(again), "down stops the forward");
    assert!(!data.path().join("forwards").join(format!("{}.json", lab.project)).exists(), "and forgets it");
    assert!(lab.leftovers().is_empty(), "nothing left: {:?}", lab.leftovers());
}
