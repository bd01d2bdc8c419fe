//! `--format json` prints what `--json` prints, wherever `--json` exists.

use crate::common::{fixtures, nivel, stderr, stdout};

/// `nivel args` with the data folder `data`, in the repository's fixtures. No engine answers:
/// with one, `labs` reports its free disk, which moves between two runs while anything writes.
fn run_with(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    let no_engine = format!("unix://{}", data.join("no-engine.sock").display());
    nivel().current_dir(fixtures()).env("NIVEL_DATA_DIR", data).env("DOCKER_HOST", no_engine).args(args).output().unwrap()
}

/// `nivel args` with a fresh data folder.
fn run(args: &[&str]) -> std::process::Output {
    run_with(tempfile::tempdir().unwrap().path(), args)
}

#[test]
fn format_json_is_json_for_every_command_that_has_it() {
    for command in [&["labs"][..], &["creds", "level-1"], &["progress"], &["whoami"], &["settings"], &["lab", "lint", "lab-lint/warnings-only"]] {
        // One data folder for both: a lab's secrets are made once per installation.
        let data = tempfile::tempdir().unwrap();
        let json = run_with(data.path(), &[command, &["--json"]].concat());
        let format = run_with(data.path(), &[command, &["--format", "json"]].concat());
        assert_eq!(json.status.code(), format.status.code(), "{command:?}: the same exit: {}", stderr(&format));
        let document = |out: &std::process::Output| {
            let mut doc: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{command:?}: JSON ({e}): {}", stdout(out)));
            // The one field that is the second the document was made.
            doc.as_object_mut().map(|o| o.remove("generated_at"));
            doc
        };
        assert_eq!(document(&format), document(&json), "{command:?}: the same document");
        let table = run(&[command, &["--format", "table"]].concat());
        assert!(serde_json::from_str::<serde_json::Value>(&stdout(&table)).is_err(), "{command:?}: `table` is text: {}", stdout(&table));
    }
    let both = run(&["labs", "--json", "--format", "table"]);
    assert_eq!(both.status.code(), Some(2), "two answers to one question are an input error");
}

#[test]
fn lab_lint_json_lists_each_problem_with_its_place_and_fix() {
    let broken = fixtures().join("reference/error-undefined-network");
    let out = run(&["lab", "lint", "--json", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "an error still exits 2: {}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_eq!((doc["labs"].as_u64(), doc["errors"].as_u64(), doc["warnings"].as_u64()), (Some(1), Some(1), Some(0)), "the counts: {doc}");
    let problem = &doc["problems"][0];
    assert_eq!((problem["line"].as_u64(), problem["severity"].as_str()), (Some(5), Some("error")), "where and how bad: {doc}");
    assert!(problem["message"]["en"].as_str().is_some_and(|m| m.contains("network `backend`")), "what: {doc}");
    assert!(problem["fix"]["es"].as_str().is_some_and(|f| !f.is_empty()), "and the fix, in both languages: {doc}");
}
