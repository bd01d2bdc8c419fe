//! The record of a lab's forward in the data folder: `forwards/<project>.json`, with the ssh's
//! pid and which local port each remote port came to; and `forwards/<project>.failed.json`
//! when its last ssh failed, with when and ssh's words.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// One lab's running forward.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forward {
    pub pid: u32,
    /// The ssh address it goes through (`root@vm:2222`): another engine's forward is not ours.
    pub through: String,
    /// Remote port → local port.
    pub ports: BTreeMap<u16, u16>,
}

impl Forward {
    pub fn local_of(&self, remote: u16) -> Option<u16> {
        self.ports.get(&remote).copied()
    }
}

/// The last ssh of a lab's forward that failed (refused, a host that does not answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Failure {
    pub through: String,
    /// The remote ports it was to forward.
    pub ports: Vec<u16>,
    /// When it failed, in Unix seconds.
    pub at: u64,
    /// Why, in ssh's words.
    pub why: String,
}

pub(super) fn path(dir: &Path, project: &str) -> PathBuf {
    dir.join(format!("{project}.json"))
}

pub(super) fn read(dir: &Path, project: &str) -> Option<Forward> {
    read_json(&path(dir, project))
}

pub(super) fn write(dir: &Path, project: &str, forward: &Forward) {
    write_json(dir, &path(dir, project), forward);
}

pub(super) fn exists(dir: &Path, project: &str) -> bool {
    path(dir, project).exists() || failure_path(dir, project).exists()
}

/// Forgets the forward, its ssh's output and its last failure.
pub(super) fn remove(dir: &Path, project: &str) {
    let _ = std::fs::remove_file(path(dir, project));
    let _ = std::fs::remove_file(dir.join(format!("{project}.log")));
    remove_failure(dir, project);
}

fn failure_path(dir: &Path, project: &str) -> PathBuf {
    dir.join(format!("{project}.failed.json"))
}

pub(super) fn read_failure(dir: &Path, project: &str) -> Option<Failure> {
    read_json(&failure_path(dir, project))
}

pub(super) fn write_failure(dir: &Path, project: &str, failure: &Failure) {
    write_json(dir, &failure_path(dir, project), failure);
}

pub(super) fn remove_failure(dir: &Path, project: &str) {
    let _ = std::fs::remove_file(failure_path(dir, project));
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Option<T> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Without a record the next command starts a forward again: a write that fails costs no more.
fn write_json<T: Serialize>(dir: &Path, path: &Path, value: &T) {
    let _ = std::fs::create_dir_all(dir);
    if let Ok(text) = serde_json::to_vec_pretty(value) {
        let _ = std::fs::write(path, text);
    }
}
