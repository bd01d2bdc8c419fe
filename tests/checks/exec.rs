//! `exec` checks in a real busybox container: exit codes, stdout, the user, what a failure shows.

use nivel::checks::{CheckKind, ExecCheck};
use regex::Regex;

use super::{run_one, web_lab};

fn exec(command: &[&str], expect_exit: i64, expect_stdout: Option<&str>) -> CheckKind {
    CheckKind::Exec(ExecCheck {
        service: "web".into(),
        command: command.iter().map(|s| s.to_string()).collect(),
        user: None,
        expect_exit,
        expect_stdout: expect_stdout.map(|r| Regex::new(r).unwrap()),
    })
}

#[test]
fn exit_code_and_stdout_decide_and_a_failure_shows_what_it_saw() {
    let Some((_lab, target)) = web_lab("check-exec") else { return };
    let ok = run_one(&target, exec(&["cat", "/www/x.json"], 0, Some(r#""ok":true"#)));
    assert!(ok.passed, "the file is there and says ok: {ok:?}");

    let wrong = run_one(&target, exec(&["sh", "-c", "echo hello; echo oops >&2; exit 3"], 0, Some("^bye")));
    assert!(!wrong.passed, "exit 3 and the wrong greeting");
    assert_eq!(wrong.expected.en, "`sh -c echo hello; echo oops >&2; exit 3` exits with 0, stdout matching /^bye/", "expected");
    assert_eq!(wrong.observed.en, "exit 3; stdout: hello; stderr: oops", "exit code, stdout and stderr apart");
    assert_eq!(wrong.observed.es, "código de salida 3; stdout: hello; stderr: oops", "in Spanish, the output as it came");

    let three = run_one(&target, exec(&["sh", "-c", "exit 3"], 3, None));
    assert!(three.passed, "an expected non-zero exit passes: {three:?}");

    let stdout_only = run_one(&target, exec(&["echo", "nivel"], 0, Some("^nivel$")));
    assert!(stdout_only.passed, "the final line break is not part of stdout: {stdout_only:?}");
}

#[test]
fn the_command_runs_as_the_asked_user() {
    let Some((_lab, target)) = web_lab("check-exec-user") else { return };
    let CheckKind::Exec(mut c) = exec(&["id", "-u"], 0, Some("^65534\n?$")) else { unreachable!() };
    c.user = Some("nobody".into());
    let o = run_one(&target, CheckKind::Exec(c));
    assert!(o.passed, "nobody is uid 65534: {o:?}");
}

#[test]
fn a_command_missing_from_the_image_fails_with_the_engine_reason() {
    let Some((_lab, target)) = web_lab("check-exec-missing") else { return };
    let o = run_one(&target, exec(&["python3", "-c", "print(1)"], 0, None));
    assert!(!o.passed, "busybox has no python");
    assert!(o.observed.en.contains("exit 126") || o.observed.en.contains("exit 127") || o.observed.en.contains("could not run"), "{}", o.observed.en);
}
