//! `images_save` and `images_load` through Tauri's mock runtime against the real engine: a lab
//! of one image written into an archive, the image removed, and the archive loaded back; a lab
//! whose image must first be built, its build streamed to the page as a start's is.
//! Needs the core suite's test image (`nivel-test/busybox:1`, tests/common/images.rs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod mock;

use std::process::Command;

use mock::invoke;
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::WebviewWindow;

const BUSYBOX: &str = "nivel-test/busybox:1";

/// Whether the engine answers; without one the test fails when `NIVEL_REQUIRE_DOCKER=1`
/// and says it did not run otherwise.
fn engine() -> bool {
    let up = Command::new("docker").arg("info").output().is_ok_and(|o| o.status.success());
    if !up {
        assert!(std::env::var_os("NIVEL_REQUIRE_DOCKER").is_none(), "NIVEL_REQUIRE_DOCKER is set and no engine answers");
        eprintln!("NOT RUN: no engine answers `docker info`");
    }
    up
}

fn docker(args: &[&str]) -> bool {
    Command::new("docker").args(args).output().is_ok_and(|o| o.status.success())
}

/// Removes the test's image however the test ends.
struct Image(String);

impl Drop for Image {
    fn drop(&mut self) {
        docker(&["rmi", "-f", &self.0]);
    }
}

/// The app over a fresh data folder and this machine's engine, and what its channels sent.
fn app(data: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>, mock::Sent) {
    let data_dir = data.to_string_lossy().into_owned();
    let var = move |name: &str| match name {
        "NIVEL_DATA_DIR" => Some(data_dir.clone()),
        "NIVEL_LANG" => Some("es".to_owned()),
        _ => std::env::var(name).ok(),
    };
    mock::app_recording(&var, data)
}

#[test]
fn a_lab_saved_from_the_app_loads_back_after_its_image_is_removed() {
    if !engine() {
        return;
    }
    assert!(docker(&["image", "inspect", BUSYBOX]), "the test image {BUSYBOX} is on the engine (the core suite builds it)");
    // A name only this engine has, so nothing could come back by a pull.
    let image = Image(format!("i12-deskimg-archive-{}:1", std::process::id()));
    assert!(docker(&["tag", BUSYBOX, &image.0]), "the test image is tagged");
    let lab = tempfile::tempdir().unwrap();
    std::fs::write(lab.path().join("compose.yaml"), format!("services:\n  web:\n    image: {}\n", image.0)).unwrap();
    let data = tempfile::tempdir().unwrap();
    // Outside the data folder, where Nivel never writes a file for the user.
    let stick = tempfile::tempdir().unwrap();
    let archive = stick.path().join("clase.tar");
    let (_app, window, _) = app(data.path());

    let args = json!({"labs": [lab.path()], "path": archive, "onEvent": "__CHANNEL__:7", "onBytes": "__CHANNEL__:8"});
    let saved = invoke(&window, "images_save", args).expect("the save succeeds");
    assert_eq!(saved["images"], json!([image.0]), "the lab's one image: {saved}");
    let size = std::fs::metadata(&archive).expect("the archive is written").len();
    assert!(size > 0 && saved["bytes"] == json!(size), "the bytes reported are the archive's: {saved} vs {size}");

    assert!(docker(&["rmi", &image.0]), "the image is removed");
    let loaded = invoke(&window, "images_load", json!({"path": archive, "onBytes": "__CHANNEL__:9"})).expect("the load succeeds");
    assert_eq!(loaded["bytes"], json!(size), "the whole archive is read: {loaded}");
    assert!(loaded["images"].as_array().unwrap().iter().any(|i| i.as_str().unwrap().contains(&image.0)), "the engine names the image loaded: {loaded}");
    assert!(docker(&["image", "inspect", &image.0]), "the image is back on the engine");
}

#[test]
fn loading_something_that_is_not_an_archive_is_refused_as_input_in_both_languages() {
    if !engine() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let garbage = data.path().join("no-es-un-archivo.tar");
    std::fs::write(&garbage, "not an archive at all").unwrap();
    let (_app, window, _) = app(data.path());
    let failure = invoke(&window, "images_load", json!({"path": garbage, "onBytes": "__CHANNEL__:9"})).expect_err("garbage is refused");
    assert_eq!(failure["input"], true, "the user's file is at fault: {failure}");
    for lang in ["es", "en"] {
        assert!(!failure["message"][lang].as_str().unwrap_or_default().is_empty(), "a {lang} message: {failure}");
    }
    assert!(failure["code"].as_str().is_some_and(|c| !c.is_empty()), "a stable code: {failure}");
}

