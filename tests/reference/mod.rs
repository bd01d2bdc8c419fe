//! Differential tests: `nivel config` against what Docker Compose v2.40.3 printed for the
//! same project, byte for byte.
//!
//! Each folder of `tests/fixtures/reference/` is a small compose project; its `expected.*`
//! files are the reference tool's output, regenerated with `scripts/reference-outputs.sh`.
//! Every case runs in every test and all mismatches are reported together, so one run shows
//! how far the loader is from the reference.

mod case;
mod diff;

use std::path::PathBuf;

use case::{Case, Expected};

use crate::common::{fixtures, stderr, stdout};

/// Changed lines shown per failing case.
const DIFF_LINES: usize = 30;

fn cases() -> Vec<Case> {
    let cases = Case::all(&fixtures().join("reference"));
    assert!(
        cases.len() >= 70,
        "the corpus holds every case ({} found)",
        cases.len()
    );
    cases
}

/// Panics with every mismatch and the count, or returns when there is none.
fn report(what: &str, mismatches: Vec<String>, total: usize) {
    if mismatches.is_empty() {
        return;
    }
    let count = mismatches.len();
    panic!(
        "{}\n{count} of {total} cases differ ({what})",
        mismatches.join("\n")
    );
}

/// Compares nivel's output in one format with the reference for every succeeding case.
fn compare_output(json: bool) {
    let cases = cases();
    let mut mismatches = Vec::new();
    let mut total = 0;
    for case in &cases {
        let (yaml, json_text, warnings) = match case.expected() {
            Expected::Output {
                yaml,
                json,
                warnings,
            } => (yaml, json, warnings),
            Expected::Error { .. } => continue,
            Expected::Missing => {
                total += 1;
                mismatches.push(format!(
                    "== {}: no expected output; run scripts/reference-outputs.sh",
                    case.name
                ));
                continue;
            }
        };
        total += 1;
        let expected = if json { json_text } else { yaml };
        let out = case.run_nivel(json);
        let actual = stdout(&out);
        if !out.status.success() {
            let err: String = stderr(&out)
                .lines()
                .take(5)
                .collect::<Vec<_>>()
                .join("\n  ");
            mismatches.push(format!(
                "== {}: nivel failed ({}):\n  {err}",
                case.name, out.status
            ));
        } else if actual != expected {
            mismatches.push(format!(
                "== {}\n{}",
                case.name,
                diff::unified(
                    ("docker compose", &expected),
                    ("nivel", &actual),
                    DIFF_LINES
                )
            ));
        } else if warnings.is_some() && !json && !stderr(&out).contains("warning") {
            let first = warnings
                .unwrap_or_default()
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            mismatches.push(format!(
                "== {}: compose warns but nivel does not: {first}",
                case.name
            ));
        }
    }
    report(if json { "JSON" } else { "YAML" }, mismatches, total);
}

#[test]
fn yaml_output_matches_reference() {
    compare_output(false);
}

#[test]
fn json_output_matches_reference() {
    compare_output(true);
}

/// Where compose fails, nivel fails too, as an input error (exit code 2) whose message names
/// the file with line and column: at the line the case's `error-at` gives, when it gives one.
#[test]
fn errors_exit_2_naming_file_line_and_column() {
    let cases = cases();
    let mut mismatches = Vec::new();
    let mut total = 0;
    for case in &cases {
        let Expected::Error { message, at } = case.expected() else {
            continue;
        };
        total += 1;
        let reference = message.lines().last().unwrap_or("").to_string();
        let out = case.run_nivel(false);
        let err = stderr(&out);
        let problem = if out.status.code() != Some(2) {
            Some(format!("exit status {} (want 2)", out.status))
        } else if !names_location(&err, at.as_deref()) {
            Some(match &at {
                Some(at) => format!("no `{at}:COL:` in the message"),
                None => "no `FILE.yaml:LINE:COL:` in the message".to_string(),
            })
        } else {
            None
        };
        if let Some(problem) = problem {
            let first = err.lines().next().unwrap_or("");
            mismatches.push(format!(
                "== {}: {problem}\n  compose: {reference}\n  nivel:   {first}",
                case.name
            ));
        }
    }
    report("errors", mismatches, total);
}

