//! A student's progress as an instructor reads it: per level, per lab and per exercise the
//! status, first pass and attempts, the time each lab ran, the student's identity, when it
//! was generated and by which Nivel. Built from the store plus the labs' outlines, then
//! rendered as JSON, Markdown or one self-contained HTML file.

mod build;
mod html;
pub(crate) use html::escape as html_escape;
pub(crate) use markdown::escape as markdown_escape;
mod json;
mod markdown;
mod outline;
mod words;

use std::borrow::Cow;
use std::time::Duration;

use serde::Serialize;

use super::identity::Identity;
use super::time::UnixMillis;
use crate::lab::Text;

pub use html::to_html;
pub use json::to_json;
pub use markdown::to_markdown;
pub use outline::{ExerciseOutline, LabOutline};

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressReport {
    /// The version of Nivel that built it.
    pub nivel_version: String,
    pub generated_at: UnixMillis,
    pub identity: Identity,
    /// Course levels in order, then the labs without a level.
    pub levels: Vec<LevelProgress>,
}

/// One course level (or, with `level: None`, the labs outside the course's levels).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelProgress {
    pub level: Option<u8>,
    pub labs: Vec<LabProgress>,
}

/// One lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabProgress {
    pub id: String,
    pub level: Option<u8>,
    pub title: Text,
    /// Time with the lab running, from its sessions.
    pub time_running: Duration,
    /// The lab's exercises in its order, then exercises recorded but no longer in the lab.
    pub exercises: Vec<ExerciseProgress>,
}

/// Where a student stands on one exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseStatus {
    /// Passed at least once.
    Passed,
    /// Checked, never passed.
    Tried,
    /// Never checked.
    NotStarted,
}

/// One exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseProgress {
    pub id: String,
    /// From the lab's outline; `None` for an exercise the lab no longer lists.
    pub title: Option<Text>,
    pub status: ExerciseStatus,
    pub attempts: u32,
    pub first_passed: Option<UnixMillis>,
    pub last_run: Option<UnixMillis>,
}

/// Exercises passed and exercises in total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub total: usize,
}

impl Tally {
    /// Whole percent passed, 0 for nothing to pass.
    pub fn percent(self) -> usize {
        (self.passed * 100).checked_div(self.total).unwrap_or(0)
    }

    fn add(self, other: Tally) -> Tally {
        Tally { passed: self.passed + other.passed, total: self.total + other.total }
    }
}

impl LabProgress {
    pub fn tally(&self) -> Tally {
        Tally { passed: self.exercises.iter().filter(|e| e.status == ExerciseStatus::Passed).count(), total: self.exercises.len() }
    }
}

impl LevelProgress {
    pub fn tally(&self) -> Tally {
        self.labs.iter().map(LabProgress::tally).fold(Tally::default(), Tally::add)
    }

    /// The total time its labs ran.
    pub fn time_running(&self) -> Duration {
        self.labs.iter().map(|l| l.time_running).sum()
    }
}

impl ProgressReport {
    /// Only lab `id`, if the report has it.
    pub fn only_lab(mut self, id: &str) -> Option<ProgressReport> {
        for level in &mut self.levels {
            level.labs.retain(|l| l.id == id);
        }
        self.levels.retain(|l| !l.labs.is_empty());
        (!self.levels.is_empty()).then_some(self)
    }

    /// Every lab, level by level.
    pub fn labs(&self) -> impl Iterator<Item = &LabProgress> {
        self.levels.iter().flat_map(|l| &l.labs)
    }
}

/// `s` with every control character (escape sequences, newlines, bells, C1 codes) written
/// as `\xHH`: text a student typed or a file held cannot move a terminal's cursor, change
/// its title or colours, or break a report's lines.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\x{:02x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
pub(crate) mod sample;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(printable("Ana Pérez"), "Ana Pérez", "plain text is untouched");
        assert_eq!(printable("A\u{1b}[31mB\nC\u{9b}\u{7f}"), "A\\x1b[31mB\\x0aC\\x9b\\x7f", "C0, C1 and DEL, each as \\xHH");
    }
}
