//! `exec`: a command run inside the service's container, its exit code and stdout tested.

use super::excerpt::shown;
use super::target::LabTarget;
use super::verdict::{container_id, Verdict};
use crate::checks::ExecCheck;
use crate::docker::probe::{self, ExecOutput, ExecRequest};

pub async fn run(target: &LabTarget, check: &ExecCheck) -> Verdict {
    let id = match container_id(target, &check.service) {
        Ok(id) => id,
        Err(why) => return Verdict::fail(expected(check), why),
    };
    let request = ExecRequest { command: check.command.clone(), user: check.user.clone() };
    match probe::exec(&target.engine, &target.project, id, &request).await {
        Ok(out) => evaluate(&out, check),
        Err(e) => Verdict::fail(expected(check), format!("could not run `{}`: {e}", check.command.join(" "))),
    }
}

pub fn expected(check: &ExecCheck) -> String {
    let mut text = format!("`{}` exits with {}", check.command.join(" "), check.expect_exit);
    if let Some(re) = &check.expect_stdout {
        text.push_str(&format!(", stdout matching /{}/", re.as_str()));
    }
    text
}

pub fn evaluate(out: &ExecOutput, check: &ExecCheck) -> Verdict {
    let stdout = String::from_utf8_lossy(&out.stdout);
    // As the shell's `$(…)` does, the final line break is not part of the output: `^2\.19\.0$`
    // matches what `mlflow --version`-style commands print.
    let stdout = stdout.strip_suffix('\n').map_or(&*stdout, |s| s.strip_suffix('\r').unwrap_or(s));
    let passed = out.exit_code == Some(check.expect_exit) && check.expect_stdout.as_ref().is_none_or(|re| re.is_match(stdout));
    let exit = out.exit_code.map_or_else(|| "no exit code".to_string(), |c| format!("exit {c}"));
    let mut observed = format!("{exit}; stdout: {}", shown(&out.stdout, out.truncated));
    if !out.stderr.is_empty() {
        observed.push_str(&format!("; stderr: {}", shown(&out.stderr, out.truncated)));
    }
    Verdict { passed, expected: expected(check), observed }
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    fn check(expect_stdout: Option<&str>) -> ExecCheck {
        ExecCheck {
            service: "jupyter".into(),
            command: vec!["python".into(), "-c".into(), "import mlflow".into()],
            user: None,
            expect_exit: 0,
            expect_stdout: expect_stdout.map(|r| Regex::new(r).unwrap()),
        }
    }

    fn output(code: i64, stdout: &str, stderr: &str) -> ExecOutput {
        ExecOutput { exit_code: Some(code), stdout: stdout.into(), stderr: stderr.into(), truncated: false }
    }

    #[test]
    fn exit_code_and_stdout_both_count() {
        assert!(evaluate(&output(0, "2.19.0\n", ""), &check(Some(r"^2\.19"))).passed, "exit 0 and the version printed");
        assert!(!evaluate(&output(0, "3.0.0\n", ""), &check(Some(r"^2\.19"))).passed, "the wrong version");
        assert!(evaluate(&output(0, "2.19.0\r\n", ""), &check(Some(r"^2\.19\.0$"))).passed, "the final line break is not output");
        assert!(!evaluate(&output(0, "2.19.0\n\n", ""), &check(Some(r"^2\.19\.0$"))).passed, "only one line break goes");
        assert!(!evaluate(&output(1, "2.19.0\n", ""), &check(Some(r"^2\.19"))).passed, "a failing command");
    }

    #[test]
    fn a_failure_shows_exit_code_stdout_and_stderr() {
        let v = evaluate(&output(1, "", "ModuleNotFoundError: No module named 'mlflow'\n"), &check(None));
        assert_eq!(v.expected, "`python -c import mlflow` exits with 0", "the command and the code asked for");
        assert_eq!(v.observed, "exit 1; stdout: (empty); stderr: ModuleNotFoundError: No module named 'mlflow'", "what it saw");
    }

    #[test]
    fn a_command_that_never_started_has_no_exit_code() {
        let out = ExecOutput { exit_code: None, stdout: vec![], stderr: vec![], truncated: false };
        let v = evaluate(&out, &check(None));
        assert!(!v.passed, "no exit code is not 0");
        assert_eq!(v.observed, "no exit code; stdout: (empty)", "said plainly");
    }
}
