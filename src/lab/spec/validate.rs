//! The second step: a [`RawLab`] judged against the rules of docs/labs.md and against what
//! its compose project offers, collecting every problem rather than stopping at the first.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use crate::lab::{Requirements, Text};

use super::check;
use super::credential;
use super::fields::{self, ProjectFacts};
use super::model::{Exercise, LabSpec, Link};
use super::problem::Problems;
use super::raw::{RawCompose, RawLab, RawRequirements, Span};
use super::units;

/// The compose files a lab names, relative to its folder, with where they were named.
pub(super) fn compose_files(raw: &RawLab, out: &mut Problems<'_>) -> (Vec<PathBuf>, Span) {
    let Some(compose) = &raw.compose else { return (Vec::new(), 0..0) };
    let names = match compose.get_ref() {
        RawCompose::One(f) => vec![f.clone()],
        RawCompose::Many(fs) => fs.clone(),
    };
    if names.is_empty() {
        out.error(
            compose.span(),
            Text::new("`compose` no nombra ningún archivo", "`compose` names no file"),
            Text::new("nombre el archivo compose, o quite `compose` para usar compose.yaml", "name the compose file, or leave `compose` out to use compose.yaml"),
        );
    }
    let mut files = Vec::new();
    for name in names {
        let path = PathBuf::from(&name);
        let inside = !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if inside {
            files.push(path);
        } else {
            out.error(
                compose.span(),
                Text::new(format!("el archivo compose `{name}` no está dentro de la carpeta del laboratorio"), format!("compose file `{name}` is not inside the lab folder")),
                Text::new(
                    "indique una ruta relativa a la carpeta del laboratorio, sin `..`: la carpeta se distribuye tal cual",
                    "give a path relative to the lab folder, without `..`: the lab folder is shipped as it is",
                ),
            );
        }
    }
    (files, compose.span())
}

/// Builds the spec; `None` when any error was found. `facts` is `None` when the compose
/// project did not load.
pub(super) fn lab(raw: &RawLab, compose: Vec<PathBuf>, facts: Option<&ProjectFacts>, out: &mut Problems<'_>) -> Option<LabSpec> {
    let top = 0..0;
    let format = format(raw, out);
    let id = fields::id(raw.id.as_ref(), top.clone(), &Text::new("el laboratorio", "the lab"), out);
    let level = raw.level.as_ref().and_then(|l| match u8::try_from(*l.get_ref()) {
        Ok(n) if n <= 4 => Some(n),
        _ => {
            let n = l.get_ref();
            out.error(
                l.span(),
                Text::new(format!("el nivel {n} no es un nivel del curso"), format!("level {n} is not a course level")),
                Text::new("use de 0 a 4, o quite `level` para un laboratorio fuera del curso", "use 0 to 4, or leave `level` out for a lab outside the course"),
            );
            None
        }
    });
    let title = fields::required_text(raw.title.as_ref(), top.clone(), "title", out);
    let summary = fields::required_text(raw.summary.as_ref(), top.clone(), "summary", out);
    let requirements = raw.requirements.as_ref().map_or_else(Requirements::default, |r| requirements(r, out));
    let credentials = credential::credentials(raw, facts, out);
    let credential_ids: BTreeSet<String> = raw.credentials.iter().filter_map(|c| c.get_ref().id.as_ref().map(|i| i.get_ref().clone())).collect();
    let links: Vec<Link> = raw.links.iter().filter_map(|l| link(l, facts, &credential_ids, out)).collect();
    let mut seen = BTreeSet::new();
    let mut exercises = Vec::new();
    for e in &raw.exercises {
        let id = fields::id(e.id.as_ref(), e.span.clone(), &Text::new("el ejercicio", "the exercise"), out);
        if let (Some(id), Some(raw_id)) = (&id, &e.id) {
            if !seen.insert(id.clone()) {
                out.error(
                    raw_id.span(),
                    Text::new(format!("el id de ejercicio `{id}` se usa dos veces"), format!("exercise id `{id}` is used twice")),
                    Text::new("dé a cada ejercicio su propio id: el progreso se registra por él", "give every exercise its own id: progress is recorded by it"),
                );
            }
        }
        let title = fields::required_text(e.title.as_ref(), e.span.clone(), "title", out);
        let hint = e.hint.as_ref().map(|h| fields::text(h, "hint", out));
        if e.checks.is_empty() {
            out.error(
                e.span.clone(),
                Text::new("el ejercicio no tiene comprobaciones, así que nunca puede aprobarse", "the exercise has no checks, so it can never pass"),
                Text::new("añada al menos un `[[exercise.check]]` debajo de él", "add at least one `[[exercise.check]]` under it"),
            );
        }
        let checks: Vec<_> = e.checks.iter().map(|c| c.as_ref().and_then(|c| check::check(c, facts, &credential_ids, out))).collect();
        if let (Some(id), Some(title), Some(hint)) = (id, title, hint.map_or(Some(None), |h| h.map(Some))) {
            exercises.push(Exercise { id, title, hint, checks: checks.into_iter().flatten().collect() });
        }
    }
    if out.has_errors() {
        return None;
    }
    let compose = if compose.is_empty() { vec![PathBuf::from("compose.yaml")] } else { compose };
    Some(LabSpec { format: format?, id: id?, level, compose, title: title?, summary: summary?, requirements, links, credentials, exercises })
}

