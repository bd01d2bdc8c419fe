//! The command layer through Tauri's mock runtime (tests/mock). No engine is
//! needed: the context points at a socket nothing listens on, which is also how the app
//! meets a machine whose engine is stopped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::WebviewWindow;

mod mock;

struct App {
    _data: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// The app over a fresh data folder and an engine that does not answer.
fn app() -> App {
    app_with_labs("")
}

/// The same, with `NIVEL_EXTRA_LABS` set to `extra`.
fn app_with_labs(extra: &str) -> App {
    let extra = extra.to_owned();
    let data = tempfile::tempdir().expect("a temp dir");
    let dead = format!("unix://{}/no-engine.sock", data.path().display());
    let data_dir = data.path().to_string_lossy().into_owned();
    let var = move |name: &str| match name {
        "NIVEL_DATA_DIR" => Some(data_dir.clone()),
        "DOCKER_HOST" => Some(dead.clone()),
        "NIVEL_LANG" => Some("es".to_owned()),
        "NIVEL_EXTRA_LABS" if !extra.is_empty() => Some(extra.clone()),
        _ => None,
    };
    let (app, window) = mock::app(&var, data.path());
    App { _data: data, _app: app, window }
}

/// Invokes `cmd` as the UI does; its answer, or what it rejected with.
fn invoke(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    mock::invoke(&app.window, cmd, args)
}

/// `{code, message: {es, en}, remedy, input}` with both languages written.
fn assert_failure_shape(failure: &Value, code: &str) {
    assert_eq!(failure["code"], code, "the failure's stable code: {failure}");
    for lang in ["es", "en"] {
        let text = failure["message"][lang].as_str().unwrap_or_default();
        assert!(!text.is_empty(), "the message has its {lang} text: {failure}");
    }
    assert!(failure.get("remedy").is_some(), "a remedy field, null or data: {failure}");
    assert!(failure["input"].is_boolean(), "whether the user's input is at fault: {failure}");
}

#[test]
fn engine_status_says_the_engine_is_away_with_a_start_engine_remedy() {
    let app = app();
    let state = invoke(&app, "engine_status", json!({})).expect("engine_status answers even without an engine");
    assert_eq!(state["available"], false, "nothing listens on the socket: {state}");
    assert!(state["version"].is_null(), "no version without an engine: {state}");
    let problem = &state["problem"];
    assert_failure_shape(problem, "engine.not_running");
    assert_eq!(problem["remedy"], json!({"kind": "start_engine"}), "the remedy is data the UI turns into advice: {problem}");
    assert_eq!(problem["input"], false, "the machine is at fault, not the user: {problem}");
}

#[test]
fn an_unknown_lab_is_refused_as_the_users_input_in_both_languages() {
    let app = app();
    let failure = invoke(&app, "lab_detail", json!({"lab": "level-9"})).expect_err("there is no level 9");
    assert_failure_shape(&failure, "lab.unknown");
    assert_eq!(failure["input"], true, "the name the user gave is at fault: {failure}");
    assert!(failure["message"]["en"].as_str().unwrap_or_default().contains("level-9"), "names what was asked for: {failure}");
}

#[test]
fn the_overview_lists_the_five_levels_even_without_an_engine() {
    let app = app();
    let overview = invoke(&app, "labs_overview", json!({})).expect("the levels screen has something to show without an engine");
    assert_eq!(overview["engine"]["available"], false, "the engine's state comes along: {}", overview["engine"]);
    let ids: Vec<&str> = overview["labs"].as_array().expect("a list of labs").iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, ["level-0", "level-1", "level-2", "level-3", "level-4"], "the course's five levels, in order");
    let first = &overview["labs"][0];
    assert_eq!(first["state"], "stopped", "nothing runs without an engine: {first}");
    assert!(first["title"]["es"].is_string() && first["title"]["en"].is_string(), "titles in both languages: {first}");
}

#[test]
fn the_catalog_draws_the_five_cards_as_the_overview_names_them_without_asking_the_engine() {
    let app = app();
    let catalog = invoke(&app, "labs_catalog", json!({})).expect("the catalog needs no engine");
    let overview = invoke(&app, "labs_overview", json!({})).expect("the overview");
    let cards = catalog.as_array().expect("a list of cards");
    assert_eq!(cards.len(), 5, "the course's five levels: {catalog}");
    for (card, full) in cards.iter().zip(overview["labs"].as_array().expect("the overview's cards")) {
        for field in ["id", "level", "title", "summary", "services"] {
            assert_eq!(card[field], full[field], "the catalog's {field} is the overview's: {card}");
        }
        assert!(card.get("verdict").is_none() && card.get("state").is_none(), "what needs the engine waits for the overview: {card}");
    }
}

