//! Putting a report together: the labs' outlines give the exercises to list, the store gives
//! what was done; anything recorded that the outlines do not know is listed too, never
//! dropped.

use std::collections::BTreeMap;

use super::{ExerciseProgress, ExerciseStatus, LabOutline, LabProgress, LevelProgress, ProgressReport};
use crate::lab::Text;
use crate::progress::error::StoreError;
use crate::progress::exercises::ExerciseRecord;
use crate::progress::identity::Identity;
use crate::progress::open::Store;
use crate::progress::sessions::{running_time, Session};
use crate::progress::time::UnixMillis;

impl ProgressReport {
    /// The report for everything in `store`, listing the labs of `outlines`, as of `now`.
    /// A lab `outlines` does not give (an instructor's own lab) is listed with the titles the
    /// store kept when its checks last ran.
    pub fn build(store: &Store, outlines: &[LabOutline], now: UnixMillis) -> Result<ProgressReport, StoreError> {
        let identity = store.identity().get()?;
        let records = store.exercises().all()?;
        let sessions = store.sessions().all()?;
        let mut known = outlines.to_vec();
        for kept in store.outlines().all()? {
            if !known.iter().any(|o| o.id == kept.id) {
                known.push(kept);
            }
        }
        Ok(ProgressReport::from_parts(identity, &records, &sessions, &known, now))
    }

    /// The report from data already read: the pure half of [`ProgressReport::build`].
    pub fn from_parts(identity: Identity, records: &[ExerciseRecord], sessions: &[Session], outlines: &[LabOutline], now: UnixMillis) -> ProgressReport {
        let mut outlines: Vec<LabOutline> = outlines.to_vec();
        // Labs with records or sessions but no outline (a lab removed from the course, a
        // folder lab) are still listed, under their id.
        let recorded = records.iter().map(|r| r.lab.as_str()).chain(sessions.iter().map(|s| s.lab.as_str()));
        for lab in recorded {
            if !outlines.iter().any(|o| o.id == lab) {
                outlines.push(LabOutline { id: lab.to_string(), level: None, title: Text::new(lab, lab), exercises: Vec::new() });
            }
        }
        let mut by_level: BTreeMap<(bool, u8), Vec<LabProgress>> = BTreeMap::new();
        for outline in &outlines {
            let lab_sessions: Vec<Session> = sessions.iter().filter(|s| s.lab == outline.id).cloned().collect();
            let lab_records: Vec<&ExerciseRecord> = records.iter().filter(|r| r.lab == outline.id).collect();
            let lab = LabProgress {
                id: outline.id.clone(),
                level: outline.level,
                title: outline.title.clone(),
                time_running: running_time(&lab_sessions, now),
                exercises: exercises(outline, &lab_records),
            };
            // Levels ascending, labs without one last.
            let key = (outline.level.is_none(), outline.level.unwrap_or(0));
            by_level.entry(key).or_default().push(lab);
        }
        let levels = by_level.into_iter().map(|((none, n), labs)| LevelProgress { level: (!none).then_some(n), labs }).collect();
        ProgressReport { nivel_version: env!("CARGO_PKG_VERSION").to_string(), generated_at: now, identity, levels }
    }
}

fn exercises(outline: &LabOutline, records: &[&ExerciseRecord]) -> Vec<ExerciseProgress> {
    let mut out: Vec<ExerciseProgress> = outline
        .exercises
        .iter()
        .map(|e| progress(&e.id, Some(e.title.clone()), records.iter().find(|r| r.exercise == e.id).copied()))
        .collect();
    for r in records {
        if !outline.exercises.iter().any(|e| e.id == r.exercise) {
            out.push(progress(&r.exercise, None, Some(r)));
        }
    }
    out
}

