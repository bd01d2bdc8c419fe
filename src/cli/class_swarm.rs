//! `nivel class up | status | down`: a class on the Docker Swarm the engine manages, printed
//! for the instructor (tables on stdout, progress on stderr) or as JSON.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use nivel::app::class::{self, ClassStatus, ClassStep, DeployStep};
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::engine::{context, runtime};
use super::table::aligned;
use super::CliError;

/// `value` as pretty JSON, ending in a newline.
fn print_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

fn read(path: &Path) -> Result<nivel::class::ClassFile, CliError> {
    nivel::class::read(path).map_err(CliError::Class)
}

pub fn up(path: &Path, student: Option<&str>, handouts: Option<&Path>, json: bool) -> Result<ExitCode, CliError> {
    let file = read(path)?;
    let ctx = context()?;
    let lang = ctx.lang();
    let progress = |s: ClassStep| {
        let line = match &s.step {
            DeployStep::Networks => Text::new(format!("{}: redes", s.student), format!("{}: networks", s.student)),
            DeployStep::Services(names) => Text::new(format!("{}: creando {}", s.student, names.join(", ")), format!("{}: creating {}", s.student, names.join(", "))),
            DeployStep::Ready(name) => Text::new(format!("{}: {name} listo", s.student), format!("{}: {name} ready", s.student)),
        };
        let _ = writeln!(std::io::stderr().lock(), "{}", line.get(lang));
    };
    let given = runtime()?.block_on(class::class_up(&ctx, &file, student, &progress)).map_err(CliError::Class)?;
    if let Some(dir) = handouts {
        class::write_handouts(&ctx, dir, &given).map_err(CliError::Class)?;
    }
    let mut out = std::io::stdout().lock();
    if json {
        print_json(&mut out, &given)?;
        return Ok(ExitCode::SUCCESS);
    }
    if handouts.is_none() {
        for h in &given {
            writeln!(out, "{}", class::handout_markdown(h, lang))?;
        }
    }
    let n = given.len();
    let (es, en) = if n == 1 { ("estudiante", "student") } else { ("estudiantes", "students") };
    let summary = match handouts {
        Some(dir) => Text::new(
            format!("{n} {es} en marcha; sus hojas están en {}", dir.display()),
            format!("{n} {en} running; their handouts are in {}", dir.display()),
        ),
        None => Text::new(format!("{n} {es} en marcha"), format!("{n} {en} running")),
    };
    writeln!(out, "{}", summary.get(lang))?;
    Ok(ExitCode::SUCCESS)
}

