//! An engine that answers too much: an endless listing, a JSON line or a log line that never
//! ends, a log frame announcing gigabytes. Each is cut at its bound with exit 1 and a message
//! in our words, and `nivel` stays far below 100 MiB (before the bounds, `status` grew to
//! 2.5 GB on an endless listing).

use super::peer::{assert_no_jargon, measure, Peer, Reply, HANG_GUARD};

/// One container of project `peerlab`, service `web`.
pub const ONE_CONTAINER: &str = r#"[{"Id":"c0ffee","Names":["/peerlab-web-1"],"State":"running","Labels":{"com.docker.compose.project":"peerlab","com.docker.compose.service":"web"}}]"#;

fn assert_too_much(run: &super::peer::Run, what: &str, limit: &str) {
    assert!(run.stderr.contains("answered too much"), "{what}: the engine's state: {}", run.stderr);
    assert!(run.stderr.contains(&format!("more than {limit} in one piece")), "{what}: the bound: {}", run.stderr);
    assert!(run.stderr.contains("fix: check that DOCKER_HOST and the Docker context"), "{what}: the fix: {}", run.stderr);
    assert_no_jargon(&run.stderr, what);
}

#[test]
fn status_stops_reading_an_endless_listing() {
    let engine = Peer::start(|_, path| match path {
        "/containers/json" => {
            Reply::Endless { first: b"[".to_vec(), then: r#"{"Id":"c0ffee","Names":["/x"],"Labels":{"a":"b"}},"#.repeat(1000).into_bytes() }
        }
        _ => Reply::Json("{}".into()),
    });
    let run = measure(engine.nivel(&["status"]), HANG_GUARD);
    run.assert_bounded(1, "status on an endless listing");
    assert_too_much(&run, "status", "32 MiB");
}

#[test]
fn logs_follow_stops_at_an_event_line_that_never_ends() {
    let engine = Peer::start(|_, path| match path {
        "/containers/json" => Reply::Json(ONE_CONTAINER.into()),
        // An event whose text never ends: valid JSON so far, always waiting for more.
        "/events" => Reply::Endless { first: br#"{"Type":"container","Action":""#.to_vec(), then: vec![b'x'; 64 << 10] },
        // The container's own log is quiet: only the event stream misbehaves.
        _ => Reply::Silent,
    });
    let run = measure(engine.nivel(&["logs", "-f", "peerlab"]), HANG_GUARD);
    run.assert_bounded(1, "logs -f on an endless event line");
    assert_too_much(&run, "logs -f", "1 MiB");
}

#[test]
fn logs_stop_at_a_frame_announcing_gigabytes() {
    let engine = Peer::start(|_, path| match path {
        "/containers/json" => Reply::Json(ONE_CONTAINER.into()),
        // A stdout frame of 4 GiB, whose bytes then keep coming.
        "/containers/c0ffee/logs" => Reply::Endless { first: vec![1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], then: vec![b'y'; 64 << 10] },
        _ => Reply::Json("{}".into()),
    });
    let run = measure(engine.nivel(&["logs", "peerlab"]), HANG_GUARD);
    run.assert_bounded(1, "logs on a 4 GiB frame");
    assert_too_much(&run, "logs", "16 MiB");
}

#[test]
fn logs_stop_at_a_tty_line_that_never_ends() {
    let engine = Peer::start(|_, path| match path {
        "/containers/json" => Reply::Json(ONE_CONTAINER.into()),
        // A TTY container's log has no frames: plain bytes, here with no newline ever.
        "/containers/c0ffee/logs" => Reply::Endless { first: b"loading ".to_vec(), then: vec![b'z'; 64 << 10] },
        _ => Reply::Json("{}".into()),
    });
    let run = measure(engine.nivel(&["logs", "peerlab"]), HANG_GUARD);
    run.assert_bounded(1, "logs on an endless TTY line");
    assert_too_much(&run, "logs", "1 MiB");
}
