//! `nivel restart LAB [SERVICE]...` and `nivel compose restart`: stop services and start the
//! same containers again, waiting for them as `up` does.

use std::process::ExitCode;
use std::time::Duration;

use nivel::compose::LoadedProject;
use nivel::docker::restart::{self, RestartOptions};
use nivel::docker::up::UpOptions;
use nivel::docker::spec::SpecOptions;
use nivel::i18n::Lang;

use super::engine::{connect, runtime};
use super::meters::{self, ProgressMode};
use super::up::{owner, print_report, WaitFlags};
use super::{refuse, CliError};

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
    let lab = super::lab_arg::open_lab(&args.lab)?;
    let _lock = super::lab_lock::hold(&lab.loaded.project.name, "nivel restart", args.flags.wait.no_wait)?;
    restart_loaded(&lab.loaded, &lab.id, &args.flags)
}

/// Restarts services of a loaded project; `lab` is the lab id its objects are labelled with.
/// Published ports stay where they are: the containers keep their configuration. The caller
/// holds the lab's lock.
pub fn restart_loaded(loaded: &LoadedProject, lab: &str, flags: &RestartFlags) -> Result<ExitCode, CliError> {
    if let Some(unknown) = flags.services.iter().find(|s| !loaded.project.services.contains_key(*s)) {
        let known: Vec<&str> = loaded.project.services.keys().map(String::as_str).collect();
        let suggestion = nivel::compose::did_you_mean(unknown, known.iter().copied());
        let lang = Lang::from_env(&|k| std::env::var(k).ok());
        let message = match (lang, suggestion) {
            (Lang::Es, Some(s)) => format!("el laboratorio no tiene el servicio `{unknown}`\n  solución: ¿quiso decir `{s}`?"),
            (Lang::Es, None) => format!("el laboratorio no tiene el servicio `{unknown}`\n  solución: sus servicios son: {}", known.join(", ")),
            (Lang::En, Some(s)) => format!("the lab has no service `{unknown}`\n  fix: did you mean `{s}`?"),
            (Lang::En, None) => format!("the lab has no service `{unknown}`\n  fix: its services are: {}", known.join(", ")),
        };
        return refuse(&message, 2);
    }
    let opts = RestartOptions {
        services: flags.services.clone(),
        stop_timeout: flags.stop_timeout.map(Duration::from_secs),
        up: UpOptions {
            spec: SpecOptions::default(),
            no_wait: flags.wait.no_wait,
            timeout: Duration::from_secs(flags.wait.timeout),
            keep_containers: true,
        },
    };
    let sink = meters::sink(flags.wait.progress);
    let report = runtime()?.block_on(async {
        let engine = connect().await?;
        restart::restart(&engine, &loaded.project, &loaded.project_dir, &owner(loaded, lab), &opts, sink.as_ref()).await
    })?;
    drop(sink);
    print_report(&report, flags.wait.progress == ProgressMode::Json, Lang::from_env(&|k| std::env::var(k).ok()))?;
    Ok(ExitCode::SUCCESS)
}
