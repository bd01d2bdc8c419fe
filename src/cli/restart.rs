//! `nivel restart LAB [SERVICE]...` and `nivel compose restart`: stop services and start the
//! same containers again, waiting for them as `up` does.

use std::process::ExitCode;
use std::time::Duration;

use nivel::app::{Context, Observer, OpenedLab, RestartRequest};
use nivel::app::Reason;

use super::engine::{context, runtime};
use super::meters;
use super::up::{print_report, warn, WaitFlags};
use super::{lab_lock, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or just `2`), a folder holding a compose file, or a
    /// compose file.
    pub lab: String,
    #[command(flatten)]
    pub flags: RestartFlags,
}

/// The options `restart` shares with `nivel compose restart`.
#[derive(Debug, clap::Args)]
pub struct RestartFlags {
    /// Only these services; every service when left out.
    pub services: Vec<String>,
    /// Seconds to wait for each container to stop before killing it.
    #[arg(long, short = 't', value_name = "S")]
    pub stop_timeout: Option<u64>,
    #[command(flatten)]
    pub wait: WaitFlags,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let lab = nivel::app::open(&ctx, &args.lab)?;
    restart_opened(&ctx, &lab, "nivel restart", &args.flags)
}

/// Restarts services of an opened lab. Published ports stay where they are: the containers
/// keep their configuration.
pub fn restart_opened(ctx: &Context, lab: &OpenedLab, operation: &str, flags: &RestartFlags) -> Result<ExitCode, CliError> {
    let lang = ctx.lang();
    let request = RestartRequest {
        operation: operation.to_owned(),
        services: flags.services.clone(),
        stop_timeout: flags.stop_timeout.map(Duration::from_secs),
        no_wait: flags.wait.no_wait,
        timeout: Duration::from_secs(flags.wait.timeout),
    };
    let summary = {
        let sink = meters::sink(flags.wait.progress.mode());
        let busy = lab_lock::on_busy(flags.wait.no_wait, lang);
        let observer = Observer { events: sink.as_ref(), busy: &busy, warning: &|r: &Reason| warn(r, lang) };
        runtime()?.block_on(nivel::app::restart(ctx, lab, &request, &observer))?
    };
    if !flags.wait.progress.quiet() {
        print_report(&summary.services, flags.wait.progress.json(), lang)?;
    }
    Ok(ExitCode::SUCCESS)
}