fn format(raw: &RawLab, out: &mut Problems<'_>) -> Option<u32> {
    let Some(f) = &raw.format else {
        let first = format!("format = {}", super::FORMAT);
        out.error(
            0..0,
            Text::new("el archivo del laboratorio no indica su `format`", "the lab file does not say its `format`"),
            Text::new(format!("añada `{first}` como su primera línea"), format!("add `{first}` as its first line")),
        );
        return None;
    };
    match u32::try_from(*f.get_ref()) {
        Ok(n) if n == super::FORMAT => Some(n),
        Ok(n) if n > super::FORMAT => {
            out.error(f.span(), newer_format(i64::from(n)), update_nivel());
            None
        }
        _ => {
            let (n, format) = (f.get_ref(), super::FORMAT);
            out.error(
                f.span(),
                Text::new(format!("el formato {n} no es un formato de archivo de laboratorio"), format!("format {n} is not a lab-file format")),
                Text::new(format!("escriba `format = {format}`"), format!("write `format = {format}`")),
            );
            None
        }
    }
}

/// A lab file in a format this Nivel does not know yet.
pub(super) fn newer_format(n: i64) -> Text {
    let format = super::FORMAT;
    Text::new(
        format!("este laboratorio está escrito en el formato {n}, más nuevo que el que lee esta versión de Nivel ({format}): actualice Nivel para abrirlo"),
        format!("this lab is written in format {n}, newer than this Nivel reads ({format}): update Nivel to open it"),
    )
}

pub(super) fn update_nivel() -> Text {
    Text::new("actualice Nivel a la última versión para abrir este laboratorio", "update Nivel to the latest version to open this lab")
}

fn requirements(raw: &Spanned<RawRequirements>, out: &mut Problems<'_>) -> Requirements {
    let r = raw.get_ref();
    let size = |v: &Option<Spanned<String>>, what: &str, out: &mut Problems<'_>| {
        v.as_ref().and_then(|s| units::parse_size(s.get_ref()).map_err(|e| e.of(what)).map_err(|e| out.error(s.span(), e.message, e.fix)).ok())
    };
    let memory = size(&r.memory, "memory", out);
    let disk = size(&r.disk, "disk", out);
    let cpus = r.cpus.as_ref().and_then(|c| {
        if *c.get_ref() > 0.0 && c.get_ref().is_finite() {
            Some(*c.get_ref())
        } else {
            let n = c.get_ref();
            out.error(
                c.span(),
                Text::new(format!("cpus {n} no es mayor que cero"), format!("cpus {n} is not above zero")),
                Text::new("indique las CPU que necesitan los servicios del laboratorio, como 2 o 0.5", "give the CPUs the stack needs, such as 2 or 0.5"),
            );
            None
        }
    });
    let engine = r.engine.as_ref().and_then(|e| units::parse_engine(e.get_ref()).map_err(|err| out.error(e.span(), err.message, err.fix)).ok());
    Requirements { memory, cpus, disk, engine }
}

fn link(raw: &Spanned<crate::lab::spec::raw::RawLink>, facts: Option<&ProjectFacts>, credentials: &BTreeSet<String>, out: &mut Problems<'_>) -> Option<Link> {
    let l = raw.get_ref();
    let service = match &l.service {
        Some(s) => facts.is_none_or(|f| f.has_service(s, out)).then(|| s.get_ref().clone()),
        None => {
            out.error(
                raw.span(),
                Text::new("el enlace no nombra ningún `service`", "the link names no `service`"),
                Text::new("añada `service = \"…\"`, el servicio compose cuya interfaz abre", "add `service = \"…\"`, the compose service whose UI it opens"),
            );
            None
        }
    };
    let port = match &l.port {
        Some(p) => fields::port(p, out),
        None => {
            out.error(
                raw.span(),
                Text::new("el enlace no nombra ningún `port`", "the link names no `port`"),
                Text::new("añada `port = …`, el puerto del contenedor de la interfaz", "add `port = …`, the container port of the UI"),
            );
            None
        }
    };
    if let (Some(s), Some(p), Some(facts), Some(raw_port)) = (&service, port, facts, &l.port) {
        if !facts.publishes(s, p) {
            let published = facts.published(s);
            out.warning(
                raw_port.span(),
                Text::new(
                    format!("el servicio `{s}` no publica el puerto de contenedor {p}, así que el enlace no puede abrirse"),
                    format!("service `{s}` does not publish container port {p}, so the link cannot open"),
                ),
                Text::new(
                    format!("use un puerto que publique ({}), o publique {p} en el archivo compose", published.es),
                    format!("use a port it publishes ({}), or publish {p} in the compose file", published.en),
                ),
            );
        }
    }
    let path = match &l.path {
        Some(p) => fields::path(p, "path", out)
            .filter(|_| credential::check_references(p, "path", credentials, out)),
        None => Some("/".to_string()),
    };
    let label = fields::required_text(l.label.as_ref(), raw.span(), "label", out);
    Some(Link { service: service?, port: port?, path: path?, label: label? })
}

/// The spec of a folder without `lab.toml`: a plain compose project, named after its folder.
pub(super) fn for_folder(dir: &Path, files: &[PathBuf]) -> LabSpec {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = dir.file_name().map_or_else(|| "lab".to_string(), |n| n.to_string_lossy().into_owned());
    let compose = files.iter().map(|f| f.strip_prefix(&dir).map_or_else(|_| f.clone(), Path::to_path_buf)).collect();
    LabSpec {
        format: super::FORMAT,
        id: name.clone(),
        level: None,
        compose,
        title: Text::new(name.clone(), name),
        summary: Text::new("Proyecto compose sin lab.toml: sin ejercicios.", "A compose project without lab.toml: no exercises."),
        requirements: Requirements::default(),
        links: Vec::new(),
        credentials: Vec::new(),
        exercises: Vec::new(),
    }
}