#[test]
fn a_save_into_the_data_folder_is_refused_before_anything_is_pulled() {
    if !engine() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let lab = tempfile::tempdir().unwrap();
    // An image no registry can give: a save that got past the file's name would fail pulling it.
    std::fs::write(lab.path().join("compose.yaml"), "services:\n  web:\n    image: 127.0.0.1:1/i12-nowhere:1\n").unwrap();
    let (_app, window, _) = app(data.path());
    let archive = data.path().join("clase.tar");
    let args = json!({"labs": [lab.path()], "path": archive, "onEvent": "__CHANNEL__:7", "onBytes": "__CHANNEL__:8"});
    let failure = invoke(&window, "images_save", args).expect_err("the data folder is refused");
    assert_eq!(failure["code"], "output.inside_data_folder", "refused for its place, not for the pull: {failure}");
    assert_eq!(failure["input"], true, "the user's choice of file is at fault: {failure}");
    assert!(failure["remedy"]["text"]["es"].as_str().is_some_and(|t| t.contains("elija un archivo fuera")), "the fix in Spanish: {failure}");
    assert!(!archive.exists(), "nothing written");
}

#[test]
fn a_save_that_must_build_an_image_streams_the_build_before_the_archive_bytes() {
    if !engine() {
        return;
    }
    assert!(docker(&["image", "inspect", BUSYBOX]), "the test image {BUSYBOX} is on the engine (the core suite builds it)");
    let project = format!("i12-desk2-build-{}", std::process::id());
    // The image compose names after the project and service, built from the lab's Dockerfile.
    let image = Image(format!("{project}-web"));
    docker(&["rmi", "-f", &image.0]);
    let lab = tempfile::tempdir().unwrap();
    std::fs::write(lab.path().join("Dockerfile"), format!("FROM {BUSYBOX}\nRUN echo nivel-built > /built\n")).unwrap();
    std::fs::write(lab.path().join("compose.yaml"), format!("name: {project}\nservices:\n  web:\n    build: .\n")).unwrap();
    let data = tempfile::tempdir().unwrap();
    // Outside the data folder, where Nivel never writes a file for the user.
    let stick = tempfile::tempdir().unwrap();
    let archive = stick.path().join("clase.tar");
    let (_app, window, sent) = app(data.path());

    let args = json!({"labs": [lab.path()], "path": archive, "onEvent": "__CHANNEL__:7", "onBytes": "__CHANNEL__:8"});
    let saved = invoke(&window, "images_save", args).expect("the save succeeds");
    assert_eq!(saved["images"], json!([image.0]), "the built image is saved: {saved}");
    assert!(docker(&["image", "inspect", &image.0]), "the image was built on the engine");

    let sent = sent.lock().unwrap().clone();
    let events: Vec<&Value> = sent.iter().filter(|(c, _)| *c == 7).map(|(_, m)| m).collect();
    let at = |what: &dyn Fn(&Value) -> bool| sent.iter().position(|(c, m)| *c == 7 && what(m));
    let building = at(&|e| e["event"] == "service_state" && e["state"] == "building" && e["service"] == "web" && e["detail"] == json!(image.0));
    assert!(building.is_some(), "the page hears that web's image is being built: {events:?}");
    assert!(at(&|e| e["event"] == "build_line" && e["service"] == "web").is_some(), "and the build's output: {events:?}");
    let ready = at(&|e| e["event"] == "image_ready" && e["image"] == json!(image.0));
    assert!(ready.is_some_and(|r| r > building.unwrap()), "then that the image is ready: {events:?}");
    let first_bytes = sent.iter().position(|(c, _)| *c == 8).expect("the archive's bytes are reported");
    assert!(first_bytes > ready.unwrap(), "the archive's bytes come after the build: {sent:?}");
    let last = &sent.iter().rev().find(|(c, _)| *c == 8).unwrap().1;
    assert_eq!(last["done"], saved["bytes"], "the last byte count is the archive's size: {last}");
    assert_eq!(last["total"], Value::Null, "a save's total is not known beforehand: {last}");
}
