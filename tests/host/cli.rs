//! `nivel doctor` as a student runs it: its JSON shape, its exit codes and its bundle.

use std::io::Read;
use std::process::Output;

use nivel::lab;

use crate::common::{nivel, stderr, stdout};
use crate::engine::lab::TestLab;

fn doctor(data: &std::path::Path, args: &[&str]) -> Output {
    nivel().env(lab::DATA_DIR_ENV, data).env("NIVEL_LANG", "en").arg("doctor").args(args).output().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("doctor --json prints JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

#[test]
fn json_has_the_documented_fields_and_the_exit_code_follows_the_verdicts() {
    let data = tempfile::tempdir().unwrap();
    let out = doctor(data.path(), &["--json"]);
    let doc = json(&out);
    assert_eq!(doc["format"], 1, "the shape's version");
    let host = &doc["host"];
    for field in ["os", "os_version", "kernel_version", "cpu_model", "cpus", "memory_total", "memory_available", "swap_total", "swap_free", "cgroup"] {
        assert!(host["machine"].get(field).is_some(), "host.machine.{field} is there: {}", host["machine"]);
    }
    for field in ["host", "status", "error", "info", "vm", "root_dir_free", "running"] {
        assert!(host["engine"].get(field).is_some(), "host.engine.{field} is there: {}", host["engine"]);
    }
    let labs = doc["labs"].as_array().expect("labs is a list");
    let ids: Vec<&str> = labs.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, ["level-0", "level-1", "level-2", "level-3", "level-4"], "every built-in lab, by level");
    for l in labs {
        for field in ["level", "requirements", "facts", "verdict"] {
            assert!(l.get(field).is_some(), "{}: {field} is there", l["id"]);
        }
        assert!(["ready", "ready_with_warnings", "not_ready"].contains(&l["verdict"]["level"].as_str().unwrap_or("")), "a known level: {}", l["verdict"]);
        for r in l["verdict"]["reasons"].as_array().unwrap() {
            assert!(r["code"].is_string() && r["message"]["es"].is_string() && r["message"]["en"].is_string(), "a reason has a code and both languages: {r}");
        }
    }
    let all_ready = labs.iter().all(|l| l["verdict"]["level"] != "not_ready");
    assert_eq!(out.status.code(), Some(if all_ready { 0 } else { 1 }), "exit 0 when every lab is ready, 1 otherwise: {}", stderr(&out));
}

#[test]
fn an_unknown_lab_exits_2_with_the_fix() {
    let data = tempfile::tempdir().unwrap();
    let out = doctor(data.path(), &["no-such-lab"]);
    assert_eq!(out.status.code(), Some(2), "an input error: {}", stderr(&out));
    assert!(stderr(&out).contains("unknown lab `no-such-lab`"), "names the lab: {}", stderr(&out));
}

#[test]
fn a_lab_whose_port_is_taken_is_not_ready_and_exits_1() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), format!("services:\n  web:\n    image: nivel-test/none:1\n    ports: [\"127.0.0.1:{port}:80\"]\n")).unwrap();
    let out = doctor(dir.path(), &[dir.path().to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "not ready: {}", stderr(&out));
    let doc = json(&out);
    let reasons = doc["labs"][0]["verdict"]["reasons"].as_array().unwrap().clone();
    let busy = reasons.iter().find(|r| r["code"] == "port.busy").unwrap_or_else(|| panic!("a port.busy reason: {reasons:?}"));
    assert!(busy["message"]["en"].as_str().unwrap().contains(&format!("(pid {})", std::process::id())), "the holder is this test: {busy}");
    let text = nivel().env("NIVEL_LANG", "es").args(["doctor", dir.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(text.status.code(), Some(1), "the same verdict without --json");
    assert!(stdout(&text).contains(&format!("✗ el puerto {port} de web en 127.0.0.1 está ocupado")), "the report in Spanish: {}", stdout(&text));
    drop(listener);
}

#[test]
fn the_bundle_holds_facts_status_and_masked_logs() {
    let compose = "services:\n  web:\n    image: IMAGE\n    command: [\"sh\", \"-c\", \"echo DB_PASSWORD=hunter22 api_token: abc123; echo logged in with q8ZkD0tR3mWv7YbN2cLx5HsA; echo plain line; exec httpd -f -p 8080 -h /\"]\n";
    let Some(lab) = TestLab::new("doctor-bundle", compose) else { return };
    // `nivel doctor DIR` names the project from the file, as the library-side test lab does.
    lab.write(&format!("name: {}\n{compose}", lab.project));
    lab.up_with(nivel::docker::up::UpOptions { no_wait: true, timeout: std::time::Duration::from_secs(60), ..Default::default() }).0.expect("the lab starts");
    // The container writes its lines as it starts; give it a moment to have written them.
    for _ in 0..50 {
        if lab.docker(&["logs", &lab.container("web")]).contains("plain line") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out_dir = tempfile::tempdir().unwrap();
    let store = nivel::progress::Store::open(&nivel::progress::default_path(out_dir.path())).unwrap();
    let session = store.sessions().start("level-1", nivel::progress::Action::Up, nivel::progress::UnixMillis(1_700_000_000_000)).unwrap();
    store.sessions().finish(session, nivel::progress::Outcome::Failed, nivel::progress::UnixMillis(1_700_000_004_000)).unwrap();
    drop(store);
    // A secret Nivel made for a lab's credential, which the container prints bare.
    std::fs::create_dir(out_dir.path().join("credentials")).unwrap();
    std::fs::write(out_dir.path().join("credentials/some-lab.json"), r#"{"secrets": {"db": "q8ZkD0tR3mWv7YbN2cLx5HsA"}}"#).unwrap();
    // Outside the data folder: a bundle is never written inside it.
    let zip_dir = tempfile::tempdir().unwrap();
    let zip_path = zip_dir.path().join("bundle.zip");
    let out = doctor(out_dir.path(), &[lab.dir.path().to_str().unwrap(), "--bundle", zip_path.to_str().unwrap()]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "doctor ran: {}", stderr(&out));
    assert!(stderr(&out).contains("support bundle written to"), "says where: {}", stderr(&out));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(names.contains(&"facts.json".to_string()), "the facts: {names:?}");
    let status = format!("labs/{}/status.json", lab.project);
    assert!(names.contains(&status), "the lab's status: {names:?}");
    let log_name = names.iter().find(|n| n.starts_with(&format!("labs/{}/", lab.project)) && n.ends_with(".log")).cloned();
    let log_name = log_name.unwrap_or_else(|| panic!("the lab's log: {names:?}"));
    let mut log = String::new();
    archive.by_name(&log_name).unwrap().read_to_string(&mut log).unwrap();
    assert!(log.contains("DB_PASSWORD=*** api_token: ***"), "secrets masked: {log}");
    assert!(!log.contains("hunter22") && !log.contains("abc123"), "no secret left: {log}");
    assert!(log.contains("logged in with ***"), "a secret Nivel made is masked though nothing names it: {log}");
    assert!(log.contains("plain line"), "other lines kept: {log}");
    let mut facts = String::new();
    archive.by_name("facts.json").unwrap().read_to_string(&mut facts).unwrap();
    let facts: serde_json::Value = serde_json::from_str(&facts).unwrap();
    assert_eq!(facts["labs"][0]["id"], lab.project.as_str(), "the facts of the lab asked about");
    let mut sessions = String::new();
    archive.by_name("nivel/sessions.json").expect("Nivel's own recent sessions").read_to_string(&mut sessions).unwrap();
    let sessions: serde_json::Value = serde_json::from_str(&sessions).unwrap();
    assert_eq!(sessions["sessions"][0]["lab"], "level-1", "the recorded session: {sessions}");
    assert_eq!((sessions["sessions"][0]["outcome"].as_str(), sessions["sessions"][0]["duration_ms"].as_u64()), (Some("failed"), Some(4000)), "how it ended: {sessions}");
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(leftovers.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")), "no temporary file left: {leftovers:?}");
}

#[test]
fn an_engine_that_does_not_answer_makes_every_lab_not_ready() {
    let data = tempfile::tempdir().unwrap();
    let socket = format!("unix://{}/no-engine.sock", data.path().display());
    let codes = |out: &Output| -> Vec<String> {
        let doc = json(out);
        assert_eq!(doc["labs"].as_array().map(Vec::len), Some(5), "every lab is still judged: {doc}");
        doc["labs"][0]["verdict"]["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect()
    };
    let out = nivel().env(lab::DATA_DIR_ENV, data.path()).env("DOCKER_HOST", &socket).args(["doctor", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "no engine: not ready: {}", stderr(&out));
    assert_eq!(codes(&out), ["engine.not_running"], "installed (docker is on PATH) but not answering");
    let out = nivel().env(lab::DATA_DIR_ENV, data.path()).env("DOCKER_HOST", &socket).env("PATH", data.path()).args(["doctor", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "not ready: {}", stderr(&out));
    assert_eq!(codes(&out), ["engine.missing"], "no docker program anywhere on PATH");
}

#[test]
fn up_refuses_a_lab_this_machine_cannot_take_unless_forced() {
    let compose = "services:\n  web:\nWEB\n";
    let Some(lab) = TestLab::new("up-readiness", compose) else { return };
    let toml = format!(
        "format = 1\nid = \"{}\"\ntitle = {{ es = \"Enorme\", en = \"Huge\" }}\nsummary = {{ es = \"Pide demasiado.\", en = \"Asks too much.\" }}\n\n[requirements]\nmemory = \"4096GiB\"\n",
        lab.project
    );
    std::fs::write(lab.dir.path().join("lab.toml"), toml).unwrap();
    let data = tempfile::tempdir().unwrap();
    let dir = lab.dir.path().to_str().unwrap();
    let up = |extra: &[&str]| nivel().env(lab::DATA_DIR_ENV, data.path()).env("NIVEL_LANG", "en").args(["up", dir, "--progress", "plain"]).args(extra).output().unwrap();

    let refused = up(&[]);
    assert_eq!(refused.status.code(), Some(1), "not ready: {}", stderr(&refused));
    let err = stderr(&refused);
    assert!(err.contains("not ready") && err.contains("4096"), "the verdict and the memory it asks for: {err}");
    assert!(err.contains("--force"), "how to start anyway: {err}");
    assert!(lab.leftovers().is_empty(), "nothing was created: {:?}", lab.leftovers());

    let forced = up(&["--force"]);
    assert_eq!(forced.status.code(), Some(0), "--force starts it: {}", stderr(&forced));
    assert!(stderr(&forced).contains("4096"), "the reasons are still shown: {}", stderr(&forced));
    assert!(stdout(&forced).contains("healthy"), "and it is up: {}", stdout(&forced));
}
