//! "Check my work": choose a lab's exercises, run their checks against the running lab, and
//! record every run in the progress store. What is recorded is decided here
//! (`observation`), whoever renders the results. The store is opened before anything
//! runs, so a store that cannot be written costs no check run; a run that could not be
//! recorded is still returned, with a warning.

use serde::Serialize;

use crate::checks::{run_exercise, BasicAuth, Check, CheckKind, LabTarget, TargetError};
use crate::host::Reason;
use crate::lab::{Exercise, LabSpec};
use crate::progress::report::LabOutline;
use crate::progress::{NewCheckRun, Store, UnixMillis};

use super::exercises::{from_parts, side_by_side, view, CheckView, ExerciseView};
use super::observation::Observation;
use super::session::warning;
use super::{progress_store, CheckError, Context, Credential, Observer, OpenedLab};

/// What each check of an exercise found ([`Ran::result`]).
pub use crate::checks::runner::{CheckOutcome, ExerciseResult};

/// The results of one "Check my work".
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct CheckRun {
    pub lab: String,
    /// Each exercise checked, as it stands after this run.
    pub results: Vec<ExerciseView>,
    pub passed: u32,
    pub total: u32,
    /// What went wrong around the run without stopping it (a result not saved, no backup).
    pub warnings: Vec<Reason>,
    /// Each exercise's raw results, in the same order, for front ends that show every check.
    #[serde(skip)]
    #[cfg_attr(feature = "bindings", ts(skip))]
    pub runs: Vec<Ran>,
}

/// One exercise's raw results.
#[derive(Clone, Debug)]
pub struct Ran {
    pub result: ExerciseResult,
    /// Recorded in the progress store.
    pub saved: bool,
}

/// Opens lab `name` and checks the exercises `asked` for (every one when empty).
pub async fn lab_check(ctx: &Context, name: &str, asked: &[String], observer: &Observer<'_>) -> Result<CheckRun, CheckError> {
    let lab = super::open(ctx, name)?;
    check(ctx, &lab, asked, "app: check", observer).await
}

/// Checks the exercises `asked` for (every one when empty) under the lab's lock, held for
/// `operation` (`nivel check`): checks look at containers another operation may be
/// replacing. Every refusal that needs no engine comes first, then the store is opened.
pub async fn check(ctx: &Context, lab: &OpenedLab, asked: &[String], operation: &str, observer: &Observer<'_>) -> Result<CheckRun, CheckError> {
    let Some(spec) = &lab.spec else { return Err(CheckError::NoLabFile { lab: lab.id.clone() }) };
    let exercises = chosen(spec, asked)?;
    let (store, backup) = progress_store::open_to_write(ctx)?;
    let mut warnings: Vec<Reason> = backup.into_iter().collect();
    warnings.iter().for_each(|w| (observer.warning)(w));
    let (_lock, held) = super::lock::hold(ctx, lab, operation, observer).await?;
    // The lock told the observer itself.
    warnings.extend(held);
    let now = ctx.now();
    let engine = super::engine::connect(ctx).await.map_err(CheckError::Engine)?;
    // Asked for by the student: an ssh forward that failed a moment ago is tried again.
    crate::docker::forward::try_again(&engine, lab.project());
    let target = match LabTarget::connect(&engine, lab.project(), &lab.id, now).await {
        Ok(target) => target,
        Err(TargetError::Engine(e)) => return Err(CheckError::Engine(e)),
        Err(TargetError::NotRunning { .. }) => return Err(CheckError::NotRunning { lab: lab.id.clone() }),
    };
    warnings.extend(super::up::unreached(&target.notes, observer));
    let filled: Vec<Vec<Check>> = exercises.iter().map(|e| e.checks.iter().map(|c| with_credentials(c, &lab.credentials)).collect()).collect();
    let results = futures_util::future::join_all(filled.iter().map(|checks| run_exercise(&target, checks, now))).await;
    let mut views = Vec::with_capacity(results.len());
    let mut runs = Vec::with_capacity(results.len());
    if let Err(e) = keep_titles(&store, lab, spec, now) {
        let w = warning("progress.titles_not_saved", "los títulos del laboratorio no se guardaron en su progreso", "the lab's titles are not saved in your progress", &e.at(store.path()));
        (observer.warning)(&w);
        warnings.push(w);
    }
    for (exercise, result) in exercises.iter().zip(results) {
        let (view, warning) = record(&store, &lab.id, exercise, &result);
        runs.push(Ran { result, saved: warning.is_none() });
        if let Some(w) = warning {
            (observer.warning)(&w);
            warnings.push(w);
        }
        views.push(view);
    }
    let passed = runs.iter().filter(|r| r.result.passed).count();
    Ok(CheckRun {
        lab: lab.id.clone(),
        passed: u32::try_from(passed).unwrap_or(u32::MAX),
        total: u32::try_from(runs.len()).unwrap_or(u32::MAX),
        results: views,
        warnings,
        runs,
    })
}

