//! A Docker Swarm of engines in network namespaces: a "switch" namespace holding a bridge, the
//! machine linked to it on 10.231.S.1, and each node's namespace linked to it on 10.231.S.1N,
//! each node a plain `dockerd` with its own data, exec root and (in a mount namespace of its
//! own) its own `/run`, so a task that mounts `/var/run/docker.sock` reaches its node's engine.
//! A local registry on 10.231.S.1:5000 serves the images. Privileged containers cannot start
//! on these machines, so the nodes are processes, not containers. The machine's own engine,
//! its network and its `docker0` are never touched; everything is torn down on drop.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::images::busybox;
use crate::common::private_engine::{mounts_under as mounts, processes_under as processes};

pub struct Swarm {
    dir: PathBuf,
    /// Short, unique prefix of the namespaces and links.
    tag: String,
    /// The third byte of 10.231.S.0/24.
    subnet: u8,
    nodes: Vec<Node>,
    registry: Option<Child>,
}

struct Node {
    netns: String,
    dir: PathBuf,
    dockerd: Option<Child>,
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
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut swarm = Swarm { dir, tag, subnet, nodes: Vec::new(), registry: None };
        swarm.network(workers + 1);
        swarm.start_registry();
        for i in 0..=workers {
            swarm.start_node(i);
        }
        let manager = swarm.address(0);
        let init = swarm.docker(0, &["swarm", "init", "--advertise-addr", &manager, "--listen-addr", &format!("{manager}:2377")]);
        assert!(init.status.success(), "swarm init: {}", String::from_utf8_lossy(&init.stderr));
        let token = swarm.docker(0, &["swarm", "join-token", "-q", "worker"]);
        let token = String::from_utf8_lossy(&token.stdout).trim().to_owned();
        for i in 1..=workers {
            let join = swarm.docker(i, &["swarm", "join", "--advertise-addr", &swarm.address(i), "--token", &token, &format!("{manager}:2377")]);
            assert!(join.status.success(), "node {i} joins: {}", String::from_utf8_lossy(&join.stderr));
        }
        swarm.push_images();
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
        format!("unix://{}", self.nodes[i].dir.join("run/docker.sock").display())
    }

    /// The image map that sends the test images and the docker CLI image to the registry.
    pub fn mirrors(&self) -> String {
        let r = self.registry();
        format!("docker.io/nivel-test={r}/nivel-test,docker.io/library/docker={r}/library/docker")
    }

    /// `docker ARGS` against node `i`.
    pub fn docker(&self, i: usize, args: &[&str]) -> Output {
        Command::new("docker").env("DOCKER_HOST", self.host(i)).args(args).output().expect("the docker CLI runs")
    }

    /// Stops node `i`'s engine as `systemctl stop docker` does (SIGTERM: it stops its
    /// containers and goes); to the swarm the node is lost.
    pub fn stop_node(&mut self, i: usize) {
        let Some(mut child) = self.nodes[i].dockerd.take() else { return };
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    fn network(&self, nodes: usize) {
        let sw = format!("{}s", self.tag);
        run(&["ip", "netns", "add", &sw]);
        run(&["ip", "-n", &sw, "link", "add", "br0", "type", "bridge"]);
        run(&["ip", "-n", &sw, "link", "set", "br0", "up"]);
        let host_end = format!("{}h", self.tag);
        run(&["ip", "link", "add", &host_end, "type", "veth", "peer", "name", "up0", "netns", &sw]);
        run(&["ip", "-n", &sw, "link", "set", "up0", "master", "br0", "up"]);
        run(&["ip", "addr", "add", &format!("10.231.{}.1/24", self.subnet), "dev", &host_end]);
        run(&["ip", "link", "set", &host_end, "up"]);
        for i in 0..nodes {
            let ns = format!("{}n{i}", self.tag);
            run(&["ip", "netns", "add", &ns]);
            run(&["ip", "link", "add", "eth0", "netns", &ns, "type", "veth", "peer", "name", &format!("p{i}"), "netns", &sw]);
            run(&["ip", "-n", &sw, "link", "set", &format!("p{i}"), "master", "br0", "up"]);
            run(&["ip", "-n", &ns, "addr", "add", &format!("{}/24", self.address(i)), "dev", "eth0"]);
            run(&["ip", "-n", &ns, "link", "set", "eth0", "up"]);
            run(&["ip", "-n", &ns, "link", "set", "lo", "up"]);
        }
    }

    fn start_registry(&mut self) {
        let storage = self.dir.join("registry");
        let config = self.dir.join("registry.yml");
        let text = format!(
            "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: {}\n",
            storage.display(),
            self.registry()
        );
        std::fs::write(&config, text).unwrap();
        let log = std::fs::File::create(self.dir.join("registry.log")).unwrap();
        let child = Command::new("docker-registry").arg("serve").arg(&config).stdout(log.try_clone().unwrap()).stderr(log).spawn().expect("Debian's docker-registry runs");
        self.registry = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(self.registry()).is_err() {
            assert!(Instant::now() < deadline, "the registry listens within 20 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn start_node(&mut self, i: usize) {
        let dir = self.dir.join(format!("n{i}"));
        std::fs::create_dir_all(dir.join("run")).unwrap();
        let netns = format!("{}n{i}", self.tag);
        let log = std::fs::File::create(dir.join("dockerd.log")).unwrap();
        let ns = format!("{}c{i}", self.tag);
        let script = format!(
            "mount --bind {run} /run && exec dockerd --data-root {d}/root --exec-root {d}/exec --pidfile {d}/dockerd.pid -H unix:///run/docker.sock \
             --storage-driver vfs --shutdown-timeout 2 --insecure-registry {reg} --containerd-namespace {ns} --containerd-plugins-namespace {ns}p",
            run = dir.join("run").display(),
            d = dir.display(),
            reg = self.registry(),
        );
        // nsenter, not `ip netns exec`: that remounts /sys and dockerd then finds no cgroups.
        let child = Command::new("nsenter")
            .arg(format!("--net=/var/run/netns/{netns}"))
            .args(["unshare", "--mount", "--propagation", "private", "setsid", "sh", "-c", &script])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("nsenter runs");
        self.nodes.push(Node { netns, dir: dir.clone(), dockerd: Some(child) });
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.docker(i, &["version"]).status.success() {
            let log = std::fs::read_to_string(dir.join("dockerd.log")).unwrap_or_default();
            assert!(Instant::now() < deadline, "node {i}'s dockerd answers within 60 s:\n{log}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The busybox test image and a docker CLI image (busybox with the machine's own `docker`
    /// and the C library it links), loaded on the manager and pushed to the registry.
    fn push_images(&self) {
        let r = self.registry();
        let mut save = Command::new("docker").args(["save", busybox()]).stdout(Stdio::piped()).spawn().unwrap();
        let load = Command::new("docker").env("DOCKER_HOST", self.host(0)).arg("load").stdin(save.stdout.take().unwrap()).output().unwrap();
        assert!(save.wait().unwrap().success(), "docker save of the test image");
        assert!(load.status.success(), "the manager loads the test image: {}", String::from_utf8_lossy(&load.stderr));
        let lab_image = format!("{r}/{}", busybox());
        self.ok(0, &["tag", busybox(), &lab_image]);
        self.ok(0, &["push", &lab_image]);
        let root = self.dir.join("cli-root");
        for d in ["bin", "usr/bin", "lib/x86_64-linux-gnu", "lib64", "tmp"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::copy("/bin/busybox", root.join("bin/busybox")).unwrap();
        for applet in ["sh", "seq", "sleep", "echo", "cat", "ls"] {
            std::os::unix::fs::symlink("busybox", root.join("bin").join(applet)).unwrap();
        }
        std::fs::copy("/usr/bin/docker", root.join("usr/bin/docker")).unwrap();
        std::fs::copy("/lib/x86_64-linux-gnu/libc.so.6", root.join("lib/x86_64-linux-gnu/libc.so.6")).unwrap();
        std::fs::copy("/lib64/ld-linux-x86-64.so.2", root.join("lib64/ld-linux-x86-64.so.2")).unwrap();
        let tar = self.dir.join("cli-root.tar");
        run(&["tar", "-C", root.to_str().unwrap(), "-cf", tar.to_str().unwrap(), "."]);
        let cli_image = format!("{r}/library/docker:27-cli");
        self.ok(0, &["import", "--change", "ENV PATH=/bin:/usr/bin", tar.to_str().unwrap(), &cli_image]);
        self.ok(0, &["push", &cli_image]);
    }

    fn ok(&self, i: usize, args: &[&str]) {
        let out = self.docker(i, args);
        assert!(out.status.success(), "docker {args:?} on node {i}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for Swarm {
    fn drop(&mut self) {
        for i in 0..self.nodes.len() {
            if self.nodes[i].dockerd.is_some() {
                let ids = self.docker(i, &["ps", "-aq"]);
                for id in String::from_utf8_lossy(&ids.stdout).lines() {
                    let _ = self.docker(i, &["rm", "-f", id]);
                }
            }
            if let Some(mut child) = self.nodes[i].dockerd.take() {
                let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
                let deadline = Instant::now() + Duration::from_secs(15);
                while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(50));
                }
                let _ = child.kill();
                let _ = child.wait();
            }
            for pid in processes(&self.nodes[i].dir) {
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
            }
        }
        if let Some(mut registry) = self.registry.take() {
            let _ = registry.kill();
            let _ = registry.wait();
        }
        for point in mounts(&self.dir) {
            let _ = Command::new("umount").arg("-l").arg(&point).status();
        }
        for node in &self.nodes {
            let _ = Command::new("ip").args(["netns", "del", &node.netns]).status();
        }
        let _ = Command::new("ip").args(["netns", "del", &format!("{}s", self.tag)]).status();
        let _ = Command::new("ip").args(["link", "del", &format!("{}h", self.tag)]).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run(args: &[&str]) {
    let out = Command::new(args[0]).args(&args[1..]).output().unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}
