//! A local registry for pull tests (Debian's `docker-registry` on 127.0.0.1; nothing is pulled
//! from a public registry) and images pushed to it that only it has.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::images::busybox;

/// The docker CLI with these arguments (the classic builder: no BuildKit needed).
pub fn docker(args: &[&str]) -> std::process::Output {
    Command::new("docker").args(args).env("DOCKER_BUILDKIT", "0").output().expect("the docker CLI runs")
}

pub fn image_present(image: &str) -> bool {
    docker(&["image", "inspect", image]).status.success()
}

/// Removes the image tags a test made, even when it fails.
pub struct Images(pub Vec<String>);

impl Drop for Images {
    fn drop(&mut self) {
        for image in &self.0 {
            let _ = docker(&["rmi", "-f", image]);
        }
    }
}

/// Debian's `docker-registry` on 127.0.0.1 with its own storage; killed on drop.
pub struct Registry {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Registry {
    pub fn start() -> Registry {
        Registry::start_with(None)
    }

    /// A registry that serves only `user` with `password` (HTTP Basic, bcrypt htpasswd from
    /// `apache2-utils`).
    pub fn start_with_login(user: &str, password: &str) -> Registry {
        Registry::start_with(Some((user, password)))
    }

    fn start_with(login: Option<(&str, &str)>) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = dir.path().join("config.yml");
        let storage = dir.path().join("storage");
        let auth = match login {
            None => String::new(),
            Some((user, password)) => {
                let out = Command::new("htpasswd")
                    .args(["-Bbn", user, password])
                    .output()
                    .expect("htpasswd from apache2-utils is installed (`apt-get install apache2-utils`)");
                assert!(out.status.success(), "htpasswd makes a bcrypt entry: {}", String::from_utf8_lossy(&out.stderr));
                let file = dir.path().join("htpasswd");
                std::fs::write(&file, &out.stdout).unwrap();
                format!("auth:\n  htpasswd:\n    realm: nivel-test\n    path: {}\n", file.display())
            }
        };
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n{auth}",
                storage.display()
            ),
        )
        .unwrap();
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("Debian's docker-registry is installed (`apt-get install docker-registry`)");
        let registry = Registry { child, port, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the local registry listens on 127.0.0.1:{port} within 15 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        registry
    }

    pub fn name(&self, repo: &str) -> String {
        format!("127.0.0.1:{}/{repo}", self.port)
    }

    /// `127.0.0.1:PORT`, as `docker login` names it.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `docker login` to this registry, keeping the login in the docker config folder `config`.
    pub fn login(&self, config: &Path, user: &str, password: &str) {
        let mut child = Command::new("docker")
            .arg("--config")
            .arg(config)
            .args(["login", "--username", user, "--password-stdin", &self.host()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the docker CLI runs");
        child.stdin.take().unwrap().write_all(password.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "docker login to the local registry: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Bytes no other layer on the engine has, so a pull really downloads them.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Builds an image with its own 2 MB layer on top of busybox, pushes it to the registry as
/// `reference`, and removes it locally so only the registry has that layer.
pub fn push_unique_image(reference: &str) {
    push_image_of(reference, 2 << 20);
}

/// [`push_unique_image`] with a layer of `bytes` bytes (a bigger one takes longer to pull).
pub fn push_image_of(reference: &str, bytes: usize) {
    push_as(None, reference, bytes);
}

/// [`push_image_of`] with the logins of the docker config folder `config`.
pub fn push_logged_in(config: &Path, reference: &str, bytes: usize) {
    push_as(Some(config), reference, bytes);
}

fn push_as(config: Option<&Path>, reference: &str, bytes: usize) {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = tempfile::tempdir().unwrap();
    let seed = u64::from(std::process::id()) << 20 ^ COUNTER.fetch_add(1, Ordering::SeqCst) as u64 ^ 0x9e37_79b9;
    std::fs::write(dir.path().join("blob"), noise(bytes, seed)).unwrap();
    std::fs::write(dir.path().join("Dockerfile"), format!("FROM {}\nCOPY blob /blob\n", busybox())).unwrap();
    let out = docker(&["build", "-q", "-t", reference, dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "docker build of the test image: {}", String::from_utf8_lossy(&out.stderr));
    let out = match config {
        Some(dir) => docker(&["--config", dir.to_str().unwrap(), "push", reference]),
        None => docker(&["push", reference]),
    };
    assert!(out.status.success(), "docker push to the local registry: {}", String::from_utf8_lossy(&out.stderr));
    let out = docker(&["rmi", reference]);
    assert!(out.status.success(), "the pushed image is removed locally: {}", String::from_utf8_lossy(&out.stderr));
    assert!(!image_present(reference), "{reference} is only on the registry now");
}