fn progress(id: &str, title: Option<Text>, record: Option<&ExerciseRecord>) -> ExerciseProgress {
    let status = match record {
        None => ExerciseStatus::NotStarted,
        Some(r) if r.first_passed.is_some() => ExerciseStatus::Passed,
        Some(_) => ExerciseStatus::Tried,
    };
    ExerciseProgress {
        id: id.to_string(),
        title,
        status,
        attempts: record.map_or(0, |r| r.attempts),
        first_passed: record.and_then(|r| r.first_passed),
        last_run: record.map(|r| r.last_run),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::progress::report::{sample, ExerciseOutline};
    use crate::progress::NewCheckRun;
    use crate::progress::report::Tally;

    #[test]
    fn outlines_and_records_meet_per_exercise() {
        let report = sample::report();
        let lab = report.labs().find(|l| l.id == "level-2").unwrap();
        let ids: Vec<&str> = lab.exercises.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["bucket", "experiment", "model", "retired"], "the outline's order, then recorded exercises the outline lacks");
        let status: Vec<ExerciseStatus> = lab.exercises.iter().map(|e| e.status).collect();
        assert_eq!(status, [ExerciseStatus::Passed, ExerciseStatus::Tried, ExerciseStatus::NotStarted, ExerciseStatus::Passed], "status per exercise");
        assert_eq!(lab.exercises[0].attempts, 3, "attempts from the store");
        assert_eq!(lab.exercises[0].first_passed, Some(UnixMillis(sample::T0 + 2 * sample::MIN)), "the first pass");
        assert_eq!(lab.exercises[3].title, None, "an exercise the lab no longer lists has no title");
        assert_eq!(lab.tally(), Tally { passed: 2, total: 4 }, "two of four passed");
    }

    #[test]
    fn a_lab_known_only_from_the_store_keeps_its_titles() {
        let store = sample::store();
        let kept = LabOutline {
            id: "my-project".into(),
            level: None,
            title: Text::new("Mi proyecto", "My project"),
            exercises: vec![
                ExerciseOutline { id: "serve".into(), title: Text::new("Sirva el modelo", "Serve the model") },
                ExerciseOutline { id: "load".into(), title: Text::new("Pruebe la carga", "Load test") },
            ],
        };
        store.outlines().save(&kept, UnixMillis(sample::T0)).unwrap();
        let run = NewCheckRun { lab: "my-project", exercise: "load", passed: true, observed: "", duration: Duration::from_millis(5), at: UnixMillis(sample::T0) };
        store.check_runs().record(&run).unwrap();
        let report = ProgressReport::build(&store, &sample::outlines(), UnixMillis(sample::NOW)).unwrap();
        let lab = report.labs().find(|l| l.id == "my-project").unwrap();
        assert_eq!(lab.title.es, "Mi proyecto", "the lab's title as its checks last saw it");
        let listed: Vec<(&str, Option<&str>, ExerciseStatus)> = lab.exercises.iter().map(|e| (e.id.as_str(), e.title.as_ref().map(|t| t.en.as_str()), e.status)).collect();
        assert_eq!(
            listed,
            [("serve", Some("Serve the model"), ExerciseStatus::NotStarted), ("load", Some("Load test"), ExerciseStatus::Passed)],
            "its exercises named and in its order, the untried one too"
        );
    }

    #[test]
    fn the_labs_own_file_wins_over_kept_titles() {
        let store = sample::store();
        let stale = LabOutline { id: "level-0".into(), level: Some(0), title: Text::new("Viejo", "Old"), exercises: Vec::new() };
        store.outlines().save(&stale, UnixMillis(sample::T0)).unwrap();
        let report = ProgressReport::build(&store, &sample::outlines(), UnixMillis(sample::NOW)).unwrap();
        let labs: Vec<&str> = report.labs().filter(|l| l.id == "level-0").map(|l| l.title.en.as_str()).collect();
        assert_eq!(labs, ["Level 0"], "listed once, with the titles of the file given");
    }

    #[test]
    fn levels_are_ordered_with_unlevelled_labs_last() {
        let report = sample::report();
        let levels: Vec<Option<u8>> = report.levels.iter().map(|l| l.level).collect();
        assert_eq!(levels, [Some(0), Some(2), None], "levels ascending, then the rest");
        let other = &report.levels[2].labs[0];
        assert_eq!((other.id.as_str(), other.title.en.as_str()), ("my-project", "my-project"), "a lab known only from the store is listed by id");
        assert_eq!(report.levels[0].tally(), Tally { passed: 0, total: 1 }, "level 0 has one exercise, untried");
    }

    #[test]
    fn time_running_comes_from_sessions() {
        let report = sample::report();
        let lab = report.labs().find(|l| l.id == "level-2").unwrap();
        assert_eq!(lab.time_running, Duration::from_secs(90 * 60), "up at T0, down 90 min later");
        let other = report.labs().find(|l| l.id == "my-project").unwrap();
        assert_eq!(other.time_running, Duration::from_secs(30 * 60), "still up: counted until now");
    }

    #[test]
    fn a_report_narrows_to_one_lab() {
        let one = sample::report().only_lab("level-0").unwrap();
        assert_eq!(one.labs().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["level-0"], "only that lab");
        assert_eq!(one.levels.len(), 1, "only its level");
        assert!(sample::report().only_lab("level-9").is_none(), "an unknown lab gives nothing");
    }

    #[test]
    fn the_report_names_this_nivel_and_the_time() {
        let report = sample::report();
        assert_eq!(report.nivel_version, env!("CARGO_PKG_VERSION"), "the building version");
        assert_eq!(report.generated_at, UnixMillis(sample::NOW), "the time passed in");
        assert_eq!(report.identity.name.as_deref(), Some("Ana <Pérez> & \"Co\""), "the identity from the store");
    }
}
