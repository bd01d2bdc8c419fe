//! The levels screen on a fresh data folder, and the readiness gate's refusal with its remedy.

use std::net::TcpListener;

use nivel::app::{self, Failure, LabState, LifecycleError, Observer, Problem, Remedy, UpRequest};
use nivel::app::Level;

use nivel::lab::DATA_DIR_ENV;

use super::{context, lab_with_file, runtime};
use crate::common::engine::engine;
use crate::common::{nivel, stderr};

#[test]
fn the_overview_on_a_fresh_data_folder_has_five_cards_and_nothing_passed() {
    if engine().is_none() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), data.path());
    let overview = runtime().block_on(app::labs_overview(&ctx)).expect("the overview is built");
    assert!(overview.engine.available && overview.engine.version.is_some(), "the engine answers, with its version: {:?}", overview.engine);
    let levels: Vec<u8> = overview.labs.iter().map(|c| c.level).collect();
    assert_eq!(levels, [0, 1, 2, 3, 4], "one card per level, in order");
    for card in &overview.labs {
        assert!(!card.title.es.is_empty() && !card.title.en.is_empty(), "{}: a title in both languages", card.id);
        assert!(!card.summary.en.is_empty(), "{}: a summary", card.id);
        assert!(!card.services.is_empty(), "{}: its services", card.id);
        assert_eq!(card.exercises.passed, 0, "{}: nothing passed in a fresh data folder", card.id);
        assert!(card.exercises.total > 0, "{}: the lab's exercises are counted", card.id);
        assert!(card.requirements.memory.is_some(), "{}: what it needs", card.id);
        assert!(!card.links.is_empty() && card.links.iter().all(|l| l.url.is_none() || card.state != LabState::Stopped), "{}: links, without URLs while stopped: {:?} {:?}", card.id, card.state, card.links);
    }
    assert!(!ctx.store_path().exists(), "reading the overview creates no progress store");
    let json = serde_json::to_value(&overview).unwrap();
    assert!(json["labs"][0]["verdict"]["level"].is_string() && json["labs"][0]["state"].is_string(), "serialises as the contract says: {json}");
}

#[test]
fn a_refused_start_carries_its_remedy_as_data() {
    let compose = "services:\n  web:\nWEB\n    ports: [\"PORT:8080\"]\n";
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let Some(lab) = lab_with_file("app-refused", &compose.replace("PORT", &port.to_string()), "") else { return };
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), lab.dir.path());
    let rt = runtime();
    let request = UpRequest::new("app test");
    let refused = rt.block_on(app::lab_up(&ctx, lab.dir.path().to_str().unwrap(), &request, &Observer::quiet())).expect_err("a busy port refuses the start");
    let LifecycleError::NotReady { verdict, offset, .. } = &refused else { panic!("the readiness gate refuses: {refused:?}") };
    assert_eq!(verdict.level, Level::NotReady, "the verdict says why");
    assert!(verdict.reasons.iter().any(|r| r.code == "port.busy"), "the busy port is the reason: {verdict:?}");
    let Some(Remedy::PortOffset { offset: shift }) = refused.remedy() else { panic!("the remedy is a port offset: {:?}", refused.remedy()) };
    assert_eq!(Some(shift), *offset, "the offset the error carries");
    assert!(shift > 0, "it moves the port to a free one");
    let failure = Failure::from_problem(&refused);
    assert_eq!((failure.code.as_str(), failure.input), ("lab.not_ready", false), "what crosses to the window");
    assert!(failure.message.en.contains(&port.to_string()) && failure.message.es.contains(&port.to_string()), "names the port in both languages: {failure:?}");
    assert!(lab.leftovers().is_empty(), "nothing was created: {:?}", lab.leftovers());

    let cli = nivel().env(DATA_DIR_ENV, data.path()).args(["up", lab.dir.path().to_str().unwrap(), "--progress", "plain"]).output().unwrap();
    let err = stderr(&cli);
    assert_eq!(cli.status.code(), Some(1), "the CLI refuses too: {err}");
    assert!(err.contains(&format!("`--port-offset {shift}`")) && err.contains("`--force`"), "the remedy printed as the flag that applies it, and the way to start anyway: {err}");

    let moved = UpRequest { port_offset: shift, timeout: std::time::Duration::from_secs(60), ..request };
    let started = rt.block_on(app::lab_up(&ctx, lab.dir.path().to_str().unwrap(), &moved, &Observer::quiet())).expect("the remedy applied starts the lab");
    let url = started.services[0].ports[0].url.clone().unwrap_or_default();
    assert!(url.ends_with(&format!(":{}", port + shift)), "the port moved by the offset: {url}");
    drop(listener);
}

