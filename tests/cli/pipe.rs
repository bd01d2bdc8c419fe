//! A closed pipe is no error: `nivel labs --json | head -c 10` prints nothing on stderr, as
//! `docker ps | head` does not.

use std::process::Stdio;

use crate::common::{nivel, stderr};

#[test]
fn a_reader_that_goes_away_gets_no_error_message() {
    let data = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_nivel");
    let line = format!("NIVEL_DATA_DIR='{}' '{bin}' labs --json | head -c 10", data.path().display());
    let out = std::process::Command::new("sh").args(["-c", &line]).output().unwrap();
    assert_eq!(out.stdout.len(), 10, "head got its 10 bytes");
    assert_eq!(stderr(&out), "", "and nothing was said about the pipe");
}

#[test]
fn writing_into_a_closed_pipe_ends_as_sigpipe_ends_the_docker_cli() {
    let data = tempfile::tempdir().unwrap();
    let mut child = nivel()
        .env("NIVEL_DATA_DIR", data.path())
        .args(["labs", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The read end is closed before the program writes a byte: its first write fails.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(stderr(&out), "", "no message on stderr");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(13), "ended by SIGPIPE, as a Go program is: {:?}", out.status);
    }
}
