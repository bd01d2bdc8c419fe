//! The student's language on the terminal around `up` and `down`, while `--progress json`
//! keeps its English tokens for programs.

use super::lab::TestLab;
use crate::common::nivel;

const LAB: &str = "services:\n  web:\nWEB\n    volumes: [\"data:/data\"]\nvolumes:\n  data: {}\n";

#[test]
fn spanish_progress_summary_and_down_lines_while_json_stays_english() {
    let Some(lab) = TestLab::new("lang", LAB) else { return };
    let run = |args: &[&str]| {
        let out = nivel()
            .env("NIVEL_LANG", "es")
            .args(["compose", "-p", &lab.project, "-f", "compose.yaml"])
            .args(args)
            .current_dir(lab.dir.path())
            .output()
            .expect("nivel runs");
        assert!(out.status.success(), "{args:?} works: {}", String::from_utf8_lossy(&out.stderr));
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (stdout, stderr) = run(&["up", "--progress", "plain", "--timeout", "60"]);
    assert!(stderr.contains(&format!("se creó la red {}_default", lab.project)), "the network in Spanish: {stderr}");
    assert!(stderr.contains(&format!("se creó el volumen {}_data", lab.project)), "the volume in Spanish: {stderr}");
    assert!(stderr.lines().any(|l| l.starts_with("web") && l.ends_with(" sano")), "the phase in Spanish: {stderr}");
    assert!(!stderr.contains("healthy") && !stderr.contains("created"), "no English word in the progress: {stderr}");
    let summary = stdout.lines().find(|l| l.starts_with("web")).unwrap_or_default();
    assert!(summary.split_whitespace().nth(1) == Some("sano"), "the summary's state column in Spanish: {stdout}");

    let (stdout, _) = run(&["up", "--progress", "json", "--timeout", "60"]);
    let ready: Vec<serde_json::Value> = stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).filter(|v: &serde_json::Value| v["event"] == "service_ready").collect();
    assert_eq!(ready.len(), 1, "one service_ready line: {stdout}");
    assert_eq!(ready[0]["state"], "healthy", "JSON keeps the English token whatever the language: {stdout}");

    let (_, stderr) = run(&["down", "--volumes", "--timeout", "1"]);
    assert!(stderr.contains(&format!("se eliminó la red {}_default", lab.project)), "the network removed, in Spanish: {stderr}");
    assert!(stderr.contains(&format!("se eliminó el volumen {}_data", lab.project)), "the volume removed, in Spanish: {stderr}");
    assert!(lab.leftovers().is_empty(), "down removed everything: {:?}", lab.leftovers());
}
