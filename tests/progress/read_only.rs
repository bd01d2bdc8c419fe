//! Reading commands (`nivel progress`, `--json`, `export`, `nivel whoami`) work from a store
//! that cannot be written: a read-only file, a read-only data folder, and one left with its
//! WAL by a killed writer; writing commands say so with exit 2. The tests run as root, where
//! permission bits stop nothing, so they make things read-only with mounts.

use std::path::Path;
use std::time::Duration;

use super::support::{names_in, run, store_with_progress, Mount};
use super::writer::Writer;
use crate::common::{stderr, stdout};

/// Every reading command succeeds and shows Ana's progress; `whoami set` is refused.
fn assert_reads_but_refuses_writes(data: &Path, out_dir: &Path, case: &str) {
    let text = run(data, &["progress", "2"]);
    assert!(text.status.success(), "{case}: nivel progress works: {}", stderr(&text));
    assert!(stdout(&text).contains("Student: Ana, id 2023, group G1"), "{case}: with the identity: {}", stdout(&text));
    assert!(stdout(&text).lines().any(|l| l.contains("experiment") && l.contains("passed")), "{case}: and the exercise: {}", stdout(&text));
    let json = run(data, &["progress", "--json"]);
    assert!(json.status.success(), "{case}: nivel progress --json works: {}", stderr(&json));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["identity"]["name"], "Ana", "{case}: the JSON has the identity");
    let who = run(data, &["whoami"]);
    assert!(who.status.success() && stdout(&who).starts_with("name:  Ana\n"), "{case}: nivel whoami works: {}{}", stdout(&who), stderr(&who));
    let report = out_dir.join(format!("{}.html", case.replace(' ', "-")));
    let export = run(data, &["progress", "export", "-o", report.to_str().unwrap()]);
    assert!(export.status.success(), "{case}: nivel progress export works: {}", stderr(&export));
    assert!(std::fs::read_to_string(&report).unwrap().contains("Ana"), "{case}: the report has the identity");

    let set = run(data, &["whoami", "set", "--name", "Eve"]);
    let err = stderr(&set);
    assert_eq!(set.status.code(), Some(2), "{case}: a write to a read-only store is an input error: {err}");
    assert!(err.contains("read-only") && err.contains(&data.join("progress.sqlite3").display().to_string()), "{case}: names the file and the cause: {err}");
    assert!(err.contains("fix: "), "{case}: with the fix: {err}");
}

#[test]
fn reading_commands_work_from_a_read_only_data_folder() {
    let mount = Mount::tmpfs("32m");
    let data = mount.at.join("data");
    store_with_progress(&data);
    // Install the built-in labs while the folder is writable, as a first run does.
    assert!(run(&data, &["progress"]).status.success(), "a first run on the writable folder");
    mount.remount_read_only();
    let out = tempfile::tempdir().unwrap();
    assert_reads_but_refuses_writes(&data, out.path(), "read-only folder");
}

#[test]
fn reading_commands_work_when_only_the_file_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = store_with_progress(&data);
    let _bind = Mount::read_only_bind(&db);
    assert_reads_but_refuses_writes(&data, dir.path(), "read-only file");
    let left: Vec<String> = names_in(&data).into_iter().filter(|n| n.starts_with("progress.sqlite3-wal")).collect();
    assert!(left.iter().all(|n| std::fs::metadata(data.join(n)).unwrap().len() == 0), "nothing was written to a WAL beside it: {left:?}");
}

#[test]
fn a_store_left_with_its_wal_reads_from_a_read_only_folder() {
    let mount = Mount::tmpfs("64m");
    let data = mount.at.join("data");
    let db = store_with_progress(&data);
    assert!(run(&data, &["progress"]).status.success(), "a first run on the writable folder");
    let mut writer = Writer::spawn(&db, None, "wal");
    writer.ready.recv_timeout(Duration::from_secs(30)).expect("the writer opens the store");
    std::thread::sleep(Duration::from_millis(300));
    writer.child.kill().unwrap();
    writer.child.wait().unwrap();
    let committed = writer.committed().len();
    assert!(committed > 0, "the writer committed runs before it was killed");
    assert!(data.join("progress.sqlite3-wal").exists(), "a killed writer leaves its WAL");
    mount.remount_read_only();
    let json = run(&data, &["progress", "--json"]);
    assert!(json.status.success(), "the store with its WAL reads from a read-only folder: {}", stderr(&json));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let attempts: u64 = doc["levels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["labs"].as_array().unwrap())
        .flat_map(|l| l["exercises"].as_array().unwrap())
        .filter(|e| e["id"].as_str().is_some_and(|id| id.starts_with("wal-")))
        .map(|e| e["attempts"].as_u64().unwrap())
        .sum();
    // The kill may land between a commit and its report: one more run than reported.
    let committed = committed as u64;
    assert!(attempts == committed || attempts == committed + 1, "every run the killed writer committed is read, the ones in the WAL too: {attempts} of {committed}");
}
