//! `file` checks through the engine's archive API (busybox `sh` is never used to read).

use nivel::checks::{CheckKind, FileCheck};
use regex::Regex;

use super::{run_one, web_lab};

fn file(path: &str, contains: Option<&str>) -> CheckKind {
    CheckKind::File(FileCheck { service: "web".into(), path: path.into(), contains: contains.map(|r| Regex::new(r).unwrap()) })
}

#[test]
fn files_are_found_matched_and_missed() {
    let Some((_lab, target)) = web_lab("check-file") else { return };
    let exists = run_one(&target, file("/www/x.json", None));
    assert!(exists.passed, "written by the service's command: {exists:?}");
    assert!(exists.observed.en.starts_with("/www/x.json exists (") && exists.observed.en.contains("\"ok\":true"), "{}", exists.observed.en);

    assert!(run_one(&target, file("/www/x.json", Some(r#""ok":\s*true"#))).passed, "the contents match");
    let wrong = run_one(&target, file("/www/x.json", Some("iris")));
    assert!(!wrong.passed, "no iris in it");
    assert_eq!(wrong.expected.en, "file /www/x.json containing /iris/", "expected in words");

    let missing = run_one(&target, file("/www/model.pkl", None));
    assert!(!missing.passed, "never written");
    assert_eq!(missing.observed.en, "/www/model.pkl does not exist", "says so");
    assert_eq!(missing.observed.es, "/www/model.pkl no existe", "in Spanish too");

    let folder = run_one(&target, file("/www", None));
    assert!(!folder.passed && folder.observed.en == "/www is a directory, not a file", "{folder:?}");
}
