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

#[test]
fn engine_and_lab_errors_speak_the_students_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), "services:\n  web:\n    image: nivel-test/none:1\n").unwrap();
    let missing = |lang: &str| {
        nivel().env("NIVEL_LANG", lang).env("DOCKER_HOST", "unix:///nonexistent/docker.sock").args(["status"]).output().unwrap()
    };
    let es = missing("es");
    let text = String::from_utf8_lossy(&es.stderr);
    assert_eq!(es.status.code(), Some(1), "no engine is not an input error: {text}");
    assert!(text.contains("el motor de Docker no está en marcha") && text.contains("solución: arranque Docker"), "Spanish, with the fix: {text}");
    let en = missing("en");
    let text = String::from_utf8_lossy(&en.stderr);
    assert!(text.contains("the Docker engine is not running") && text.contains("fix: start Docker"), "English, with the fix: {text}");

    // A lab whose service exits at once: the failure names it and what to do, in Spanish.
    let Some(lab) = TestLab::new("lang-fail", "services:\n  job:\n    image: IMAGE\n    command: [\"sh\", \"-c\", \"echo adiós; exit 3\"]\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 1s\n") else { return };
    let out = nivel()
        .env("NIVEL_LANG", "es")
        .args(["compose", "-p", &lab.project, "-f", "compose.yaml", "up", "--progress", "plain", "--timeout", "60"])
        .current_dir(lab.dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the lab failed: {text}");
    assert!(text.contains("el servicio `job` terminó con el código 3"), "the service and its exit code: {text}");
    assert!(text.contains("últimas líneas del registro de `job`:") && text.contains("adiós"), "its last log lines: {text}");
}
