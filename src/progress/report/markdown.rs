//! The report as Markdown: readable as plain text, renders as tables on a Git forge or in an
//! LMS that takes Markdown.

use std::fmt::Write as _;

use super::words::{level_name, words};
use super::{ExerciseProgress, ExerciseStatus, ProgressReport, Tally};
use crate::i18n::Lang;
use crate::progress::time::format_duration;

/// The report as Markdown in `lang`.
pub fn to_markdown(report: &ProgressReport, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", w.heading);
    let id = &report.identity;
    let part = |v: &Option<String>| v.as_deref().map_or_else(|| format!("*{}*", w.not_set), escape);
    let _ = writeln!(out, "| {} | |\n|---|---|", w.student);
    let _ = writeln!(out, "| {} | {} |", w.name, part(&id.name));
    let _ = writeln!(out, "| {} | {} |", w.id, part(&id.id));
    let _ = writeln!(out, "| {} | {} |\n", w.group, part(&id.group));
    let _ = writeln!(out, "{}: {} · Nivel {}\n", w.generated, report.generated_at.display_utc(), escape(&report.nivel_version));
    if report.levels.is_empty() {
        let _ = writeln!(out, "{}", w.no_labs);
        return out;
    }
    let _ = writeln!(out, "## {}\n", w.summary);
    let _ = writeln!(out, "| {} | {} | |\n|---|---|---|", w.level, w.passed);
    for level in &report.levels {
        let t = level.tally();
        let _ = writeln!(out, "| {} | {}/{} | `{}` {}% |", level_name(level.level, lang), t.passed, t.total, bar(t), t.percent());
    }
    for level in &report.levels {
        let _ = writeln!(out, "\n## {}", level_name(level.level, lang));
        for lab in &level.labs {
            let t = lab.tally();
            let _ = writeln!(out, "\n### {} (`{}`)\n", escape(lab.title.get(lang)), lab.id.replace('`', "'"));
            let _ = writeln!(out, "{}/{} {} · {}: {}\n", t.passed, t.total, w.passed, w.time_running, format_duration(lab.time_running));
            if lab.exercises.is_empty() {
                let _ = writeln!(out, "{}", w.no_exercises);
                continue;
            }
            let _ = writeln!(out, "| {} | {} | {} | {} |\n|---|---|---|---:|", w.exercise, w.status, w.first_pass, w.attempts);
            for e in &lab.exercises {
                let _ = writeln!(out, "| {} | {} | {} | {} |", exercise_cell(e, lang), status(e.status, lang), e.first_passed.map_or_else(|| "—".to_string(), |t| t.display_utc()), e.attempts);
            }
        }
    }
    out
}

fn exercise_cell(e: &ExerciseProgress, lang: Lang) -> String {
    let id = e.id.replace('`', "'");
    match &e.title {
        Some(title) => format!("{} (`{id}`)", escape(title.get(lang))),
        None => format!("`{id}`"),
    }
}

fn status(s: ExerciseStatus, lang: Lang) -> String {
    let w = words(lang);
    match s {
        ExerciseStatus::Passed => format!("✅ {}", w.passed),
        ExerciseStatus::Tried => format!("❌ {}", w.tried),
        ExerciseStatus::NotStarted => format!("· {}", w.not_started),
    }
}

/// Ten cells, filled by the share passed.
fn bar(t: Tally) -> String {
    let filled = t.percent() / 10;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

/// Text that Markdown must show as written: special characters backslash-escaped, newlines
/// flattened so a table row stays one row.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push_str(&super::printable(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::report::sample;

    #[test]
    fn markdown_has_identity_summary_and_exercises() {
        let md = to_markdown(&sample::report(), Lang::En);
        assert!(md.starts_with("# Progress report\n"), "the heading: {md}");
        assert!(md.contains("| Name | Ana \\<Pérez\\> \\& \"Co\" |"), "the name, escaped: {md}");
        assert!(md.contains("| Group | *not set* |"), "an unset part says so");
        assert!(md.contains(&format!("Nivel {}", env!("CARGO_PKG_VERSION"))), "the version");
        assert!(md.contains("Generated: 2024-03-14 11:00 UTC"), "the time");
        assert!(md.contains("| Level 2 | 2/4 | `█████░░░░░` 50% |"), "a summary bar per level: {md}");
        assert!(md.contains("| Create the \\<mlflows3\\> bucket (`bucket`) | ✅ passed | 2024-03-14 09:02 UTC | 3 |"), "an exercise row: {md}");
        assert!(md.contains("Time with the lab running: 1 h 30 min"), "the lab's running time");
    }

    #[test]
    fn markdown_speaks_spanish() {
        let md = to_markdown(&sample::report(), Lang::Es);
        assert!(md.starts_with("# Informe de progreso\n"), "Spanish heading");
        assert!(md.contains("| Nivel 0 | 0/1 |"), "Spanish level names");
        assert!(md.contains("Llame la API (`api`) | · sin intentar"), "Spanish titles and status: {md}");
    }

    #[test]
    fn table_breaking_characters_are_escaped() {
        assert_eq!(escape("a|b\nc*d"), "a\\|b c\\*d", "pipes and newlines cannot break a row");
        assert_eq!(escape("a\u{1b}]0;x\u{7}"), "a\\x1b\\]0;x\\x07", "escape sequences cannot reach a terminal that shows the file");
    }
}
