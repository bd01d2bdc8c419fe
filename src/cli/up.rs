//! `nivel up LAB`: bring a lab up and wait until every service is ready, showing progress
//! (live, plain lines or JSON lines), then print each service with the URLs of its ports.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use nivel::compose::LoadedProject;
use nivel::docker::labels::Owner;
use nivel::docker::up::{self, ServiceReport, UpOptions, UpReport};
use nivel::docker::spec::{Published, SpecOptions};

use nivel::host::{readiness, LabTarget, Severity};
use nivel::i18n::Lang;
use nivel::lab::{LabSpec, Link};
use nivel::progress::Action;

use super::doctor::report::reasons;
use super::engine::{connect, runtime};
use super::meters::{self, ProgressMode};
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or just `2`), a folder holding a compose file, or a
    /// compose file.
    pub lab: String,
    #[command(flatten)]
    pub flags: UpFlags,
}

/// How a command that starts services waits and shows it (`up`, `restart`, `reset`).
#[derive(Debug, clap::Args)]
pub struct WaitFlags {
    /// Return once every container is started, without waiting for health; and do not wait
    /// for another operation on the lab: exit 1 if one is running.
    #[arg(long)]
    pub no_wait: bool,
    /// Seconds to wait for the whole lab to be ready.
    #[arg(long, value_name = "S", default_value_t = 300)]
    pub timeout: u64,
    /// How to show progress.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
}

/// The options `up` shares with `nivel compose up`.
#[derive(Debug, clap::Args)]
pub struct UpFlags {
    #[command(flatten)]
    pub wait: WaitFlags,
    /// Add N to every published host port.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port_offset: u16,
    /// Publish ports on every network interface, not only 127.0.0.1.
    #[arg(long)]
    pub expose_lan: bool,
    /// Start even when the readiness check says this machine cannot take the lab.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let lab = super::lab_arg::open_lab(&args.lab)?;
    let _lock = super::lab_lock::hold(&lab.loaded.project.name, "nivel up", args.flags.wait.no_wait)?;
    super::record::session(&lab.id, Action::Up, || up_loaded(&lab.loaded, &lab.id, &args.flags, lab.spec.as_ref()))
}

