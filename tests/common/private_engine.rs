//! A Docker engine of a test's own, for tests that stop and start it: a plain `dockerd` in a
//! network namespace the test makes, with its own data, exec root and socket under /tmp. The
//! shared engine at /var/run/docker.sock is never touched, nor this machine's network: a
//! second dockerd in the machine's own network takes the shared engine's `docker0` bridge
//! away, even with `--bridge=none`. A test that reaches the engine on a loopback port runs
//! its client in the namespace too ([`PrivateEngine::in_network`]). Everything is torn down on drop,
//! also when the test fails: the containers, the daemon and what it started, its mounts, the
//! namespace and the folders.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::images::busybox;

pub struct PrivateEngine {
    dir: PathBuf,
    netns: String,
    /// More `dockerd` arguments (where else it listens, and how).
    extra: Vec<String>,
    dockerd: Option<Child>,
}

impl PrivateEngine {
    /// A running private engine with the busybox test image loaded; `None` (the test is
    /// skipped) when it cannot be made, unless `NIVEL_REQUIRE_DOCKER=1`, where that fails.
    pub fn start(purpose: &str) -> Option<PrivateEngine> {
        PrivateEngine::start_with(purpose, |_| Vec::new())
    }

    /// Like [`PrivateEngine::start`], with the `dockerd` arguments `extra` gives for its folder.
    pub fn start_with(purpose: &str, extra: impl FnOnce(&std::path::Path) -> Vec<String>) -> Option<PrivateEngine> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        // Short: the socket's path must fit in a unix address.
        let dir = PathBuf::from(format!("/tmp/nvl-{purpose}-{}-{n}", std::process::id()));
        let netns = format!("nvl-{}-{n}", std::process::id());
        let extra = extra(&dir);
        let mut engine = PrivateEngine { dir, netns, extra, dockerd: None };
        match engine.build() {
            Ok(()) => Some(engine),
            Err(why) if std::env::var("NIVEL_REQUIRE_DOCKER").as_deref() == Ok("1") => panic!("NIVEL_REQUIRE_DOCKER=1 but no private engine: {why}"),
            Err(why) => {
                eprintln!("skipping a private-engine test: {why}");
                None
            }
        }
    }

    fn build(&mut self) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        run(Command::new("ip").args(["netns", "add", &self.netns]))?;
        // Its loopback, for an engine that also listens on a port there.
        run(Command::new("ip").args(["-n", &self.netns, "link", "set", "lo", "up"]))?;
        self.start_daemon()?;
        let save = Command::new("docker").args(["save", busybox()]).stdout(Stdio::piped()).spawn().map_err(|e| format!("docker save: {e}"))?;
        let mut load = Command::new("docker");
        load.env("DOCKER_HOST", self.host()).arg("load").stdin(save.stdout.ok_or("docker save gives no output")?);
        run(&mut load)?;
        Ok(())
    }

    /// `program` run in the engine's network namespace (its loopback is the engine's), with
    /// `program`'s arguments, environment and folder.
    pub fn in_network(&self, program: &Command) -> Command {
        let mut inside = Command::new("nsenter");
        inside.arg(format!("--net=/var/run/netns/{}", self.netns)).arg(program.get_program()).args(program.get_args());
        for (key, value) in program.get_envs() {
            match value {
                Some(v) => inside.env(key, v),
                None => inside.env_remove(key),
            };
        }
        if let Some(dir) = program.get_current_dir() {
            inside.current_dir(dir);
        }
        inside
    }

    /// `unix://…/docker.sock`, for `DOCKER_HOST`.
    pub fn host(&self) -> String {
        format!("unix://{}", self.dir.join("docker.sock").display())
    }

    /// Starts the daemon (again, on the same data) and waits until it answers.
    pub fn start_daemon(&mut self) -> Result<(), String> {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(self.dir.join("dockerd.log")).map_err(|e| e.to_string())?;
        let ns = format!("nvl{}", self.dir.file_name().unwrap_or_default().to_string_lossy().replace('-', ""));
        // nsenter, not `ip netns exec`: that remounts /sys and dockerd then finds no cgroups.
        let child = Command::new("nsenter")
            .arg(format!("--net=/var/run/netns/{}", self.netns))
            .args(["setsid", "dockerd"])
            .arg("--data-root")
            .arg(self.dir.join("root"))
            .arg("--exec-root")
            .arg(self.dir.join("exec"))
            .arg("--pidfile")
            .arg(self.dir.join("dockerd.pid"))
            .args(["-H", &self.host(), "--iptables=false", "--bridge=none", "--storage-driver", "vfs", "--shutdown-timeout", "2"])
            .args(["--containerd-namespace", &ns, "--containerd-plugins-namespace", &format!("{ns}p")])
            .args(&self.extra)
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("dockerd: {e}"))?;
        self.dockerd = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.docker(&["version"]).status.success() {
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(self.dir.join("dockerd.log")).unwrap_or_default();
                return Err(format!("the private dockerd did not answer within 60 s:\n{log}"));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(())
    }

    /// Stops the daemon as `systemctl stop docker` does (SIGTERM: it stops its containers and
    /// goes) and waits for it to be gone.
    pub fn stop_daemon(&mut self) {
        let Some(mut child) = self.dockerd.take() else { return };
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while child.try_wait().ok().flatten().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.wait();
    }

    /// `docker ARGS` against this engine.
    pub fn docker(&self, args: &[&str]) -> Output {
        Command::new("docker").env("DOCKER_HOST", self.host()).args(args).output().expect("the docker CLI runs")
    }

    /// Pids of the processes this engine left (its containerd, shims, container processes).
    fn processes(&self) -> Vec<String> {
        processes_under(&self.dir)
    }

    /// Mount points under the engine's folder, deepest first.
    fn mounts(&self) -> Vec<String> {
        mounts_under(&self.dir)
    }
}

/// Pids of the processes whose command line names `dir`.
pub fn processes_under(dir: &std::path::Path) -> Vec<String> {
    let mine = dir.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().chars().all(|c| c.is_ascii_digit()))
        .filter(|e| std::fs::read(e.path().join("cmdline")).is_ok_and(|c| String::from_utf8_lossy(&c).contains(&mine)))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Mount points under `dir`, deepest first.
pub fn mounts_under(dir: &std::path::Path) -> Vec<String> {
    let mine = dir.to_string_lossy().into_owned();
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let mut points: Vec<String> = info.lines().filter_map(|l| l.split(' ').nth(4)).filter(|p| p.starts_with(&mine)).map(str::to_owned).collect();
    points.sort_by_key(|p| std::cmp::Reverse(p.len()));
    points
}

impl Drop for PrivateEngine {
    fn drop(&mut self) {
        if self.dockerd.is_some() {
            let ids = self.docker(&["ps", "-aq"]);
            for id in String::from_utf8_lossy(&ids.stdout).lines() {
                let _ = self.docker(&["rm", "-f", id]);
            }
            self.stop_daemon();
        }
        for pid in self.processes() {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
        for point in self.mounts() {
            let _ = Command::new("umount").arg("-l").arg(&point).status();
        }
        let _ = Command::new("ip").args(["netns", "del", &self.netns]).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?}: {}", String::from_utf8_lossy(&out.stderr)))
    }
}

