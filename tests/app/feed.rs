//! The change feed as the app hears it: a lab started from the CLI, a container killed from
//! outside, each carrying its lab; the engine going away and coming back.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use nivel::app::{self, Change, ChangeKind, Context, LabChange};
use nivel::docker::resolve_host;
use nivel::i18n::Lang;

use super::{context, runtime};
use crate::common::nivel;
use crate::common::private_engine::PrivateEngine;
use crate::engine::lab::TestLab;

const TWO: &str = "services:\n  web:\nWEB\n  worker:\n    image: IMAGE\n    command: [\"sleep\", \"3600\"]\n";

/// The next lab change of `lab` matching `wanted`, within 30 s.
fn wait_for(rx: &mpsc::Receiver<Change>, lab: &str, wanted: impl Fn(&LabChange) -> bool) -> LabChange {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Change::Lab(change)) if change.lab == lab && wanted(&change) => return change,
            Ok(other) => seen.push(other),
            Err(_) => break,
        }
    }
    panic!("no such change of {lab}; saw {seen:?}")
}

#[test]
fn the_feed_hears_a_lab_started_from_the_cli_and_a_container_killed_outside() {
    let Some(lab) = TestLab::new("app-feed", TWO) else { return };
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), lab.dir.path());
    let rt = runtime();
    let (tx, rx) = mpsc::channel();
    let feed = rt.block_on(async { app::feed(&ctx, move |change| drop(tx.send(change))) });
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(Change::Engine(state)) => assert!(state.available, "the engine's state comes first: {state:?}"),
        other => panic!("the feed starts with the engine's state: {other:?}"),
    }

    let up = nivel().env("NIVEL_DATA_DIR", data.path()).args(["compose", "-f", lab.dir.path().join("compose.yaml").to_str().unwrap(), "-p", &lab.project, "up", "--progress", "plain"]).output().unwrap();
    assert!(up.status.success(), "the CLI starts the lab: {}", String::from_utf8_lossy(&up.stderr));
    let started = wait_for(&rx, &lab.project, |c| c.kind == ChangeKind::Started);
    assert!(started.service.is_some(), "a start names its service: {started:?}");
    wait_for(&rx, &lab.project, |c| c.kind == ChangeKind::Healthy && c.service.as_deref() == Some("web"));

    lab.docker(&["kill", &lab.container("worker")]);
    let died = wait_for(&rx, &lab.project, |c| c.kind == ChangeKind::Died);
    assert_eq!(died.service.as_deref(), Some("worker"), "the killed service is named: {died:?}");
    drop(feed);
}

#[test]
fn a_running_lab_with_a_one_second_healthcheck_sends_no_changes_while_idle() {
    let Some(lab) = TestLab::new("app-feed-idle", "services:\n  web:\nWEB\n") else { return };
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), lab.dir.path());
    let rt = runtime();
    let (tx, rx) = mpsc::channel();
    let feed = rt.block_on(async { app::feed(&ctx, move |change| drop(tx.send(change))) });
    let up = nivel().env("NIVEL_DATA_DIR", data.path()).args(["compose", "-f", lab.dir.path().join("compose.yaml").to_str().unwrap(), "-p", &lab.project, "up", "--progress", "plain"]).output().unwrap();
    assert!(up.status.success(), "the CLI starts the lab: {}", String::from_utf8_lossy(&up.stderr));
    wait_for(&rx, &lab.project, |c| c.kind == ChangeKind::Healthy);

    // Five seconds of a healthy lab: five probes, each an exec on the engine, none a change.
    let idle_until = Instant::now() + Duration::from_secs(5);
    let mut heard = Vec::new();
    while let Some(left) = idle_until.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Change::Lab(change)) if change.lab == lab.project => heard.push(change),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(heard.is_empty(), "an idle healthy lab tells the window nothing, but the feed sent {heard:?}");
    let probes = lab.docker(&["inspect", "--format", "{{len .State.Health.Log}}", &lab.container("web")]);
    assert!(probes.trim().parse::<u32>().unwrap_or(0) >= 3, "the healthcheck kept probing meanwhile ({probes} probes logged)");
    drop(feed);
}

/// The next engine state within 60 s.
fn next_engine_state(rx: &mpsc::Receiver<Change>) -> nivel::app::EngineState {
    let deadline = Instant::now() + Duration::from_secs(60);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Change::Engine(state)) => return state,
            Ok(Change::Lab(_)) => {}
            Err(_) => break,
        }
    }
    panic!("the feed said nothing about the engine within 60 s")
}

#[test]
fn the_feed_tells_when_the_engine_goes_away_and_comes_back() {
    let Some(mut engine) = PrivateEngine::start("feed") else { return };
    let data = tempfile::tempdir().unwrap();
    let host = engine.host();
    let endpoint = resolve_host(&|k: &str| (k == "DOCKER_HOST").then(|| host.clone()), None);
    let ctx = Context::new(data.path().to_path_buf(), endpoint, Default::default(), data.path().to_path_buf(), Lang::En);
    let rt = runtime();
    let (tx, rx) = mpsc::channel();
    let _feed = rt.block_on(async { app::feed(&ctx, move |change| drop(tx.send(change))) });
    assert!(next_engine_state(&rx).available, "the engine answers when the feed starts");

    engine.stop_daemon();
    let away = next_engine_state(&rx);
    assert!(!away.available, "its going away is told: {away:?}");
    assert!(rx.recv_timeout(Duration::from_secs(2)).is_err(), "and told once while it stays away");

    engine.start_daemon().expect("the private engine starts again");
    let back = next_engine_state(&rx);
    assert!(back.available && back.version.is_some(), "its coming back is told, with its version: {back:?}");
}
