//! How check results read: for a student in the terminal (in their language), and as JSON
//! for programs and the desktop app.

use std::fmt::Write as _;

use nivel::app::CheckRun;
use nivel::app::check::ExerciseResult;
use nivel::i18n::Lang;
use nivel::lab::{Exercise, LabSpec, Text};

/// One exercise's run, with how often the student has tried it (`None`: not saved).
struct Checked<'a> {
    exercise: &'a Exercise,
    result: &'a ExerciseResult,
    attempts: Option<u32>,
}

/// The exercises of `run` with their lab file entries (`spec` is the lab's).
fn checked<'a>(spec: &'a LabSpec, run: &'a CheckRun) -> Vec<Checked<'a>> {
    run.results
        .iter()
        .zip(&run.runs)
        .filter_map(|(view, ran)| {
            let exercise = spec.exercise(&view.id)?;
            Some(Checked { exercise, result: &ran.result, attempts: ran.saved.then_some(view.attempts) })
        })
        .collect()
}

/// Per exercise a pass or fail line; under a failed one, each failing check's expected and
/// observed values, its message and the exercise's hint; then a tally.
pub fn text(spec: &LabSpec, run: &CheckRun, lang: Lang) -> String {
    let checked = checked(spec, run);
    let words = Words::new();
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", spec.title.get(lang), spec.id);
    let width = checked.iter().map(|c| c.exercise.id.len()).max().unwrap_or(0);
    for c in &checked {
        let mark = if c.result.passed { &words.pass } else { &words.fail };
        let attempts = c.attempts.map(|n| format!("  ({} {n})", words.attempt.get(lang))).unwrap_or_default();
        let _ = writeln!(out, "{}  {:<width$}  {}{attempts}", mark.get(lang), c.exercise.id, c.exercise.title.get(lang));
        if c.result.passed {
            continue;
        }
        for check in c.result.checks.iter().filter(|o| !o.passed) {
            let _ = writeln!(out, "      {} {}", check.kind, check.service);
            let _ = writeln!(out, "        {}: {}", words.expected.get(lang), check.expected.get(lang));
            let _ = writeln!(out, "        {}: {}", words.observed.get(lang), indent(check.observed.get(lang)));
            if let Some(m) = &check.message {
                let _ = writeln!(out, "        {}", m.get(lang));
            }
        }
        if let Some(hint) = &c.exercise.hint {
            let _ = writeln!(out, "      {}: {}", words.hint.get(lang), hint.get(lang));
        }
    }
    let passed = checked.iter().filter(|c| c.result.passed).count();
    let _ = writeln!(out, "{}", tally(passed, checked.len()).get(lang));
    out
}

/// `{"lab", "passed", "total", "exercises": [{"id", "title", "hint", "attempts", "passed",
/// "at", "duration_ms", "checks": [...]}]}`.
pub fn json(run: &CheckRun) -> String {
    let exercises: Vec<serde_json::Value> = run
        .results
        .iter()
        .zip(&run.runs)
        .map(|(view, ran)| {
            let mut v = serde_json::json!({
                "id": view.id,
                "title": view.title,
                "hint": view.hint,
                "attempts": ran.saved.then_some(view.attempts),
            });
            if let (Some(obj), Ok(serde_json::Value::Object(result))) = (v.as_object_mut(), serde_json::to_value(&ran.result)) {
                obj.extend(result);
            }
            v
        })
        .collect();
    let doc = serde_json::json!({"lab": run.lab, "passed": run.passed, "total": run.total, "exercises": exercises});
    format!("{doc}\n")
}

fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n          ")
}

/// The fixed words of a check's report.
struct Words {
    pass: Text,
    fail: Text,
    attempt: Text,
    expected: Text,
    observed: Text,
    hint: Text,
}

impl Words {
    fn new() -> Words {
        Words {
            pass: Text::new("✔ superado", "✔ passed"),
            fail: Text::new("✘ pendiente", "✘ not yet"),
            attempt: Text::new("intento", "attempt"),
            expected: Text::new("se esperaba", "expected"),
            observed: Text::new("se observó", "observed"),
            hint: Text::new("pista", "hint"),
        }
    }
}

/// `2 of 3 exercises passed`; the noun takes the number of the total: `1 of 1 exercise passed`.
fn tally(passed: usize, total: usize) -> Text {
    let of = Text::count(total, ("ejercicio superado", "ejercicios superados"), ("exercise passed", "exercises passed"));
    Text::new(format!("{passed} de {}", of.es), format!("{passed} of {}", of.en))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use nivel::app::check::Ran;
    use nivel::app::{ExerciseStatus, ExerciseView};
    use nivel::app::check::CheckOutcome;
    use nivel::lab::{Requirements, Text};

    use super::*;

    #[test]
    fn the_tally_takes_the_number_of_the_total_in_both_languages() {
        assert_eq!(tally(1, 1), Text::new("1 de 1 ejercicio superado", "1 of 1 exercise passed"), "one exercise");
        assert_eq!(tally(0, 3), Text::new("0 de 3 ejercicios superados", "0 of 3 exercises passed"), "several");
    }

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
            credentials: vec![],
            exercises: vec![exercise()],
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

    /// One run of the exercise, failed; saved in the store or not.
    fn run(saved: bool) -> CheckRun {
        let e = exercise();
        let view = ExerciseView {
            id: e.id,
            title: e.title,
            description: Text::default(),
            hint: e.hint,
            status: ExerciseStatus::Failed,
            attempts: 1,
            first_passed_ms: None,
            last: None,
            history: vec![],
        };
        CheckRun { lab: "demo".into(), results: vec![view], passed: 0, total: 1, warnings: vec![], runs: vec![Ran { result: failed(), saved }] }
    }

    #[test]
    fn a_failed_check_reads_in_the_students_language() {
        let checked = run(true);
        let es = text(&spec(), &checked, Lang::Es);
        assert!(es.contains("se esperaba: que el archivo /www/saved.txt contenga /done/"), "expected in Spanish: {es}");
        assert!(es.contains("se observó: /www/saved.txt no existe"), "observed in Spanish: {es}");
        assert!(!es.contains("does not exist"), "no English left: {es}");
        let en = text(&spec(), &checked, Lang::En);
        assert!(en.contains("expected: file /www/saved.txt containing /done/"), "expected in English: {en}");
        assert!(en.contains("observed: /www/saved.txt does not exist"), "observed in English: {en}");
    }

    #[test]
    fn json_gives_expected_and_observed_in_both_languages() {
        let doc: serde_json::Value = serde_json::from_str(&json(&run(false))).unwrap();
        assert_eq!(doc["exercises"][0]["attempts"], serde_json::Value::Null, "a run not saved has no attempt count: {doc}");
        let check = &doc["exercises"][0]["checks"][0];
        assert_eq!(check["observed"], serde_json::json!({"es": "/www/saved.txt no existe", "en": "/www/saved.txt does not exist"}), "{doc}");
        assert_eq!(check["expected"]["es"], "que el archivo /www/saved.txt contenga /done/", "{doc}");
    }
}
