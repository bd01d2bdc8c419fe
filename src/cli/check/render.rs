//! How check results read: for a student in the terminal (in their language), and as JSON
//! for programs and the desktop app.

use std::fmt::Write as _;

use nivel::checks::runner::ExerciseResult;
use nivel::i18n::Lang;
use nivel::lab::LabSpec;

use super::Checked;

/// Per exercise a pass or fail line; under a failed one, each failing check's expected and
/// observed values, its message and the exercise's hint; then a tally.
pub fn text(spec: &LabSpec, checked: &[Checked<'_>], lang: Lang) -> String {
    let words = Words::of(lang);
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", spec.title.get(lang), spec.id);
    let width = checked.iter().map(|c| c.exercise.id.len()).max().unwrap_or(0);
    for c in checked {
        let mark = if c.result.passed { words.pass } else { words.fail };
        let attempts = c.attempts.map(|n| format!("  ({} {n})", words.attempt)).unwrap_or_default();
        let _ = writeln!(out, "{mark}  {:<width$}  {}{attempts}", c.exercise.id, c.exercise.title.get(lang));
        if c.result.passed {
            continue;
        }
        for check in c.result.checks.iter().filter(|o| !o.passed) {
            let _ = writeln!(out, "      {} {}", check.kind, check.service);
            let _ = writeln!(out, "        {}: {}", words.expected, check.expected.get(lang));
            let _ = writeln!(out, "        {}: {}", words.observed, indent(check.observed.get(lang)));
            if let Some(m) = &check.message {
                let _ = writeln!(out, "        {}", m.get(lang));
            }
        }
        if let Some(hint) = &c.exercise.hint {
            let _ = writeln!(out, "      {}: {}", words.hint, hint.get(lang));
        }
    }
    let passed = checked.iter().filter(|c| c.result.passed).count();
    let _ = writeln!(out, "{}", (words.tally)(passed, checked.len()));
    out
}

/// `{"lab", "passed", "total", "exercises": [{"id", "title", "hint", "attempts", "passed",
/// "at", "duration_ms", "checks": [...]}]}`.
pub fn json(lab: &str, checked: &[Checked<'_>]) -> String {
    let exercises: Vec<serde_json::Value> = checked
        .iter()
        .map(|c| {
            let mut v = serde_json::json!({
                "id": c.exercise.id,
                "title": c.exercise.title,
                "hint": c.exercise.hint,
                "attempts": c.attempts,
            });
            if let (Some(obj), Ok(serde_json::Value::Object(result))) = (v.as_object_mut(), serde_json::to_value(&c.result)) {
                obj.extend(result);
            }
            v
        })
        .collect();
    let passed = checked.iter().filter(|c| c.result.passed).count();
    let doc = serde_json::json!({"lab": lab, "passed": passed, "total": checked.len(), "exercises": exercises});
    format!("{doc}\n")
}

/// What the store keeps of a run: each check's verdict and what it saw, in English whatever
/// the student's language, so every record reads alike.
pub fn observed(result: &ExerciseResult) -> String {
    let mut out = String::new();
    for c in &result.checks {
        let verdict = if c.passed { "pass" } else { "fail" };
        let _ = writeln!(out, "{verdict} {} {}: {}", c.kind, c.service, c.observed.en);
    }
    out
}

fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n          ")
}

struct Words {
    pass: &'static str,
    fail: &'static str,
    attempt: &'static str,
    expected: &'static str,
    observed: &'static str,
    hint: &'static str,
    tally: fn(usize, usize) -> String,
}

impl Words {
    fn of(lang: Lang) -> Words {
        match lang {
            Lang::Es => Words {
                pass: "✔ superado",
                fail: "✘ pendiente",
                attempt: "intento",
                expected: "se esperaba",
                observed: "se observó",
                hint: "pista",
                tally: |p, t| format!("{p} de {t} ejercicios superados"),
            },
            Lang::En => Words {
                pass: "✔ passed",
                fail: "✘ not yet",
                attempt: "attempt",
                expected: "expected",
                observed: "observed",
                hint: "hint",
                tally: |p, t| format!("{p} of {t} exercises passed"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use nivel::checks::runner::CheckOutcome;
    use nivel::lab::{Exercise, Requirements, Text};

    use super::*;

    fn spec() -> LabSpec {
        LabSpec {
            format: 1,
            id: "demo".into(),
            level: None,
            compose: vec!["compose.yaml".into()],
            title: Text::new("Laboratorio de prueba", "Test lab"),
            summary: Text::default(),
            requirements: Requirements::default(),
            links: vec![],
            exercises: vec![],
        }
    }

    fn exercise() -> Exercise {
        Exercise {
            id: "saved".into(),
            title: Text::new("Guarde su trabajo", "Save your work"),
            hint: Some(Text::new("Escriba done en /www/saved.txt", "Write done to /www/saved.txt")),
            checks: vec![],
        }
    }

    fn failed() -> ExerciseResult {
        let outcome = CheckOutcome {
            kind: "file",
            service: "web".into(),
            passed: false,
            expected: Text::new("que el archivo /www/saved.txt contenga /done/", "file /www/saved.txt containing /done/"),
            observed: Text::new("/www/saved.txt no existe", "/www/saved.txt does not exist"),
            duration: Duration::from_millis(12),
            message: None,
        };
        ExerciseResult { at: SystemTime::UNIX_EPOCH, passed: false, checks: vec![outcome], duration: Duration::from_millis(12) }
    }

    #[test]
    fn a_failed_check_reads_in_the_students_language() {
        let e = exercise();
        let checked = [Checked { exercise: &e, result: failed(), attempts: Some(1) }];
        let es = text(&spec(), &checked, Lang::Es);
        assert!(es.contains("se esperaba: que el archivo /www/saved.txt contenga /done/"), "expected in Spanish: {es}");
        assert!(es.contains("se observó: /www/saved.txt no existe"), "observed in Spanish: {es}");
        assert!(!es.contains("does not exist"), "no English left: {es}");
        let en = text(&spec(), &checked, Lang::En);
        assert!(en.contains("expected: file /www/saved.txt containing /done/"), "expected in English: {en}");
        assert!(en.contains("observed: /www/saved.txt does not exist"), "observed in English: {en}");
    }

    #[test]
    fn the_store_keeps_what_was_observed_in_english() {
        assert_eq!(observed(&failed()), "fail file web: /www/saved.txt does not exist\n", "one line per check");
    }

    #[test]
    fn json_gives_expected_and_observed_in_both_languages() {
        let e = exercise();
        let doc: serde_json::Value = serde_json::from_str(&json("demo", &[Checked { exercise: &e, result: failed(), attempts: None }])).unwrap();
        let check = &doc["exercises"][0]["checks"][0];
        assert_eq!(check["observed"], serde_json::json!({"es": "/www/saved.txt no existe", "en": "/www/saved.txt does not exist"}), "{doc}");
        assert_eq!(check["expected"]["es"], "que el archivo /www/saved.txt contenga /done/", "{doc}");
    }
}
