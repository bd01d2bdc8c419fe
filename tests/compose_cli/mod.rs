//! `nivel config` end to end: exit codes and messages of the real binary.

mod course;
mod inputs;
mod labs;
mod malformed;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::common::{nivel, run_in, stderr};

/// Runs `nivel args` in `dir` with `envs`, killing it and failing the test when it has not
/// finished within 20 seconds: a hang (a FIFO read, a quadratic loop) fails instead of
/// wedging the suite.
pub fn run_bounded(dir: &Path, args: &[&str], envs: &[(&str, &Path)]) -> Output {
    let mut cmd: Command = nivel();
    cmd.current_dir(dir).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("the nivel binary starts");
    let pid = child.id().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    // The output is drained while the child runs, so a long one cannot block it.
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(out) => out.expect("the output of a finished child"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid]).status();
            panic!("`nivel {}` still ran after 20 s and was killed", args.join(" "));
        }
    }
}

#[test]
fn missing_file_exits_2_with_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["config", "-f", "nope.yaml"]);
    assert_eq!(out.status.code(), Some(2), "a missing file is an input error");
    let err = stderr(&out);
    assert!(err.contains("nope.yaml does not exist"), "names the file: {err}");
    assert!(err.contains("fix:"), "says what to do: {err}");
}
