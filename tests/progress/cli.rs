//! `nivel whoami` and `nivel progress` with the real binary and a temporary data directory.

use super::support::{record, run};
use crate::common::{nivel, stderr, stdout};

#[test]
fn whoami_is_set_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let set = run(dir.path(), &["whoami", "set", "--name", "Ana Pérez", "--id", "20231234", "--group", "G1"]);
    assert!(set.status.success(), "whoami set succeeds: {}", stderr(&set));
    assert!(dir.path().join("progress.sqlite3").is_file(), "the store is created in NIVEL_DATA_DIR");
    let part = run(dir.path(), &["whoami", "set", "--group", "G2"]);
    assert!(part.status.success(), "setting one part succeeds: {}", stderr(&part));
    let shown = run(dir.path(), &["whoami"]);
    assert_eq!(stdout(&shown), "name:  Ana Pérez\nid:    20231234\ngroup: G2\n", "the other parts are kept");
    let mostrado = nivel().env("NIVEL_DATA_DIR", dir.path()).env("NIVEL_LANG", "es").arg("whoami").output().unwrap();
    assert_eq!(stdout(&mostrado), "nombre: Ana Pérez\ncódigo: 20231234\ngrupo:  G2\n", "Spanish labels with NIVEL_LANG=es");
    let json: serde_json::Value = serde_json::from_slice(&run(dir.path(), &["whoami", "--json"]).stdout).unwrap();
    assert_eq!(json, serde_json::json!({"name": "Ana Pérez", "id": "20231234", "group": "G2"}), "the JSON form");
    let other = tempfile::tempdir().unwrap();
    let flag = nivel().env("NIVEL_DATA_DIR", dir.path()).args(["whoami", "--json", "--data-dir"]).arg(other.path()).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&flag.stdout).unwrap();
    assert_eq!(json["name"], serde_json::Value::Null, "--data-dir wins over NIVEL_DATA_DIR");
}

#[test]
fn whoami_set_needs_a_part() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["whoami", "set"]);
    assert_eq!(out.status.code(), Some(2), "nothing to set is an input error");
    assert!(stderr(&out).contains("--name"), "the error names the options: {}", stderr(&out));
}

#[test]
fn exports_carry_identity_version_and_recorded_exercises() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(run(&data, &["whoami", "set", "--name", "Ana <b>Pérez</b>", "--id", "2023"]).status.success(), "identity set");
    record(&data.join("progress.sqlite3"), "recorded-only", false, 1_700_000_000_000);
    record(&data.join("progress.sqlite3"), "recorded-only", true, 1_700_000_060_000);
    let version = format!("Nivel {}", env!("CARGO_PKG_VERSION"));

    let html = dir.path().join("report.html");
    let out = run(&data, &["progress", "export", "--format", "html", "-o", html.to_str().unwrap()]);
    assert!(out.status.success(), "html export succeeds: {}", stderr(&out));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("Ana &lt;b&gt;Pérez&lt;/b&gt;"), "the name, escaped");
    assert!(!text.contains("<b>Pérez"), "no raw markup from the name");
    assert!(text.contains(&version), "the version");
    assert!(text.contains("<code>recorded-only</code>"), "an exercise recorded but not in any lab's outline still shows");
    assert!(text.contains("2023-11-14 22:14 UTC"), "its first pass time");
    assert!(!text.contains("<script") && !text.contains("<link"), "self-contained");

    let md = dir.path().join("report.md");
    let out = run(&data, &["progress", "export", "--format", "md", "-o", md.to_str().unwrap(), "--lang", "es"]);
    assert!(out.status.success(), "md export succeeds: {}", stderr(&out));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# Informe de progreso"), "--lang es gives Spanish");
    assert!(text.contains("| Nombre | Ana \\<b\\>Pérez\\</b\\> |"), "the name: {text}");
    assert!(text.contains(&version) && text.contains("`recorded-only`"), "version and exercise: {text}");

    let json = dir.path().join("report.json");
    let out = run(&data, &["progress", "export", "-o", json.to_str().unwrap()]);
    assert!(out.status.success(), "the format follows the extension: {}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["identity"]["name"], "Ana <b>Pérez</b>", "raw text in JSON");
    assert_eq!(v["nivel_version"], env!("CARGO_PKG_VERSION"), "the version");
    let level2 = v["levels"].as_array().unwrap().iter().find(|l| l["level"] == 2).unwrap();
    let ex = level2["labs"][0]["exercises"].as_array().unwrap().iter().find(|e| e["id"] == "recorded-only").expect("the recorded exercise is listed");
    assert_eq!((ex["id"].as_str(), ex["attempts"].as_u64(), ex["status"].as_str()), (Some("recorded-only"), Some(2), Some("passed")), "the recorded exercise");

    let leftovers: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.contains("tmp")).collect();
    assert!(leftovers.is_empty(), "no temporary files left: {leftovers:?}");
}

