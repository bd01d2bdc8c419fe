//! `nivel doctor [LAB] [--json] [--bundle FILE.zip]`: can this machine run the labs, and if
//! not, exactly why and what to do. Facts about the machine and the engine, then each lab's
//! verdict with its reasons and remedies; exit 0 when every lab asked about is ready (with or
//! without warnings), 1 when one is not, 2 for an unknown lab.

pub mod report;

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use nivel::app::doctor::{every_builtin, judge, LabDoctor, LabToJudge};
use nivel::app::progress_store;
use nivel::app::doctor::{bundle, HostFacts};

use super::json_flag::JsonFlag;
use super::engine::{context, runtime};
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One lab to judge: a built-in id (`level-2`, or just `2`), a folder holding a compose
    /// file, or a compose file. Without it, every built-in lab.
    pub lab: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
    /// Also write a support bundle (facts, each lab's status and last log lines, secrets
    /// masked) to this zip file.
    #[arg(long, value_name = "FILE.zip")]
    pub bundle: Option<std::path::PathBuf>,
}

/// The version of the `--json` shape; raised only when a field changes meaning or goes.
pub const FORMAT: u32 = 1;

/// What `--json` prints.
#[derive(Debug, Serialize)]
pub struct Doctor<'a> {
    /// The version of this shape.
    pub format: u32,
    pub host: &'a HostFacts,
    pub labs: &'a [LabDoctor],
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let lang = ctx.lang();
    let protected = progress_store::protected_folders(&ctx);
    if let Some(path) = &args.bundle {
        // Refused before the facts are gathered, and checked again as the zip is written.
        nivel::app::export::refuse_target(path, &protected).map_err(CliError::Bundle)?;
    }
    let labs = match &args.lab {
        Some(name) => vec![LabToJudge::from(super::lab_arg::open_lab(name)?)],
        None => every_builtin(&ctx)?,
    };
    let now = ctx.now();
    let (report, files) = runtime()?.block_on(async {
        let (connected, report) = judge(&ctx, labs).await;
        let files = match &args.bundle {
            Some(_) => {
                let json = serde_json::json!({"format": FORMAT, "host": &report.facts, "labs": &report.labs});
                let secrets = nivel::lab::secrets::every_secret(&ctx.data_dir);
                Some(bundle::files(connected.as_ref().ok(), &json, now, &secrets).await?)
            }
            None => None,
        };
        Ok::<_, CliError>((report, files))
    })?;
    if let (Some(path), Some(mut files)) = (&args.bundle, files) {
        files.push(("nivel/sessions.json".to_string(), recent_sessions(&ctx)));
        bundle::write_zip(path, &protected, &files).map_err(CliError::Bundle)?;
        let count = nivel::lab::Text::count(files.len(), ("archivo", "archivos"), ("file", "files"));
        let written = nivel::lab::Text::new(
            format!("paquete de diagnóstico escrito en {} ({})", path.display(), count.es),
            format!("support bundle written to {} ({})", path.display(), count.en),
        );
        eprintln!("{}", written.get(lang));
    }
    let mut out = std::io::stdout().lock();
    if args.output.json() {
        let doc = Doctor { format: FORMAT, host: &report.facts, labs: &report.labs };
        serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        out.write_all(report::render(&report.facts, &report.labs, lang).as_bytes())?;
    }
    Ok(if report.all_ready() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Nivel's own recent activity for the bundle: the last 100 lab sessions (up, down, reset)
/// with how each ended. Progress itself (names, results) stays out of a support bundle.
fn recent_sessions(ctx: &nivel::app::Context) -> Vec<u8> {
    let sessions = progress_store::open_to_read(ctx).and_then(|store| store.sessions().all());
    let doc = match sessions {
        Ok(all) => {
            let recent: Vec<serde_json::Value> = all
                .iter()
                .rev()
                .take(100)
                .map(|s| {
                    serde_json::json!({
                        "lab": s.lab,
                        "action": s.action,
                        "started": s.started.rfc3339(),
                        "ended": s.ended.map(|e| e.rfc3339()),
                        "outcome": s.outcome,
                        "duration_ms": s.duration.map(|d| d.as_millis()),
                    })
                })
                .collect();
            serde_json::json!({ "sessions": recent })
        }
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    };
    serde_json::to_vec_pretty(&doc).unwrap_or_default()
}
