//! A lab's published ports on an `ssh://` engine, forwarded to this machine. The "remote"
//! engine is this machine's own, behind a real sshd on loopback, so the port the lab publishes
//! there is already taken here (by the engine's own proxy): Nivel must forward it to another
//! local port, and the link, the check and the forward's record must all say that one. Two
//! commands at once start one forward; a refused one is told, and tried again only when the
//! student acts.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use super::ssh::{nivel_over, nivel_over_command, Sshd};
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

/// The running forwards through the sshd on `port`: each `ssh -N … -p PORT` with its pid.
fn forwards_through(port: u16) -> Vec<u32> {
    let wanted = format!("\0-p\0{port}\0");
    let entries = std::fs::read_dir("/proc").unwrap().filter_map(Result::ok);
    let pids = entries.filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok());
    pids.filter(|&pid| is_ssh(pid) && std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
        let line = String::from_utf8_lossy(&c).into_owned();
        line.contains("\0-N\0") && line.contains(&wanted)
    }))
    .collect()
}

/// An ssh command line that sends the forward (`ssh -N`) to `dead`, a port where nothing
/// listens, and every other ssh (the engine's) to the sshd on `port`, writing a line in `starts`
/// for each forward it starts.
fn forward_refused(dir: &Path, ssh: &str, port: u16, dead: u16, starts: &Path) -> String {
    let script = dir.join("ssh-forward-refused");
    let body = format!(
        "#!/bin/bash\nforward=no\nfor a in \"$@\"; do [ \"$a\" = -N ] && forward=yes; done\nout=()\nfor a in \"$@\"; do\n  [ $forward = yes ] && [ \"$a\" = {port} ] && a={dead}\n  out+=(\"$a\")\ndone\n[ $forward = yes ] && echo started >> {}\nexec {ssh} \"${{out[@]}}\"\n",
        starts.display()
    );
    std::fs::write(&script, body).unwrap();
    let mut permissions = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).unwrap();
    script.display().to_string()
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

fn is_ssh(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    stat.contains("(ssh)") && !stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
}

#[test]
fn a_lab_on_an_ssh_engine_is_reached_through_its_forward_on_another_local_port() {
    // The lab says something first, for `logs` to show.
    let compose = COMPOSE.replace(r#""mkdir -p /www"#, r#""echo said-over-ssh && mkdir -p /www"#);
    let Some(lab) = TestLab::new("forward", &compose) else { return };
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

    let logs = run(&["logs", &lab.project]);
    assert_eq!(logs.status.code(), Some(0), "logs over ssh: {}", stderr(&logs));
    assert!(stdout(&logs).lines().any(|l| l.starts_with("web") && l.ends_with("said-over-ssh")), "the container's output: {}", stdout(&logs));

    // Two commands at once that find the forward dead start one ssh between them, not two.
    assert!(std::process::Command::new("kill").arg(again.to_string()).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(300));
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| run(&["status", &lab.project]));
        let b = s.spawn(|| run(&["status", &lab.project]));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.status.success() && b.status.success(), "{}{}", stderr(&a), stderr(&b));
    let (third, _) = record(data.path(), &lab.project, remote);
    assert_eq!(forwards_through(sshd.port), [third], "exactly one ssh forwards the lab, the recorded one");

    // A forward whose ssh is refused: told by status, and for a minute told again at once
    // without running ssh; a check, asked for by the student, tries again and tells it too.
    assert!(std::process::Command::new("kill").arg(third.to_string()).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(300));
    let scripts = tempfile::tempdir().unwrap();
    let (starts, dead) = (scripts.path().join("starts"), std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port());
    let refused = forward_refused(scripts.path(), &ssh, sshd.port, dead, &starts);
    let told = format!("warning: could not forward the remote engine's ports {remote} over ssh: ssh: connect to host 127.0.0.1 port {dead}: Connection refused");
    let first = nivel_over(&refused, &host, data.path(), &["status", &lab.project]);
    assert!(first.status.success() && stderr(&first).contains(&told), "status tells the failure: {}", stderr(&first));
    assert!(!stdout(&first).contains("http://127.0.0.1"), "and shows no link here: {}", stdout(&first));
    assert_eq!(lines(&starts), 1, "one ssh tried");
    let second = nivel_over(&refused, &host, data.path(), &["status", &lab.project]);
    assert!(stderr(&second).contains(&told), "told again: {}", stderr(&second));
    assert_eq!(lines(&starts), 1, "without trying ssh again");
    let check = nivel_over_command(&refused, &host, data.path()).env("NIVEL_LANG", "es").args(["check", &dir, "web"]).output().unwrap();
    assert_eq!(lines(&starts), 2, "a check tries again: {}", stderr(&check));
    assert!(stderr(&check).contains(&format!("aviso: no se pudieron reenviar por ssh los puertos {remote} del motor remoto: ssh: connect to host 127.0.0.1 port {dead}")), "check tells it, in Spanish: {}", stderr(&check));
    let check = nivel_over(&refused, &host, data.path(), &["check", &dir, "web"]);
    assert!(stderr(&check).contains(&told), "and in English: {}", stderr(&check));
    assert_eq!(lines(&starts), 3);

    // `up` with the sshd reachable again forwards at once, within the minute.
    let up = run(&["up", &dir, "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "up again: {}", stderr(&up));
    let (again, local) = record(data.path(), &lab.project, remote);
    assert!(is_ssh(again) && stdout(&up).contains(&format!("http://127.0.0.1:{local}/index.html")), "forwarded again: {}{}", stdout(&up), stderr(&up));

    let down = run(&["down", &dir, "-t", "1"]);
    assert_eq!(down.status.code(), Some(0), "down over ssh: {}", stderr(&down));
    std::thread::sleep(Duration::from_millis(300));
    assert!(!is_ssh(again), "down stops the forward");
    assert!(!data.path().join("forwards").join(format!("{}.json", lab.project)).exists(), "and forgets it");
    assert!(lab.leftovers().is_empty(), "nothing left: {:?}", lab.leftovers());
}
