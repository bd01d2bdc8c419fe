//! The report as JSON for other programs (a grading script, the desktop app). The shape is a
//! public interface: `format` changes when a field changes meaning or goes away; new fields
//! may be added without changing it.

use serde::Serialize;

use super::{ExerciseProgress, ExerciseStatus, LabProgress, LevelProgress, ProgressReport};
use crate::lab::Text;
use crate::progress::identity::Identity;

/// The version of the JSON shape.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: u32,
    nivel_version: &'a str,
    generated_at: String,
    identity: &'a Identity,
    levels: Vec<Level<'a>>,
}

#[derive(Serialize)]
struct Level<'a> {
    level: Option<u8>,
    passed: usize,
    total: usize,
    labs: Vec<Lab<'a>>,
}

#[derive(Serialize)]
struct Lab<'a> {
    id: &'a str,
    level: Option<u8>,
    title: &'a Text,
    passed: usize,
    total: usize,
    time_running_seconds: u64,
    exercises: Vec<Exercise<'a>>,
}

#[derive(Serialize)]
struct Exercise<'a> {
    id: &'a str,
    title: Option<&'a Text>,
    status: ExerciseStatus,
    attempts: u32,
    first_passed_at: Option<String>,
    last_run_at: Option<String>,
}

/// The report as pretty-printed JSON, ending in a newline. Times are RFC 3339 in UTC.
pub fn to_json(report: &ProgressReport) -> String {
    let doc = Document {
        format: FORMAT,
        nivel_version: &report.nivel_version,
        generated_at: report.generated_at.rfc3339(),
        identity: &report.identity,
        levels: report.levels.iter().map(level).collect(),
    };
    // Serializing plain structs with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn level(l: &LevelProgress) -> Level<'_> {
    let tally = l.tally();
    Level { level: l.level, passed: tally.passed, total: tally.total, labs: l.labs.iter().map(lab).collect() }
}

fn lab(l: &LabProgress) -> Lab<'_> {
    let tally = l.tally();
    Lab {
        id: &l.id,
        level: l.level,
        title: &l.title,
        passed: tally.passed,
        total: tally.total,
        time_running_seconds: l.time_running.as_secs(),
        exercises: l.exercises.iter().map(exercise).collect(),
    }
}

fn exercise(e: &ExerciseProgress) -> Exercise<'_> {
    Exercise {
        id: &e.id,
        title: e.title.as_ref(),
        status: e.status,
        attempts: e.attempts,
        first_passed_at: e.first_passed.map(|t| t.rfc3339()),
        last_run_at: e.last_run.map(|t| t.rfc3339()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::report::sample;

    #[test]
    fn the_json_shape_is_stable() {
        let v: serde_json::Value = serde_json::from_str(&to_json(&sample::report())).unwrap();
        assert_eq!(v["format"], 1, "the shape's version");
        assert_eq!(v["nivel_version"], env!("CARGO_PKG_VERSION"), "which Nivel wrote it");
        assert_eq!(v["generated_at"], "2024-03-14T11:00:00Z", "RFC 3339 UTC");
        assert_eq!(v["identity"], serde_json::json!({"name": "Ana <Pérez> & \"Co\"", "id": "2023'01", "group": null}), "identity with nulls for unset parts");
        let level2 = &v["levels"][1];
        assert_eq!((level2["level"].as_u64(), level2["passed"].as_u64(), level2["total"].as_u64()), (Some(2), Some(2), Some(4)), "per-level tally");
        let lab = &level2["labs"][0];
        assert_eq!(lab["time_running_seconds"], 5400, "90 minutes");
        assert_eq!(lab["title"]["es"], "Nivel 2: entrenamiento", "titles in both languages");
        let bucket = &lab["exercises"][0];
        assert_eq!(bucket["status"], "passed", "snake_case status");
        assert_eq!(bucket["first_passed_at"], "2024-03-14T09:02:00Z", "first pass");
        assert_eq!(bucket["attempts"], 3, "attempts");
        assert_eq!(lab["exercises"][2]["status"], "not_started", "untried exercise");
        assert_eq!(lab["exercises"][2]["first_passed_at"], serde_json::Value::Null, "null when never passed");
        assert_eq!(v["levels"][2]["level"], serde_json::Value::Null, "labs without a level");
    }
}
