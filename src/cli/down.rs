//! `nivel down LAB`: stop and remove a lab's containers and networks (and, with
//! `--volumes`, its named volumes); only objects carrying the lab's labels.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use nivel::app::{Context, DownRequest, Observer, OpenedLab};
use nivel::events::ResourceKind;
use nivel::app::Reason;
use nivel::lab::Text;

use super::engine::{context, runtime};
use super::meters::{self, removed_line, ProgressMode};
use super::progress_flags::ProgressFlags;
use super::up::warn;
use super::{lab_lock, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or just `2`), a folder holding a compose file, or a
    /// compose file.
    pub lab: String,
    #[command(flatten)]
    pub flags: DownFlags,
}

/// The options `down` shares with `nivel compose down`.
#[derive(Debug, clap::Args)]
pub struct DownFlags {
    /// Also remove the lab's named volumes (its data).
    #[arg(long, short = 'v')]
    pub volumes: bool,
    /// Seconds to wait for each container to stop before killing it.
    #[arg(long, short = 't', value_name = "S")]
    pub timeout: Option<u64>,
    /// Do not wait for another operation on the lab: exit 1 if one is running.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub progress: ProgressFlags,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let lab = nivel::app::open(&ctx, &args.lab)?;
    down_opened(&ctx, &lab, "nivel down", &args.flags, true)
}

/// Takes an opened lab down and says what was removed; `record` records the session.
pub fn down_opened(ctx: &Context, lab: &OpenedLab, operation: &str, flags: &DownFlags, record: bool) -> Result<ExitCode, CliError> {
    let lang = ctx.lang();
    let request = DownRequest { operation: operation.to_owned(), volumes: flags.volumes, stop_timeout: flags.timeout.map(Duration::from_secs), record };
    let summary = {
        // A live display has nothing to draw for a down: its lines are plain ones.
        let mode = match flags.progress.mode() {
            ProgressMode::Auto => ProgressMode::Plain,
            mode => mode,
        };
        let sink = meters::sink(mode);
        let busy = lab_lock::on_busy(flags.no_wait, lang);
        let observer = Observer { events: sink.as_ref(), busy: &busy, warning: &|r: &Reason| warn(r, lang) };
        runtime()?.block_on(nivel::app::down(ctx, lab, &request, &observer))?
    };
    if flags.progress.json() {
        // The removals as events, in the shape of `resource_created`.
        let mut out = std::io::stdout().lock();
        let removed = summary.networks.iter().map(|n| ("network", n)).chain(summary.volumes.iter().map(|v| ("volume", v)));
        for (kind, name) in removed {
            writeln!(out, "{}", serde_json::json!({"event": "resource_removed", "kind": kind, "name": name}))?;
        }
    }
    let mut err = std::io::stderr().lock();
    if matches!(flags.progress.mode(), ProgressMode::Auto | ProgressMode::Plain) {
        for n in &summary.networks {
            writeln!(err, "{}", removed_line(ResourceKind::Network, n).get(lang))?;
        }
        for v in &summary.volumes {
            writeln!(err, "{}", removed_line(ResourceKind::Volume, v).get(lang))?;
        }
    }
    for n in &summary.networks_in_use {
        let kept = Text::new(
            format!("aviso: la red {n} sigue en uso por un contenedor que no es del laboratorio; se dejó"),
            format!("warning: network {n} is still used by a container that is not the lab's; it was left"),
        );
        writeln!(err, "{}", kept.get(lang))?;
    }
    Ok(ExitCode::SUCCESS)
}
