//! The engine as a lab sees it: whether it answers (and if not, why), its own CPUs and memory
//! (a Docker Desktop or WSL2 VM's, which can be far less than the machine's), its storage and
//! the free space there, and the labs already running on it with the memory they hold.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::docker::facts::{EngineInfo, RunningContainer};
use crate::docker::EngineError;

/// Whether the engine answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EngineStatus {
    Reachable,
    /// No engine answers and no `docker`/`dockerd` program is installed.
    NotInstalled,
    /// Installed (or remote), but nothing listens at its address.
    NotRunning,
    /// Something accepts connections at its address but does not answer in time (a hung
    /// engine, a VM still starting, a wrong address that swallows requests).
    NotAnswering,
    /// The socket exists but this user may not open it.
    PermissionDenied,
    /// An address Nivel cannot talk to (a typo, an unknown scheme).
    Unsupported,
    /// It answered, then failed.
    Error,
}

/// A VM between the machine and the engine: its limits are what a lab gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EngineVm {
    DockerDesktop,
    Wsl2,
}

/// The engine.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineFacts {
    /// The address used (`unix:///var/run/docker.sock`).
    pub host: String,
    pub status: EngineStatus,
    /// What went wrong, when it is not reachable.
    pub error: Option<String>,
    /// What the engine says about itself; `null` when it did not answer.
    pub info: Option<EngineInfo>,
    /// The VM the engine runs in, judged by its operating system and kernel.
    pub vm: Option<EngineVm>,
    /// Free bytes on the filesystem holding `info.root_dir`; `null` when that filesystem is
    /// not this machine's (a VM, a remote engine).
    pub root_dir_free: Option<u64>,
    /// Compose projects (and other containers) running now, most memory first.
    pub running: Vec<RunningProject>,
}

/// The running containers of one compose project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunningProject {
    /// The compose project; `null` for containers outside any project.
    pub project: Option<String>,
    /// The Nivel lab id, when Nivel started it.
    pub lab: Option<String>,
    pub containers: u32,
    /// Memory the containers use, in bytes (those whose figure arrived in time).
    pub memory: u64,
}

impl EngineFacts {
    pub fn is_reachable(&self) -> bool {
        self.status == EngineStatus::Reachable && self.info.is_some()
    }

    /// The facts when no engine answered.
    pub fn unreachable(host: &str, error: &EngineError, installed: bool) -> EngineFacts {
        EngineFacts {
            host: host.to_string(),
            status: status_of(error, installed),
            error: Some(first_line(&error.to_string())),
            info: None,
            vm: None,
            root_dir_free: None,
            running: Vec::new(),
        }
    }
}

