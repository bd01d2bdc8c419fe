//! `status` against the real engine, on containers made with the docker CLI the way compose
//! labels them (and one decoy without the label).

use std::io::{Read, Write};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use nivel::docker::status::{labs, Health, ServiceState};

use crate::common::engine::engine;
use crate::common::images::busybox;
use crate::common::{nivel, stdout};

/// Marks every container a test makes, labelled or not, so the guard finds them all.
const OWNER: &str = "io.nivel.test-owner";

/// A test's compose project: a unique name, and on drop every container it made is removed,
/// whether the test passed or not.
pub struct Project {
    pub name: String,
}

impl Project {
    pub fn new(purpose: &str) -> Project {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        Project { name: format!("nivel-test-{purpose}-{}-{n}", std::process::id()) }
    }

    /// Starts `script` in a container labelled as replica 1 of `service`; returns its id.
    pub fn run(&self, service: &str, extra: &[&str], script: &str) -> String {
        let name = format!("{}-{service}-1", self.name);
        let mut args = vec!["run", "-d", "--name", &name];
        let labels = [
            format!("com.docker.compose.project={}", self.name),
            format!("com.docker.compose.service={service}"),
            "com.docker.compose.container-number=1".to_string(),
            "com.docker.compose.oneoff=False".to_string(),
            format!("{OWNER}={}", self.name),
        ];
        for l in &labels {
            args.extend(["--label", l.as_str()]);
        }
        args.extend(extra);
        args.extend([busybox(), "sh", "-c", script]);
        docker(&args)
    }

    /// A container that is not part of the project but is named like it.
    pub fn decoy(&self) -> String {
        let name = format!("{}-decoy-1", self.name);
        let owner = format!("{OWNER}={}", self.name);
        docker(&["run", "-d", "--name", &name, "--label", &owner, busybox(), "sleep", "600"])
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let filter = format!("label={OWNER}={}", self.name);
        let ids = Command::new("docker").args(["ps", "-aq", "--filter", &filter]).output().map(|o| stdout(&o)).unwrap_or_default();
        let ids: Vec<&str> = ids.split_whitespace().collect();
        if !ids.is_empty() {
            let _ = Command::new("docker").args(["rm", "-f"]).args(&ids).output();
        }
    }
}

