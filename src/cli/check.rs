//! `nivel check LAB [EXERCISE]`: "Check my work". Runs the lab's exercise checks against the
//! running stack through the application layer, which records every run, and prints for each
//! exercise whether it passed and, when not, what each check saw next to what it expected,
//! with the hint.

mod render;

use std::io::Write;
use std::process::ExitCode;

use nivel::app::{CheckError, LifecycleError, Observer};
use nivel::events::Discard;
use nivel::app::Reason;

use super::json_flag::JsonFlag;
use super::engine::runtime;
use super::progress_store::DataDirArg;
use super::study::StudyError;
use super::up::warn;
use super::{lab_lock, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or just `2`) or a folder holding a lab.toml.
    pub lab: String,
    /// Only this exercise; every exercise of the lab when left out.
    pub exercise: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
    /// Do not wait for another operation on the lab: exit 1 if one is running.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub data: DataDirArg,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = args.data.context().map_err(StudyError::from)?;
    let lang = ctx.lang();
    let lab = nivel::app::open(&ctx, &args.lab)?;
    let asked: Vec<String> = args.exercise.into_iter().collect();
    let busy = lab_lock::on_busy(args.no_wait, lang);
    let observer = Observer { events: &Discard, busy: &busy, warning: &|r: &Reason| warn(r, lang) };
    let checked = runtime()?.block_on(nivel::app::check(&ctx, &lab, &asked, "nivel check", &observer));
    let run = match checked {
        Ok(run) => run,
        Err(CheckError::Lab(LifecycleError::Busy(busy))) => return Err(CliError::Busy(busy)),
        Err(e) => return Err(StudyError::from(e).into()),
    };
    let spec = lab.spec.as_ref();
    let out = match spec {
        Some(_) if args.output.json() => render::json(&run),
        Some(spec) => render::text(spec, &run, lang),
        None => String::new(),
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(if run.passed == run.total { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
