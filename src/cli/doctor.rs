//! `nivel doctor [LAB] [--json] [--bundle FILE.zip]`: can this machine run the labs, and if
//! not, exactly why and what to do. Facts about the machine and the engine, then each lab's
//! verdict with its reasons and remedies; exit 0 when every lab asked about is ready (with or
//! without warnings), 1 when one is not, 2 for an unknown lab.

pub mod report;

use std::io::Write;
use std::process::ExitCode;
use std::time::SystemTime;

use serde::Serialize;

use nivel::compose::LoadedProject;
use nivel::docker::spec::SpecOptions;
use nivel::docker::{config_dir, resolve_host, Engine, EngineError};
use nivel::host::facts::LabFacts;
use nivel::host::{bundle, gather, HostFacts, LabTarget, Snapshot, Verdict};
use nivel::i18n::Lang;
use nivel::lab::{self, Requirements};

use super::engine::runtime;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One lab to judge: a built-in id (`level-2`, or just `2`), a folder holding a compose
    /// file, or a compose file. Without it, every built-in lab.
    pub lab: Option<String>,
    /// Print the facts and verdicts as JSON (the shape is documented in the README).
    #[arg(long)]
    pub json: bool,
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
    pub labs: Vec<LabReport>,
}

/// One lab's requirements, facts and verdict.
#[derive(Debug, Serialize)]
pub struct LabReport {
    pub id: String,
    /// The course level, for built-in labs.
    pub level: Option<u8>,
    pub requirements: Requirements,
    pub facts: LabFacts,
    pub verdict: Verdict,
}

/// A lab to judge, loaded.
struct Chosen {
    id: String,
    level: Option<u8>,
    loaded: LoadedProject,
    requirements: Requirements,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let env = |k: &str| std::env::var(k).ok();
    let lang = Lang::from_env(&env);
    let protected = super::progress_store::DataDirArg::default().protected_folders();
    if let Some(path) = &args.bundle {
        // Refused before the facts are gathered, and checked again as the zip is written.
        nivel::output::refuse_target(path, &protected).map_err(CliError::Bundle)?;
    }
    let chosen = match &args.lab {
        Some(name) => vec![chosen_by_name(name)?],
        None => every_builtin()?,
    };
    let now = SystemTime::now();
    let (facts, labs, files) = runtime()?.block_on(async {
        let (connected, snapshot) = gather_here(now).await;
        let labs: Vec<LabReport> = chosen
            .into_iter()
            .map(|c| {
                let target = LabTarget { lab: &c.id, project: &c.loaded.project, spec: SpecOptions::default() };
                let (facts, verdict) = snapshot.judge(&target, &c.requirements);
                LabReport { id: c.id, level: c.level, requirements: c.requirements, facts, verdict }
            })
            .collect();
        let files = match &args.bundle {
            Some(_) => {
                let json = serde_json::json!({"format": FORMAT, "host": &snapshot.facts, "labs": &labs});
                Some(bundle::files(connected.as_ref().ok(), &json, now).await?)
            }
            None => None,
        };
        Ok::<_, CliError>((snapshot.facts, labs, files))
    })?;
    if let (Some(path), Some(mut files)) = (&args.bundle, files) {
        files.push(("nivel/sessions.json".to_string(), recent_sessions()));
        bundle::write_zip(path, &protected, &files).map_err(CliError::Bundle)?;
        eprintln!("{}", match lang {
            Lang::Es => format!("paquete de diagnóstico escrito en {} ({} archivos)", path.display(), files.len()),
            Lang::En => format!("support bundle written to {} ({} files)", path.display(), files.len()),
        });
    }
    let ready = labs.iter().all(|l| l.verdict.is_ready());
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc = Doctor { format: FORMAT, host: &facts, labs };
        serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        out.write_all(report::render(&facts, &labs, lang).as_bytes())?;
    }
    Ok(if ready { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Connects to the engine the docker CLI would use and gathers the facts once; the engine is
/// returned too (or why it did not answer) for callers that go on to use it.
pub async fn gather_here(now: SystemTime) -> (Result<Engine, EngineError>, Snapshot) {
    let env = |k: &str| std::env::var(k).ok();
    let host = resolve_host(&env, config_dir(&env).as_deref());
    let connected = Engine::connect(host.clone()).await;
    let snapshot = gather(connected.as_ref().map_err(|e| (host.url.as_str(), e)), now).await;
    (connected, snapshot)
}

fn chosen_by_name(name: &str) -> Result<Chosen, CliError> {
    Ok(chosen(super::lab_arg::open_lab(name)?))
}

/// Every built-in lab, loaded from the data directory (written there when needed).
fn every_builtin() -> Result<Vec<Chosen>, CliError> {
    lab::catalog().iter().map(|b| Ok(chosen(super::lab_arg::open_builtin(b)?))).collect()
}

/// A lab's requirements come from its lab file; a plain compose project states none.
fn chosen(lab: super::lab_arg::OpenedLab) -> Chosen {
    let level = lab.spec.as_ref().and_then(|s| s.level);
    let requirements = lab.spec.map(|s| s.requirements).unwrap_or_default();
    Chosen { id: lab.id, level, loaded: lab.loaded, requirements }
}

/// Nivel's own recent activity for the bundle: the last 100 lab sessions (up, down, reset)
/// with how each ended. Progress itself (names, results) stays out of a support bundle.
fn recent_sessions() -> Vec<u8> {
    let sessions = super::progress_store::DataDirArg::default().open_to_read().and_then(|store| store.sessions().all());
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
