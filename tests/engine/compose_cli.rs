//! `nivel compose -f FILE -p NAME up|ps|logs|down` end to end through the real binary.

use super::lab::TestLab;
use crate::common::{nivel, stderr, stdout};

#[test]
fn compose_runs_a_project_through_up_ps_logs_and_down() {
    let compose = "services:\n  web:\nWEB\n  job:\n    image: IMAGE\n    command: [\"sh\", \"-c\", \"echo hello from job; sleep 600\"]\n";
    let Some(lab) = TestLab::new("compose-cli", compose) else { return };
    let run = |args: &[&str]| {
        let mut full = vec!["compose", "-f", "compose.yaml", "-p", lab.project.as_str()];
        full.extend_from_slice(args);
        nivel().current_dir(lab.dir.path()).args(&full).output().unwrap()
    };
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
