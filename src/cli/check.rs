//! `nivel check LAB [EXERCISE]`: "Check my work". Runs the lab's exercise checks against the
//! running stack, records every run in the progress store, and prints for each exercise
//! whether it passed and, when not, what each check saw next to what it expected, with the
//! hint.

mod render;

use std::process::ExitCode;
use std::time::SystemTime;

use nivel::checks::runner::{run_exercise, ExerciseResult, LabTarget, TargetError};
use nivel::i18n::Lang;
use nivel::lab::{Exercise, LabSpec};
use nivel::progress::{NewCheckRun, Store, UnixMillis};

use super::engine::{connect, runtime};
use super::lab_arg::open_lab;
use super::progress_store::DataDirArg;
use super::{refuse, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or just `2`) or a folder holding a lab.toml.
    pub lab: String,
    /// Only this exercise; every exercise of the lab when left out.
    pub exercise: Option<String>,
    /// Print the results as one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Do not wait for another operation on the lab: exit 1 if one is running.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub data: DataDirArg,
}

/// One exercise's run, with how often the student has tried it.
pub struct Checked<'a> {
    pub exercise: &'a Exercise,
    pub result: ExerciseResult,
    pub attempts: Option<u32>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let lang = Lang::from_env(&|k| std::env::var(k).ok());
    let lab = open_lab(&args.lab)?;
    let Some(spec) = &lab.spec else {
        return refuse(
            &format!(
                "lab `{}` has no exercises to check: it has no lab.toml\n  fix: add a lab.toml with [[exercise]] tables next to its compose file (see docs/labs.md)",
                lab.id
            ),
            2,
        );
    };
    let exercises = match chosen(spec, args.exercise.as_deref()) {
        Ok(list) => list,
        Err(message) => return refuse(&message, 2),
    };
    // The store is opened first: a store this Nivel cannot write must not cost a check run.
    let store = args.data.open_to_write(super::progress_store::now()).map_err(super::study::StudyError::from)?;
    // Checks look at containers another operation may be replacing: one at a time.
    let _lock = super::lab_lock::hold(&lab.loaded.project.name, "nivel check", args.no_wait)?;
    let now = SystemTime::now();
    let rt = runtime()?;
    let results = rt.block_on(async {
        let engine = connect().await?;
        let target = match LabTarget::connect(&engine, &lab.loaded.project.name, &lab.id, now).await {
            Ok(target) => target,
            Err(TargetError::Engine(e)) => return Err(CliError::Engine(e)),
            Err(e @ TargetError::NotRunning { .. }) => return Ok(Err(super::remedy::render(&e, lang))),
        };
        let runs = exercises.iter().map(|e| run_exercise(&target, &e.checks, now));
        Ok(Ok(futures_util::future::join_all(runs).await))
    })?;
    let results = match results {
        Ok(results) => results,
        Err(message) => return refuse(&message, 2),
    };
    let checked: Vec<Checked<'_>> = exercises
        .into_iter()
        .zip(results)
        .map(|(exercise, result)| {
            let attempts = record(&store, &lab.id, exercise, &result);
            Checked { exercise, result, attempts }
        })
        .collect();
    let out = if args.json { render::json(&lab.id, &checked) } else { render::text(spec, &checked, lang) };
    std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())?;
    let all_passed = checked.iter().all(|c| c.result.passed);
    Ok(if all_passed { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The exercises asked for: one by id, or all of them.
fn chosen<'a>(spec: &'a LabSpec, id: Option<&str>) -> Result<Vec<&'a Exercise>, String> {
    let Some(id) = id else {
        if spec.exercises.is_empty() {
            return Err(format!("lab `{}` has no exercises\n  fix: add [[exercise]] tables to its lab.toml (see docs/labs.md)", spec.id));
        }
        return Ok(spec.exercises.iter().collect());
    };
    if let Some(e) = spec.exercise(id) {
        return Ok(vec![e]);
    }
    let ids: Vec<&str> = spec.exercises.iter().map(|e| e.id.as_str()).collect();
    let fix = match nivel::compose::did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("its exercises are: {}", ids.join(", ")),
    };
    Err(format!("lab `{}` has no exercise `{id}`\n  fix: {fix}", spec.id))
}

/// Records one exercise's run; returns the attempts so far, or `None` (with a warning)
/// when the store could not be written.
fn record(store: &Store, lab: &str, exercise: &Exercise, result: &ExerciseResult) -> Option<u32> {
    let observed = render::observed(result);
    let run = NewCheckRun {
        lab,
        exercise: &exercise.id,
        passed: result.passed,
        observed: &observed,
        duration: result.duration,
        at: UnixMillis::from_system_time(result.at),
    };
    let recorded = store.check_runs().record(&run).and_then(|_| store.exercises().get(lab, &exercise.id));
    match recorded {
        Ok(record) => record.map(|r| r.attempts),
        Err(e) => {
            eprintln!("warning: this result is not saved in your progress: {}", e.at(store.path()));
            None
        }
    }
}