/// Brings a loaded project up and prints the result; `lab` is the lab id its objects are
/// labelled with, `spec` its lab file when it has one (its links are printed at the end).
/// The caller holds the lab's lock.
pub fn up_loaded(loaded: &LoadedProject, lab: &str, flags: &UpFlags, spec: Option<&LabSpec>) -> Result<ExitCode, CliError> {
    super::print_warnings(&loaded.warnings);
    let owner = owner(loaded, lab);
    let opts = UpOptions {
        spec: SpecOptions { port_offset: flags.port_offset, expose_lan: flags.expose_lan },
        no_wait: flags.wait.no_wait,
        timeout: Duration::from_secs(flags.wait.timeout),
        keep_containers: false,
    };
    let lang = Lang::from_env(&|k| std::env::var(k).ok());
    let rt = runtime()?;
    let engine = rt.block_on(connect())?;
    let requirements = spec.map(|s| s.requirements.clone()).unwrap_or_default();
    let target = LabTarget { lab, project: &loaded.project, spec: opts.spec };
    let ready = rt.block_on(readiness(Ok(&engine), &target, &requirements, SystemTime::now()));
    if !ready.verdict.is_ready() && !flags.force {
        let reasons = reasons(&ready.verdict.reasons, lang);
        let fix = match lang {
            Lang::Es => "corrija lo anterior, o use `--force` para arrancar de todos modos",
            Lang::En => "fix the above, or pass `--force` to start anyway",
        };
        return Err(CliError::NotReady(format!("{lab}: {}\n{reasons}  fix: {fix}", ready.verdict.level.label(lang))));
    }
    let warnings: Vec<_> = ready.verdict.reasons.iter().filter(|r| r.severity == Severity::Warning || !ready.verdict.is_ready()).cloned().collect();
    if !warnings.is_empty() {
        eprint!("{}", reasons(&warnings, lang));
    }
    let sink = meters::sink(flags.wait.progress);
    let report = rt.block_on(up::up(&engine, &loaded.project, &loaded.project_dir, &owner, &opts, sink.as_ref()))?;
    // The progress display finishes drawing before the summary is printed.
    drop(sink);
    let json = flags.wait.progress == ProgressMode::Json;
    print_report(&report, json, lang)?;
    if let Some(spec) = spec {
        print_links(&report, &spec.links, json)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The lab's web UIs by their labels, on the host ports they ended up published on.
fn print_links(report: &UpReport, links: &[Link], json: bool) -> Result<(), CliError> {
    let lang = Lang::from_env(&|k| std::env::var(k).ok());
    let mut out = std::io::stdout().lock();
    let resolved: Vec<(&Link, String)> = links
        .iter()
        .filter_map(|link| {
            let service = report.services.iter().find(|s| s.service == link.service)?;
            let port = service.ports.iter().find(|p| p.target == u32::from(link.port) && p.protocol == "tcp" && !p.host_port.is_empty())?;
            Some((link, format!("{}{}", url(port), link.path)))
        })
        .collect();
    if resolved.is_empty() {
        return Ok(());
    }
    if !json {
        writeln!(out)?;
    }
    let width = resolved.iter().map(|(l, _)| l.label.get(lang).chars().count()).max().unwrap_or(0);
    for (link, url) in &resolved {
        if json {
            let line = serde_json::json!({"event": "link", "service": link.service, "label": link.label, "url": url});
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{:<width$}  {url}", link.label.get(lang))?;
        }
    }
    Ok(())
}

/// The owner labels of lab `lab`; a plain compose project passes its own name.
pub fn owner(loaded: &LoadedProject, lab: &str) -> Owner {
    Owner {
        project: loaded.project.name.clone(),
        lab: lab.to_owned(),
        working_dir: loaded.project_dir.display().to_string(),
        config_files: loaded.files.iter().map(|f| f.display().to_string()).collect(),
    }
}

/// Each service with its state and URLs: `service_ready` JSON lines with the English state
/// tokens, or a table whose state column is in `lang`.
pub fn print_report(report: &UpReport, json: bool, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if !json {
        write!(out, "{}", report_text(report, lang))?;
        return Ok(());
    }
    for s in &report.services {
        let state = serde_json::to_value(s.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let line = serde_json::json!({"event": "service_ready", "service": s.service, "state": state, "urls": urls(s)});
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The summary table as the student reads it.
fn report_text(report: &UpReport, lang: Lang) -> String {
    report
        .services
        .iter()
        .map(|s| format!("{:<20} {:<10} {}\n", s.service, meters::phase_word(s.state, lang), urls(s).join(" ").trim_end()))
        .collect()
}

/// A service's single published TCP ports as URLs.
fn urls(s: &ServiceReport) -> Vec<String> {
    s.ports
        .iter()
        .filter(|p| p.protocol == "tcp" && !p.host_port.is_empty() && !p.host_port.contains('-'))
        .map(url)
        .collect()
}

/// `http://HOST:PORT` for a published port; one bound on every address is reached on 127.0.0.1.
fn url(p: &Published) -> String {
    let host = if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" { "127.0.0.1" } else { &p.host_ip };
    format!("http://{host}:{}", p.host_port)
}

#[cfg(test)]
mod tests {
    use nivel::docker::spec::Published;
    use nivel::events::ServicePhase;

    use super::*;

    fn report() -> UpReport {
        let port = |ip: &str, host: &str, protocol: &str| Published { host_ip: ip.into(), host_port: host.into(), target: 80, protocol: protocol.into() };
        UpReport {
            services: vec![
                ServiceReport { service: "web".into(), state: ServicePhase::Healthy, container_id: "1".into(), ports: vec![port("0.0.0.0", "8080", "tcp"), port("0.0.0.0", "5353", "udp")] },
                ServiceReport { service: "worker".into(), state: ServicePhase::Running, container_id: "2".into(), ports: vec![] },
            ],
        }
    }

    #[test]
    fn the_summary_state_column_speaks_the_language() {
        assert_eq!(
            report_text(&report(), Lang::En),
            "web                  healthy    http://127.0.0.1:8080\nworker               running    \n",
            "English as the JSON tokens, only TCP ports as URLs"
        );
        assert_eq!(
            report_text(&report(), Lang::Es),
            "web                  sano       http://127.0.0.1:8080\nworker               en marcha  \n",
            "Spanish states in the same columns"
        );
    }
}