#[test]
fn progress_prints_per_level_and_narrows_to_a_lab() {
    let dir = tempfile::tempdir().unwrap();
    record(&dir.path().join("progress.sqlite3"), "experiment", true, 1_700_000_000_000);
    let out = run(dir.path(), &["progress", "2"]);
    assert!(out.status.success(), "progress succeeds: {}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Level 2: 1/5 passed"), "the level's tally over the exercises its lab.toml lists: {text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("experiment") && l.contains("passed") && l.contains("2023-11-14 22:13 UTC")), "the exercise row: {text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("bucket") && l.contains("not started")), "an exercise not tried yet is listed: {text}");
    assert!(!text.contains("Level 0"), "only the lab asked for: {text}");
    let spanish = nivel().env("NIVEL_DATA_DIR", dir.path()).env("NIVEL_LANG", "es").args(["progress", "2"]).output().unwrap();
    let texto = stdout(&spanish);
    assert!(texto.contains("Nivel 2: 1/5 superados"), "the tally in Spanish: {texto}");
    assert!(texto.lines().any(|l| l.trim_start().starts_with("bucket") && l.contains("sin intentar")), "statuses in Spanish: {texto}");
    let json: serde_json::Value = serde_json::from_slice(&run(dir.path(), &["progress", "--json"]).stdout).unwrap();
    assert_eq!(json["levels"].as_array().unwrap().len(), 5, "--json lists every built-in level");
    let unknown = run(dir.path(), &["progress", "nope"]);
    assert_eq!(unknown.status.code(), Some(2), "an unknown lab is an input error");
    assert!(stderr(&unknown).contains("level-2"), "the error lists the labs: {}", stderr(&unknown));
}

#[test]
fn bad_exports_exit_2_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("r.pdf");
    let bad = run(dir.path(), &["progress", "export", "--format", "pdf", "-o", pdf.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2), "an unknown format is an input error");
    assert!(stderr(&bad).contains("possible values: html, md, json"), "it lists the formats: {}", stderr(&bad));
    let unknown_ext = run(dir.path(), &["progress", "export", "-o", dir.path().join("report").to_str().unwrap()]);
    assert_eq!(unknown_ext.status.code(), Some(2), "no format and no extension");
    assert!(stderr(&unknown_ext).contains("--format html"), "it says to add --format: {}", stderr(&unknown_ext));
    let missing = dir.path().join("no/such/folder/r.html");
    let unwritable = run(dir.path(), &["progress", "export", "-o", missing.to_str().unwrap()]);
    assert_eq!(unwritable.status.code(), Some(2), "an unwritable path is an input error");
    assert!(stderr(&unwritable).contains("fix: choose a file in a folder you can write to"), "with the fix: {}", stderr(&unwritable));
}

#[test]
fn a_newer_store_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        // A newer Nivel marks its files as Nivel's too.
        conn.execute_batch("PRAGMA application_id = 1313429068; CREATE TABLE t (x); PRAGMA user_version = 42;").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("r.json");
    for args in [&["progress"][..], &["whoami"], &["whoami", "set", "--name", "x"], &["progress", "export", "-o", report.to_str().unwrap()]] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: a newer schema is an input error");
        let says = format!("written by a newer Nivel (schema 42, this one knows {}); update Nivel", nivel::progress::SCHEMA_VERSION);
        assert!(stderr(&out).contains(&says), "{args:?}: says to update: {}", stderr(&out));
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the newer file is untouched");
    assert!(!report.exists(), "no report from a store that could not be read");
}

#[test]
fn xdg_data_home_moves_the_default_store() {
    let dir = tempfile::tempdir().unwrap();
    let out = nivel().env_remove("NIVEL_DATA_DIR").env("XDG_DATA_HOME", dir.path()).args(["whoami", "set", "--name", "Ana"]).output().unwrap();
    assert!(out.status.success(), "whoami set succeeds: {}", stderr(&out));
    assert!(dir.path().join("nivel/progress.sqlite3").is_file(), "the store is in $XDG_DATA_HOME/nivel/");
}

#[test]
fn whoami_set_refuses_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["whoami", "set", "--name", "Ana"]).status.success(), "a plain name is taken");
    for (flag, value) in [("--name", "Ana\u{1b}[31mRed"), ("--id", "12\n34"), ("--group", "G\u{7}1"), ("--name", "A\u{9b}2J")] {
        let out = run(dir.path(), &["whoami", "set", flag, value]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flag} {value:?}: a control character is an input error: {err}");
        assert!(err.contains(flag) && err.contains("control character"), "{flag} {value:?}: names the option and the problem: {err}");
        assert!(err.contains("fix: "), "{flag} {value:?}: says what to do: {err}");
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{9b}'), "{flag} {value:?}: the error does not echo the raw character: {err:?}");
    }
    assert_eq!(stdout(&run(dir.path(), &["whoami"])), "name:  Ana\nid:    (not set)\ngroup: (not set)\n", "nothing refused was stored");
}

#[test]
fn stored_control_characters_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.sqlite3");
    drop(nivel::progress::Store::open(&db).unwrap());
    // As an earlier Nivel could store them (this one refuses them).
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("INSERT INTO identity VALUES (1, ?1, ?2, ?3, 1)", ["Ana\u{1b}]0;pwned\u{7}", "1\r2", "G\u{9b}1"]).unwrap();
    drop(conn);
    let out_dir = tempfile::tempdir().unwrap();
    let md = out_dir.path().join("r.md");
    let outputs = [
        ("whoami", stdout(&run(dir.path(), &["whoami"]))),
        ("progress", stdout(&run(dir.path(), &["progress"]))),
        ("export md", {
            let out = run(dir.path(), &["progress", "export", "-o", md.to_str().unwrap()]);
            assert!(out.status.success(), "md export: {}", stderr(&out));
            std::fs::read_to_string(&md).unwrap()
        }),
    ];
    for (what, text) in outputs {
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{what}: no raw control character reaches the output: {text:?}");
        assert!(text.contains("Ana\\x1b") && text.contains("0;pwned\\x07"), "{what}: the escape sequence is shown escaped: {text}");
    }
    let json = stdout(&run(dir.path(), &["whoami", "--json"]));
    assert!(json.contains("\"Ana\\u001b]0;pwned\\u0007\""), "JSON escapes them its own way: {json}");
}