/// A built-in lab file the student changed while this Nivel carries another version of it
/// (the record says Nivel wrote other bytes, as after an upgrade): the levels screen and every
/// use case that takes the lab's lock hear it as a `lab.edits_kept` note, in both languages.
#[test]
fn a_kept_edit_reaches_the_app_as_a_note() {
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), data.path());
    let builtin = nivel::lab::find("level-0").unwrap();
    let dir = nivel::lab::install(&builtin, data.path()).unwrap().dir;
    std::fs::write(dir.join("train.py"), "# my model\n").unwrap();
    let record_path = data.path().join("labs/level-0.installed.json");
    let mut record: serde_json::Value = serde_json::from_slice(&std::fs::read(&record_path).unwrap()).unwrap();
    record["files"]["train.py"]["installed"] = serde_json::json!("0".repeat(64));
    std::fs::write(&record_path, serde_json::to_vec(&record).unwrap()).unwrap();

    let overview = runtime().block_on(app::labs_overview(&ctx)).expect("the overview is built");
    let codes: Vec<&str> = overview.notes.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["lab.edits_kept"], "the overview carries the note: {:?}", overview.notes);
    assert!(overview.notes[0].message.es.contains("se conservaron sus cambios en level-0/train.py"), "in Spanish: {:?}", overview.notes[0]);
    assert!(overview.notes[0].remedy.as_ref().is_some_and(|r| r.en.contains("train.py.nivel-new")), "with what to do: {:?}", overview.notes[0]);
    let json = serde_json::to_value(&overview).unwrap();
    assert_eq!(json["notes"][0]["severity"], "note", "serialised as an operation warning is: {json}");

    // `check` tells its observer while taking the lock, whether or not the lab then runs.
    let heard = std::sync::Mutex::new(Vec::new());
    let warning = |r: &app::Reason| heard.lock().unwrap().push(r.code);
    let observer = Observer { events: &nivel::events::Discard, busy: &|_| std::ops::ControlFlow::Break(()), warning: &warning };
    let _ = runtime().block_on(app::lab_check(&ctx, "level-0", &[], &observer));
    assert!(heard.lock().unwrap().contains(&"lab.edits_kept"), "the check's observer hears the note: {:?}", heard.lock().unwrap());
    assert_eq!(std::fs::read_to_string(dir.join("train.py")).unwrap(), "# my model\n", "the edit stays");
}

#[test]
fn the_lab_page_shows_the_credentials_made_for_this_data_folder() {
    if engine().is_none() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), data.path());
    let detail = runtime().block_on(app::lab_detail(&ctx, "level-2")).expect("the lab page is built");
    let ids: Vec<&str> = detail.credentials.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["minio", "airflow", "jupyter", "airflow-db", "mlflow-db", "airflow-jwt"], "every login of level 2, in the lab file's order");
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(data.path().join("credentials/level-2.json")).unwrap()).unwrap();
    for c in &detail.credentials {
        assert_eq!(kept["secrets"][&c.id].as_str(), Some(c.secret.as_str()), "{}: the page shows the secret kept for this data folder", c.id);
        assert!(c.secret.len() == 24 && !["supersecret", "airflow", "nivel", "mlflow"].contains(&c.secret.as_str()), "{}: a made secret, none of the course's fixed ones", c.id);
    }
    let minio = &detail.credentials[0];
    assert_eq!((minio.service.as_str(), minio.user.as_deref(), minio.label.en.as_str()), ("minio", Some("admin"), "MinIO console (and S3 key)"), "service, user and label");
    let jupyter = &detail.credentials[2];
    assert_eq!(jupyter.user, None, "a token has no user");
    let again = runtime().block_on(app::lab_detail(&ctx, "level-2")).expect("the lab page again");
    assert_eq!(again.credentials, detail.credentials, "opening the page again makes nothing new");
    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(json["credentials"][1]["id"], "airflow", "serialised for the window as the bindings say: {}", json["credentials"]);
}
