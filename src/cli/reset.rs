//! `nivel reset LAB [--service S] [--yes]`: list exactly what a clean start deletes, ask, delete
//! it, then bring the lab up again with `up`'s options.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use nivel::progress::Action;
use nivel::docker::reset::{self, KeepReason, ResetError, ResetOptions, ResetPlan};

use super::engine::{connect, runtime};
use super::progress::{self, units, ProgressMode};
use super::up::{owner, up_loaded, UpFlags};
use super::CliError;

const QUESTION: &str = "Delete these and start the lab again? [y/N] ";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a folder holding a compose file, or a compose file.
    pub lab: String,
    /// Reset only this service: its containers and the volumes no other service uses.
    #[arg(long, value_name = "S")]
    pub service: Option<String>,
    /// Delete without asking (needed when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub flags: UpFlags,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let opened = super::lab_arg::open_lab(&args.lab)?;
    let (lab, loaded, spec) = (opened.id, opened.loaded, opened.spec);
    let owner = owner(&loaded, &lab);
    let json = args.flags.wait.progress == ProgressMode::Json;
    let rt = runtime()?;
    let engine = rt.block_on(connect())?;
    let plan = match rt.block_on(reset::plan_reset(&engine, &loaded.project, &owner, args.service.as_deref())) {
        Ok(plan) => plan,
        Err(ResetError::Engine(e)) => return Err(e.into()),
        Err(e) => return refuse(&e.to_string(), e.exit_code()),
    };
    print_plan(&plan, json)?;
    if !plan.is_empty() && !args.yes {
        if !std::io::stdin().is_terminal() {
            return refuse("not deleting anything without confirmation: stdin is not a terminal\n  fix: pass `--yes` to reset without asking", 2);
        }
        let mut err = std::io::stderr().lock();
        write!(err, "{QUESTION}")?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !confirmed(&answer) {
            writeln!(err, "nothing deleted")?;
            return Ok(ExitCode::from(1));
        }
    }
    super::record::session(&lab, Action::Reset, || {
        if !plan.is_empty() {
            let sink = progress::sink(if json { ProgressMode::Json } else { ProgressMode::Plain });
            let report = rt.block_on(reset::execute(&engine, &loaded.project, &owner, &plan, &ResetOptions::default(), sink.as_ref()))?;
            drop(sink);
            if !json {
                let mut err = std::io::stderr().lock();
                for v in &report.volumes {
                    writeln!(err, "volume {v} removed")?;
                }
            }
        }
        // `up` runs its own runtime.
        drop(rt);
        up_loaded(&loaded, &lab, &args.flags, spec.as_ref())
    })
}

fn refuse(message: &str, code: u8) -> Result<ExitCode, CliError> {
    eprintln!("error: {message}");
    Ok(ExitCode::from(code))
}

/// Only an explicit yes deletes; anything else, an empty line included, is no.
pub fn confirmed(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "s" | "si" | "sí")
}

fn print_plan(plan: &ResetPlan, json: bool) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if json {
        let mut line = serde_json::Map::new();
        line.insert("event".into(), "reset_plan".into());
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(plan) {
            line.extend(fields);
        }
        writeln!(out, "{}", serde_json::Value::Object(line))?;
        return Ok(());
    }
    write!(out, "{}", plan_text(plan))?;
    Ok(())
}

/// The plan as a student reads it.
pub fn plan_text(plan: &ResetPlan) -> String {
    let what = match &plan.service {
        Some(s) => format!("service `{s}` of lab `{}`", plan.project),
        None => format!("lab `{}`", plan.project),
    };
    let mut text = if plan.is_empty() {
        format!("Reset of {what}: nothing to delete.\n")
    } else {
        format!("Reset of {what} deletes:\n")
    };
    if !plan.containers.is_empty() {
        text.push_str("  containers:\n");
        for c in &plan.containers {
            text.push_str(&format!("    {:<40} service {}\n", c.name, c.service));
        }
    }
    if !plan.volumes.is_empty() {
        text.push_str("  volumes:\n");
        for v in &plan.volumes {
            let size = v.size_bytes.map_or_else(|| "size unknown".to_owned(), units::bytes);
            let name = if v.anonymous { format!("{}… (anonymous)", &v.name[..v.name.len().min(12)]) } else { v.name.clone() };
            let users = if v.service_users.is_empty() { "used by no service".to_owned() } else { format!("used by {}", v.service_users.join(", ")) };
            text.push_str(&format!("    {name:<40} {size:<13} {users}\n"));
        }
    }
    if !plan.kept.is_empty() {
        text.push_str("  kept:\n");
        for k in &plan.kept {
            let why = match &k.reason {
                KeepReason::SharedWith { services } => format!("also used by {}", services.join(", ")),
                KeepReason::External => "external: not the lab's".to_owned(),
            };
            text.push_str(&format!("    {:<40} {why}\n", k.name));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use nivel::docker::reset::{ContainerToDelete, KeptVolume, VolumeToDelete};

    use super::*;

    #[test]
    fn only_an_explicit_yes_confirms() {
        for yes in ["y", "Y\n", " yes ", "sí"] {
            assert!(confirmed(yes), "{yes:?} confirms");
        }
        for no in ["", "\n", "n", "no", "yy", "maybe"] {
            assert!(!confirmed(no), "{no:?} does not: the default is no");
        }
    }

    #[test]
    fn the_plan_names_containers_volumes_sizes_and_what_is_kept() {
        let plan = ResetPlan {
            project: "lab".into(),
            service: Some("db".into()),
            containers: vec![ContainerToDelete { id: "1".into(), name: "lab-db-1".into(), service: "db".into() }],
            volumes: vec![
                VolumeToDelete { name: "lab_db".into(), size_bytes: Some(8192), service_users: vec!["db".into()], anonymous: false },
                VolumeToDelete { name: "lab_cache".into(), size_bytes: None, service_users: vec!["db".into()], anonymous: false },
            ],
            kept: vec![KeptVolume { name: "lab_shared".into(), reason: KeepReason::SharedWith { services: vec!["web".into()] } }],
        };
        let text = plan_text(&plan);
        assert!(text.starts_with("Reset of service `db` of lab `lab` deletes:"), "says what is reset: {text}");
        assert!(text.contains("lab-db-1") && text.contains("service db"), "the container and its service: {text}");
        assert!(text.contains("lab_db") && text.contains("8.0 KiB"), "the volume with its size: {text}");
        assert!(text.contains("size unknown"), "a size the engine did not give: {text}");
        assert!(text.contains("lab_shared") && text.contains("also used by web"), "why a volume is kept: {text}");
    }
}
