//! An engine that accepts the connection and never answers (a hung dockerd, a VM still
//! starting): the listing and diagnosis commands answer within seconds and say so, the others
//! fail with exit 1 and the fix, in both languages. Before the transport's bounds each of
//! these waited 120 s with nothing printed.

use super::peer::{assert_no_jargon, measure, Peer, Reply, HANG_GUARD};

#[test]
fn doctor_reports_the_machine_and_judges_the_engine_as_not_answering() {
    let engine = Peer::silent();
    let data = tempfile::tempdir().unwrap();
    let mut cmd = engine.nivel(&["doctor", "--json"]);
    cmd.env("NIVEL_DATA_DIR", data.path());
    let run = measure(cmd, HANG_GUARD);
    run.assert_bounded(1, "doctor --json against a silent engine");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("JSON ({e}): {}", run.stdout));
    assert!(doc["host"]["machine"]["cpus"].as_u64().is_some_and(|n| n > 0), "the machine is still reported: {}", doc["host"]["machine"]);
    assert_eq!(doc["host"]["engine"]["status"], "not_answering", "the engine's state: {}", doc["host"]["engine"]);
    for lab in doc["labs"].as_array().expect("labs") {
        let codes: Vec<&str> = lab["verdict"]["reasons"].as_array().unwrap().iter().filter_map(|r| r["code"].as_str()).collect();
        assert!(codes.contains(&"engine.not_answering"), "{}: judged on the silent engine: {codes:?}", lab["id"]);
    }
    let mut es = engine.nivel(&["doctor", "level-0"]);
    es.env("NIVEL_DATA_DIR", data.path()).env("NIVEL_LANG", "es");
    let run = measure(es, HANG_GUARD);
    run.assert_bounded(1, "doctor in Spanish");
    assert!(run.stdout.contains("acepta conexiones pero no responde"), "the reason in Spanish: {}", run.stdout);
    assert!(run.stdout.contains("sudo systemctl restart docker"), "the fix: {}", run.stdout);
    assert_no_jargon(&run.stdout, "doctor");
}

#[test]
fn labs_still_lists_the_labs_and_says_the_engine_does_not_answer() {
    let engine = Peer::silent();
    let data = tempfile::tempdir().unwrap();
    let mut cmd = engine.nivel(&["labs"]);
    cmd.env("NIVEL_DATA_DIR", data.path());
    let run = measure(cmd, HANG_GUARD);
    run.assert_bounded(0, "labs against a silent engine");
    for id in ["level-0", "level-1", "level-2", "level-3", "level-4"] {
        assert!(run.stdout.contains(id), "{id} is listed: {}", run.stdout);
    }
    assert!(run.stdout.contains("not ready"), "the verdicts: {}", run.stdout);
    assert!(run.stdout.contains("accepts connections but does not answer"), "why: {}", run.stdout);
    assert_no_jargon(&run.stdout, "labs");
}

#[test]
fn status_up_and_logs_fail_with_the_fix() {
    let engine = Peer::silent();
    let data = tempfile::tempdir().unwrap();
    for args in [&["status"][..], &["up", "level-0"], &["logs", "level-0"], &["logs", "-f", "level-0"]] {
        let mut cmd = engine.nivel(args);
        cmd.env("NIVEL_DATA_DIR", data.path());
        let run = measure(cmd, HANG_GUARD);
        let what = format!("nivel {}", args.join(" "));
        run.assert_bounded(1, &what);
        let expected = format!("the Docker engine at {} does not answer (waited 5 s)", engine.url);
        assert!(run.stderr.contains(&expected), "{what}: the engine's state: {}", run.stderr);
        assert!(run.stderr.contains("fix: restart the engine: `sudo systemctl restart docker`"), "{what}: the fix: {}", run.stderr);
        assert_no_jargon(&run.stderr, &what);
    }
    let mut es = engine.nivel(&["status"]);
    es.env("NIVEL_LANG", "es");
    let run = measure(es, HANG_GUARD);
    run.assert_bounded(1, "status in Spanish");
    assert!(run.stderr.contains("no responde (se esperó 5 s)"), "the state in Spanish: {}", run.stderr);
    assert!(run.stderr.contains("solución: reinicie el motor"), "the fix in Spanish: {}", run.stderr);
}

#[test]
fn doctor_answers_when_the_engine_stalls_after_the_handshake() {
    // It answers `/_ping` and `/version`, then nothing: the facts have their own budget.
    let engine = Peer::start(|_, _| Reply::Silent);
    let data = tempfile::tempdir().unwrap();
    let mut cmd = engine.nivel(&["doctor", "level-0", "--json"]);
    cmd.env("NIVEL_DATA_DIR", data.path());
    let run = measure(cmd, HANG_GUARD);
    run.assert_bounded(1, "doctor against an engine that stalls on its listings");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("JSON ({e}): {}", run.stdout));
    assert_eq!(doc["host"]["engine"]["status"], "not_answering", "the engine's state: {}", doc["host"]["engine"]);
    let seen = engine.seen.lock().unwrap().clone();
    assert!(seen.iter().any(|r| r.contains("/images/json")), "the handshake passed and the listings were asked: {seen:?}");
}

#[test]
fn a_tcp_engine_is_reached_and_bounded_the_same_way() {
    let empty = Peer::start_tcp(|_, path| if path == "/containers/json" { Reply::Json("[]".into()) } else { Reply::Silent });
    let run = measure(empty.nivel(&["status"]), HANG_GUARD);
    run.assert_bounded(0, "status against a TCP engine with nothing to list");
    assert!(run.stdout.contains("No labs on the engine"), "the listing came over TCP: {}", run.stdout);
    // A port that accepts and never answers, not even the handshake.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("tcp://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(8).collect();
        std::thread::sleep(std::time::Duration::from_secs(30));
        drop(held);
    });
    let mut cmd = empty.nivel(&["status"]);
    cmd.env("DOCKER_HOST", &url);
    let run = measure(cmd, HANG_GUARD);
    run.assert_bounded(1, "status against a silent TCP port");
    assert!(run.stderr.contains(&format!("the Docker engine at {url} does not answer (waited 5 s)")), "the state: {}", run.stderr);
}
