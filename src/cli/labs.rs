//! `nivel labs`: the built-in labs in one table: id, level, title, services, the host ports
//! they publish, what they need from the machine, and whether this machine can take each one
//! (the verdict `nivel doctor` explains).

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use nivel::app::LabCard;
use nivel::app::doctor::gib_up;
use nivel::app::{Level, Verdict};
use nivel::i18n::Lang;
use nivel::lab::{self, Requirements, Text};

use super::json_flag::JsonFlag;
use super::engine::{context, runtime};
use super::lab_arg::open_builtin;
use super::table;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub output: JsonFlag,
}

/// One built-in lab as `nivel labs` shows it.
#[derive(Debug, Serialize)]
pub struct LabRow {
    pub id: String,
    pub level: u8,
    pub title: Text,
    pub services: Vec<String>,
    /// Published host ports, as the compose file gives them.
    pub ports: Vec<String>,
    pub requirements: Requirements,
    pub verdict: Verdict,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let lang = ctx.lang();
    let overview = runtime()?.block_on(nivel::app::labs_overview(&ctx))?;
    overview.notes.iter().for_each(|n| super::up::warn(n, lang));
    let rows: Vec<LabRow> = overview.labs.into_iter().map(row).collect::<Result<_, _>>()?;
    let mut out = std::io::stdout().lock();
    if args.output.json() {
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "labs": rows })).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        out.write_all(text(&rows, lang).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A card as a row, with the host ports its compose file publishes.
fn row(card: LabCard) -> Result<LabRow, CliError> {
    let ports = match lab::find(&card.id) {
        Some(builtin) => published(&builtin)?,
        None => Vec::new(),
    };
    Ok(LabRow { id: card.id, level: card.level, title: card.title, services: card.services, ports, requirements: card.requirements, verdict: card.verdict })
}

/// `8080`, `53/udp`: the host ports a built-in lab's compose file publishes.
fn published(builtin: &lab::BuiltinLab) -> Result<Vec<String>, CliError> {
    let opened = open_builtin(builtin)?;
    let overview = lab::of_project(builtin, &opened.loaded.project);
    Ok(overview
        .ports
        .iter()
        .map(|p| {
            let udp = if p.protocol == "udp" { "/udp" } else { "" };
            format!("{}{udp}", p.published)
        })
        .collect())
}

/// Aligned columns, then why the engine could not be used (it holds every lab back, so it is
/// said once here), then a pointer to `nivel doctor` when a lab is not ready.
fn text(rows: &[LabRow], lang: Lang) -> String {
    let head = [
        Text::same("ID"),
        Text::new("NIVEL", "LEVEL"),
        Text::new("TÍTULO", "TITLE"),
        Text::new("SERVICIOS", "SERVICES"),
        Text::new("PUERTOS", "PORTS"),
        Text::new("NECESITA", "NEEDS"),
        Text::new("ESTA MÁQUINA", "THIS MACHINE"),
    ];
    let mut table_rows = vec![head.map(|h| h.get(lang).to_owned())];
    for r in rows {
        let ports = if r.ports.is_empty() { "-".to_string() } else { r.ports.join(", ") };
        table_rows.push([
            r.id.clone(),
            r.level.to_string(),
            r.title.get(lang).to_string(),
            r.services.join(", "),
            ports,
            needs(&r.requirements, lang),
            r.verdict.level.label().get(lang).to_string(),
        ]);
    }
    let mut out = table::aligned(&table_rows);
    let engine = rows.iter().flat_map(|r| &r.verdict.reasons).find(|reason| reason.code.starts_with("engine."));
    if let Some(reason) = engine {
        out.push_str(&format!("\n✗ {}\n", reason.message.get(lang)));
        if let Some(remedy) = &reason.remedy {
            out.push_str(&format!("  → {}\n", remedy.get(lang)));
        }
    }
    if rows.iter().any(|r| r.verdict.level != Level::Ready) {
        let pointer = Text::new("\n`nivel doctor LAB` explica cada aviso y qué hacer.\n", "\n`nivel doctor LAB` explains each warning and what to do.\n");
        out.push_str(pointer.get(lang));
    }
    out
}

/// `6.0 GiB, 2 CPU`: memory and CPUs, the two a student can compare at a glance.
fn needs(req: &Requirements, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(m) = req.memory {
        parts.push(gib_up(m).get(lang).to_owned());
    }
    if let Some(c) = req.cpus {
        parts.push(format!("{c} CPU"));
    }
    if parts.is_empty() { "-".to_string() } else { parts.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab_row(id: &str, level: u8, memory: Option<u64>, verdict: Level) -> LabRow {
        LabRow {
            id: id.into(),
            level,
            title: Text::new(format!("Nivel {level}"), format!("Level {level}")),
            services: vec!["api".into(), "db".into()],
            ports: vec!["8000".into()],
            requirements: Requirements { memory, cpus: Some(2.0), ..Default::default() },
            verdict: Verdict { level: verdict, reasons: Vec::new() },
        }
    }

    #[test]
    fn one_aligned_row_per_lab_with_needs_and_verdict() {
        let rows = [lab_row("level-0", 0, Some(1 << 30), Level::Ready), lab_row("level-2", 2, Some(6 << 30), Level::NotReady)];
        let expected = "\
ID        LEVEL   TITLE     SERVICES   PORTS   NEEDS            THIS MACHINE
level-0   0       Level 0   api, db    8000    1.0 GiB, 2 CPU   ready
level-2   2       Level 2   api, db    8000    6.0 GiB, 2 CPU   not ready

`nivel doctor LAB` explains each warning and what to do.
";
        assert_eq!(text(&rows, Lang::En), expected, "header, one row per lab, then where to learn more");
        assert!(text(&rows, Lang::Es).starts_with("ID        NIVEL"), "Spanish headers: {}", text(&rows, Lang::Es));
    }

    #[test]
    fn an_engine_that_holds_every_lab_back_is_named_once() {
        let silent = nivel::app::Reason {
            code: "engine.not_answering",
            severity: nivel::app::Severity::Blocker,
            message: Text::new("el motor no responde", "the engine does not answer"),
            remedy: Some(Text::new("reinícielo", "restart it")),
        };
        let mut rows = [lab_row("level-0", 0, None, Level::NotReady), lab_row("level-1", 1, None, Level::NotReady)];
        for row in &mut rows {
            row.verdict.reasons.push(silent.clone());
        }
        let out = text(&rows, Lang::En);
        assert_eq!(out.matches("the engine does not answer").count(), 1, "once, after the table: {out}");
        assert!(out.contains("\n✗ the engine does not answer\n  → restart it\n"), "with its remedy: {out}");
        assert!(text(&rows, Lang::Es).contains("✗ el motor no responde\n  → reinícielo"), "in Spanish: {}", text(&rows, Lang::Es));
    }
}
