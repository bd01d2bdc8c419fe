//! `nivel compose -f FILE -p NAME up|ps|logs|down` end to end through the real binary.

use super::lab::TestLab;
use crate::common::{nivel, stderr, stdout};

/// `nivel compose -f compose.yaml -p PROJECT ARGS...` in the lab's folder.
fn run_compose(lab: &TestLab, args: &[&str]) -> std::process::Output {
    let mut full = vec!["compose", "-f", "compose.yaml", "-p", lab.project.as_str()];
    full.extend_from_slice(args);
    nivel().current_dir(lab.dir.path()).args(&full).output().unwrap()
}

#[test]
fn compose_runs_a_project_through_up_ps_logs_and_down() {
    let compose = "services:\n  web:\nWEB\n  job:\n    image: IMAGE\n    command: [\"sh\", \"-c\", \"echo hello from job; sleep 600\"]\n";
    let Some(lab) = TestLab::new("compose-cli", compose) else { return };
    let run = |args: &[&str]| run_compose(&lab, args);
    let up = run(&["up", "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "up succeeds: {}", stderr(&up));

    let ps = run(&["ps", "--json"]);
    assert_eq!(ps.status.code(), Some(0), "ps succeeds: {}", stderr(&ps));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&ps)).expect("ps --json prints JSON");
    let labs = doc["labs"].as_array().expect("a list of labs");
    assert_eq!(labs.len(), 1, "only this project: {doc}");
    let services: Vec<&str> = labs[0]["services"].as_array().unwrap().iter().map(|s| s["service"].as_str().unwrap()).collect();
    assert_eq!(services, ["job", "web"], "both services, sorted");
    assert_eq!(labs[0]["services"][1]["health"], "healthy", "web is healthy");

    let logs = run(&["logs", "--no-color", "job"]);
    assert_eq!(logs.status.code(), Some(0), "logs succeeds: {}", stderr(&logs));
    assert!(stdout(&logs).contains("job-1  | hello from job"), "prefixed like compose: {}", stdout(&logs));

    let down = run(&["down", "--timeout", "1"]);
    assert_eq!(down.status.code(), Some(0), "down succeeds: {}", stderr(&down));
    assert!(lab.leftovers().is_empty(), "nothing left: {:?}", lab.leftovers());
}

