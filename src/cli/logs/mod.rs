//! `nivel logs`: a lab's container output, one line at a time, prefixed by service like
//! `docker compose logs`; with `-f`, keeps following, also containers recreated meanwhile.

mod printer;
mod since;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::SystemTime;

use nivel::app::{Context, LabLogs, LogRequest, OpenedLab};
use nivel::{Lang, Text};

use super::engine::{context, runtime};
use super::CliError;
use printer::{display_name, Printer};
use since::{parse_since, parse_tail, Since, Tail};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or `2`) or a compose project name.
    pub lab: String,
    #[command(flatten)]
    pub flags: LogsFlags,
}

/// What to show of a lab's logs, shared with `nivel compose logs`.
#[derive(Debug, clap::Args)]
pub struct LogsFlags {
    /// Only these services; all of the lab's when left out.
    pub services: Vec<String>,
    /// Keep streaming new output, also from containers started later.
    #[arg(short, long)]
    pub follow: bool,
    /// Only the last N lines of each container (or `all`).
    #[arg(short = 'n', long, value_name = "N", value_parser = parse_tail)]
    pub tail: Option<Tail>,
    /// Only lines since a time: a duration ago (42m, 1h30m), a timestamp (2024-05-01T10:20:30Z)
    /// or unix seconds.
    #[arg(long, value_name = "D", value_parser = parse_since)]
    pub since: Option<Since>,
    /// Show the engine's timestamp on each line.
    #[arg(short, long)]
    pub timestamps: bool,
    /// No colours (also when NO_COLOR is set or the output is not a terminal).
    #[arg(long)]
    pub no_color: bool,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    runtime()?.block_on(async {
        let logs = nivel::app::lab_logs(&ctx, &args.lab, request(&args.flags)).await?;
        show(&logs, &args.flags, ctx.lang()).await
    })
}

/// Streams the logs of the compose project `lab` (`nivel compose logs`).
pub fn run_opened(ctx: &Context, lab: &OpenedLab, flags: &LogsFlags) -> Result<ExitCode, CliError> {
    runtime()?.block_on(async {
        let logs = nivel::app::logs(ctx, lab, request(flags)).await?;
        show(&logs, flags, ctx.lang()).await
    })
}

fn request(flags: &LogsFlags) -> LogRequest {
    LogRequest {
        services: flags.services.clone(),
        follow: flags.follow,
        tail: match flags.tail {
            Some(Tail::Last(n)) => Some(n),
            Some(Tail::All) | None => None,
        },
        since: flags.since.map(|s| s.instant(SystemTime::now())),
        timestamps: flags.timestamps,
    }
}

/// Writes the lines of `logs` to stdout until they end or the reader goes away.
async fn show(logs: &LabLogs, flags: &LogsFlags, lang: Lang) -> Result<ExitCode, CliError> {
    let stdout = std::io::stdout();
    let colour = !flags.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stdout.is_terminal();
    if logs.sources().is_empty() && !flags.follow {
        eprintln!("{}", no_containers(logs.project()).get(lang));
        return Ok(ExitCode::SUCCESS);
    }
    let names: Vec<String> = logs.sources().iter().map(|s| display_name(&s.service, &s.container)).collect();
    // Lines are gathered and written in batches; the stream flushes whenever it would wait.
    let printer = Printer::new(std::io::BufWriter::with_capacity(64 << 10, stdout), colour, &names);
    tokio::select! {
        done = logs.read(&printer) => done?,
        () = printer.closed() => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// What `nivel logs` and `nivel status` say when a lab has no container on the engine.
pub fn no_containers(lab: &str) -> Text {
    Text::new(
        format!("No hay contenedores del laboratorio {lab} en el motor."),
        format!("No containers of lab {lab} on the engine."),
    )
}