pub fn status(path: &Path, student: Option<&str>, json: bool) -> Result<ExitCode, CliError> {
    let file = read(path)?;
    let ctx = context()?;
    let lang = ctx.lang();
    let status = runtime()?.block_on(class::class_status(&ctx, &file, student)).map_err(CliError::Class)?;
    let mut out = std::io::stdout().lock();
    if json {
        print_json(&mut out, &status)?;
    } else {
        write!(out, "{}", status_table(&status, lang))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn status_table(status: &ClassStatus, lang: Lang) -> String {
    let header = match lang {
        Lang::Es => ["ESTUDIANTE", "SERVICIO", "ESTADO", "NODO", "ENLACES"],
        _ => ["STUDENT", "SERVICE", "STATE", "NODE", "LINKS"],
    };
    let mut rows = vec![header.map(str::to_owned)];
    for s in &status.students {
        match &s.stack {
            None => rows.push([s.student.clone(), "-".into(), Text::new("sin desplegar", "not deployed").get(lang).to_owned(), "-".into(), "-".into()]),
            Some(stack) => {
                for v in &stack.services {
                    let node = match (&v.hostname, &v.address) {
                        (Some(h), Some(a)) => format!("{h} ({a})"),
                        _ => "-".into(),
                    };
                    let links: Vec<String> = v.ports.iter().filter_map(|p| p.url.clone()).collect();
                    let state = match &v.error {
                        Some(e) if !v.is_ready() => format!("{} ({e})", v.state),
                        _ => v.state.clone(),
                    };
                    rows.push([s.student.clone(), v.service.clone(), state, node, if links.is_empty() { "-".into() } else { links.join(" ") }]);
                }
            }
        }
    }
    let ready = status.students.iter().filter(|s| s.ready).count();
    let nodes_ready = status.nodes.iter().filter(|n| n.is_ready()).count();
    let total = status.students.len();
    let summary = Text::new(
        format!("{ready} de {total} estudiantes listos; {nodes_ready} de {} nodos disponibles", status.nodes.len()),
        format!("{ready} of {total} students ready; {nodes_ready} of {} nodes available", status.nodes.len()),
    );
    format!("{}{}\n", aligned(&rows), summary.get(lang))
}

pub fn down(path: &Path, student: Option<&str>, json: bool) -> Result<ExitCode, CliError> {
    let file = read(path)?;
    let ctx = context()?;
    let lang = ctx.lang();
    let removed = runtime()?.block_on(class::class_down(&ctx, &file, student)).map_err(CliError::Class)?;
    let mut out = std::io::stdout().lock();
    if json {
        print_json(&mut out, &removed)?;
        return Ok(ExitCode::SUCCESS);
    }
    let who = student.map_or_else(|| Text::new("la clase", "the class"), |s| Text::new(format!("el estudiante {s}"), format!("student {s}")));
    let line = Text::new(
        format!("{}: {} servicios y {} redes quitados; volúmenes limpiados en {} nodos", who.es, removed.services, removed.networks, removed.nodes_cleaned),
        format!("{}: {} services and {} networks removed; volumes cleaned on {} nodes", who.en, removed.services, removed.networks, removed.nodes_cleaned),
    );
    writeln!(out, "{}", line.get(lang))?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(path: &Path, student: Option<&str>, exercises: &[String], json: bool) -> Result<ExitCode, CliError> {
    let file = read(path)?;
    let ctx = context()?;
    let lang = ctx.lang();
    let run = runtime()?.block_on(nivel::app::class_check::class_check(&ctx, &file, student, exercises)).map_err(CliError::Class)?;
    let mut out = std::io::stdout().lock();
    let all = run.students.iter().all(|s| s.not_checked.is_none() && s.passed == s.total);
    if json {
        print_json(&mut out, &run)?;
    } else {
        for s in &run.students {
            match &s.not_checked {
                Some(why) => writeln!(out, "{}: {}", s.student, why.get(lang))?,
                None => {
                    writeln!(out, "{}: {}/{}", s.student, s.passed, s.total)?;
                    for e in &s.exercises {
                        let mark = if e.passed { "✔" } else { "✘" };
                        writeln!(out, "  {mark} {} ({})", e.title.get(lang), e.id)?;
                        for o in &e.observed {
                            writeln!(out, "      {}", o.get(lang))?;
                        }
                    }
                }
            }
        }
        let passed = run.students.iter().filter(|s| s.not_checked.is_none() && s.passed == s.total && s.total > 0).count();
        let total = run.students.len();
        writeln!(out, "{}", Text::new(format!("{passed} de {total} estudiantes lo superan todo"), format!("{passed} of {total} students pass everything")).get(lang))?;
    }
    // As `nivel check`: 1 unless everything checked passed.
    Ok(if all { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn report(path: &Path, exports: &[std::path::PathBuf], output: &Path, format: Option<super::class::ReportFormat>) -> Result<ExitCode, CliError> {
    use nivel::app::class_check::ReportFormat;
    let file = read(path)?;
    let ctx = context()?;
    let lang = ctx.lang();
    let format = match format {
        Some(super::class::ReportFormat::Html) => ReportFormat::Html,
        Some(super::class::ReportFormat::Md) => ReportFormat::Markdown,
        Some(super::class::ReportFormat::Json) => ReportFormat::Json,
        None => match output.extension().and_then(|e| e.to_str()) {
            Some("md") => ReportFormat::Markdown,
            Some("json") => ReportFormat::Json,
            _ => ReportFormat::Html,
        },
    };
    let report = nivel::app::class_check::write_class_report(&ctx, &file, exports, output, format).map_err(CliError::Class)?;
    let n = report.students.len();
    let line = Text::new(format!("informe de {n} estudiantes escrito en {}", output.display()), format!("report of {n} students written to {}", output.display()));
    writeln!(std::io::stdout().lock(), "{}", line.get(lang))?;
    Ok(ExitCode::SUCCESS)
}
