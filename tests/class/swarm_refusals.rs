//! `nivel class up | status | down` where no swarm can take the class: what the lab cannot be on
//! a swarm (exit 2, before anything is created), a student the roster does not have (exit 2),
//! and an engine that manages no swarm (exit 1, with the fix). The whole path on a real swarm
//! is `tests/cluster/`.

use crate::common::engine::engine;
use crate::common::{nivel, stderr};

use super::cli::class_file;

fn class(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    nivel().env("NIVEL_DATA_DIR", data).arg("class").args(args).output().unwrap()
}

#[test]
fn a_lab_with_binds_is_refused_for_the_swarm_before_anything_is_made() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = class_file(work.path(), "level-1");
    let out = class(data.path(), &["up", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "an input error: {}", stderr(&out));
    assert!(stderr(&out).contains("service `jupyter`, `volumes`: binds the host folder") && stderr(&out).contains("the swarm's nodes do not have it"), "names the service, the field and why: {}", stderr(&out));
    let es = nivel().env("NIVEL_DATA_DIR", data.path()).env("NIVEL_LANG", "es").args(["class", "up"]).arg(&file).output().unwrap();
    assert!(stderr(&es).contains("los nodos del enjambre no la tienen"), "in Spanish too: {}", stderr(&es));
}

#[test]
fn a_student_the_roster_does_not_have_is_an_input_error_listing_the_roster() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = class_file(work.path(), "level-0");
    for command in ["up", "status", "check", "down"] {
        let out = class(data.path(), &[command, file.to_str().unwrap(), "--student", "pedro"]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(stderr(&out).contains("the class has no student `pedro`; its students are: ana, luis"), "{command}: {}", stderr(&out));
    }
}

#[test]
fn an_engine_that_manages_no_swarm_is_refused_with_the_fix() {
    if engine().is_none() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = class_file(work.path(), "level-0");
    for command in ["up", "status", "check", "down"] {
        let out = class(data.path(), &[command, file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{command}: the machine, not the input: {}", stderr(&out));
        assert!(stderr(&out).contains("is not a manager of a Docker Swarm") && stderr(&out).contains("docker swarm init"), "{command}: why and the fix: {}", stderr(&out));
    }
}

#[test]
fn a_report_before_any_check_has_every_row_and_bad_exports_or_targets_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = class_file(work.path(), "level-0");
    let md = work.path().join("report.md");
    let out = class(data.path(), &["report", file.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert!(out.status.success(), "a report with no check yet: {}", stderr(&out));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("| Ana (ana) | 0/") && text.contains("| Luis (luis) | 0/"), "every student's row: {text}");
    let garbage = work.path().join("garbage.json");
    std::fs::write(&garbage, "not json").unwrap();
    let out = class(data.path(), &["report", file.to_str().unwrap(), garbage.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "a bad export is the input's fault: {}", stderr(&out));
    assert!(stderr(&out).contains("cannot read the progress export") && stderr(&out).contains("nivel progress export --format json"), "names it and the fix: {}", stderr(&out));
    assert!(std::fs::read_to_string(&md).unwrap() == text, "the earlier report is left whole");
    let out = class(data.path(), &["report", file.to_str().unwrap(), "-o", work.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "a folder is not a file to write: {}", stderr(&out));
}
