//! An engine that goes away half-way through an answer (stopped, crashed, restarted): what
//! arrived is kept, then the command says the engine closed the connection and how to go on,
//! exit 1, instead of a client library's words.

use super::oversized::ONE_CONTAINER;
use super::peer::{assert_no_jargon, measure, Peer, Reply, HANG_GUARD};

fn assert_closed(run: &super::peer::Run, engine: &Peer, what: &str) {
    let expected = format!("the Docker engine at {} closed the connection before it finished answering", engine.url);
    assert!(run.stderr.contains(&expected), "{what}: the engine's state: {}", run.stderr);
    assert!(run.stderr.contains("fix: check that the engine still runs (`docker info`)"), "{what}: the fix: {}", run.stderr);
    assert_no_jargon(&run.stderr, what);
}

#[test]
fn status_says_the_engine_closed_the_connection() {
    let engine = Peer::start(|_, path| match path {
        "/containers/json" => Reply::CutAfter(br#"[{"Id":"c0ffee","Names":["/peerlab-web-1"],"#.to_vec()),
        _ => Reply::Json("{}".into()),
    });
    let run = measure(engine.nivel(&["status"]), HANG_GUARD);
    run.assert_bounded(1, "status cut mid-listing");
    assert_closed(&run, &engine, "status");
}

#[test]
fn logs_print_what_came_then_say_the_engine_closed() {
    let frame = [&[1u8, 0, 0, 0, 0, 0, 0, 15][..], b"hello from web\n"].concat();
    for follow in [false, true] {
        let frame = frame.clone();
        let engine = Peer::start(move |_, path| match path {
            "/containers/json" => Reply::Json(ONE_CONTAINER.into()),
            "/containers/c0ffee/logs" => Reply::CutAfter(frame.clone()),
            _ => Reply::Silent,
        });
        let args: &[&str] = if follow { &["logs", "-f", "peerlab"] } else { &["logs", "peerlab"] };
        let what = args.join(" ");
        let run = measure(engine.nivel(args), HANG_GUARD);
        run.assert_bounded(1, &what);
        assert!(run.stdout.contains("web-1  | hello from web"), "{what}: the line that arrived is printed: {}", run.stdout);
        assert_closed(&run, &engine, &what);
    }
}

#[test]
fn logs_follow_ends_when_the_event_stream_is_cut() {
    let engine = Peer::start(|_, path| match path {
        "/containers/json" => Reply::Json(ONE_CONTAINER.into()),
        "/events" => Reply::CutAfter(br#"{"Type":"container","Action":"st"#.to_vec()),
        _ => Reply::Silent,
    });
    let run = measure(engine.nivel(&["logs", "-f", "peerlab"]), HANG_GUARD);
    run.assert_bounded(1, "logs -f with the event stream cut");
    assert_closed(&run, &engine, "logs -f");
}