#[test]
fn starting_a_lab_without_an_engine_fails_with_the_engine_remedy() {
    let app = app();
    // A Channel crosses IPC as a reference to a callback the page registered.
    let failure = invoke(&app, "lab_up", json!({"lab": "level-0", "force": false, "onEvent": "__CHANNEL__:7"})).expect_err("no engine to start it on");
    assert!(failure["code"].as_str().unwrap_or_default().starts_with("engine."), "an engine failure: {failure}");
    assert_eq!(failure["remedy"], json!({"kind": "start_engine"}), "the remedy says to start the engine: {failure}");
}

#[test]
fn open_url_refuses_anything_but_this_machines_web_addresses() {
    let app = app();
    let failure = invoke(&app, "open_url", json!({"url": "https://example.com/"})).expect_err("a remote site is refused");
    assert_failure_shape(&failure, "url.not_local");
    assert_eq!(failure["remedy"], Value::Null, "nothing to offer: {failure}");
    assert_eq!(failure["input"], true, "the address given is at fault: {failure}");
}

#[test]
fn stopping_a_log_stream_that_is_not_open_is_harmless() {
    let app = app();
    let answer = invoke(&app, "logs_stop", json!({"handle": 41})).expect("an unknown handle is already stopped");
    assert_eq!(answer, Value::Null, "logs_stop answers null: {answer}");
    let next = invoke(&app, "logs_next", json!({"handle": 41})).expect("an unknown handle has ended");
    assert_eq!(next, Value::Null, "logs_next of a stream that is not open answers the end at once: {next}");
}

#[test]
fn following_logs_without_an_engine_fails_and_leaves_no_stream_open() {
    let app = app();
    let failure = invoke(&app, "logs_follow", json!({"lab": "level-0", "services": [], "tail": 100})).expect_err("no engine to read from");
    assert!(failure["code"].as_str().unwrap_or_default().starts_with("engine."), "an engine failure: {failure}");
    let follows = tauri::Manager::state::<nivel_desktop::follows::Follows>(&app.window);
    assert!(follows.is_empty(), "a failed follow keeps no handle");
}

#[test]
fn a_lab_added_through_nivel_extra_labs_gets_a_card_and_opens_by_its_id() {
    let lab = tempfile::tempdir().expect("a lab folder");
    std::fs::write(lab.path().join("compose.yaml"), "services:\n  web:\n    image: nivel-test/busybox:1\n").expect("compose.yaml");
    std::fs::write(
        lab.path().join("lab.toml"),
        "format = 1\nid = \"added-lab\"\ntitle = { es = \"Añadido\", en = \"Added\" }\nsummary = { es = \"Uno.\", en = \"One.\" }\n",
    )
    .expect("lab.toml");
    let app = app_with_labs(&lab.path().to_string_lossy());
    let overview = invoke(&app, "labs_overview", json!({})).expect("the overview");
    let last = &overview["labs"][5];
    assert_eq!(last["id"], "added-lab", "the added lab follows the five levels: {}", overview["labs"]);
    assert_eq!(last["title"]["en"], "Added", "with its own title: {last}");
    let detail = invoke(&app, "lab_detail", json!({"lab": "added-lab"})).expect("the added lab opens by its id");
    assert_eq!(detail["services"][0]["service"], "web", "its services: {detail}");
}

#[test]
fn saving_a_logs_view_over_nivels_own_files_is_refused_with_another_path_as_the_remedy() {
    let app = app();
    let data_dir = app._data.path().join("mine.log");
    let failure = invoke(&app, "logs_export", json!({"path": data_dir, "text": "a line\n"})).expect_err("the data folder is Nivel's");
    assert_failure_shape(&failure, "output.inside_data_folder");
    assert_eq!(failure["remedy"], json!({"kind": "choose_another_path"}), "the UI offers to choose again: {failure}");
    let elsewhere = tempfile::tempdir().expect("a folder of the student's");
    let path = elsewhere.path().join("lab.log");
    let saved = invoke(&app, "logs_export", json!({"path": path, "text": "a line\n"})).expect("a folder of the student's is fine");
    assert_eq!(saved["bytes"], 7, "what was written: {saved}");
    assert_eq!(std::fs::read_to_string(&path).expect("the file"), "a line\n", "the lines as given");
}
