//! `nivel progress`: where the student stands, level by level: exercises passed out of the
//! total, when each first passed, attempts, and the time each lab ran; `export` writes the
//! report an instructor keeps; `restore` brings back a daily backup.

mod error;
mod export;
mod restore;
mod text;

use std::io::Write;
use std::process::ExitCode;

use nivel::app::progress_store::report::to_json;

use super::json_flag::JsonFlag;
use super::progress_store::DataDirArg;
use super::CliError;

pub use error::StudyError;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Subcommand>,
    /// Only this lab: a built-in id (`level-2`, or `2`) or the name a lab was recorded under.
    lab: Option<String>,
    #[command(flatten)]
    output: JsonFlag,
    #[command(flatten)]
    data: DataDirArg,
}

#[derive(Debug, clap::Subcommand)]
enum Subcommand {
    /// Write the progress report to a file: HTML (one self-contained page), Markdown or JSON.
    Export(export::Args),
    /// Bring back a daily backup of your progress (`--list` shows them); the replaced one is kept.
    ///
    /// The first command that writes to your progress each day first copies it to
    /// backups/progress-YYYY-MM-DD.sqlite3 in the data folder (UTC day); the last 7 days are
    /// kept. A restore checks the backup first, asks before replacing your progress (or takes
    /// --yes), keeps the store it replaces as backups/replaced-<time>-<pid>.sqlite3, and works
    /// when the current store is damaged.
    Restore(restore::Args),
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        Some(Subcommand::Export(export)) => return export::run(export),
        Some(Subcommand::Restore(restore)) => return restore::run(restore),
        None => {}
    }
    let ctx = args.data.context().map_err(StudyError::from)?;
    let report = nivel::app::progress_view::report(&ctx, args.lab.as_deref()).map_err(StudyError::from)?;
    let lang = ctx.lang();
    let out = if args.output.json() { to_json(&report) } else { text::render(&report, lang) };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
