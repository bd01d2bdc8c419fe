//! `nivel up LAB`: bring a lab up and wait until every service is ready, showing progress
//! (live, plain lines or JSON lines), then print each service with the URLs of its ports.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use nivel::app::{BuildMode, Context, Credential, LinkView, Observer, OpenedLab, ServiceView, UpRequest, UpSummary};
use nivel::app::{Reason, Severity};
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::doctor::report::reasons;
use super::engine::context;
use super::lab_lock;
use super::meters;
use super::progress_flags::ProgressFlags;
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
    /// Seconds to wait for the whole lab to be ready (`--wait-timeout` as docker compose
    /// spells it).
    #[arg(long, visible_alias = "wait-timeout", value_name = "S", default_value_t = 300)]
    pub timeout: u64,
    #[command(flatten)]
    pub progress: ProgressFlags,
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
    /// Build every service that has `build:` again, even when its code did not change (without
    /// it, an image is built again only when its build context changed since).
    #[arg(long)]
    pub build: bool,
}

impl UpFlags {
    pub fn build_mode(&self) -> BuildMode {
        if self.build {
            BuildMode::Always
        } else {
            BuildMode::WhenChanged
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let lab = nivel::app::open(&ctx, &args.lab)?;
    up_opened(&ctx, &lab, "nivel up", &args.flags, true)
}

/// Starts an opened lab and prints the result, its links at the end; `operation` names it to
/// whoever waits for the lab's lock; `record` records the session in the student's progress.
pub fn up_opened(ctx: &Context, lab: &OpenedLab, operation: &str, flags: &UpFlags, record: bool) -> Result<ExitCode, CliError> {
    super::print_warnings(&lab.loaded.warnings);
    let request = UpRequest {
        operation: operation.to_owned(),
        port_offset: flags.port_offset,
        expose_lan: flags.expose_lan,
        force: flags.force,
        no_wait: flags.wait.no_wait,
        timeout: Duration::from_secs(flags.wait.timeout),
        record,
        build: flags.build_mode(),
    };
    let lang = ctx.lang();
    let summary = {
        let sink = meters::sink(flags.wait.progress.mode());
        let busy = lab_lock::on_busy(flags.wait.no_wait, lang);
        let observer = Observer { events: sink.as_ref(), busy: &busy, warning: &|r: &Reason| warn(r, lang) };
        super::interrupt::until_interrupted(nivel::app::up(ctx, lab, &request, &observer))?
        // The progress display finishes drawing before the summary is printed.
    };
    let Some(summary) = summary else {
        let (down, again) = match operation.strip_suffix(" up") {
            Some("nivel compose") => (format!("nivel compose -p {} down", lab.id), format!("nivel compose -p {} up", lab.id)),
            _ => (format!("nivel down {}", lab.id), format!("nivel up {}", lab.id)),
        };
        return Ok(super::interrupt::interrupted(operation, &down, &again, lang));
    };
    let summary = summary?;
    if !flags.wait.progress.quiet() {
        print_summary(&summary, &lab.credentials, flags.wait.progress.json(), lang)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A warning the moment it is known: a readiness finding as `nivel doctor` lists it; the
/// operation's own (the lab left unlocked, the progress store, edits kept on install) as a
/// `warning:` or `note:` line with its fix.
pub fn warn(reason: &Reason, lang: Lang) {
    if !OPERATION_WARNINGS.contains(&reason.code) {
        eprint!("{}", reasons(std::slice::from_ref(reason), lang));
        return;
    }
    let label = match reason.severity {
        Severity::Note => Text::new("nota:", "note:"),
        _ => Text::new("aviso:", "warning:"),
    };
    eprintln!("{} {}", label.get(lang), reason.message.get(lang));
    if let Some(remedy) = &reason.remedy {
        eprintln!("  {}: {}", super::remedy::fix_label().get(lang), remedy.get(lang));
    }
}

/// The warnings of an operation itself rather than of the machine's readiness.
const OPERATION_WARNINGS: [&str; 6] = ["lab.unlocked", "progress.not_recorded", "progress.not_saved", "progress.no_backup", "lab.edits_kept", "engine.ports_unreached"];

/// The services, then the lab's web UIs by their labels on the ports they ended up on, then
/// the logins they take.
pub fn print_summary(
    summary: &UpSummary,
    credentials: &[Credential],
    json: bool,
    lang: Lang,
) -> Result<(), CliError> {
    print_report(&summary.services, json, lang)?;
    print_links(&summary.links, json, lang)?;
    print_credentials(credentials, json, lang)
}

fn print_credentials(credentials: &[Credential], json: bool, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if json {
        for c in credentials {
            let line = serde_json::json!({"event": "credential", "id": c.id, "service": c.service, "label": c.label, "user": c.user, "secret": c.secret});
            writeln!(out, "{line}")?;
        }
    } else if !credentials.is_empty() {
        write!(out, "\n{}", super::creds::table(credentials, lang))?;
    }
    Ok(())
}

fn print_links(links: &[LinkView], json: bool, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    let resolved: Vec<(&LinkView, &str)> = links.iter().filter_map(|l| Some((l, l.url.as_deref()?))).collect();
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

/// Each service with its state and URLs: `service_ready` JSON lines with the English state
/// tokens, or a table whose state column is in `lang`.
pub fn print_report(services: &[ServiceView], json: bool, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if !json {
        write!(out, "{}", report_text(services, lang))?;
        return Ok(());
    }
    for s in services {
        let state = serde_json::to_value(s.phase()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let line = serde_json::json!({"event": "service_ready", "service": s.service, "state": state, "urls": urls(s)});
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The summary table as the student reads it.
fn report_text(services: &[ServiceView], lang: Lang) -> String {
    services
        .iter()
        .map(|s| format!("{:<20} {:<10} {}\n", s.service, meters::phase_word(s.phase()).get(lang), urls(s).join(" ").trim_end()))
        .collect()
}

/// A service's single published TCP ports as URLs.
fn urls(s: &ServiceView) -> Vec<String> {
    s.ports.iter().filter_map(|p| p.url.clone()).collect()
}

#[cfg(test)]
mod tests {
    use nivel::app::PortView;

    use super::*;

    fn report() -> Vec<ServiceView> {
        let port = |host: &str, protocol: &str, url: Option<&str>| PortView { host_ip: "0.0.0.0".into(), host_port: host.into(), target: 80, protocol: protocol.into(), url: url.map(Into::into) };
        let service = |name: &str, health: Option<&str>, ports| ServiceView { health: health.map(Into::into), ports, container_id: Some("1".into()), state: "running".into(), ..ServiceView::missing(name) };
        vec![
            service("web", Some("healthy"), vec![port("8080", "tcp", Some("http://127.0.0.1:8080")), port("5353", "udp", None)]),
            service("worker", None, vec![]),
        ]
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
