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
    for command in ["up", "status", "down"] {
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
    for command in ["up", "status", "down"] {
        let out = class(data.path(), &[command, file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{command}: the machine, not the input: {}", stderr(&out));
        assert!(stderr(&out).contains("is not a manager of a Docker Swarm") && stderr(&out).contains("docker swarm init"), "{command}: why and the fix: {}", stderr(&out));
    }
}
