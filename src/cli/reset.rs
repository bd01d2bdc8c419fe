//! `nivel reset LAB [--service S] [--yes]`: list exactly what a clean start deletes, ask, delete
//! it, then bring the lab up again with `up`'s options.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use nivel::app::{Observer, ResetOutcome, ResetPlan, UpRequest};
use nivel::app::{KeepReason, PlanDetail};
use nivel::events::ResourceKind;
use nivel::app::Reason;
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::engine::context;
use super::meters::{self, removed_line, units, ProgressMode};
use super::up::{print_summary, warn, UpFlags};
use super::{lab_lock, refuse, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or just `2`), a folder holding a compose file, or a compose file.
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
    let ctx = context()?;
    let lab = nivel::app::open(&ctx, &args.lab)?;
    super::print_warnings(&lab.loaded.warnings);
    let json = args.flags.wait.progress.json();
    let quiet = args.flags.wait.progress.quiet();
    let lang = ctx.lang();
    let flags = &args.flags;
    let request = UpRequest {
        operation: "nivel reset".to_owned(),
        port_offset: flags.port_offset,
        expose_lan: flags.expose_lan,
        force: flags.force,
        no_wait: flags.wait.no_wait,
        timeout: Duration::from_secs(flags.wait.timeout),
        record: true,
        build: flags.build_mode(),
    };
    // Asked while the lab's lock is held: what is listed is what is deleted.
    let mut answer = Ok(Answer::Yes);
    let asked = std::cell::Cell::new(false);
    let confirm = async |plan: &ResetPlan| {
        answer = ask(plan, args.yes, json, quiet, lang, &asked).await;
        matches!(answer, Ok(Answer::Yes))
    };
    let outcome = {
        let sink = meters::sink(if json || quiet { args.flags.wait.progress.mode() } else { ProgressMode::Plain });
        let busy = lab_lock::on_busy(flags.wait.no_wait, lang);
        let observer = Observer { events: sink.as_ref(), busy: &busy, warning: &|r: &Reason| warn(r, lang) };
        super::interrupt::until_interrupted(nivel::app::reset(&ctx, &lab, args.service.as_deref(), &request, &observer, confirm))?
    };
    let Some(outcome) = outcome else {
        if asked.get() {
            eprintln!();
            eprintln!("{}", Text::new("interrumpido: no se borró nada", "interrupted: nothing deleted").get(lang));
            return Ok(ExitCode::from(130));
        }
        let (down, again) = (format!("nivel down {}", args.lab), format!("nivel up {}", args.lab));
        return Ok(super::interrupt::interrupted("nivel reset", &down, &again, lang));
    };
    let outcome = outcome?;
    match outcome {
        ResetOutcome::Declined if matches!(answer?, Answer::NotATerminal) => {
            let message = Text::new(
                "no se borra nada sin confirmación: la entrada estándar no es una terminal\n  solución: añada `--yes` para restablecer sin preguntar",
                "not deleting anything without confirmation: stdin is not a terminal\n  fix: pass `--yes` to reset without asking",
            );
            refuse(message.get(lang), 2)
        }
        ResetOutcome::Declined => {
            eprintln!("{}", Text::new("no se borró nada", "nothing deleted").get(lang));
            Ok(ExitCode::from(1))
        }
        ResetOutcome::Done { volumes, up } => {
            if quiet {
                return Ok(ExitCode::SUCCESS);
            }
            if !json {
                let mut err = std::io::stderr().lock();
                for v in &volumes {
                    writeln!(err, "{}", removed_line(ResourceKind::Volume, v).get(lang))?;
                }
            }
            print_summary(&up, &lab.credentials, json, lang)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What the student said to the plan.
enum Answer {
    Yes,
    No,
    /// Nobody can be asked: stdin is not a terminal.
    NotATerminal,
}

/// Shows the plan and asks for it (unless `--yes`, or there is nothing to delete); with `--yes`
/// and `--quiet`, nobody reads it. `asked` is set while the question waits for its answer.
async fn ask(plan: &ResetPlan, yes: bool, json: bool, quiet: bool, lang: Lang, asked: &std::cell::Cell<bool>) -> Result<Answer, CliError> {
    if !(yes && quiet) {
        print_plan(&plan.detail, json, lang)?;
    }
    if yes || plan.is_empty() {
        return Ok(Answer::Yes);
    }
    if !std::io::stdin().is_terminal() {
        return Ok(Answer::NotATerminal);
    }
    let mut err = std::io::stderr().lock();
    write!(err, "{}", question().get(lang))?;
    err.flush()?;
    asked.set(true);
    let answer = read_line().await?;
    asked.set(false);
    Ok(if confirmed(&answer) { Answer::Yes } else { Answer::No })
}

/// One line from stdin, read on a thread of its own so that Ctrl-C, which drops the waiting
/// reset, ends the command at once instead of after Enter (the thread goes with the process).
async fn read_line() -> std::io::Result<String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = std::io::stdin().lock().read_line(&mut line).map(|_| line);
        let _ = tx.send(read);
    });
    rx.await.unwrap_or_else(|_| Err(std::io::ErrorKind::UnexpectedEof.into()))
}