/// Why the engine is out of reach; a missing program turns "not running" into "not installed".
pub fn status_of(error: &EngineError, installed: bool) -> EngineStatus {
    match error {
        EngineError::NotRunning { .. } if !installed => EngineStatus::NotInstalled,
        EngineError::NotRunning { .. } => EngineStatus::NotRunning,
        EngineError::PermissionDenied { .. } => EngineStatus::PermissionDenied,
        EngineError::Unsupported { .. } => EngineStatus::Unsupported,
        EngineError::NoAnswer { .. } => EngineStatus::NotAnswering,
        _ => EngineStatus::Error,
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// Docker Desktop names itself in `OperatingSystem`; a bare WSL2 engine shows Microsoft's
/// kernel.
pub fn vm_of(info: &EngineInfo) -> Option<EngineVm> {
    if info.operating_system.contains("Docker Desktop") {
        Some(EngineVm::DockerDesktop)
    } else if info.kernel_version.to_ascii_lowercase().contains("microsoft") {
        Some(EngineVm::Wsl2)
    } else {
        None
    }
}

/// Whether a `docker` or `dockerd` program is on `path` (the `PATH` variable's value).
pub fn engine_installed(path: &str) -> bool {
    std::env::split_paths(path).any(|dir| ["docker", "dockerd", "docker.exe"].iter().any(|p| dir.join(p).is_file()))
}

/// Whether the engine's files are on this machine's filesystems (a local socket, no VM).
pub fn root_dir_is_local(host: &str, vm: Option<EngineVm>, root_dir: &str) -> bool {
    host.starts_with("unix://") && vm.is_none() && !root_dir.is_empty() && Path::new(root_dir).exists()
}

/// Running containers grouped by project, most memory first; containers outside any project
/// form one group.
pub fn by_project(containers: &[RunningContainer]) -> Vec<RunningProject> {
    let mut groups: BTreeMap<Option<String>, RunningProject> = BTreeMap::new();
    for c in containers {
        let g = groups.entry(c.project.clone()).or_insert_with(|| RunningProject {
            project: c.project.clone(),
            lab: None,
            containers: 0,
            memory: 0,
        });
        g.containers += 1;
        g.memory += c.memory.unwrap_or(0);
        if g.lab.is_none() {
            g.lab.clone_from(&c.lab);
        }
    }
    let mut out: Vec<RunningProject> = groups.into_values().collect();
    out.sort_by(|a, b| b.memory.cmp(&a.memory).then_with(|| a.project.cmp(&b.project)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desktop_and_wsl2_are_recognised() {
        let info = |os: &str, kernel: &str| EngineInfo { operating_system: os.into(), kernel_version: kernel.into(), ..Default::default() };
        assert_eq!(vm_of(&info("Docker Desktop", "6.10.14-linuxkit")), Some(EngineVm::DockerDesktop), "macOS Desktop");
        assert_eq!(vm_of(&info("Docker Desktop", "5.15.153.1-microsoft-standard-WSL2")), Some(EngineVm::DockerDesktop), "Desktop wins over WSL2");
        assert_eq!(vm_of(&info("Ubuntu 22.04.4 LTS", "5.15.153.1-microsoft-standard-WSL2")), Some(EngineVm::Wsl2), "an engine inside WSL2");
        assert_eq!(vm_of(&info("Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64")), None, "a plain Linux engine");
    }

    #[test]
    fn engine_errors_become_statuses() {
        let nr = EngineError::NotRunning { host: "unix:///x".into(), source: "default socket".into() };
        assert_eq!(status_of(&nr, true), EngineStatus::NotRunning, "installed but stopped");
        assert_eq!(status_of(&nr, false), EngineStatus::NotInstalled, "no program anywhere");
        assert_eq!(status_of(&EngineError::PermissionDenied { host: "x".into() }, true), EngineStatus::PermissionDenied, "the socket's group");
        let silent = EngineError::NoAnswer { host: "unix:///x".into(), waited: std::time::Duration::from_secs(5) };
        assert_eq!(status_of(&silent, true), EngineStatus::NotAnswering, "accepts but does not answer");
        let closed = EngineError::Closed { host: "unix:///x".into() };
        assert_eq!(status_of(&closed, true), EngineStatus::Error, "went away mid-answer");
        let f = EngineFacts::unreachable("unix:///x", &nr, true);
        assert!(!f.error.as_deref().unwrap_or_default().contains('\n'), "one line of error: {:?}", f.error);
    }

    #[test]
    fn running_containers_group_by_project_most_memory_first() {
        let c = |p: Option<&str>, lab: Option<&str>, m| RunningContainer {
            name: "x".into(),
            project: p.map(Into::into),
            lab: lab.map(Into::into),
            service: None,
            memory: m,
        };
        let g = by_project(&[c(Some("a"), None, Some(10)), c(Some("b"), Some("level-1"), Some(50)), c(Some("a"), None, None), c(None, None, Some(20))]);
        let summary: Vec<(Option<&str>, Option<&str>, u32, u64)> =
            g.iter().map(|p| (p.project.as_deref(), p.lab.as_deref(), p.containers, p.memory)).collect();
        assert_eq!(summary, [(Some("b"), Some("level-1"), 1, 50), (None, None, 1, 20), (Some("a"), None, 2, 10)], "sums and order");
    }
}
