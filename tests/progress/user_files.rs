//! Files Nivel writes for the user (progress exports, the doctor's support bundle) never
//! destroy anything: not the progress store or anything else in Nivel's data folder, however
//! the path is spelled, and never a device, FIFO, folder, socket or symbolic link.

use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use super::support::{names_in, run, store_with_progress};
use crate::common::stderr;

/// The store's bytes and its check runs, to show it was not touched.
fn snapshot(db: &Path) -> Vec<u8> {
    std::fs::read(db).unwrap_or_else(|e| panic!("the store {} is still a readable file: {e}", db.display()))
}

#[test]
fn an_export_into_the_data_folder_is_refused_however_it_is_spelled() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = store_with_progress(&data);
    let before = snapshot(&db);
    let through_link = dir.path().join("link-to-data");
    std::os::unix::fs::symlink(&data, &through_link).unwrap();
    let targets = [
        data.join("progress.sqlite3"),
        data.join(".").join("progress.sqlite3"),
        dir.path().join("data/../data/progress.sqlite3"),
        through_link.join("progress.sqlite3"),
        data.join("report.html"),
    ];
    for target in &targets {
        let out = run(&data, &["progress", "export", "--format", "html", "-o", target.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{}: writing into the data folder is an input error: {err}", target.display());
        assert!(err.contains(&target.display().to_string()), "{}: the message names the path: {err}", target.display());
        assert!(err.contains("inside Nivel's data folder"), "{}: the message says why: {err}", target.display());
        assert!(err.contains("fix: choose a file outside"), "{}: and the fix: {err}", target.display());
        assert_eq!(snapshot(&db), before, "{}: the progress store is byte for byte what it was", target.display());
    }
    assert!(!data.join("report.html").exists(), "no new file appears in the data folder");
    let list = run(&data, &["progress", "--json"]);
    assert!(list.status.success(), "the store still opens: {}", stderr(&list));
}

#[test]
fn an_export_never_replaces_what_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    store_with_progress(&data);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    // A character device like /dev/null (major 1, minor 3), made here rather than risking the
    // machine's own.
    let device = out_dir.join("null");
    let made = std::process::Command::new("mknod").arg(&device).args(["c", "1", "3"]).status().unwrap();
    assert!(made.success(), "mknod makes a device node (the tests run as root)");
    let fifo = out_dir.join("fifo.html");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo makes a FIFO");
    let kept = out_dir.join("kept.html");
    std::fs::write(&kept, "the user's own page").unwrap();
    let link = out_dir.join("link.html");
    std::os::unix::fs::symlink(&kept, &link).unwrap();
    let folder = out_dir.join("folder.html");
    std::fs::create_dir(&folder).unwrap();
    let socket = out_dir.join("socket.html");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let cases = [
        (&device, "a character device"),
        (&fifo, "a FIFO"),
        (&link, "a symbolic link"),
        (&folder, "a folder"),
        (&socket, "a socket"),
    ];
    let names = names_in(&out_dir);
    for (target, what) in cases {
        let out = run(&data, &["progress", "export", "--format", "html", "-o", target.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: refused as an input error: {err}");
        assert!(err.contains(&target.display().to_string()) && err.contains(what), "{what}: the message names the path and what it is: {err}");
        assert!(err.contains("fix: choose another file name"), "{what}: the fix: {err}");
    }
    let meta = |p: &Path| std::fs::symlink_metadata(p).unwrap().file_type();
    assert!(meta(&device).is_char_device(), "the device is still a device");
    assert!(meta(&fifo).is_fifo(), "the FIFO is still a FIFO");
    assert!(meta(&link).is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "the user's own page", "the file the link points to is untouched");
    assert!(meta(&folder).is_dir(), "the folder is still a folder");
    assert!(meta(&socket).is_socket(), "the socket is still a socket");
    assert_eq!(names_in(&out_dir), names, "nothing was added beside them (no temporary file left)");
}

#[test]
fn an_export_replaces_a_regular_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    store_with_progress(&data);
    let report = dir.path().join("report.md");
    std::fs::write(&report, "an older report").unwrap();
    let out = run(&data, &["progress", "export", "-o", report.to_str().unwrap()]);
    assert!(out.status.success(), "an existing report is replaced: {}", stderr(&out));
    assert!(std::fs::read_to_string(&report).unwrap().starts_with("# Progress report"), "by the new one, whole");
    assert_eq!(names_in(dir.path()), ["data", "report.md"], "no temporary file is left");
}

#[test]
fn a_support_bundle_is_refused_in_the_data_folder_and_on_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = store_with_progress(&data);
    let before = snapshot(&db);
    let device = dir.path().join("null");
    assert!(std::process::Command::new("mknod").arg(&device).args(["c", "1", "3"]).status().unwrap().success(), "mknod makes a device");
    for (target, why) in [(db.clone(), "inside Nivel's data folder"), (device.clone(), "a character device")] {
        let out = run(&data, &["doctor", "--bundle", target.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{}: the bundle target is refused with exit 2: {err}", target.display());
        assert!(err.contains(&target.display().to_string()) && err.contains(why), "{}: the message names it and says why: {err}", target.display());
    }
    assert_eq!(snapshot(&db), before, "the progress store is byte for byte what it was");
    assert!(std::fs::symlink_metadata(&device).unwrap().file_type().is_char_device(), "the device is still a device");
}
