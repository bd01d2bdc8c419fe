//! A throwaway lab for engine tests: a compose file in a temp folder under a unique project
//! name, brought up and down through the library, and removed by label when dropped (even
//! when the test failed).

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use nivel::compose::{self, LoadedProject, ProjectOptions};
use nivel::docker::down::{self, DownOptions, DownReport};
use nivel::docker::labels::Owner;
use nivel::docker::up::{self, UpOptions, UpReport};
use nivel::docker::{Engine, LabError};
use nivel::events::{Collect, Event, ServicePhase};

use crate::common::engine::engine;
use crate::common::images::busybox;

pub struct TestLab {
    pub dir: tempfile::TempDir,
    pub project: String,
    pub engine: Engine,
    rt: tokio::runtime::Runtime,
}

/// The healthcheck every web service of these tests uses.
pub const WEB: &str = r#"
    image: IMAGE
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s"#;

/// Three healthchecked web servers, each waiting for the one before to be healthy.
pub const CHAIN: &str = r#"
services:
  first:
WEB
  second:
WEB
    depends_on:
      first: {condition: service_healthy}
  third:
WEB
    depends_on:
      second: {condition: service_healthy}
"#;

impl TestLab {
    /// `compose` is the file's text; `IMAGE` stands for the busybox test image and `WEB` for
    /// a healthchecked web server's lines.
    pub fn new(purpose: &str, compose: &str) -> Option<TestLab> {
        let engine = engine()?;
        static N: AtomicUsize = AtomicUsize::new(0);
        let project = format!("nivel-test-{purpose}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
        let lab = TestLab {
            dir: tempfile::tempdir().unwrap(),
            project,
            engine,
            rt: tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap(),
        };
        lab.write(compose);
        Some(lab)
    }

    pub fn write(&self, compose: &str) {
        let text = compose.replace("WEB", WEB.trim_start_matches('\n')).replace("IMAGE", busybox());
        std::fs::write(self.dir.path().join("compose.yaml"), text).unwrap();
    }

    pub fn load(&self) -> LoadedProject {
        let opts = ProjectOptions {
            files: vec![self.dir.path().join("compose.yaml")],
            name: Some(self.project.clone()),
            cwd: self.dir.path().to_path_buf(),
            ..Default::default()
        };
        compose::load_project(&opts).expect("the test compose file loads")
    }

    /// The same owner `nivel up` and `nivel compose` use for this project.
    pub fn owner(&self, loaded: &LoadedProject) -> Owner {
        Owner::of(loaded, &self.project)
    }

    pub fn up_with(&self, opts: UpOptions) -> (Result<UpReport, LabError>, Vec<Event>) {
        let loaded = self.load();
        let sink = Collect::default();
        let result = self.rt.block_on(up::up(&self.engine, &loaded.project, &loaded.project_dir, &self.owner(&loaded), &opts, &sink));
        (result, sink.take())
    }

    pub fn up(&self) -> (Result<UpReport, LabError>, Vec<Event>) {
        self.up_with(UpOptions { timeout: std::time::Duration::from_secs(60), ..Default::default() })
    }

    pub fn down(&self, opts: DownOptions) -> DownReport {
        let loaded = self.load();
        let sink = Collect::default();
        self.rt.block_on(down::down(&self.engine, Some(&loaded.project), &self.owner(&loaded), &opts, &sink)).expect("down works")
    }

    /// `docker` with these arguments; its stdout, trimmed.
    pub fn docker(&self, args: &[&str]) -> String {
        let out = Command::new("docker").args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The container id of a service (by the lab's labels).
    pub fn container(&self, service: &str) -> String {
        self.docker(&[
            "ps",
            "-aq",
            "--no-trunc",
            "--filter",
            &format!("label=com.docker.compose.project={}", self.project),
            "--filter",
            &format!("label=com.docker.compose.service={service}"),
        ])
    }

    pub fn inspect(&self, id: &str, format: &str) -> String {
        self.docker(&["inspect", "--format", format, id])
    }

    /// Every object of any kind carrying the project label.
    pub fn leftovers(&self) -> Vec<String> {
        let label = format!("label=com.docker.compose.project={}", self.project);
        let mut out = Vec::new();
        for kind in [["ps", "-aq"], ["network", "ls"], ["volume", "ls"]] {
            let mut args: Vec<&str> = if kind[0] == "ps" { vec!["ps", "-aq"] } else { vec![kind[0], "ls", "-q"] };
            args.extend(["--filter", &label]);
            out.extend(self.docker(&args).lines().map(str::to_owned));
        }
        out
    }
}

impl Drop for TestLab {
    fn drop(&mut self) {
        let label = format!("label=com.docker.compose.project={}", self.project);
        let ids = self.docker(&["ps", "-aq", "--filter", &label]);
        for id in ids.lines() {
            let _ = Command::new("docker").args(["rm", "-f", id]).output();
        }
        for kind in ["network", "volume"] {
            for id in self.docker(&[kind, "ls", "-q", "--filter", &label]).lines() {
                let _ = Command::new("docker").args([kind, "rm", id]).output();
            }
        }
    }
}

/// The phases the events reported for `service`, in order.
pub fn phases(events: &[Event], service: &str) -> Vec<ServicePhase> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::ServiceState { service: s, state, .. } if s == service => Some(*state),
            _ => None,
        })
        .collect()
}

/// Index of the first event where `service` reached `phase`.
pub fn when(events: &[Event], service: &str, phase: ServicePhase) -> usize {
    events
        .iter()
        .position(|e| matches!(e, Event::ServiceState { service: s, state, .. } if s == service && *state == phase))
        .unwrap_or_else(|| panic!("{service} never reached {phase:?}: {events:?}"))
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
