//! `nivel up LAB`: bring a lab up and wait until every service is ready, rendering progress
//! as plain lines or JSON lines, then print each service with the URLs of its ports.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;

use nivel::compose::LoadedProject;
use nivel::docker::labels::Owner;
use nivel::docker::run::{self, UpOptions, UpReport};
use nivel::docker::spec::SpecOptions;
use nivel::docker::{config_dir, resolve_host, Engine, LabError};
use nivel::events::{Event, EventSink};

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a folder holding a compose file, or a compose file.
    pub lab: String,
    #[command(flatten)]
    pub flags: UpFlags,
}

/// The options `up` shares with `nivel compose up`.
#[derive(Debug, clap::Args)]
pub struct UpFlags {
    /// Return once every container is started, without waiting for health.
    #[arg(long)]
    pub no_wait: bool,
    /// Seconds to wait for the whole lab to be ready.
    #[arg(long, value_name = "S", default_value_t = 300)]
    pub timeout: u64,
    /// How to show progress.
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
    /// Add N to every published host port.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port_offset: u16,
    /// Publish ports on every network interface, not only 127.0.0.1.
    #[arg(long)]
    pub expose_lan: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    Auto,
    Plain,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let loaded = super::down::load_lab(&args.lab)?;
    up_loaded(&loaded, &args.flags)
}

/// Brings a loaded project up and prints the result.
pub fn up_loaded(loaded: &LoadedProject, flags: &UpFlags) -> Result<ExitCode, CliError> {
    super::print_warnings(&loaded.warnings);
    let owner = owner(loaded);
    let opts = UpOptions {
        spec: SpecOptions { port_offset: flags.port_offset, expose_lan: flags.expose_lan },
        no_wait: flags.no_wait,
        timeout: Duration::from_secs(flags.timeout),
    };
    let sink = Render { json: flags.progress == Progress::Json };
    let report = runtime()?.block_on(async {
        let engine = connect().await?;
        run::up(&engine, &loaded.project, &loaded.project_dir, &owner, &opts, &sink).await
    })?;
    print_report(&report, flags.progress == Progress::Json)?;
    Ok(ExitCode::SUCCESS)
}

/// The lab's owner labels; a plain compose project is its own lab.
pub fn owner(loaded: &LoadedProject) -> Owner {
    Owner {
        project: loaded.project.name.clone(),
        lab: loaded.project.name.clone(),
        working_dir: loaded.project_dir.display().to_string(),
        config_files: loaded.files.iter().map(|f| f.display().to_string()).collect(),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?)
}

pub async fn connect() -> Result<Engine, LabError> {
    let env = |k: &str| std::env::var(k).ok();
    Ok(Engine::connect(resolve_host(&env, config_dir(&env).as_deref())).await?)
}

/// Prints events as they come: `service  state  detail` lines on stderr, or JSON lines on
/// stdout for other programs.
pub struct Render {
    pub json: bool,
}

impl EventSink for Render {
    fn emit(&self, event: Event) {
        if self.json {
            if let Ok(line) = serde_json::to_string(&event) {
                let _ = writeln!(std::io::stdout().lock(), "{line}");
            }
            return;
        }
        let line = match event {
            Event::ServiceState { service, state, detail } => {
                let state = serde_json::to_value(state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                format!("{service:<20} {state:<10} {}", detail.unwrap_or_default())
            }
            Event::ResourceCreated { kind, name } => format!("{:<20} created    {name}", format!("{kind:?}").to_lowercase()),
            Event::ImageReady { service, image } => format!("{service:<20} image      {image}"),
            _ => return,
        };
        let _ = writeln!(std::io::stderr().lock(), "{}", line.trim_end());
    }
}

fn print_report(report: &UpReport, json: bool) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    for s in &report.services {
        let state = serde_json::to_value(s.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let urls: Vec<String> = s
            .ports
            .iter()
            .filter(|p| p.protocol == "tcp" && !p.host_port.is_empty() && !p.host_port.contains('-'))
            .map(|p| {
                let host = if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" { "127.0.0.1" } else { &p.host_ip };
                format!("http://{host}:{}", p.host_port)
            })
            .collect();
        if json {
            let line = serde_json::json!({"event": "service_ready", "service": s.service, "state": state, "urls": urls});
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{:<20} {:<10} {}", s.service, state, urls.join(" ").trim_end())?;
        }
    }
    Ok(())
}
