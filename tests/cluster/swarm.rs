//! A Docker Swarm of engines in network namespaces, made by `scripts/lib/swarm.sh` (which says
//! how): a manager and workers on 10.231.S.1N, a local registry on 10.231.S.1:5000 holding the
//! images, which serves only the login in the swarm's own docker configuration. The machine's own engine, its network and its `docker0` are never touched;
//! everything is torn down on drop, also when the test fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::images::busybox;

/// `scripts/lib/swarm.sh`, which makes and unmakes the swarm (the benchmark uses it too).
fn script(args: &[&str]) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/lib/swarm.sh");
    Command::new("bash").arg(path).args(args).output().expect("bash runs")
}

pub struct Swarm {
    dir: PathBuf,
    /// Short, unique prefix of the namespaces and links.
    tag: String,
    /// The third byte of 10.231.S.0/24.
    subnet: u8,
}

impl Swarm {
    /// A manager and `workers` workers, joined, with the test images in the registry.
    pub fn start(workers: usize) -> Swarm {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let pid = std::process::id();
        let tag = format!("nvs{}{n}", pid % 10_000);
        let subnet = 100 + ((pid + n * 7) % 150) as u8;
        let dir = PathBuf::from(format!("/tmp/{tag}"));
        // The test image, made on this machine's engine when it is missing.
        busybox();
        let swarm = Swarm { dir, tag, subnet };
        let up = script(&["up", swarm.dir.to_str().unwrap(), &swarm.tag, &subnet.to_string(), &workers.to_string()]);
        assert!(up.status.success(), "the swarm is made: {}{}", String::from_utf8_lossy(&up.stdout), String::from_utf8_lossy(&up.stderr));
        swarm
    }

    /// 10.231.S.1N, node `i`'s address.
    pub fn address(&self, i: usize) -> String {
        format!("10.231.{}.{}", self.subnet, 10 + i)
    }

    /// The registry's address, as the nodes reach it.
    pub fn registry(&self) -> String {
        format!("10.231.{}.1:5000", self.subnet)
    }

    /// `unix://…`, node `i`'s engine for `DOCKER_HOST`.
    pub fn host(&self, i: usize) -> String {
        format!("unix://{}", self.dir.join(format!("n{i}/run/docker.sock")).display())
    }

    /// The image map that sends the test images and the docker CLI image to the registry.
    pub fn mirrors(&self) -> String {
        let r = self.registry();
        format!("docker.io/nivel-test={r}/nivel-test,docker.io/library/docker={r}/library/docker")
    }

    /// The docker configuration holding the registry's login (`DOCKER_CONFIG`).
    pub fn docker_config(&self) -> PathBuf {
        self.dir.join("docker-config")
    }

    /// `docker ARGS` against node `i`.
    pub fn docker(&self, i: usize, args: &[&str]) -> Output {
        Command::new("docker").env("DOCKER_HOST", self.host(i)).env("DOCKER_CONFIG", self.docker_config()).args(args).output().expect("the docker CLI runs")
    }

    /// Stops node `i`'s engine as `systemctl stop docker` does (SIGTERM: it stops its
    /// containers and goes); to the swarm the node is lost.
    pub fn stop_node(&mut self, i: usize) {
        let out = script(&["stop-node", self.dir.to_str().unwrap(), &i.to_string()]);
        assert!(out.status.success(), "node {i} stops: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for Swarm {
    fn drop(&mut self) {
        let _ = script(&["down", self.dir.to_str().unwrap(), &self.tag]);
    }
}
