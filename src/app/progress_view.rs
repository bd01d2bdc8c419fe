//! Where the student stands: per lab, exercises passed out of the total and the time the lab
//! ran, with the identity reports carry. The same report the export writes, built from the
//! progress store and the built-in labs' exercises (so exercises not tried yet count too).

use serde::Serialize;

use crate::lab::Text;
use crate::progress::report::{LabOutline, ProgressReport};

use super::identity::Identity;
use super::{progress_store, Context, StudyError};

/// The student's progress, lab by lab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct ProgressView {
    /// Who the student is, when they said.
    pub identity: Option<Identity>,
    /// Course levels in order, then the labs without a level.
    pub labs: Vec<LabProgressView>,
}

/// One lab's standing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LabProgressView {
    pub lab: String,
    pub title: Text,
    pub passed: u32,
    pub total: u32,
    /// Time the lab ran, from its sessions.
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub time_ms: u64,
}

/// The progress of every lab.
pub fn progress(ctx: &Context) -> Result<ProgressView, StudyError> {
    Ok(ProgressView::of(&report(ctx, None)?))
}

/// The whole report, or only lab `name` (a built-in id, a level number, or the name a lab
/// was recorded under).
pub fn report(ctx: &Context, name: Option<&str>) -> Result<ProgressReport, StudyError> {
    let store = progress_store::open_to_read(ctx)?;
    let report = ProgressReport::build(&store, &outlines(ctx), progress_store::now(ctx)).map_err(|e| e.at(store.path()))?;
    let Some(name) = name else { return Ok(report) };
    let id = crate::lab::project_name(name);
    let known: Vec<String> = report.labs().map(|l| l.id.clone()).collect();
    report.only_lab(&id).ok_or_else(|| StudyError::UnknownLab { name: name.to_string(), known })
}

/// Every built-in lab with its exercises; one that cannot be read is still listed, without.
pub fn outlines(ctx: &Context) -> Vec<LabOutline> {
    crate::lab::catalog()
        .into_iter()
        .map(|b| match super::open_builtin(ctx, &b).ok().and_then(|lab| lab.spec) {
            Some(spec) => LabOutline::from(&spec),
            None => LabOutline {
                id: b.id.to_string(),
                level: Some(b.level),
                title: Text::new(format!("Nivel {}", b.level), format!("Level {}", b.level)),
                exercises: Vec::new(),
            },
        })
        .collect()
}

impl ProgressView {
    fn of(report: &ProgressReport) -> ProgressView {
        let identity = (!report.identity.is_empty()).then(|| Identity::from(&report.identity));
        let labs = report
            .labs()
            .map(|l| {
                let t = l.tally();
                LabProgressView {
                    lab: l.id.clone(),
                    title: l.title.clone(),
                    passed: u32::try_from(t.passed).unwrap_or(u32::MAX),
                    total: u32::try_from(t.total).unwrap_or(u32::MAX),
                    time_ms: u64::try_from(l.time_running.as_millis()).unwrap_or(u64::MAX),
                }
            })
            .collect();
        ProgressView { identity, labs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::EngineHost;
    use crate::i18n::Lang;

    #[test]
    fn every_built_in_lab_is_listed_with_its_exercises() {
        let dir = tempfile::tempdir().unwrap();
        let host = EngineHost::new("unix:///nowhere", "test");
        let ctx = Context::new(dir.path().to_path_buf(), host, Default::default(), dir.path().to_path_buf(), Lang::En);
        let outlines = outlines(&ctx);
        let ids: Vec<&str> = outlines.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["level-0", "level-1", "level-2", "level-3", "level-4"], "the five course levels");
        assert!(outlines.iter().all(|o| !o.exercises.is_empty()), "each level offers exercises: {outlines:?}");
        assert!(outlines.iter().all(|o| !o.title.es.is_empty() && !o.title.en.is_empty()), "titles in both languages");
        let view = progress(&ctx).unwrap();
        assert_eq!((&view.identity, view.labs.len()), (&None, 5), "nobody yet, every level listed");
        assert!(view.labs.iter().all(|l| l.passed == 0 && l.total > 0 && l.time_ms == 0), "nothing done yet: {view:?}");
    }
}
