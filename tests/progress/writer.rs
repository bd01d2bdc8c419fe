//! A writer process for the reliability tests: the integration binary itself, re-run with
//! `--exact progress::kill::writer --ignored`. It records check runs in a loop and prints
//! `committed <id> ok` after each commit returns, so the parent knows exactly what was
//! promised to be durable.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};

/// The database the writer writes to.
pub const DB_ENV: &str = "NIVEL_TEST_PROGRESS_DB";
/// How many runs to record before exiting; without it the writer runs until killed.
pub const COUNT_ENV: &str = "NIVEL_TEST_PROGRESS_COUNT";
/// A name for this writer's exercises, so runs of two writers can be told apart.
pub const TAG_ENV: &str = "NIVEL_TEST_PROGRESS_TAG";

/// A running writer: the child, a signal that it opened the store, and its committed ids.
pub struct Writer {
    pub child: Child,
    pub ready: Receiver<()>,
    committed: JoinHandle<Vec<i64>>,
}

impl Writer {
    pub fn spawn(db: &Path, count: Option<usize>, tag: &str) -> Writer {
        let mut cmd = Command::new(std::env::current_exe().expect("the test binary's path"));
        cmd.args(["--exact", "progress::kill::writer", "--ignored", "--nocapture", "--test-threads=1"])
            .env(DB_ENV, db)
            .env(TAG_ENV, tag)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match count {
            Some(n) => cmd.env(COUNT_ENV, n.to_string()),
            None => cmd.env_remove(COUNT_ENV),
        };
        let mut child = cmd.spawn().expect("the writer process starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, ready) = mpsc::channel();
        let committed = thread::spawn(move || {
            let mut ids = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // libtest prints the test's name without a newline before the first line.
                if line.ends_with("writer ready") {
                    let _ = tx.send(());
                }
                // Only whole lines count: a line cut by the kill has no " ok".
                if let Some(id) = line.strip_prefix("committed ").and_then(|rest| rest.strip_suffix(" ok")) {
                    ids.push(id.parse().expect("a numeric id"));
                }
            }
            ids
        });
        Writer { child, ready, committed }
    }

    /// The ids the writer reported committed, once its stdout closed.
    pub fn committed(self) -> Vec<i64> {
        self.committed.join().expect("the reader thread")
    }
}
