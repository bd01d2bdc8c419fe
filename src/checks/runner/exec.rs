//! `exec`: a command run inside the service's container, its exit code and stdout tested.

use super::excerpt::shown;
use super::target::LabTarget;
use super::verdict::{container_id, probe_failed, Verdict};
use crate::checks::ExecCheck;
use crate::docker::probe::{self, ExecOutput, ExecRequest};
use crate::lab::Text;

pub async fn run(target: &LabTarget, check: &ExecCheck) -> Verdict {
    let container = match container_id(target, &check.service) {
        Ok(c) => c,
        Err(why) => return Verdict::fail(expected(check), why),
    };
    let request = ExecRequest { command: check.command.clone(), user: check.user.clone() };
    match probe::exec(&target.engine, &target.project, container, &request).await {
        Ok(out) => evaluate(&out, check),
        Err(e) => {
            let command = shown_command(&check.command);
            Verdict::fail(expected(check), probe_failed(Text::new(format!("no se pudo ejecutar `{command}`"), format!("could not run `{command}`")), &e))
        }
    }
}

/// The most characters of a command as a check's results name it.
const COMMAND_CHARS: usize = 80;

/// `command` as a check's results name it: a script given inline (`python -c` and forty
/// lines) is cut at its first line break and at [`COMMAND_CHARS`] characters, marked `…`. The
/// student needs to know what ran, not to read the lab's whole probe in every result.
fn shown_command(command: &[String]) -> String {
    let joined = command.join(" ");
    let mut shown: String = joined.lines().next().unwrap_or_default().chars().take(COMMAND_CHARS).collect();
    if shown.len() < joined.len() {
        shown.push_str(" …");
    }
    shown
}

pub fn expected(check: &ExecCheck) -> Text {
    let command = shown_command(&check.command);
    let mut text = Text::new(
        format!("que `{command}` termine con código de salida {}", check.expect_exit),
        format!("`{command}` exits with {}", check.expect_exit),
    );
    if let Some(re) = &check.expect_stdout {
        text.es.push_str(&format!(", con stdout que coincida con /{}/", re.as_str()));
        text.en.push_str(&format!(", stdout matching /{}/", re.as_str()));
    }
    text
}

pub fn evaluate(out: &ExecOutput, check: &ExecCheck) -> Verdict {
    let stdout = String::from_utf8_lossy(&out.stdout);
    // As the shell's `$(…)` does, the final line break is not part of the output: `^2\.19\.0$`
    // matches what `mlflow --version`-style commands print.
    let stdout = stdout.strip_suffix('\n').map_or(&*stdout, |s| s.strip_suffix('\r').unwrap_or(s));
    let passed = out.exit_code == Some(check.expect_exit) && check.expect_stdout.as_ref().is_none_or(|re| re.is_match(stdout));
    let exit = match out.exit_code {
        Some(c) => Text::new(format!("código de salida {c}"), format!("exit {c}")),
        None => Text::new("sin código de salida", "no exit code"),
    };
    let stdout = shown(&out.stdout, out.truncated);
    let mut observed = Text::new(format!("{}; stdout: {}", exit.es, stdout.es), format!("{}; stdout: {}", exit.en, stdout.en));
    if !out.stderr.is_empty() {
        let stderr = shown(&out.stderr, out.truncated);
        observed.es.push_str(&format!("; stderr: {}", stderr.es));
        observed.en.push_str(&format!("; stderr: {}", stderr.en));
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
        assert_eq!(v.expected.en, "`python -c import mlflow` exits with 0", "the command and the code asked for");
        assert_eq!(v.expected.es, "que `python -c import mlflow` termine con código de salida 0", "in Spanish");
        assert_eq!(v.observed.en, "exit 1; stdout: (empty); stderr: ModuleNotFoundError: No module named 'mlflow'", "what it saw");
        assert_eq!(
            v.observed.es,
            "código de salida 1; stdout: (vacío); stderr: ModuleNotFoundError: No module named 'mlflow'",
            "in Spanish, the output as it came"
        );
    }

    #[test]
    fn an_inline_script_is_named_by_its_first_line() {
        let mut script = check(None);
        script.command = vec!["python".into(), "-c".into(), "import os, sys\nfor f in os.listdir():\n    print(f)\n".into()];
        assert_eq!(evaluate(&output(1, "", ""), &script).expected.en, "`python -c import os, sys …` exits with 0", "the first line stands for the script");
        script.command = vec!["sh".into(), "-c".into(), "x".repeat(100)];
        let shown = evaluate(&output(1, "", ""), &script).expected.en;
        assert_eq!(shown, format!("`sh -c {} …` exits with 0", "x".repeat(74)), "a long line is cut at 80 characters");
    }

    #[test]
    fn a_command_that_never_started_has_no_exit_code() {
        let out = ExecOutput { exit_code: None, stdout: vec![], stderr: vec![], truncated: false };
        let v = evaluate(&out, &check(None));
        assert!(!v.passed, "no exit code is not 0");
        assert_eq!(v.observed, Text::new("sin código de salida; stdout: (vacío)", "no exit code; stdout: (empty)"), "said plainly");
    }
}