/// `check` with the lab's credentials in place: `basic_auth = { credential }` becomes that
/// credential's user and secret, and `${credential:ID}` in a header its secret. A credential
/// the lab does not have is left for the runner, which fails the check and says so.
pub fn with_credentials(check: &Check, credentials: &[Credential]) -> Check {
    let CheckKind::Http(http) = &check.kind else {
        return check.clone();
    };
    let mut http = http.clone();
    let secret = |id: &str| {
        credentials
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.secret.clone())
    };
    if let Some(BasicAuth::Credential(id)) = &http.basic_auth {
        if let Some(c) = credentials.iter().find(|c| &c.id == id) {
            http.basic_auth = Some(BasicAuth::Given {
                user: c.user.clone().unwrap_or_default(),
                password: c.secret.clone(),
            });
        }
    }
    for (_, value) in &mut http.headers {
        *value = crate::lab::fill_credentials(value, &secret);
    }
    Check {
        kind: CheckKind::Http(http),
        ..check.clone()
    }
}

/// The exercises asked for by id, in the order asked; every one of the lab when none is.
pub fn chosen<'a>(spec: &'a LabSpec, asked: &[String]) -> Result<Vec<&'a Exercise>, CheckError> {
    if asked.is_empty() {
        if spec.exercises.is_empty() {
            return Err(CheckError::NoExercises { lab: spec.id.clone() });
        }
        return Ok(spec.exercises.iter().collect());
    }
    asked
        .iter()
        .map(|id| {
            spec.exercise(id).ok_or_else(|| {
                let known: Vec<String> = spec.exercises.iter().map(|e| e.id.clone()).collect();
                let suggestion = crate::compose::did_you_mean(id, known.iter().map(String::as_str)).map(str::to_string);
                CheckError::UnknownExercise { lab: spec.id.clone(), asked: id.clone(), suggestion, known }
            })
        })
        .collect()
}

/// Keeps the lab's titles as this check saw them, so a report made after the lab's folder is
/// gone (an instructor's own lab) still names its exercises.
fn keep_titles(store: &Store, lab: &OpenedLab, spec: &LabSpec, now: std::time::SystemTime) -> Result<(), crate::progress::StoreError> {
    let outline = LabOutline { id: lab.id.clone(), ..LabOutline::from(spec) };
    store.outlines().save(&outline, UnixMillis::from_system_time(now))
}

/// Records one exercise's run and returns the exercise as it now stands; when the store could
/// not be written, the exercise as this run alone shows it, and a warning.
fn record(store: &Store, lab: &str, exercise: &Exercise, result: &ExerciseResult) -> (ExerciseView, Option<Reason>) {
    let observation = Observation::of(result);
    let at = UnixMillis::from_system_time(result.at);
    let run = NewCheckRun { lab, exercise: &exercise.id, passed: result.passed, observed: &observation.to_stored(), duration: result.duration, at };
    let recorded = store.check_runs().record(&run).and_then(|_| view(store, lab, exercise));
    match recorded {
        Ok(view) => (view, None),
        Err(e) => {
            let mut view = from_parts(exercise, None, &[]);
            let (expected, observed) = side_by_side(&observation, result.passed);
            view.last = Some(CheckView { passed: result.passed, expected, observed, at_ms: at.0 });
            let warning = warning("progress.not_saved", "este resultado no se guardó en su progreso", "this result is not saved in your progress", &e.at(store.path()));
            (view, Some(warning))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::checks::HttpCheck;
    use crate::lab::Text;

    fn http(auth: Option<BasicAuth>, headers: &[(&str, &str)]) -> Check {
        let kind = CheckKind::Http(HttpCheck {
            service: "web".into(),
            port: 80,
            method: "GET".into(),
            path: "/".into(),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: None,
            basic_auth: auth,
            expect_status: 200,
            expect_json: None,
            expect_body: None,
        });
        Check {
            kind,
            timeout: Duration::from_secs(1),
            message: None,
        }
    }

    fn filled(check: &Check) -> HttpCheck {
        let creds = [Credential {
            id: "web".into(),
            service: "web".into(),
            label: Text::new("Web", "Web"),
            user: Some("admin".into()),
            secret: "s3cr3t".into(),
        }];
        let CheckKind::Http(h) = with_credentials(check, &creds).kind else {
            panic!("still an http check")
        };
        h
    }

    #[test]
    fn a_check_gets_the_credentials_user_and_secret() {
        let h = filled(&http(
            Some(BasicAuth::Credential("web".into())),
            &[("X-Token", "token ${credential:web}")],
        ));
        assert_eq!(
            h.basic_auth,
            Some(BasicAuth::Given {
                user: "admin".into(),
                password: "s3cr3t".into()
            }),
            "basic auth as the credential's user and secret"
        );
        assert_eq!(
            h.headers,
            [("X-Token".to_owned(), "token s3cr3t".to_owned())],
            "a header's reference filled in"
        );
        let h = filled(&http(Some(BasicAuth::Credential("db".into())), &[]));
        assert_eq!(
            h.basic_auth,
            Some(BasicAuth::Credential("db".into())),
            "one the lab lacks is left for the runner to refuse"
        );
        let given = BasicAuth::Given {
            user: "u".into(),
            password: "p".into(),
        };
        assert_eq!(
            filled(&http(Some(given.clone()), &[])).basic_auth,
            Some(given),
            "a written login is kept as it is"
        );
    }
}
