//! `nivel progress` for people: a line per level, a table of exercises per lab.

use std::fmt::Write as _;

use nivel::progress::format_duration;
use nivel::progress::report::{ExerciseStatus, ProgressReport};

use crate::cli::table;

pub fn render(report: &ProgressReport) -> String {
    let mut out = String::new();
    let who = &report.identity;
    if who.is_empty() {
        out.push_str("Student: not set (nivel whoami set --name NAME --id ID --group GROUP)\n");
    } else {
        let parts = [who.name.as_deref(), who.id.as_deref().map(|i| format!("id {i}")).as_deref(), who.group.as_deref().map(|g| format!("group {g}")).as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(out, "Student: {parts}");
    }
    for level in &report.levels {
        let name = level.level.map_or_else(|| "Other labs".to_string(), |n| format!("Level {n}"));
        let t = level.tally();
        let _ = writeln!(out, "\n{name}: {}/{} passed", t.passed, t.total);
        for lab in &level.labs {
            let t = lab.tally();
            let _ = writeln!(out, "  {} ({}): {}/{} passed, running {}", lab.title.en, lab.id, t.passed, t.total, format_duration(lab.time_running));
            if lab.exercises.is_empty() {
                out.push_str("    no exercises recorded yet\n");
                continue;
            }
            let mut rows = vec![["EXERCISE", "STATUS", "FIRST PASSED", "ATTEMPTS"].map(String::from)];
            for e in &lab.exercises {
                let status = match e.status {
                    ExerciseStatus::Passed => "passed",
                    ExerciseStatus::Tried => "tried",
                    ExerciseStatus::NotStarted => "not started",
                };
                let first = e.first_passed.map_or_else(|| "-".to_string(), |t| t.display_utc());
                rows.push([e.id.clone(), status.to_string(), first, e.attempts.to_string()]);
            }
            for line in table::aligned(&rows).lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}
