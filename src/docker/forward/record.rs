//! The record of a lab's forward in the data folder: `forwards/<project>.json`, with the ssh's
//! pid and which local port each remote port came to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

pub(super) fn path(dir: &Path, project: &str) -> PathBuf {
    dir.join(format!("{project}.json"))
}

pub(super) fn read(dir: &Path, project: &str) -> Option<Forward> {
    serde_json::from_slice(&std::fs::read(path(dir, project)).ok()?).ok()
}

pub(super) fn write(dir: &Path, project: &str, forward: &Forward) {
    let _ = std::fs::create_dir_all(dir);
    if let Ok(text) = serde_json::to_vec_pretty(forward) {
        let _ = std::fs::write(path(dir, project), text);
    }
}

pub(super) fn remove(dir: &Path, project: &str) {
    let _ = std::fs::remove_file(path(dir, project));
    let _ = std::fs::remove_file(dir.join(format!("{project}.log")));
}
