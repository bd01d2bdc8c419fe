//! "Check my work" through the application layer on the real engine, on the same lab as the
//! CLI's check test: a lab that is not running is refused with its remedy; a check fails, the
//! student does the work, it passes; every run is recorded with its attempts, and the
//! exercises view shows what the latest run expected next to what it observed, in both
//! languages.

use nivel::app::{CheckError, ExerciseStatus, Observer, Problem, Remedy, UpRequest};

use super::{context, rt};
use crate::checks::cli::{lab_toml, COMPOSE};
use crate::common::{nivel, stderr, stdout};
use crate::engine::lab::TestLab;

#[test]
fn a_check_fails_then_passes_and_every_attempt_is_recorded() {
    let Some(lab) = TestLab::new("app-check", COMPOSE) else { return };
    std::fs::write(lab.dir.path().join("lab.toml"), lab_toml(&lab.project)).unwrap();
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path());
    let rt = rt();
    let opened = nivel::app::open(&ctx, lab.dir.path().to_str().unwrap()).expect("the lab folder opens");
    let all: Vec<String> = Vec::new();

    let early = rt.block_on(nivel::app::check(&ctx, &opened, &all, "test", &Observer::quiet())).expect_err("the lab is not running yet");
    assert!(matches!(early, CheckError::NotRunning { .. }), "refused as not running: {early:?}");
    assert_eq!((early.code(), early.is_input()), ("check.not_running", true), "its stable code, an input error");
    assert_eq!(early.remedy(), Some(Remedy::StartLab { lab: lab.project.clone() }), "the remedy starts that lab");
    let before = nivel::app::exercises(&ctx, &opened).unwrap();
    assert!(before.iter().all(|e| e.status == ExerciseStatus::NotTried && e.attempts == 0), "a refused check records nothing: {before:?}");

    let up = UpRequest { force: true, ..UpRequest::new("test") };
    rt.block_on(nivel::app::up(&ctx, &opened, &up, &Observer::quiet())).expect("the lab comes up");

    let first = rt.block_on(nivel::app::check(&ctx, &opened, &all, "test", &Observer::quiet())).expect("the checks run");
    assert_eq!((first.passed, first.total), (1, 2), "the site answers, the file is not there yet: {first:?}");
    assert!(first.warnings.is_empty(), "recorded without trouble: {:?}", first.warnings);
    let saved = first.results.iter().find(|e| e.id == "saved").unwrap();
    assert_eq!((saved.status, saved.attempts), (ExerciseStatus::Failed, 1), "the first attempt, failed: {saved:?}");
    let last = saved.last.as_ref().expect("the run is the exercise's latest");
    assert!(!last.passed && last.expected.en.contains("/www/saved.txt"), "what it expected: {last:?}");
    assert!(last.observed.en.contains("does not exist") && last.observed.es.contains("no existe"), "what it observed, in both languages: {last:?}");

    let container = lab.container("web");
    lab.docker(&["exec", &container, "sh", "-c", "echo done > /www/saved.txt"]);
    let asked = vec!["saved".to_string()];
    let second = rt.block_on(nivel::app::check(&ctx, &opened, &asked, "test", &Observer::quiet())).expect("the checks run");
    assert_eq!((second.passed, second.total), (1, 1), "only the exercise asked for, now passing: {second:?}");

    let typo = rt.block_on(nivel::app::check(&ctx, &opened, &["sved".to_string()], "test", &Observer::quiet())).expect_err("no such exercise");
    assert_eq!(typo.code(), "check.unknown_exercise", "its code: {typo:?}");
    assert!(matches!(typo.remedy(), Some(Remedy::Advice { text }) if text.en.contains("did you mean `saved`?")), "the nearest id: {typo:?}");

    let view = nivel::app::exercises(&ctx, &opened).unwrap();
    let saved = view.iter().find(|e| e.id == "saved").unwrap();
    assert_eq!((saved.status, saved.attempts), (ExerciseStatus::Passed, 2), "passed on the second attempt: {saved:?}");
    assert!(saved.first_passed_ms.is_some(), "when it first passed");
    assert_eq!(saved.history.iter().map(|a| a.passed).collect::<Vec<_>>(), [true, false], "the attempts, newest first");
    let last = saved.last.as_ref().unwrap();
    assert!(last.passed && last.observed.en.contains("/www/saved.txt exists"), "the passing run read back from the store: {last:?}");
    assert!(saved.description.en.contains("/www/saved.txt"), "what the exercise checks, from the lab file: {saved:?}");
    let web = view.iter().find(|e| e.id == "web").unwrap();
    assert_eq!((web.status, web.attempts), (ExerciseStatus::Passed, 1), "the other exercise, checked once: {web:?}");

    // A store that takes no more runs (a trigger refuses them): the run still comes back,
    // with a warning in both languages, and the CLI prints it in the student's language.
    let conn = rusqlite::Connection::open(ctx.store_path()).unwrap();
    conn.execute_batch("CREATE TRIGGER refuse BEFORE INSERT ON check_runs BEGIN SELECT RAISE(ABORT, 'refused'); END;").unwrap();
    drop(conn);
    let unsaved = rt.block_on(nivel::app::check(&ctx, &opened, &asked, "test", &Observer::quiet())).expect("the checks still run");
    assert_eq!((unsaved.passed, unsaved.runs[0].saved), (1, false), "the result, not saved: {unsaved:?}");
    let warning = unsaved.warnings.iter().find(|w| w.code == "progress.not_saved").expect("a warning says so");
    assert!(warning.message.en.starts_with("this result is not saved in your progress"), "in English: {:?}", warning.message);
    assert!(warning.message.es.starts_with("este resultado no se guardó en su progreso"), "and in Spanish: {:?}", warning.message);
    let dir = lab.dir.path().to_str().unwrap();
    let spanish = nivel().env("NIVEL_DATA_DIR", data.path()).env("NIVEL_LANG", "es").args(["check", dir, "saved"]).output().unwrap();
    assert_eq!(spanish.status.code(), Some(0), "the exercise passes: {}", stderr(&spanish));
    assert!(stderr(&spanish).contains("aviso: este resultado no se guardó en su progreso"), "the warning in Spanish: {}", stderr(&spanish));
    assert!(!stderr(&spanish).contains("warning"), "no English: {}", stderr(&spanish));
    assert!(!stdout(&spanish).contains("intento"), "no attempt count for a run not saved: {}", stdout(&spanish));

    let progress = nivel::app::progress(&ctx).unwrap();
    assert!(progress.labs.iter().any(|l| l.lab == lab.project && l.passed == 2 && l.total == 2), "the lab is in the overview, counted from its records: {progress:?}");
    let mine = progress.labs.iter().find(|l| l.lab == lab.project).unwrap();
    assert_eq!(mine.title.es, "Laboratorio de prueba", "the folder lab's title, kept by its checks: {mine:?}");

    // The report names the folder lab's exercises from the store alone: the report never
    // opens the lab's folder, as after an instructor's lab is deleted.
    let export = nivel().env("NIVEL_DATA_DIR", data.path()).args(["progress", "--json"]).current_dir(data.path()).output().unwrap();
    assert_eq!(export.status.code(), Some(0), "the report: {}", stderr(&export));
    let report: serde_json::Value = serde_json::from_str(&stdout(&export)).unwrap();
    let labs = report["levels"].as_array().unwrap().iter().flat_map(|l| l["labs"].as_array().unwrap());
    let folder = labs.into_iter().find(|l| l["id"] == lab.project.as_str()).expect("the folder lab is reported");
    assert_eq!(folder["title"]["en"], "Test lab", "its title: {folder}");
    let titles: Vec<&str> = folder["exercises"].as_array().unwrap().iter().map(|e| e["title"]["en"].as_str().unwrap_or("")).collect();
    assert_eq!(titles, ["The site answers", "Save your work"], "its exercises by title, in the lab's order: {folder}");
}