fn started_at(container: &str) -> String {
    let out = std::process::Command::new("docker").args(["inspect", "-f", "{{.State.StartedAt}}", container]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn compose_restart_starts_the_same_containers_again_and_waits() {
    let compose = "services:\n  web:\nWEB\n  other:\nWEB\n";
    let Some(lab) = TestLab::new("compose-restart", compose) else { return };
    let run = |args: &[&str]| run_compose(&lab, args);
    let up = run(&["up", "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "up succeeds: {}", stderr(&up));
    let ids = |out: &std::process::Output| -> Vec<(String, String)> {
        let doc: serde_json::Value = serde_json::from_str(&stdout(out)).expect("ps --json prints JSON");
        doc["labs"][0]["services"]
            .as_array()
            .expect("services")
            .iter()
            .map(|s| (s["service"].as_str().unwrap().to_owned(), s["id"].as_str().expect("a container id").to_owned()))
            .collect()
    };
    let before = ids(&run(&["ps", "--json"]));
    let web = &before.iter().find(|(s, _)| s == "web").expect("web is listed").1;
    let other = &before.iter().find(|(s, _)| s == "other").expect("other is listed").1;
    let (web_started, other_started) = (started_at(web), started_at(other));

    // An edit to the file is not applied by restart: the container keeps its configuration.
    let edited = std::fs::read_to_string(lab.dir.path().join("compose.yaml")).unwrap().replacen("interval: 1s", "interval: 2s", 1);
    std::fs::write(lab.dir.path().join("compose.yaml"), edited).unwrap();

    let restart = run(&["restart", "--progress", "plain", "-t", "1", "web"]);
    assert_eq!(restart.status.code(), Some(0), "restart succeeds: {}", stderr(&restart));
    assert!(stdout(&restart).contains("web") && stdout(&restart).contains("healthy"), "it waited for health: {}", stdout(&restart));
    let after = ids(&run(&["ps", "--json"]));
    assert_eq!(after, before, "the same containers, none recreated");
    assert_ne!(started_at(web), web_started, "web was started again");
    assert_eq!(started_at(other), other_started, "a service not named was left alone");

    let typo = run(&["restart", "wbe"]);
    assert_eq!(typo.status.code(), Some(2), "an unknown service is an input error");
    assert!(stderr(&typo).contains("no service `wbe`") && stderr(&typo).contains("did you mean `web`?"), "names it and the fix: {}", stderr(&typo));
}

#[test]
fn compose_up_takes_the_flags_docker_compose_scripts_pass() {
    let Some(lab) = TestLab::new("compose-flags", "services:\n  web:\nWEB\n") else { return };
    let up = run_compose(&lab, &["up", "-d", "--wait", "--wait-timeout", "60", "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "`up -d --wait --wait-timeout 60` succeeds: {}", stderr(&up));
    assert!(stdout(&up).contains("healthy"), "it waited for health: {}", stdout(&up));

    // A health check that never passes: `--wait-timeout` bounds the wait and says so.
    lab.write("services:\n  sick:\n    image: IMAGE\n    command: [\"sleep\", \"600\"]\n    healthcheck:\n      test: [\"CMD\", \"false\"]\n      interval: 1s\n      retries: 1000\n");
    let started = std::time::Instant::now();
    let up = run_compose(&lab, &["up", "-d", "--wait", "--wait-timeout", "3", "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(1), "a lab not ready in time is a failure: {}", stderr(&up));
    assert!(stderr(&up).contains("not ready after 3s") && stderr(&up).contains("sick"), "names the bound and the service: {}", stderr(&up));
    assert!(stderr(&up).contains("--timeout 6"), "and the fix, a longer wait: {}", stderr(&up));
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "the wait was bounded: {:?}", started.elapsed());

    let both = run_compose(&lab, &["up", "--wait", "--no-wait"]);
    assert_eq!(both.status.code(), Some(2), "`--wait` with `--no-wait` is an input error: {}", stderr(&both));

    let down = run_compose(&lab, &["down", "--timeout", "1"]);
    assert_eq!(down.status.code(), Some(0), "down succeeds: {}", stderr(&down));
    assert!(lab.leftovers().is_empty(), "nothing left: {:?}", lab.leftovers());
}

#[test]
fn quiet_prints_nothing_and_down_speaks_json_lines() {
    let Some(lab) = TestLab::new("compose-quiet", "services:\n  web:\nWEB\n") else { return };
    let up = run_compose(&lab, &["up", "-q"]);
    assert_eq!(up.status.code(), Some(0), "up -q succeeds: {}", stderr(&up));
    assert_eq!((stdout(&up).as_str(), stderr(&up).as_str()), ("", ""), "-q prints nothing when all is well");

    let down = run_compose(&lab, &["down", "--timeout", "1", "--progress", "json"]);
    assert_eq!(down.status.code(), Some(0), "down succeeds: {}", stderr(&down));
    let events: Vec<serde_json::Value> = stdout(&down).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert!(events.iter().any(|e| e["event"] == "service_state" && e["state"] == "removed"), "the container's removal: {events:?}");
    let network = format!("{}_default", lab.project);
    assert!(events.iter().any(|e| e["event"] == "resource_removed" && e["kind"] == "network" && e["name"] == network.as_str()), "the network's: {events:?}");
    assert!(lab.leftovers().is_empty(), "nothing left: {:?}", lab.leftovers());

    let both = run_compose(&lab, &["down", "-q", "--progress", "plain"]);
    assert_eq!(both.status.code(), Some(2), "-q with another --progress is an input error: {}", stderr(&both));
}
