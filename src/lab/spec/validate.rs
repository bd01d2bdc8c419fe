//! The second step: a [`RawLab`] judged against the rules of docs/labs.md and against what
//! its compose project offers, collecting every problem rather than stopping at the first.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use crate::lab::Requirements;

use super::check;
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
        out.error(compose.span(), "`compose` names no file", "name the compose file, or leave `compose` out to use compose.yaml");
    }
    let mut files = Vec::new();
    for name in names {
        let path = PathBuf::from(&name);
        let inside = !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if inside {
            files.push(path);
        } else {
            out.error(compose.span(), format!("compose file `{name}` is not inside the lab folder"), "give a path relative to the lab folder, without `..`: the lab folder is shipped as it is");
        }
    }
    (files, compose.span())
}

/// Builds the spec; `None` when any error was found. `facts` is `None` when the compose
/// project did not load.
pub(super) fn lab(raw: &RawLab, compose: Vec<PathBuf>, facts: Option<&ProjectFacts>, out: &mut Problems<'_>) -> Option<LabSpec> {
    let top = 0..0;
    let format = format(raw, out);
    let id = fields::id(raw.id.as_ref(), top.clone(), "the lab", out);
    let level = raw.level.as_ref().and_then(|l| match u8::try_from(*l.get_ref()) {
        Ok(n) if n <= 4 => Some(n),
        _ => {
            out.error(l.span(), format!("level {} is not a course level", l.get_ref()), "use 0 to 4, or leave `level` out for a lab outside the course");
            None
        }
    });
    let title = fields::required_text(raw.title.as_ref(), top.clone(), "title", out);
    let summary = fields::required_text(raw.summary.as_ref(), top.clone(), "summary", out);
    let requirements = raw.requirements.as_ref().map_or_else(Requirements::default, |r| requirements(r, out));
    let links: Vec<Link> = raw.links.iter().filter_map(|l| link(l, facts, out)).collect();
    let mut seen = BTreeSet::new();
    let mut exercises = Vec::new();
    for e in &raw.exercises {
        let id = fields::id(e.id.as_ref(), e.span.clone(), "the exercise", out);
        if let (Some(id), Some(raw_id)) = (&id, &e.id) {
            if !seen.insert(id.clone()) {
                out.error(raw_id.span(), format!("exercise id `{id}` is used twice"), "give every exercise its own id: progress is recorded by it");
            }
        }
        let title = fields::required_text(e.title.as_ref(), e.span.clone(), "title", out);
        let hint = e.hint.as_ref().map(|h| fields::text(h, "hint", out));
        if e.checks.is_empty() {
            out.error(e.span.clone(), "the exercise has no checks, so it can never pass", "add at least one `[[exercise.check]]` under it");
        }
        let checks: Vec<_> = e.checks.iter().map(|c| c.as_ref().and_then(|c| check::check(c, facts, out))).collect();
        if let (Some(id), Some(title), Some(hint)) = (id, title, hint.map_or(Some(None), |h| h.map(Some))) {
            exercises.push(Exercise { id, title, hint, checks: checks.into_iter().flatten().collect() });
        }
    }
    if out.has_errors() {
        return None;
    }
    let compose = if compose.is_empty() { vec![PathBuf::from("compose.yaml")] } else { compose };
    Some(LabSpec { format: format?, id: id?, level, compose, title: title?, summary: summary?, requirements, links, exercises })
}

fn format(raw: &RawLab, out: &mut Problems<'_>) -> Option<u32> {
    let Some(f) = &raw.format else {
        out.error(0..0, "the lab file does not say its `format`", format!("add `format = {}` as its first line", super::FORMAT));
        return None;
    };
    match u32::try_from(*f.get_ref()) {
        Ok(n) if n == super::FORMAT => Some(n),
        Ok(n) if n > super::FORMAT => {
            out.error(f.span(), format!("this lab is written in format {n}, newer than this Nivel reads ({}): update Nivel to open it", super::FORMAT), "update Nivel to the latest version to open this lab");
            None
        }
        _ => {
            out.error(f.span(), format!("format {} is not a lab-file format", f.get_ref()), format!("write `format = {}`", super::FORMAT));
            None
        }
    }
}

fn requirements(raw: &Spanned<RawRequirements>, out: &mut Problems<'_>) -> Requirements {
    let r = raw.get_ref();
    let size = |v: &Option<Spanned<String>>, what: &str, out: &mut Problems<'_>| {
        v.as_ref().and_then(|s| units::parse_size(s.get_ref()).map_err(|e| out.error(s.span(), format!("{what}: {}", e.message), e.fix)).ok())
    };
    let memory = size(&r.memory, "memory", out);
    let disk = size(&r.disk, "disk", out);
    let cpus = r.cpus.as_ref().and_then(|c| {
        if *c.get_ref() > 0.0 && c.get_ref().is_finite() {
            Some(*c.get_ref())
        } else {
            out.error(c.span(), format!("cpus {} is not above zero", c.get_ref()), "give the CPUs the stack needs, such as 2 or 0.5");
            None
        }
    });
    let engine = r.engine.as_ref().and_then(|e| units::parse_engine(e.get_ref()).map_err(|err| out.error(e.span(), err.message, err.fix)).ok());
    Requirements { memory, cpus, disk, engine }
}

fn link(raw: &Spanned<crate::lab::spec::raw::RawLink>, facts: Option<&ProjectFacts>, out: &mut Problems<'_>) -> Option<Link> {
    let l = raw.get_ref();
    let service = match &l.service {
        Some(s) => facts.is_none_or(|f| f.has_service(s, out)).then(|| s.get_ref().clone()),
        None => {
            out.error(raw.span(), "the link names no `service`", "add `service = \"…\"`, the compose service whose UI it opens");
            None
        }
    };
    let port = match &l.port {
        Some(p) => fields::port(p, out),
        None => {
            out.error(raw.span(), "the link names no `port`", "add `port = …`, the container port of the UI");
            None
        }
    };
    if let (Some(s), Some(p), Some(facts), Some(raw_port)) = (&service, port, facts, &l.port) {
        if !facts.publishes(s, p) {
            out.warning(
                raw_port.span(),
                format!("service `{s}` does not publish container port {p}, so the link cannot open"),
                format!("use a port it publishes ({}), or publish {p} in the compose file", facts.published(s)),
            );
        }
    }
    let path = match &l.path {
        Some(p) => fields::path(p, "path", out),
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
        title: crate::lab::Text::new(name.clone(), name),
        summary: crate::lab::Text::new("Proyecto compose sin lab.toml: sin ejercicios.", "A compose project without lab.toml: no exercises."),
        requirements: Requirements::default(),
        links: Vec::new(),
        exercises: Vec::new(),
    }
}
