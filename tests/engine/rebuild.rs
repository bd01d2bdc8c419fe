//! A `build:` service is built again when the student changes its code: `up` after an edit
//! runs the new code, `up` without one reuses the image, an edit `.dockerignore` leaves out
//! changes nothing, `--build` forces a build, and an image built without Nivel is rebuilt.

use std::process::Command;

use nivel::docker::images::BuildMode;
use nivel::docker::up::UpOptions;
use nivel::events::{Event, RebuildReason, ServicePhase};

use super::lab::{phases, TestLab};
use crate::common::images::busybox;
use crate::common::{nivel, stderr};

/// The label the test's images carry, so every image a rebuild left behind is removed.
const OWNER: &str = "io.nivel.test.rebuild";

/// A service built from the lab's folder that prints the file it copied in, then stays up.
const COMPOSE: &str = r#"
services:
  app:
    build:
      context: .
      labels:
        io.nivel.test.rebuild: PROJECT
    command: ["sh", "-c", "cat /message.txt; sleep 600"]
"#;

/// Removes every image labelled with the project when dropped (the current one and those a
/// rebuild left untagged). Declared before the lab, so it runs after the containers are gone.
struct Images(String);

impl Drop for Images {
    fn drop(&mut self) {
        let out = Command::new("docker").args(["images", "-aq", "--filter", &format!("label={OWNER}={}", self.0)]).output();
        for id in out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default().lines() {
            let _ = Command::new("docker").args(["rmi", "-f", id]).output();
        }
    }
}

/// A lab whose `app` service is built from its own folder: a Dockerfile that copies
/// `message.txt` and a `.dockerignore` that leaves `notes/` out.
fn lab(purpose: &str) -> Option<(Images, TestLab)> {
    let lab = TestLab::new(purpose, "services: {}\n")?;
    lab.write(&COMPOSE.replace("PROJECT", &lab.project));
    let write = |name: &str, text: &str| std::fs::write(lab.dir.path().join(name), text).unwrap();
    write("Dockerfile", &format!("FROM {}\nCOPY message.txt /message.txt\n", busybox()));
    write(".dockerignore", "notes\n");
    write("message.txt", "first version\n");
    std::fs::create_dir(lab.dir.path().join("notes")).unwrap();
    write("notes/todo.txt", "nothing yet\n");
    Some((Images(lab.project.clone()), lab))
}

fn up(lab: &TestLab, build: BuildMode) -> Vec<Event> {
    let (result, events) = lab.up_with(UpOptions { timeout: std::time::Duration::from_secs(60), build, ..Default::default() });
    result.unwrap_or_else(|e| panic!("up succeeds: {e}\n{events:?}"));
    events
}

fn image_id(lab: &TestLab) -> String {
    lab.docker(&["image", "inspect", "--format", "{{.Id}}", &format!("{}-app", lab.project)])
}

