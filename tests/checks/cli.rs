//! `nivel check` end to end through the real binary: a lab folder with a lab.toml, started
//! with `nivel up`, checked before and after the student's work, results kept in a temporary
//! progress store and read back with `nivel progress`.

use crate::common::{nivel, stderr, stdout};
use crate::engine::lab::TestLab;

pub const COMPOSE: &str = r#"services:
  web:
    image: IMAGE
    command: ["sh", "-c", "mkdir -p /www && echo hola > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports: ["8080"]
"#;

pub fn lab_toml(id: &str) -> String {
    format!(
        r#"format = 1
id = "{id}"
title = {{ es = "Laboratorio de prueba", en = "Test lab" }}
summary = {{ es = "Un servidor web.", en = "A web server." }}

[[link]]
service = "web"
port = 8080
path = "/index.html"
label = {{ es = "Sitio", en = "Site" }}

[[exercise]]
id = "web"
title = {{ es = "El sitio responde", en = "The site answers" }}

  [[exercise.check]]
  kind = "http"
  service = "web"
  port = 8080
  path = "/index.html"
  expect_body = "hola"

[[exercise]]
id = "saved"
title = {{ es = "Guarde su trabajo", en = "Save your work" }}
hint = {{ es = "Escriba done en /www/saved.txt", en = "Write done to /www/saved.txt" }}

  [[exercise.check]]
  kind = "file"
  service = "web"
  path = "/www/saved.txt"
  contains = "done"
"#
    )
}

#[test]
fn check_fails_then_passes_as_the_student_works_and_progress_keeps_it() {
    let Some(lab) = TestLab::new("check-cli", COMPOSE) else { return };
    std::fs::write(lab.dir.path().join("lab.toml"), lab_toml(&lab.project)).unwrap();
    let data = tempfile::tempdir().unwrap();
    let dir = lab.dir.path().to_str().unwrap().to_owned();
    let run = |args: &[&str]| nivel().env("NIVEL_DATA_DIR", data.path()).env("NIVEL_LANG", "en").args(args).output().unwrap();

    let early = run(&["check", &dir]);
    assert_eq!(early.status.code(), Some(2), "a lab that is not running cannot be checked: {}", stderr(&early));
    assert!(stderr(&early).contains("is not running") && stderr(&early).contains("nivel up"), "says so and how to start it: {}", stderr(&early));

    let up = run(&["up", &dir, "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "up succeeds: {}", stderr(&up));
    assert!(stdout(&up).lines().any(|l| l.starts_with("Site") && l.contains("http://127.0.0.1:") && l.ends_with("/index.html")), "the lab's link with its published port: {}", stdout(&up));

    let first = run(&["check", &dir]);
    assert_eq!(first.status.code(), Some(1), "one exercise is not done yet: {}{}", stdout(&first), stderr(&first));
    let text = stdout(&first);
    assert!(text.contains("✔ passed") && text.contains("web") && text.contains("The site answers"), "the web exercise passes: {text}");
    assert!(text.contains("✘ not yet") && text.contains("saved"), "the file exercise does not: {text}");
    assert!(text.contains("observed:") && text.contains("hint: Write done to /www/saved.txt"), "what it saw and the hint: {text}");
    assert!(text.contains("1 of 2 exercises passed"), "a tally: {text}");

    let spanish = nivel().env("NIVEL_DATA_DIR", data.path()).env("NIVEL_LANG", "es").args(["check", &dir]).output().unwrap();
    let text = stdout(&spanish);
    assert!(text.contains("se esperaba: que el archivo /www/saved.txt contenga /done/"), "expected in Spanish: {text}");
    assert!(text.contains("se observó: /www/saved.txt no existe"), "observed in Spanish: {text}");

    let container = lab.container("web");
    lab.docker(&["exec", &container, "sh", "-c", "echo done > /www/saved.txt"]);

    let second = run(&["check", &dir, "saved", "--json"]);
    assert_eq!(second.status.code(), Some(0), "the student's work passes: {}{}", stdout(&second), stderr(&second));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&second)).expect("--json prints one JSON document");
    assert_eq!((doc["passed"].as_u64(), doc["total"].as_u64()), (Some(1), Some(1)), "only the exercise asked for: {doc}");
    assert_eq!(doc["exercises"][0]["id"], "saved", "by id: {doc}");
    assert_eq!(doc["exercises"][0]["attempts"], 3, "the third attempt (after an English and a Spanish run): {doc}");
    let observed = &doc["exercises"][0]["checks"][0]["observed"];
    assert!(observed["en"].as_str().is_some_and(|t| t.starts_with("/www/saved.txt exists")), "observed in English: {doc}");
    assert!(observed["es"].as_str().is_some_and(|t| t.starts_with("/www/saved.txt existe")), "and in Spanish: {doc}");
    assert_eq!(doc["exercises"][0]["checks"][0]["kind"], "file", "each check's outcome: {doc}");

    let typo = run(&["check", &dir, "sved"]);
    assert_eq!(typo.status.code(), Some(2), "an unknown exercise is an input error");
    assert!(stderr(&typo).contains("did you mean `saved`?"), "names the fix: {}", stderr(&typo));

    let progress = run(&["progress", &lab.project, "--json"]);
    assert_eq!(progress.status.code(), Some(0), "progress reads the store: {}", stderr(&progress));
    let report = stdout(&progress);
    assert!(report.contains("\"saved\"") && report.contains("\"web\""), "both exercises are recorded: {report}");

    let down = run(&["down", &dir, "-t", "1"]);
    assert_eq!(down.status.code(), Some(0), "down succeeds: {}", stderr(&down));
    assert!(lab.leftovers().is_empty(), "nothing left: {:?}", lab.leftovers());
}