/// The confirmation asked before deleting; the answers [`confirmed`] takes fit both languages.
fn question() -> Text {
    Text::new("¿Borrar esto y arrancar el laboratorio de nuevo? [s/N] ", "Delete these and start the lab again? [y/N] ")
}

/// Only an explicit yes deletes; anything else, an empty line included, is no.
pub fn confirmed(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "s" | "si" | "sí")
}

fn print_plan(plan: &PlanDetail, json: bool, lang: Lang) -> Result<(), CliError> {
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
    write!(out, "{}", plan_text(plan, lang))?;
    Ok(())
}

/// The plan's fixed words.
struct PlanWords {
    containers: Text,
    service: Text,
    volumes: Text,
    size_unknown: Text,
    anonymous: Text,
    used_by_none: Text,
    kept: Text,
    external: Text,
}

impl PlanWords {
    fn new() -> PlanWords {
        PlanWords {
            containers: Text::new("contenedores", "containers"),
            service: Text::new("servicio", "service"),
            volumes: Text::new("volúmenes", "volumes"),
            size_unknown: Text::new("desconocido", "size unknown"),
            anonymous: Text::new("anónimo", "anonymous"),
            used_by_none: Text::new("ningún servicio lo usa", "used by no service"),
            kept: Text::new("se conservan", "kept"),
            external: Text::new("externo: no es del laboratorio", "external: not the lab's"),
        }
    }
}

/// What is reset: the lab, or one of its services.
fn reset_target(plan: &PlanDetail) -> Text {
    let lab = &plan.project;
    match &plan.service {
        Some(s) => Text::new(format!("el servicio `{s}` del laboratorio `{lab}`"), format!("service `{s}` of lab `{lab}`")),
        None => Text::new(format!("el laboratorio `{lab}`"), format!("lab `{lab}`")),
    }
}

