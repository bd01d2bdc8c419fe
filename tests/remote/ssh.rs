//! An `ssh://` engine: a real sshd on a loopback port with a host key and an authorized key
//! this test makes, in front of this machine's engine (the remote `docker system dial-stdio`
//! is this machine's docker CLI). Nivel reaches the engine through it; a port where no sshd
//! listens and a key the sshd does not know are said with ssh's words and the fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::{nivel, stderr, stdout};

/// An sshd of the test's own; stopped on drop.
pub(super) struct Sshd {
    dir: tempfile::TempDir,
    pub(super) port: u16,
}

impl Sshd {
    pub(super) fn start() -> Sshd {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        for key in ["host_key", "id", "stranger"] {
            let out = Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(path(key)).output().expect("ssh-keygen runs");
            assert!(out.status.success(), "ssh-keygen: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::fs::copy(path("id.pub"), path("authorized_keys")).unwrap();
        let config = format!(
            "ListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPidFile {}\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nUsePAM no\nStrictModes no\n",
            path("host_key").display(),
            path("authorized_keys").display(),
            path("sshd.pid").display(),
        );
        std::fs::write(path("sshd_config"), config).unwrap();
        // Debian's sshd refuses to start without its privilege separation folder.
        std::fs::create_dir_all("/run/sshd").unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let out = Command::new("/usr/sbin/sshd").arg("-f").arg(path("sshd_config")).args(["-p", &port.to_string(), "-E"]).arg(path("sshd.log")).output();
        let out = out.expect("/usr/sbin/sshd runs (Debian's openssh-server)");
        assert!(out.status.success(), "sshd: {}", String::from_utf8_lossy(&out.stderr));
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "sshd did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Sshd { dir, port }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The ssh command line with `key`, this sshd's host key accepted on first use into the
    /// test's own known hosts, and none of the developer's ssh configuration.
    pub(super) fn ssh_command(&self, key: &str) -> String {
        format!(
            "ssh -F /dev/null -i {} -o IdentitiesOnly=yes -o UserKnownHostsFile={} -o StrictHostKeyChecking=accept-new",
            self.file(key).display(),
            self.file("known_hosts").display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.file("sshd.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
    }
}

/// `nivel` reaching the engine at `host` with the ssh command line `ssh`, on the data folder
/// `data`, and nothing of the developer's docker setup.
pub(super) fn nivel_over_command(ssh: &str, host: &str, data: &Path) -> Command {
    let mut cmd = nivel();
    for var in ["DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"] {
        cmd.env_remove(var);
    }
    cmd.env("DOCKER_HOST", host).env("NIVEL_SSH_COMMAND", ssh).env("NIVEL_DATA_DIR", data);
    cmd
}

pub(super) fn nivel_over(ssh: &str, host: &str, data: &Path, args: &[&str]) -> Output {
    nivel_over_command(ssh, host, data).args(args).output().unwrap()
}

#[test]
fn an_ssh_engine_is_reached_through_a_real_sshd_and_its_failures_name_the_fix() {
    if crate::common::engine::engine().is_none() {
        return;
    }
    let sshd = Sshd::start();
    let data = tempfile::tempdir().unwrap();
    let host = format!("ssh://root@127.0.0.1:{}", sshd.port);
    let version = Command::new("docker").args(["version", "--format", "{{.Server.Version}}"]).output().unwrap();
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();

    let out = nivel_over(&sshd.ssh_command("id"), &host, data.path(), &["doctor", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let engine = &json["host"]["engine"];
    assert_eq!(engine["host"], host.as_str(), "{engine}");
    assert_eq!(engine["status"], "reachable", "{engine}");
    assert_eq!(engine["info"]["version"], version.as_str(), "the engine behind the sshd: {engine}");
    let out = nivel_over(&sshd.ssh_command("id"), &host, data.path(), &["status", "level-0"]);
    assert!(out.status.success(), "status over ssh: {}{}", stdout(&out), stderr(&out));

    let out = nivel_over(&sshd.ssh_command("stranger"), &host, data.path(), &["status", "level-0"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("ssh could not reach the Docker engine at {host}: root@127.0.0.1: Permission denied (publickey).")), "ssh's words: {err}");
    assert!(err.contains(&format!("fix: connect once by hand with `ssh -p {} root@127.0.0.1 docker version`", sshd.port)), "{err}");

    let dead = format!("ssh://root@127.0.0.1:{}", std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port());
    let out = nivel().env("DOCKER_HOST", &dead).env("NIVEL_SSH_COMMAND", sshd.ssh_command("id")).env("NIVEL_DATA_DIR", data.path()).env("NIVEL_LANG", "es").args(["status", "level-0"]).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains(&format!("ssh no pudo llegar al motor de Docker en {dead}: ssh: connect to host 127.0.0.1 port")) && err.contains("Connection refused"), "{err}");
    assert!(err.contains("solución: conéctese una vez a mano con `ssh -p"), "{err}");
}