/// Runs the docker CLI; its trimmed stdout.
pub fn docker(args: &[&str]) -> String {
    let out = Command::new("docker").args(args).output().expect("the docker CLI runs");
    assert!(out.status.success(), "docker {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    stdout(&out).trim().to_string()
}

/// Waits (bounded) until the container's healthcheck reports `want`.
fn wait_health(id: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = docker(&["inspect", "--format", "{{.State.Health.Status}}", id]);
        if now == want {
            return;
        }
        assert!(Instant::now() < deadline, "container {id} never became {want} (last: {now})");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// A stack like a lab's: a healthy web server with a published port, a job that failed, a
/// plain service, and a decoy that only looks like part of it.
fn stack(purpose: &str) -> Project {
    let p = Project::new(purpose);
    let web = p.run(
        "web",
        &["-p", "127.0.0.1::80", "--health-cmd", "wget -q -O /dev/null http://127.0.0.1/", "--health-interval", "1s"],
        "exec httpd -f -p 80 -h /www",
    );
    let job = p.run("job", &[], "echo working; exit 3");
    p.run("plain", &[], "exec sleep 600");
    p.decoy();
    assert_eq!(docker(&["wait", &job]), "3", "the job exits with 3");
    wait_health(&web, "healthy");
    p
}

#[test]
fn status_reports_state_exit_code_health_and_urls() {
    let Some(engine) = engine() else { return };
    let p = stack("status");
    let found = runtime().block_on(labs(&engine, Some(&p.name), SystemTime::now())).expect("status reads the engine");
    assert_eq!(found.len(), 1, "exactly the project asked for: {found:?}");
    let lab = &found[0];
    assert_eq!(lab.project, p.name, "grouped under its project");
    let names: Vec<&str> = lab.services.iter().map(|s| s.service.as_str()).collect();
    assert_eq!(names, ["job", "plain", "web"], "every labelled service, none of the decoy");

    let job = &lab.services[0];
    assert_eq!(job.state, ServiceState::Exited, "the job has exited");
    assert_eq!(job.exit_code, Some(3), "with its exit code");
    assert_eq!(job.uptime, None, "an exited job has no uptime");

    let plain = &lab.services[1];
    assert_eq!((plain.state, plain.health), (ServiceState::Running, Health::None), "running, no healthcheck");
    assert_eq!(plain.exit_code, None, "no exit code while running");

    let web = &lab.services[2];
    assert_eq!((web.state, web.health), (ServiceState::Running, Health::Healthy), "running and healthy");
    assert_eq!(web.image, busybox(), "the image by name");
    assert_eq!(web.container, format!("{}-web-1", p.name), "the container's name");
    assert!(web.uptime.is_some_and(|u| u < Duration::from_secs(120)), "a fresh container's uptime: {:?}", web.uptime);
    let bound = docker(&["port", &web.id, "80/tcp"]);
    assert_eq!(web.ports.len(), 1, "one published port: {:?}", web.ports);
    let port = &web.ports[0];
    assert_eq!(format!("{}:{}", port.host_ip, port.host_port), bound, "the binding docker reports");
    let url = port.url.clone().expect("a TCP port has a URL");
    assert_eq!(url, format!("http://{bound}"), "the URL on the bound address");
    let mut conn = std::net::TcpStream::connect(url.trim_start_matches("http://")).expect("the URL answers");
    conn.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut page = String::new();
    conn.read_to_string(&mut page).unwrap();
    assert!(page.contains("nivel test page"), "the URL reaches the service: {page}");

    let all = runtime().block_on(labs(&engine, None, SystemTime::now())).expect("status of every lab");
    assert!(all.iter().any(|l| l.project == p.name), "listed among all labs");
    assert!(
        all.iter().flat_map(|l| &l.services).all(|s| s.container != format!("{}-decoy-1", p.name)),
        "a container without the project label is never listed"
    );
}

#[test]
fn status_json_is_one_documented_document() {
    if engine().is_none() {
        return;
    }
    let p = stack("status-json");
    let out = nivel().args(["status", &p.name, "--json"]).output().unwrap();
    assert!(out.status.success(), "nivel status --json succeeds: {}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let labs = doc["labs"].as_array().expect("a labs array");
    assert_eq!(labs.len(), 1, "only the lab asked for");
    let lab = &labs[0];
    assert_eq!(lab["project"], p.name.as_str(), "the project name");
    assert!(lab["lab"].is_null(), "not started by Nivel, so no lab id");
    let services = lab["services"].as_array().expect("a services array");
    let web = services.iter().find(|s| s["service"] == "web").expect("web is listed");
    let keys: Vec<&str> = web.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["service", "number", "container", "id", "state", "health", "exit_code", "restarts", "ports", "image", "uptime_seconds"],
        "the documented fields"
    );
    assert_eq!((web["state"].as_str(), web["health"].as_str()), (Some("running"), Some("healthy")), "state and health as words");
    assert_eq!(web["number"], 1, "the replica number");
    assert!(web["ports"][0]["url"].as_str().is_some_and(|u| u.starts_with("http://127.0.0.1:")), "the port's URL: {web}");
    assert!(web["uptime_seconds"].is_u64(), "uptime in whole seconds: {web}");
    let job = services.iter().find(|s| s["service"] == "job").expect("job is listed");
    assert_eq!((job["state"].as_str(), job["exit_code"].as_i64()), (Some("exited"), Some(3)), "exited with 3");
    assert!(job["uptime_seconds"].is_null(), "no uptime when not running");

    let table = nivel().args(["status", &p.name]).output().unwrap();
    let text = stdout(&table);
    assert!(text.contains("exited (3)") && text.contains("healthy") && text.contains("http://127.0.0.1:"), "the table shows it too:\n{text}");
}

#[test]
fn status_of_nothing_is_a_friendly_line() {
    if engine().is_none() {
        return;
    }
    let name = Project::new("status-none").name.clone();
    let out = nivel().args(["status", &name]).output().unwrap();
    assert!(out.status.success(), "nothing running is not an error");
    assert!(stdout(&out).contains("No containers of lab"), "says so: {}", stdout(&out));
    let json = nivel().args(["status", &name, "--json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON even when empty");
    assert_eq!(doc["labs"], serde_json::json!([]), "an empty list of labs");
}
