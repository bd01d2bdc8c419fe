//! The lab a student works in during the end-to-end test: a folder with a `lab.toml` and a
//! compose file over the local busybox image, added to the app through `NIVEL_EXTRA_LABS`,
//! under a name of its own, and removed from the engine by label when the test ends (even
//! when it failed).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A web server (the exercise's file lives in its volume) and a service that talks.
const COMPOSE: &str = r#"services:
  web:
    image: IMAGE
    command: ["sh", "-c", "mkdir -p /www && echo hola > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports: ["127.0.0.1::8080"]
    volumes: ["work:/data"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      retries: 60
  talker:
    image: IMAGE
    command: ["sh", "-c", "echo nivel-e2e-needle; for n in $$(seq 1 200); do echo burst $$n; done; i=0; while true; do echo tick $$i; i=$$((i+1)); sleep 1; done"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
volumes:
  work: {}
"#;

fn lab_toml(id: &str) -> String {
    format!(
        r#"format = 1
id = "{id}"
title = {{ es = "Laboratorio de prueba", en = "Test lab" }}
summary = {{ es = "Un servidor web y un servicio que habla.", en = "A web server and a talking service." }}

[[link]]
service = "web"
port = 8080
path = "/index.html"
label = {{ es = "Sitio", en = "Site" }}

[[exercise]]
id = "saved"
title = {{ es = "Guarde su trabajo", en = "Save your work" }}
hint = {{ es = "Escriba done en /data/saved.txt", en = "Write done to /data/saved.txt" }}

  [[exercise.check]]
  kind = "file"
  service = "web"
  path = "/data/saved.txt"
  contains = "done"
"#
    )
}

pub struct TestLab {
    pub id: String,
    pub dir: PathBuf,
    _root: tempfile::TempDir,
}

impl TestLab {
    pub fn new(image: &str) -> TestLab {
        let root = tempfile::tempdir().expect("a temp dir");
        let id = format!("shell-e2e-{}", std::process::id());
        let dir = root.path().join(&id);
        std::fs::create_dir_all(&dir).expect("the lab folder");
        std::fs::write(dir.join("compose.yaml"), COMPOSE.replace("IMAGE", image)).expect("compose.yaml");
        std::fs::write(dir.join("lab.toml"), lab_toml(&id)).expect("lab.toml");
        TestLab { id, dir, _root: root }
    }

    /// The running container of `service`.
    pub fn container(&self, service: &str) -> String {
        docker(&["ps", "-q", "--no-trunc", "--filter", &format!("label=io.nivel.lab={}", self.id), "--filter", &format!("label=com.docker.compose.service={service}")])
    }

    /// The host port `web`'s 8080 is published on.
    pub fn web_port(&self) -> String {
        let out = docker(&["port", &self.container("web"), "8080/tcp"]);
        out.lines().next().and_then(|l| l.rsplit(':').next()).unwrap_or_default().to_owned()
    }

    /// Does the student's work: the file the exercise checks for.
    pub fn do_the_work(&self) {
        let out = Command::new("docker")
            .args(["exec", &self.container("web"), "sh", "-c", "echo done > /data/saved.txt"])
            .output()
            .expect("docker exec runs");
        assert!(out.status.success(), "the work is done in the container: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for TestLab {
    fn drop(&mut self) {
        let label = format!("label=io.nivel.lab={}", self.id);
        let containers = docker(&["ps", "-aq", "--filter", &label]);
        if !containers.is_empty() {
            let mut args = vec!["rm", "-f", "-v"];
            args.extend(containers.lines());
            docker(&args);
        }
        for kind in ["network", "volume"] {
            let names = docker(&[kind, "ls", "-q", "--filter", &label]);
            if !names.is_empty() {
                let mut args = vec![kind, "rm"];
                args.extend(names.lines());
                docker(&args);
            }
        }
    }
}

/// `docker` with these arguments; its stdout, trimmed.
pub fn docker(args: &[&str]) -> String {
    let out = Command::new("docker").args(args).output().expect("the docker CLI runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Whether an engine answers; a missing one fails the test where `NIVEL_REQUIRE_DOCKER=1`.
pub fn engine_answers() -> bool {
    let answers = Command::new("docker").args(["version", "--format", "{{.Server.Version}}"]).output().is_ok_and(|o| o.status.success());
    if !answers && std::env::var("NIVEL_REQUIRE_DOCKER").as_deref() == Ok("1") {
        panic!("NIVEL_REQUIRE_DOCKER=1 but no Docker engine answers");
    }
    answers
}