/// What the service's container printed.
fn printed(lab: &TestLab) -> String {
    let out = Command::new("docker").args(["logs", &lab.container("app")]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn rebuilt(events: &[Event]) -> Option<RebuildReason> {
    events.iter().find_map(|e| match e {
        Event::Rebuilding { service, reason, .. } if service == "app" => Some(*reason),
        _ => None,
    })
}

fn built(events: &[Event]) -> bool {
    phases(events, "app").contains(&ServicePhase::Building)
}

#[test]
fn an_edited_file_is_built_in_on_the_next_up_and_only_then() {
    let Some((_images, lab)) = lab("rebuild-edit") else { return };
    let first = up(&lab, BuildMode::WhenChanged);
    assert!(built(&first), "the first up builds the image: {first:?}");
    assert_eq!(printed(&lab), "first version\n", "the container prints the file it was built with");
    let before = image_id(&lab);
    let digest = lab.docker(&["image", "inspect", "--format", "{{index .Config.Labels \"io.nivel.build.digest\"}}", &before]);
    assert!(digest.starts_with("sha256:") && digest.len() == 71, "the image carries the digest of its build: {digest}");

    std::fs::write(lab.dir.path().join("message.txt"), "second version\n").unwrap();
    let second = up(&lab, BuildMode::WhenChanged);
    assert_eq!(rebuilt(&second), Some(RebuildReason::ContextChanged), "the edit is the reason given: {second:?}");
    assert!(built(&second), "and the image is built: {second:?}");
    let after = image_id(&lab);
    assert_ne!(after, before, "a new image");
    assert_eq!(printed(&lab), "second version\n", "the recreated container runs the edited file");

    let third = up(&lab, BuildMode::WhenChanged);
    assert_eq!(rebuilt(&third), None, "no edit, no rebuild: {third:?}");
    assert!(!built(&third), "nothing is built: {third:?}");
    assert_eq!(image_id(&lab), after, "the same image");
    assert!(phases(&third, "app").contains(&ServicePhase::Unchanged), "the container is left as it is: {third:?}");
}

#[test]
fn an_edit_dockerignore_leaves_out_does_not_rebuild() {
    let Some((_images, lab)) = lab("rebuild-ignored") else { return };
    up(&lab, BuildMode::WhenChanged);
    let before = image_id(&lab);
    std::fs::write(lab.dir.path().join("notes/todo.txt"), "train a better model\n").unwrap();
    std::fs::write(lab.dir.path().join("notes/new.txt"), "a new file, ignored too\n").unwrap();
    let again = up(&lab, BuildMode::WhenChanged);
    assert_eq!(rebuilt(&again), None, "an ignored file is not part of the build: {again:?}");
    assert!(!built(&again), "nothing is built: {again:?}");
    assert_eq!(image_id(&lab), before, "the same image");
}

#[test]
fn build_flag_rebuilds_without_a_change() {
    let Some((_images, lab)) = lab("rebuild-forced") else { return };
    up(&lab, BuildMode::WhenChanged);
    let forced = up(&lab, BuildMode::Always);
    assert_eq!(rebuilt(&forced), Some(RebuildReason::Asked), "a build was asked for: {forced:?}");
    assert!(built(&forced), "the image is built although nothing changed: {forced:?}");

    // The same through the command line, as the student types it.
    let out = nivel()
        .current_dir(lab.dir.path())
        .args(["compose", "-f", "compose.yaml", "-p", &lab.project, "up", "--build", "--progress", "plain", "--timeout", "60"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "nivel compose up --build succeeds: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("app        rebuilding: a new build was asked for"), "the reason is shown: {err}");
    assert!(err.contains("app        building"), "then the build: {err}");
}

#[test]
fn an_image_built_without_nivel_is_rebuilt_once() {
    let Some((_images, lab)) = lab("rebuild-unrecorded") else { return };
    let image = format!("{}-app", lab.project);
    // Built from older code, as a student's earlier `docker compose build` would have.
    std::fs::write(lab.dir.path().join("message.txt"), "stale version\n").unwrap();
    let out = Command::new("docker")
        .env("DOCKER_BUILDKIT", "0")
        .args(["build", "-q", "--label", &format!("{OWNER}={}", lab.project), "-t", &image])
        .arg(lab.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "docker build makes the image: {}", String::from_utf8_lossy(&out.stderr));
    let by_docker = image_id(&lab);
    std::fs::write(lab.dir.path().join("message.txt"), "first version\n").unwrap();

    let first = up(&lab, BuildMode::WhenChanged);
    assert_eq!(rebuilt(&first), Some(RebuildReason::Unrecorded), "nothing says what it was built from: {first:?}");
    let by_nivel = image_id(&lab);
    assert_ne!(by_nivel, by_docker, "Nivel built its own image");
    assert_eq!(printed(&lab), "first version\n", "and runs the current code");

    let second = up(&lab, BuildMode::WhenChanged);
    assert_eq!(rebuilt(&second), None, "once is enough: {second:?}");
    assert_eq!(image_id(&lab), by_nivel, "the same image");
}
