//! `nivel down LAB`: stop and remove a lab's containers and networks (and, with
//! `--volumes`, its named volumes); only objects carrying the lab's labels.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use nivel::compose::LoadedProject;
use nivel::docker::down::{self, DownOptions};
use nivel::events::ResourceKind;
use nivel::i18n::Lang;
use nivel::lab::Text;
use nivel::progress::Action;

use super::engine::{connect, runtime};
use super::meters::{self, removed_line, ProgressMode};
use super::up::owner;
use super::CliError;

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
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let lab = super::lab_arg::open_lab(&args.lab)?;
    let _lock = super::lab_lock::hold(&lab.loaded.project.name, "nivel down", args.flags.no_wait)?;
    super::record::session(&lab.id, Action::Down, || down_loaded(&lab.loaded, &lab.id, &args.flags))
}

/// Takes `lab` down; `lab` is the lab id its objects are labelled with. The caller holds the
/// lab's lock.
pub fn down_loaded(loaded: &LoadedProject, lab: &str, flags: &DownFlags) -> Result<ExitCode, CliError> {
    let owner = owner(loaded, lab);
    let opts = DownOptions { volumes: flags.volumes, timeout: flags.timeout.map(Duration::from_secs) };
    let sink = meters::sink(ProgressMode::Plain);
    let report = runtime()?.block_on(async {
        let engine = connect().await?;
        Ok::<_, nivel::docker::LabError>(down::down(&engine, Some(&loaded.project), &owner, &opts, sink.as_ref()).await?)
    })?;
    drop(sink);
    let lang = Lang::from_env(&|k| std::env::var(k).ok());
    let mut err = std::io::stderr().lock();
    for n in &report.networks {
        writeln!(err, "{}", removed_line(ResourceKind::Network, n, lang))?;
    }
    for v in &report.volumes {
        writeln!(err, "{}", removed_line(ResourceKind::Volume, v, lang))?;
    }
    for n in &report.networks_in_use {
        let kept = Text::new(
            format!("aviso: la red {n} sigue en uso por un contenedor que no es del laboratorio; se dejó"),
            format!("warning: network {n} is still used by a container that is not the lab's; it was left"),
        );
        writeln!(err, "{}", kept.get(lang))?;
    }
    Ok(ExitCode::SUCCESS)
}