/// The plan as a student reads it.
pub fn plan_text(plan: &PlanDetail, lang: Lang) -> String {
    let w = PlanWords::new();
    let what = reset_target(plan);
    let (es, en) = (&what.es, &what.en);
    let head = if plan.is_empty() {
        Text::new(format!("Restablecer {es}: no hay nada que borrar.\n"), format!("Reset of {en}: nothing to delete.\n"))
    } else {
        Text::new(format!("Restablecer {es} borra:\n"), format!("Reset of {en} deletes:\n"))
    };
    let mut text = head.get(lang).to_owned();
    if !plan.containers.is_empty() {
        text.push_str(&format!("  {}:\n", w.containers.get(lang)));
        for c in &plan.containers {
            text.push_str(&format!("    {:<40} {} {}\n", c.name, w.service.get(lang), c.service));
        }
    }
    if !plan.volumes.is_empty() {
        text.push_str(&format!("  {}:\n", w.volumes.get(lang)));
        for v in &plan.volumes {
            let size = v.size_bytes.map_or_else(|| w.size_unknown.get(lang).to_owned(), |b| units::bytes_in(b, lang));
            let name = if v.anonymous { format!("{}… ({})", &v.name[..v.name.len().min(12)], w.anonymous.get(lang)) } else { v.name.clone() };
            let users = if v.service_users.is_empty() {
                w.used_by_none.clone()
            } else {
                let list = v.service_users.join(", ");
                Text::new(format!("lo usa {list}"), format!("used by {list}"))
            };
            text.push_str(&format!("    {name:<40} {size:<13} {}\n", users.get(lang)));
        }
    }
    if !plan.kept.is_empty() {
        text.push_str(&format!("  {}:\n", w.kept.get(lang)));
        for k in &plan.kept {
            let why = match &k.reason {
                KeepReason::SharedWith { services } => {
                    let list = services.join(", ");
                    Text::new(format!("también lo usa {list}"), format!("also used by {list}"))
                }
                KeepReason::External => w.external.clone(),
            };
            text.push_str(&format!("    {:<40} {}\n", k.name, why.get(lang)));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use nivel::app::{ContainerToDelete, KeptVolume, VolumeToDelete};

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
        let plan = PlanDetail {
            project: "lab".into(),
            service: Some("db".into()),
            containers: vec![ContainerToDelete { id: "1".into(), name: "lab-db-1".into(), service: "db".into() }],
            volumes: vec![
                VolumeToDelete { name: "lab_db".into(), size_bytes: Some(8192), service_users: vec!["db".into()], anonymous: false },
                VolumeToDelete { name: "lab_cache".into(), size_bytes: None, service_users: vec!["db".into()], anonymous: false },
            ],
            kept: vec![KeptVolume { name: "lab_shared".into(), reason: KeepReason::SharedWith { services: vec!["web".into()] } }],
        };
        let text = plan_text(&plan, Lang::En);
        assert!(text.starts_with("Reset of service `db` of lab `lab` deletes:"), "says what is reset: {text}");
        assert!(text.contains("lab-db-1") && text.contains("service db"), "the container and its service: {text}");
        assert!(text.contains("lab_db") && text.contains("8.0 KiB"), "the volume with its size: {text}");
        assert!(text.contains("size unknown"), "a size the engine did not give: {text}");
        assert!(text.contains("lab_shared") && text.contains("also used by web"), "why a volume is kept: {text}");
    }

    fn full_plan() -> PlanDetail {
        PlanDetail {
            project: "lab".into(),
            service: None,
            containers: vec![ContainerToDelete { id: "1".into(), name: "lab-web-1".into(), service: "web".into() }],
            volumes: vec![
                VolumeToDelete { name: "lab_db".into(), size_bytes: Some(1536), service_users: vec!["db".into(), "web".into()], anonymous: false },
                VolumeToDelete { name: "0123456789abcdef".into(), size_bytes: None, service_users: vec![], anonymous: true },
            ],
            kept: vec![KeptVolume { name: "shared".into(), reason: KeepReason::External }],
        }
    }

    #[test]
    fn the_english_plan_reads_as_before() {
        let expected = concat!(
            "Reset of lab `lab` deletes:\n",
            "  containers:\n",
            "    lab-web-1                                service web\n",
            "  volumes:\n",
            "    lab_db                                   1.5 KiB       used by db, web\n",
            "    0123456789ab… (anonymous)                size unknown  used by no service\n",
            "  kept:\n",
            "    shared                                   external: not the lab's\n",
        );
        assert_eq!(plan_text(&full_plan(), Lang::En), expected, "English layout and words unchanged");
        let empty = PlanDetail { containers: vec![], volumes: vec![], kept: vec![], ..full_plan() };
        assert_eq!(plan_text(&empty, Lang::En), "Reset of lab `lab`: nothing to delete.\n", "nothing to do");
    }

    #[test]
    fn the_spanish_plan_has_the_same_columns_in_spanish() {
        let expected = concat!(
            "Restablecer el laboratorio `lab` borra:\n",
            "  contenedores:\n",
            "    lab-web-1                                servicio web\n",
            "  volúmenes:\n",
            "    lab_db                                   1,5 KiB       lo usa db, web\n",
            "    0123456789ab… (anónimo)                  desconocido   ningún servicio lo usa\n",
            "  se conservan:\n",
            "    shared                                   externo: no es del laboratorio\n",
        );
        assert_eq!(plan_text(&full_plan(), Lang::Es), expected, "every word Spanish, decimal comma");
        let one = PlanDetail { service: Some("db".into()), containers: vec![], volumes: vec![], kept: vec![], ..full_plan() };
        assert_eq!(plan_text(&one, Lang::Es), "Restablecer el servicio `db` del laboratorio `lab`: no hay nada que borrar.\n", "one service, nothing to do");
        assert!(question().get(Lang::Es).contains("[s/N]") && confirmed("s"), "the Spanish question's yes is accepted");
    }
}
