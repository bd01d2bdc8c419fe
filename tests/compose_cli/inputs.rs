//! What a plain compose project may name as input, through the real binary: folders, FIFOs
//! and devices are named as what they are (and a FIFO never blocks the command), a missing
//! `--project-directory` is an input error, and files outside the project folder stay
//! readable, as in Docker Compose.

use std::path::Path;
use std::process::Output;

use super::run_bounded;
use crate::common::{run_in, stderr, stdout};

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {} works", path.display());
}

/// The run failed as an input error: exit 2, nothing printed, `needle` and a fix in the error.
fn assert_refused(out: &Output, needle: &str, why: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{why}: an input error exits 2\n{err}");
    assert!(stdout(out).is_empty(), "{why}: nothing is printed on stdout\n{err}");
    assert!(err.contains(needle), "{why}: the error says {needle:?}\n{err}");
    assert!(err.contains("fix:"), "{why}: the error says what to do\n{err}");
    assert!(!err.contains("panicked"), "{why}: never a panic\n{err}");
}

const WEB: &str = "services:\n  web:\n    image: busybox:1.36\n";

#[test]
fn a_fifo_folder_or_device_given_with_f_is_named() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.yaml"));
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).unwrap();
    let out = run_bounded(dir.path(), &["config", "-f", "pipe.yaml"], &[]);
    assert_refused(&out, "pipe.yaml is a FIFO (named pipe), not a file", "-f FIFO");
    let out = run_bounded(dir.path(), &["config", "-f", "folder.yaml"], &[]);
    assert_refused(&out, "folder.yaml is a folder, not a file", "-f folder");
    assert!(stderr(&out).contains("the file inside the folder"), "the fix says what to give instead: {}", stderr(&out));
    let out = run_bounded(dir.path(), &["config", "-f", "zero.yaml"], &[]);
    assert_refused(&out, "zero.yaml is a character device, not a file", "-f link to /dev/zero");
}

#[test]
fn env_files_that_are_not_files_are_named_and_never_block() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), WEB).unwrap();
    mkfifo(&dir.path().join("vars.env"));
    std::fs::create_dir(dir.path().join("folder.env")).unwrap();
    let out = run_bounded(dir.path(), &["config", "--env-file", "vars.env"], &[]);
    assert_refused(&out, "vars.env is a FIFO (named pipe), not a file", "--env-file FIFO");
    let out = run_bounded(dir.path(), &["config", "--env-file", "folder.env"], &[]);
    assert_refused(&out, "folder.env is a folder, not a file", "--env-file folder");
    mkfifo(&dir.path().join(".env"));
    let out = run_bounded(dir.path(), &["config"], &[]);
    assert_refused(&out, ".env is a FIFO (named pipe), not a file", "a .env that is a FIFO");
}

#[test]
fn a_fifo_named_inside_a_compose_file_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe"));
    let cases = [
        ("env-file.yaml", "services:\n  web:\n    image: busybox:1.36\n    env_file: pipe\n", "env-file.yaml:4:15:"),
        ("extends.yaml", "services:\n  web:\n    extends:\n      file: pipe\n      service: base\n", "extends.yaml:4:13:"),
        ("include.yaml", "include:\n  - pipe\nservices: {}\n", "include.yaml:2:5:"),
    ];
    for (file, text, place) in cases {
        std::fs::write(dir.path().join(file), text).unwrap();
        let out = run_bounded(dir.path(), &["config", "-f", file], &[]);
        assert_refused(&out, "is a FIFO (named pipe), not a file", file);
        assert!(stderr(&out).contains(place), "{file}: the error points at {place}\n{}", stderr(&out));
    }
}

#[test]
fn the_project_directory_must_be_an_existing_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), WEB).unwrap();
    let out = run_bounded(dir.path(), &["config", "--project-directory", "nope"], &[]);
    assert_refused(&out, "project directory", "a missing project directory");
    assert!(stderr(&out).contains("nope does not exist"), "says it does not exist: {}", stderr(&out));
    let out = run_bounded(dir.path(), &["config", "--project-directory", "compose.yaml"], &[]);
    assert_refused(&out, "compose.yaml is a file, not a folder", "a file as project directory");
    let out = run_bounded(dir.path(), &["config", "--project-directory", "."], &[]);
    assert_eq!(out.status.code(), Some(0), "an existing folder is fine: {}", stderr(&out));
}

#[test]
fn a_plain_project_reads_files_outside_its_folder_as_compose_does() {
    let shared = tempfile::tempdir().unwrap();
    let project = tempfile::tempdir().unwrap();
    std::fs::write(shared.path().join("db.yaml"), "services:\n  db:\n    image: postgres:16.6\n").unwrap();
    std::fs::write(shared.path().join("common.env"), "GREETING=hola\n").unwrap();
    let text = format!(
        "include:\n  - {}\nservices:\n  web:\n    image: busybox:1.36\n    env_file: {}\n",
        shared.path().join("db.yaml").display(),
        shared.path().join("common.env").display()
    );
    std::fs::write(project.path().join("compose.yaml"), text).unwrap();
    let out = run_bounded(project.path(), &["config"], &[]);
    assert_eq!(out.status.code(), Some(0), "an absolute include and env_file load: {}", stderr(&out));
    let printed = stdout(&out);
    assert!(printed.contains("  db:") && printed.contains("GREETING: hola"), "both were read: {printed}");
}

#[test]
fn paths_that_are_not_utf8_load() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    std::fs::write(dir.path().join(name), WEB).unwrap();
    let out = crate::common::nivel().current_dir(dir.path()).arg("config").arg("-f").arg(name).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "a Latin-1 file name loads: {}", stderr(&out));
    mkfifo(&dir.path().join(std::ffi::OsStr::from_bytes(b"p\xe9.yaml")));
    let out = crate::common::nivel().current_dir(dir.path()).arg("config").arg("-f").arg(std::ffi::OsStr::from_bytes(b"p\xe9.yaml")).output().unwrap();
    assert_refused(&out, "is a FIFO (named pipe)", "a FIFO with a Latin-1 name");
}

#[test]
fn compose_config_prints_what_config_prints_and_lists_services_dependencies_first() {
    let dir = crate::common::fixtures().join("reference/depends-on-short");
    let config = run_in(&dir, &["config", "--format", "json"]);
    let compose_config = run_in(&dir, &["compose", "config", "--format", "json"]);
    assert_eq!(compose_config.status.code(), Some(0), "compose config succeeds: {}", stderr(&compose_config));
    assert_eq!(stdout(&compose_config), stdout(&config), "`nivel compose config` is `nivel config`");
    let services = run_in(&dir, &["compose", "config", "--services"]);
    assert_eq!(stdout(&services), "db\napi\ncache\nweb\n", "each service after the ones it depends on");
    let quiet = run_in(&dir, &["config", "-q"]);
    assert_eq!((quiet.status.code(), stdout(&quiet).as_str()), (Some(0), ""), "-q only checks");
    let broken = run_in(&crate::common::fixtures().join("reference/error-undefined-network"), &["compose", "config", "-q"]);
    assert_eq!(broken.status.code(), Some(2), "-q still fails on a broken project: {}", stderr(&broken));
}