/// Whether `message` names a place `FILE:LINE:COL:`; with `at` (`file:line`), that file and
/// line, otherwise any `.yaml`/`.yml` file.
fn names_location(message: &str, at: Option<&str>) -> bool {
    let has_col_after = |rest: &str| {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with(':')
    };
    match at {
        Some(at) => message
            .match_indices(&format!("{at}:"))
            .any(|(i, m)| has_col_after(&message[i + m.len()..])),
        None => [".yaml:", ".yml:"].iter().any(|ext| {
            message.match_indices(ext).any(|(i, m)| {
                let rest = &message[i + m.len()..];
                let line = rest.chars().take_while(char::is_ascii_digit).count();
                line > 0 && rest[line..].starts_with(':') && has_col_after(&rest[line + 1..])
            })
        }),
    }
}

/// With `NIVEL_REFERENCE_COMPOSE` set to a Docker Compose binary, re-runs it on every case
/// and checks the committed golden files are what it prints now.
#[test]
fn committed_outputs_are_current() {
    let Some(program) = std::env::var_os("NIVEL_REFERENCE_COMPOSE").map(PathBuf::from) else {
        eprintln!("NIVEL_REFERENCE_COMPOSE is not set; golden files not re-checked");
        return;
    };
    let cases = cases();
    let mut mismatches = Vec::new();
    for case in &cases {
        let yaml = case.run_reference(&program, false);
        let mut fresh: Vec<(&str, Option<String>)> = Vec::new();
        if yaml.status.success() {
            let json = case.run_reference(&program, true);
            let warnings = case::sorted_warnings(&stderr(&yaml));
            fresh.push(("expected.yaml", Some(case.portable(&stdout(&yaml)))));
            fresh.push(("expected.json", Some(case.portable(&stdout(&json)))));
            fresh.push((
                "expected.warnings",
                (!warnings.is_empty()).then(|| case.portable(&warnings)),
            ));
            fresh.push(("expected.error", None));
        } else {
            fresh.push((
                "expected.error",
                Some(case.portable(&case::without_timestamps(&stderr(&yaml)))),
            ));
            fresh.push(("expected.yaml", None));
            fresh.push(("expected.json", None));
            fresh.push(("expected.warnings", None));
        }
        for (file, now) in fresh {
            let committed = case.committed(file);
            if committed != now {
                let diff = diff::unified(
                    ("committed", committed.as_deref().unwrap_or("<absent>\n")),
                    ("reference now", now.as_deref().unwrap_or("<absent>\n")),
                    DIFF_LINES,
                );
                mismatches.push(format!("== {}/{file} is stale\n{diff}", case.name));
            }
        }
    }
    report(
        "stale golden files; run scripts/reference-outputs.sh",
        mismatches,
        cases.len(),
    );
}

#[cfg(test)]
mod tests {
    use super::names_location;

    #[test]
    fn finds_file_line_and_column() {
        let cases = [
            ("compose.yaml:3:5: unknown key", None, true),
            ("/a/b/compose.yml:12:1: bad", None, true),
            ("compose.yaml:3: no column", None, false),
            ("compose.yaml: nothing", None, false),
            ("compose.yaml:4:7: x", Some("compose.yaml:4"), true),
            ("compose.yaml:5:7: x", Some("compose.yaml:4"), false),
            ("compose.yaml:41:7: x", Some("compose.yaml:4"), false),
        ];
        for (message, at, want) in cases {
            assert_eq!(
                names_location(message, at),
                want,
                "location in {message:?} (at {at:?})"
            );
        }
    }
}
