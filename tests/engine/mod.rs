//! Tests against the real Docker engine.

mod images;
mod ports;
mod logs;
mod status;
mod down;
mod reset;
mod compose_cli;
mod down_order;
pub mod lab;
mod up;
mod language;
mod peer;
mod unresponsive;
mod oversized;
mod cut;
mod duplicates;
mod lock;
mod concurrent;
mod killed;
mod interrupt;
mod engine_restart;
mod rebuild;
mod registry_logins;
mod pull_limits;
mod build_mirrors;
mod image_archive;

use std::process::Command;

use crate::common::engine::engine;

#[test]
fn connects_and_negotiates_with_the_engine() {
    let Some(engine) = engine() else { return };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let version = rt.block_on(engine.version()).expect("the engine reports its version");
    let cli = Command::new("docker").args(["version", "--format", "{{.Server.Version}}"]).output().unwrap();
    let cli = String::from_utf8_lossy(&cli.stdout).trim().to_string();
    assert_eq!(version.version, cli, "the same engine the docker CLI sees");
    let api = Command::new("docker").args(["version", "--format", "{{.Server.APIVersion}}"]).output().unwrap();
    let api = String::from_utf8_lossy(&api.stdout).trim().to_string();
    assert_eq!(version.api_version, api, "negotiated down to the engine's API version");
}

#[test]
fn a_missing_engine_says_how_to_start_it() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let host = nivel::docker::EngineHost::new(format!("unix://{}/docker.sock", dir.path().display()), "DOCKER_HOST");
    let err = rt.block_on(nivel::docker::Engine::connect(host)).expect_err("nothing listens there");
    assert!(matches!(err, nivel::docker::EngineError::NotRunning { .. }), "a missing socket means not running: {err:?}");
    assert_eq!(nivel::app::Problem::remedy(&err), Some(nivel::app::Remedy::StartEngine), "the remedy is to start the engine: {err}");
}

#[test]
fn the_busybox_test_image_runs() {
    if engine().is_none() {
        return;
    }
    let image = crate::common::images::busybox();
    let out = Command::new("docker").args(["run", "--rm", image, "sh", "-c", "echo hello from busybox"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "hello from busybox", "the image runs a shell");
}
