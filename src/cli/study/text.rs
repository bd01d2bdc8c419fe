//! `nivel progress` for people: a line per level, a table of exercises per lab, in the
//! student's language. Text from the store or a lab file is printed with its control
//! characters escaped, so it cannot drive the terminal.

use std::fmt::Write as _;

use nivel::i18n::Lang;
use nivel::lab::Text;
use nivel::app::progress_store::format_duration;
use nivel::app::progress_store::report::{printable, ExerciseStatus, ProgressReport};

use crate::cli::table;

pub fn render(report: &ProgressReport, lang: Lang) -> String {
    let w = Words::new();
    let mut out = String::new();
    let who = &report.identity;
    if who.is_empty() {
        let _ = writeln!(out, "{}: {}", w.student.get(lang), w.not_set.get(lang));
    } else {
        let parts = [
            who.name.as_deref().map(|n| printable(n).into_owned()),
            who.id.as_deref().map(|i| format!("{} {}", w.id.get(lang), printable(i))),
            who.group.as_deref().map(|g| format!("{} {}", w.group.get(lang), printable(g))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        let _ = writeln!(out, "{}: {parts}", w.student.get(lang));
    }
    for level in &report.levels {
        let name = level.level.map_or_else(|| w.other_labs.get(lang).to_owned(), |n| format!("{} {n}", w.level.get(lang)));
        let t = level.tally();
        let _ = writeln!(out, "\n{name}: {}/{} {}", t.passed, t.total, w.passed_count.get(lang));
        for lab in &level.labs {
            let t = lab.tally();
            let running = format_duration(lab.time_running);
            let _ = writeln!(out, "  {} ({}): {}/{} {}, {} {running}", printable(lab.title.get(lang)), printable(&lab.id), t.passed, t.total, w.passed_count.get(lang), w.running.get(lang));
            if lab.exercises.is_empty() {
                let _ = writeln!(out, "    {}", w.no_exercises.get(lang));
                continue;
            }
            let mut rows = vec![w.head.each_ref().map(|h| h.get(lang).to_owned())];
            for e in &lab.exercises {
                let status = match e.status {
                    ExerciseStatus::Passed => &w.passed,
                    ExerciseStatus::Tried => &w.tried,
                    ExerciseStatus::NotStarted => &w.not_started,
                };
                let first = e.first_passed.map_or_else(|| "-".to_string(), |t| t.display_utc());
                rows.push([printable(&e.id).into_owned(), status.get(lang).to_owned(), first, e.attempts.to_string()]);
            }
            for line in table::aligned(&rows).lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// The fixed words of `nivel progress`.
struct Words {
    student: Text,
    not_set: Text,
    id: Text,
    group: Text,
    level: Text,
    other_labs: Text,
    /// After a count: `2/3 passed`.
    passed_count: Text,
    /// Before the time a lab ran.
    running: Text,
    no_exercises: Text,
    head: [Text; 4],
    passed: Text,
    tried: Text,
    not_started: Text,
}

impl Words {
    fn new() -> Words {
        Words {
            student: Text::new("Estudiante", "Student"),
            not_set: Text::new(
                "sin indicar (nivel whoami set --name NOMBRE --id CÓDIGO --group GRUPO)",
                "not set (nivel whoami set --name NAME --id ID --group GROUP)",
            ),
            id: Text::new("código", "id"),
            group: Text::new("grupo", "group"),
            level: Text::new("Nivel", "Level"),
            other_labs: Text::new("Otros laboratorios", "Other labs"),
            passed_count: Text::new("superados", "passed"),
            running: Text::new("en marcha", "running"),
            no_exercises: Text::new("aún no hay ejercicios registrados", "no exercises recorded yet"),
            head: [
                Text::new("EJERCICIO", "EXERCISE"),
                Text::new("ESTADO", "STATUS"),
                Text::new("SUPERADO POR PRIMERA VEZ", "FIRST PASSED"),
                Text::new("INTENTOS", "ATTEMPTS"),
            ],
            passed: Text::new("superado", "passed"),
            tried: Text::new("intentado", "tried"),
            not_started: Text::new("sin intentar", "not started"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use nivel::lab::Text;
    use nivel::app::progress_store::report::{ExerciseProgress, LabProgress, LevelProgress};
    use nivel::app::progress_store::{Identity, UnixMillis};

    use super::*;

    /// 2024-03-14T09:00:00Z.
    const T0: i64 = 1_710_406_800_000;

    fn exercise(id: &str, status: ExerciseStatus, attempts: u32, first_passed: Option<i64>) -> ExerciseProgress {
        ExerciseProgress { id: id.into(), title: None, status, attempts, first_passed: first_passed.map(UnixMillis), last_run: None }
    }

    fn report(identity: Identity) -> ProgressReport {
        let level_2 = LabProgress {
            id: "level-2".into(),
            level: Some(2),
            title: Text::new("Nivel 2: entrenamiento", "Level 2: training"),
            time_running: Duration::from_secs(65 * 60),
            exercises: vec![
                exercise("bucket", ExerciseStatus::Passed, 2, Some(T0)),
                exercise("experiment", ExerciseStatus::Tried, 1, None),
                exercise("model", ExerciseStatus::NotStarted, 0, None),
            ],
        };
        let folder = LabProgress { id: "demo".into(), level: None, title: Text::new("demo", "demo"), time_running: Duration::ZERO, exercises: vec![] };
        ProgressReport {
            nivel_version: "0.1.0".into(),
            generated_at: UnixMillis(T0),
            identity,
            levels: vec![LevelProgress { level: Some(2), labs: vec![level_2] }, LevelProgress { level: None, labs: vec![folder] }],
        }
    }

    fn ana() -> Identity {
        Identity { name: Some("Ana".into()), id: Some("123".into()), group: Some("G1".into()) }
    }

    #[test]
    fn english_names_levels_statuses_and_the_student() {
        let text = render(&report(ana()), Lang::En);
        assert!(text.starts_with("Student: Ana, id 123, group G1\n"), "the identity: {text}");
        assert!(text.contains("\nLevel 2: 1/3 passed\n"), "the level's tally: {text}");
        assert!(text.contains("  Level 2: training (level-2): 1/3 passed, running 1 h 05 min"), "the lab's English title and time: {text}");
        assert!(text.contains("EXERCISE") && text.contains("FIRST PASSED"), "table headers: {text}");
        assert!(text.contains("passed") && text.contains("tried") && text.contains("not started"), "statuses: {text}");
        assert!(text.contains("\nOther labs: 0/0 passed\n") && text.contains("    no exercises recorded yet\n"), "a lab without exercises: {text}");
    }

    #[test]
    fn spanish_says_the_same_in_spanish() {
        let text = render(&report(ana()), Lang::Es);
        assert!(text.starts_with("Estudiante: Ana, código 123, grupo G1\n"), "the identity: {text}");
        assert!(text.contains("\nNivel 2: 1/3 superados\n"), "the level's tally: {text}");
        assert!(text.contains("  Nivel 2: entrenamiento (level-2): 1/3 superados, en marcha 1 h 05 min"), "the lab's Spanish title: {text}");
        assert!(text.contains("EJERCICIO") && text.contains("INTENTOS"), "table headers: {text}");
        assert!(text.contains("superado ") && text.contains("intentado") && text.contains("sin intentar"), "statuses: {text}");
        assert!(text.contains("\nOtros laboratorios: 0/0 superados\n") && text.contains("aún no hay ejercicios registrados"), "an empty lab: {text}");
        for english in ["Student", "passed", "running", "EXERCISE", "not started"] {
            assert!(!text.contains(english), "no English word {english:?} left: {text}");
        }
    }

    #[test]
    fn an_unset_identity_says_how_to_set_it() {
        assert!(render(&report(Identity::default()), Lang::En).starts_with("Student: not set (nivel whoami set --name NAME"), "English");
        assert!(render(&report(Identity::default()), Lang::Es).starts_with("Estudiante: sin indicar (nivel whoami set --name NOMBRE"), "Spanish");
    }
}
