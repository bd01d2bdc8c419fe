//! `nivel status`: what is running on the engine, lab by lab: a table per lab for people, or
//! one JSON document for programs.
//!
//! The JSON document (`--json`) is `{"labs": [LAB…]}`, where each LAB is
//! `{project, lab, working_dir, services: [SERVICE…]}` and each SERVICE is
//! `{service, number, container, id, state, health, exit_code, restarts, ports: [PORT…], image,
//! uptime_seconds}`; `state` is one of created, running, paused, restarting, stopping,
//! removing, exited, dead, unknown; `health` one of none, starting, healthy, unhealthy; each
//! PORT is `{host_ip, host_port, container_port, protocol, url}` (`url` is null for non-TCP
//! ports); absent values are `null`.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde::Serialize;

use nivel::app::{LabStatus, ServiceStatus};
use nivel::Text;

use super::json_flag::JsonFlag;
use super::engine::{context, runtime};
use super::table;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this lab: a built-in id (`level-2`, or `2`) or a compose project name; all labs when left out.
    pub lab: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
}

#[derive(Serialize)]
struct Document<'a> {
    labs: &'a [LabStatus],
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    show(args.lab.as_deref(), args.output.json())
}

/// Prints the status of lab `lab` (a built-in id or level, or a compose project name), or of
/// every lab on the engine.
pub fn show(lab: Option<&str>, json: bool) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let labs = runtime()?.block_on(nivel::app::status(&ctx, lab))?;
    let lab = lab.map(nivel::lab::project_name);
    let lab = lab.as_deref();
    let text = if json {
        let mut json = serde_json::to_string_pretty(&Document { labs: &labs }).map_err(std::io::Error::from)?;
        json.push('\n');
        json
    } else if labs.is_empty() {
        let line = match lab {
            Some(lab) => super::logs::no_containers(lab),
            None => Text::new(
                "No hay laboratorios en el motor. Arranque uno con `nivel up LAB`.",
                "No labs on the engine. Start one with `nivel up LAB`.",
            ),
        };
        format!("{}\n", line.get(ctx.lang()))
    } else {
        tables(&labs)
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    for note in labs.iter().flat_map(|l| &l.notes) {
        super::up::warn(&nivel::app::ports_unreached(note.clone()), ctx.lang());
    }
    Ok(ExitCode::SUCCESS)
}

/// One table per lab, columns aligned, labs separated by a blank line.
fn tables(labs: &[LabStatus]) -> String {
    let mut out = String::new();
    for (i, lab) in labs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&lab.project);
        if let Some(id) = lab.lab.as_ref().filter(|id| **id != lab.project) {
            let _ = write!(out, " (lab {id})");
        }
        if let Some(dir) = &lab.working_dir {
            let _ = write!(out, "  {dir}");
        }
        out.push('\n');
        let mut rows = vec![["SERVICE", "STATE", "HEALTH", "PORTS", "IMAGE", "UPTIME"].map(String::from)];
        rows.extend(lab.services.iter().map(|s| row(lab, s)));
        out.push_str(&table::aligned(&rows));
    }
    out
}

fn row(lab: &LabStatus, s: &ServiceStatus) -> [String; 6] {
    let replicas = lab.services.iter().filter(|o| o.service == s.service).count();
    let name = match s.number {
        Some(n) if replicas > 1 => format!("{}-{n}", s.service),
        _ => s.service.clone(),
    };
    let mut state = s.state.as_str().to_string();
    if let Some(code) = s.exit_code {
        let _ = write!(state, " ({code})");
    }
    if s.restarts > 0 {
        let _ = write!(state, ", {} restart{}", s.restarts, if s.restarts == 1 { "" } else { "s" });
    }
    let ports: Vec<String> = s
        .ports
        .iter()
        .map(|p| p.url.clone().unwrap_or_else(|| format!("{}:{}->{}/{}", p.host_ip, p.host_port, p.container_port, p.protocol)))
        .collect();
    let ports = if ports.is_empty() { "-".to_string() } else { ports.join(", ") };
    let health = s.health.as_str().replace("none", "-");
    let uptime = s.uptime.map_or_else(|| "-".to_string(), human);
    [name, state, health, ports, s.image.clone(), uptime]
}

/// `45s`, `12m`, `3h 4m`, `2d 5h`: the two largest units, like a person would say it.
fn human(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nivel::app::{Health, PublishedPort, ServiceState};

    fn service(name: &str, state: ServiceState) -> ServiceStatus {
        ServiceStatus {
            service: name.into(),
            number: Some(1),
            container: format!("lab-{name}-1"),
            id: "0123".into(),
            state,
            health: Health::None,
            exit_code: None,
            restarts: 0,
            ports: Vec::new(),
            image: "busybox:1".into(),
            uptime: None,
        }
    }

    #[test]
    fn a_table_per_lab_with_aligned_columns() {
        let mut web = service("web", ServiceState::Running);
        web.health = Health::Healthy;
        web.uptime = Some(Duration::from_secs(3725));
        web.ports = vec![PublishedPort {
            host_ip: "127.0.0.1".into(),
            host_port: 8080,
            container_port: 80,
            protocol: "tcp".into(),
            url: Some("http://127.0.0.1:8080".into()),
        }];
        let mut job = service("job", ServiceState::Exited);
        job.exit_code = Some(3);
        job.restarts = 2;
        let lab = LabStatus { project: "level-2".into(), lab: Some("level-2".into()), working_dir: Some("/labs/2".into()), services: vec![job, web], notes: Vec::new() };
        let text = tables(&[lab]);
        let expected = "\
level-2  /labs/2
SERVICE   STATE                    HEALTH    PORTS                   IMAGE       UPTIME
job       exited (3), 2 restarts   -         -                       busybox:1   -
web       running                  healthy   http://127.0.0.1:8080   busybox:1   1h 2m
";
        assert_eq!(text, expected, "header, one row per service, state with exit code and restarts, URL, uptime");
    }

    #[test]
    fn replicas_are_numbered_and_udp_ports_shown_as_bindings() {
        let mut a = service("web", ServiceState::Running);
        let mut b = service("web", ServiceState::Running);
        b.number = Some(2);
        a.ports = vec![PublishedPort { host_ip: "0.0.0.0".into(), host_port: 5353, container_port: 53, protocol: "udp".into(), url: None }];
        let lab = LabStatus { project: "p".into(), lab: None, working_dir: None, services: vec![a, b], notes: Vec::new() };
        let text = tables(&[lab]);
        assert!(text.contains("web-1 ") && text.contains("web-2 "), "replicas told apart: {text}");
        assert!(text.contains("0.0.0.0:5353->53/udp"), "a UDP port has no URL: {text}");
    }

    #[test]
    fn uptimes_read_like_a_person_says_them() {
        let cases = [(5, "5s"), (59, "59s"), (60, "1m"), (3599, "59m"), (3600, "1h 0m"), (90_000, "1d 1h")];
        for (secs, text) in cases {
            assert_eq!(human(Duration::from_secs(secs)), text, "{secs} seconds");
        }
    }
}
