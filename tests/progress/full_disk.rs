//! The store's file system fills up while a writer records check runs: the writer stops with a
//! clear error naming the full disk and the fix, nothing it reported committed is lost, the
//! file stays sound, and backups and exports on a full disk leave no half file.

use std::collections::BTreeSet;
use std::time::Duration;

use super::kill::assert_sound;
use super::support::{names_in, run, store_with_progress, today, Mount};
use super::writer::Writer;
use crate::common::stderr;

#[test]
fn a_full_disk_stops_writes_cleanly_and_loses_nothing_committed() {
    let mount = Mount::tmpfs("2m");
    let data = mount.at.join("data");
    let db = store_with_progress(&data);
    // Room that the test frees at the end, as a student would by deleting something.
    let filler = mount.at.join("filler");
    std::fs::write(&filler, vec![1u8; 768 * 1024]).unwrap();
    let mut writer = Writer::spawn(&db, None, "full");
    let mut stderr_pipe = writer.child.stderr.take().unwrap();
    let status = wait_at_most(&mut writer.child, Duration::from_secs(120));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut stderr_pipe, &mut err).unwrap();
    let committed: BTreeSet<i64> = writer.committed().into_iter().collect();
    assert_eq!(status.code(), Some(1), "the writer stops with an error, not a panic or a signal: {err}");
    assert!(!err.contains("panicked"), "no panic: {err}");
    assert!(err.contains("the disk holding") && err.contains("is full") && err.contains(&data.display().to_string()), "the error names the full disk: {err}");
    assert!(err.contains("fix: free some space"), "and the fix: {err}");
    assert!(committed.len() > 20, "it wrote until the disk was full: {} runs", committed.len());
    eprintln!("{} runs committed before the disk was full", committed.len());

    // Still full: reading works and every committed run is there.
    assert_sound(&db, &committed, "on the full disk");
    let read = run(&data, &["progress", "--json"]);
    assert!(read.status.success(), "nivel progress reads a store on a full disk: {}", stderr(&read));

    // A write command on the full disk: its daily backup cannot be made; no half file is left.
    let set = run(&data, &["whoami", "set", "--name", "Eve"]);
    let set_err = stderr(&set);
    assert!(set_err.contains("is full"), "the full disk is named: {set_err}");
    let backups = data.join("backups");
    let left: Vec<String> = if backups.is_dir() { names_in(&backups) } else { Vec::new() };
    assert!(left.is_empty(), "no half backup is left: {left:?}");
    assert_sound(&db, &committed, "after a backup on the full disk");

    // Space freed: the store takes writes again and the day's backup is made.
    std::fs::remove_file(&filler).unwrap();
    let again = run(&data, &["whoami", "set", "--name", "Zoe"]);
    assert!(again.status.success(), "writes work once space is freed: {}", stderr(&again));
    assert!(backups.join(format!("progress-{}.sqlite3", today())).is_file(), "and the day's backup is made");
}

#[test]
fn an_export_to_a_full_disk_leaves_no_half_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    store_with_progress(&data);
    let mount = Mount::tmpfs("64k");
    let filler = mount.at.join("filler");
    let _ = std::fs::write(&filler, vec![1u8; 64 * 1024]);
    let old = mount.at.join("old.html");
    let target = mount.at.join("report.html");
    let out = run(&data, &["progress", "export", "-o", target.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "a full disk is not the user's input, but it fails: {err}");
    assert!(err.contains("is full") && err.contains("fix: free some space"), "names the full disk and the fix: {err}");
    assert!(!target.exists() && !old.exists(), "no report appears");
    assert_eq!(names_in(&mount.at), ["filler"], "no temporary file is left");
}

/// Waits for `child` to exit, killing it (and failing the test) after `limit`.
fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the writer did not stop within {limit:?} on a full disk");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
