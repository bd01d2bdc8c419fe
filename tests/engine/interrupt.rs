//! Ctrl-C during `nivel up` and `nivel reset`: the command ends at once with exit 130 and a
//! message in the student's language, the session is recorded as cancelled, and `down` removes
//! everything it had created.

use std::process::{Child, Stdio};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use nivel::progress::{Action, Outcome, Store};

use super::lab::TestLab;
use crate::common::{lines_of, nivel};

/// A service whose health check never passes: `up` waits on it until interrupted.
const SLOW: &str = "  slow:\n    image: IMAGE\n    command: [\"sleep\", \"600\"]\n    stop_grace_period: 1s\n    healthcheck:\n      test: [\"CMD\", \"test\", \"-f\", \"/tmp/ready\"]\n      interval: 1s\n";

/// Starts `nivel ARGS` on the lab's folder, its stderr read line by line.
fn start(lab: &TestLab, data: &std::path::Path, lang: &str, args: &[&str]) -> (Child, Receiver<String>) {
    let mut child = nivel()
        .env("NIVEL_DATA_DIR", data)
        .env("NIVEL_LANG", lang)
        .args(args)
        .arg(lab.dir.path())
        .args(["--progress", "plain"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(child.stderr.take().unwrap());
    (child, lines)
}

/// Waits for the line saying the service is starting, sends SIGINT, and returns the exit code
/// and the rest of stderr.
fn interrupt_when_starting(mut child: Child, lines: &Receiver<String>) -> (Option<i32>, String) {
    let mut seen = Vec::new();
    loop {
        let line = lines.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| panic!("the service starts: {seen:?}"));
        let starting = line.contains("slow") && (line.contains("starting") || line.contains("arrancando"));
        seen.push(line);
        if starting {
            break;
        }
    }
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success(), "SIGINT sent");
    let rest: Vec<String> = lines.iter().collect();
    (child.wait().unwrap().code(), rest.join("\n"))
}

fn sessions(data: &std::path::Path, lab: &TestLab) -> Vec<(Action, Option<Outcome>)> {
    let store = Store::open_to_read(&nivel::progress::default_path(data)).expect("the sessions were recorded");
    store.sessions().of_lab(&lab.project).unwrap().iter().map(|s| (s.action, s.outcome)).collect()
}

#[test]
fn ctrl_c_ends_up_and_reset_cleanly_and_records_them_cancelled() {
    let Some(lab) = TestLab::new("interrupt", "") else { return };
    lab.write(&format!("name: {}\nservices:\n{SLOW}", lab.project));
    let data = tempfile::tempdir().unwrap();

    let (child, lines) = start(&lab, data.path(), "en", &["up"]);
    let (code, rest) = interrupt_when_starting(child, &lines);
    assert_eq!(code, Some(130), "the shell's code for an interrupt: {rest}");
    assert!(rest.contains("interrupted: `nivel up` stopped part way"), "says so: {rest}");
    assert!(rest.contains(&format!("fix: `nivel down {}` removes it", lab.project)), "and how to clean up: {rest}");
    assert_eq!(sessions(data.path(), &lab), [(Action::Up, Some(Outcome::Cancelled))], "the session is recorded as cancelled");

    let (child, lines) = start(&lab, data.path(), "es", &["reset", "--yes"]);
    let (code, rest) = interrupt_when_starting(child, &lines);
    assert_eq!(code, Some(130), "reset too: {rest}");
    assert!(rest.contains("interrumpido: `nivel reset` se detuvo a medio camino"), "in Spanish: {rest}");
    assert!(rest.contains("solución:"), "with its fix: {rest}");
    let recorded = sessions(data.path(), &lab);
    assert_eq!(recorded.last(), Some(&(Action::Reset, Some(Outcome::Cancelled))), "the reset is recorded as cancelled: {recorded:?}");

    let down = nivel().env("NIVEL_DATA_DIR", data.path()).args(["down", "--timeout", "1"]).arg(lab.dir.path()).output().unwrap();
    assert_eq!(down.status.code(), Some(0), "down after an interrupt: {}", String::from_utf8_lossy(&down.stderr));
    assert!(lab.leftovers().is_empty(), "nothing is left beyond what down cleans: {:?}", lab.leftovers());
}
