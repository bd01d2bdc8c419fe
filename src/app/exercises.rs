//! A lab's exercises as the student sees them: each one's title, what its checks look for,
//! the hint, whether it passed, how many attempts it took and what the latest run expected
//! next to what it observed. Built from the lab file and the progress store.

use serde::Serialize;

use crate::checks::runner::expected;
use crate::lab::{Exercise, Text};
use crate::progress::{CheckRun as StoredRun, ExerciseRecord, Store, StoreError};

use super::observation::Observation;
use super::{progress_store, Context, OpenedLab, StudyError};

/// Runs shown in an exercise's history, newest first.
pub const HISTORY: usize = 20;

/// Where the student stands on an exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export, export_to = "../ui/src/lib/bindings/"))]
#[serde(rename_all = "snake_case")]
pub enum ExerciseStatus {
    /// Never checked.
    NotTried,
    /// Checked, never passed.
    Failed,
    /// Passed at least once.
    Passed,
}

/// One exercise of a lab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export, export_to = "../ui/src/lib/bindings/"))]
pub struct ExerciseView {
    pub id: String,
    pub title: Text,
    /// What its checks look for, a line per check.
    pub description: Text,
    pub hint: Option<Text>,
    pub status: ExerciseStatus,
    pub attempts: u32,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub first_passed_ms: Option<i64>,
    /// The latest run.
    pub last: Option<CheckView>,
    /// The latest runs, newest first (at most [`HISTORY`]).
    pub history: Vec<AttemptView>,
}

/// One run of an exercise: what its checks expected next to what they observed, a line per
/// check (only the failing checks when it failed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export, export_to = "../ui/src/lib/bindings/"))]
pub struct CheckView {
    pub passed: bool,
    pub expected: Text,
    pub observed: Text,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub at_ms: i64,
}

/// An attempt in an exercise's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export, export_to = "../ui/src/lib/bindings/"))]
pub struct AttemptView {
    pub passed: bool,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub at_ms: i64,
}

/// Opens lab `name` and lists its exercises.
pub fn lab_exercises(ctx: &Context, name: &str) -> Result<Vec<ExerciseView>, StudyError> {
    exercises(ctx, &super::open(ctx, name)?)
}

/// Every exercise of `lab`, in the lab's order, with what the store holds of it; none for a
/// lab without a lab file.
pub fn exercises(ctx: &Context, lab: &OpenedLab) -> Result<Vec<ExerciseView>, StudyError> {
    let Some(spec) = &lab.spec else { return Ok(Vec::new()) };
    let store = progress_store::open_to_read(ctx)?;
    Ok(spec.exercises.iter().map(|e| view(&store, &spec.id, e)).collect::<Result<_, _>>()?)
}

/// `exercise` of lab `lab` as the store holds it now.
pub(crate) fn view(store: &Store, lab: &str, exercise: &Exercise) -> Result<ExerciseView, StoreError> {
    let located = |e: StoreError| e.at(store.path());
    let record = store.exercises().get(lab, &exercise.id).map_err(located)?;
    let runs = match record {
        Some(_) => store.check_runs().of_exercise(lab, &exercise.id).map_err(located)?,
        None => Vec::new(),
    };
    Ok(from_parts(exercise, record.as_ref(), &runs))
}

/// The view from data already read: `runs` oldest first, as the store lists them.
pub(crate) fn from_parts(exercise: &Exercise, record: Option<&ExerciseRecord>, runs: &[StoredRun]) -> ExerciseView {
    let status = match record {
        None => ExerciseStatus::NotTried,
        Some(r) if r.first_passed.is_some() => ExerciseStatus::Passed,
        Some(_) => ExerciseStatus::Failed,
    };
    ExerciseView {
        id: exercise.id.clone(),
        title: exercise.title.clone(),
        description: lines(exercise.checks.iter().map(|c| expected(&c.kind))),
        hint: exercise.hint.clone(),
        status,
        attempts: record.map_or(0, |r| r.attempts),
        first_passed_ms: record.and_then(|r| r.first_passed).map(|t| t.0),
        last: runs.last().map(check_view),
        history: runs.iter().rev().take(HISTORY).map(|r| AttemptView { passed: r.passed, at_ms: r.at.0 }).collect(),
    }
}

/// A stored run as the student reads it.
pub(crate) fn check_view(run: &StoredRun) -> CheckView {
    let (expected, observed) = match Observation::from_stored(&run.observed) {
        Ok(o) => side_by_side(&o, run.passed),
        Err(text) => (Text::default(), Text::new(text.trim_end(), text.trim_end())),
    };
    CheckView { passed: run.passed, expected, observed, at_ms: run.at.0 }
}

/// Expected and observed, a line per check: the failing checks of a failed run, every check
/// of a passed one; a failing check's own message follows what it observed.
pub(crate) fn side_by_side(o: &Observation, passed: bool) -> (Text, Text) {
    let shown: Vec<_> = o.checks.iter().filter(|c| passed || !c.passed).collect();
    let expected = lines(shown.iter().map(|c| Text::from(&c.expected)));
    let observed = lines(shown.iter().map(|c| match &c.message {
        Some(m) => {
            let (seen, m) = (Text::from(&c.observed), Text::from(m));
            Text::new(format!("{}\n{}", seen.es, m.es), format!("{}\n{}", seen.en, m.en))
        }
        None => Text::from(&c.observed),
    }));
    (expected, observed)
}

fn lines(texts: impl Iterator<Item = Text>) -> Text {
    let (es, en): (Vec<String>, Vec<String>) = texts.map(|t| (t.es, t.en)).unzip();
    Text::new(es.join("\n"), en.join("\n"))
}
