//! Memory, CPUs and disk: what the lab states it needs against what the engine gets. On
//! Docker Desktop and WSL2 that is the VM's share, not the machine's; without an engine, the
//! machine's (capped by Nivel's own cgroup) stands in.

use super::size::{fit, gib, gib_down, gib_up, Fit};
use super::{Reason, Severity};
use crate::host::facts::{EngineVm, HostFacts, ImageStatus, LabFacts, RunningProject};
use crate::lab::{Requirements, Text};

/// Where a lab's containers run, as a student names it.
fn place(host: &HostFacts) -> Text {
    match (host.engine.info.is_some(), host.engine.vm) {
        (false, _) => Text::new("esta máquina", "this machine"),
        (true, Some(EngineVm::DockerDesktop)) => Text::new("su VM de Docker Desktop", "your Docker Desktop VM"),
        (true, Some(EngineVm::Wsl2)) => Text::new("su VM de WSL2", "your WSL2 VM"),
        (true, None) => Text::new("el motor de Docker", "the Docker engine"),
    }
}

fn who(lab: &LabFacts) -> String {
    format!("{} ({})", lab.lab, lab.services.join(", "))
}

/// Other projects' running containers, with the memory they hold.
fn holders<'a>(host: &'a HostFacts, lab: &LabFacts) -> Vec<&'a RunningProject> {
    host.engine.running.iter().filter(|p| p.project.as_deref() != Some(lab.lab.as_str()) && p.memory > 0).collect()
}

fn holder_name(p: &RunningProject) -> Text {
    match (&p.lab, &p.project) {
        (Some(lab), _) => Text::new(format!("el laboratorio {lab}"), format!("the {lab} lab")),
        (None, Some(project)) => Text::new(format!("el proyecto compose {project}"), format!("the compose project {project}")),
        (None, None) => Text::new("otros contenedores", "other containers"),
    }
}

/// The Docker command that stops what holds the memory; a lab has none here, since Nivel
/// stops its own labs (the front end offers that).
fn stop_command(p: &RunningProject) -> String {
    match (&p.lab, &p.project) {
        (Some(_), _) => String::new(),
        (None, Some(project)) => format!(" (`docker compose -p {project} stop`)"),
        (None, None) => " (`docker ps`)".into(),
    }
}

/// `parts` joined with "; or ".
fn any_of(parts: &[Text]) -> Text {
    Text::new(
        parts.iter().map(|t| t.es.as_str()).collect::<Vec<_>>().join("; o "),
        parts.iter().map(|t| t.en.as_str()).collect::<Vec<_>>().join("; or "),
    )
}

pub fn memory(host: &HostFacts, lab: &LabFacts, req: &Requirements) -> Option<Reason> {
    let need = req.memory?;
    let capacity = host.engine.info.as_ref().map_or_else(|| host.machine.memory_limit(), |i| i.memory);
    let held_by = holders(host, lab);
    let held: u64 = held_by.iter().map(|p| p.memory).sum();
    let free = capacity.saturating_sub(held);
    let (code, severity) = match fit(free, need) {
        Fit::Enough => return None,
        Fit::Tight => ("memory.tight", Severity::Warning),
        Fit::Short => ("memory.short", Severity::Blocker),
    };
    let (place, need_up) = (place(host), gib_up(need));
    let has = if held == 0 {
        let capacity = gib_down(capacity);
        Text::new(format!("{} tiene {}", place.es, capacity.es), format!("{} has {}", place.en, capacity.en))
    } else {
        let list: Vec<Text> = held_by.iter().map(|p| (holder_name(p), gib(p.memory))).map(|(n, g)| Text::new(format!("{} {}", n.es, g.es), format!("{} {}", n.en, g.en))).collect();
        let (list, free, capacity) = (Text::join(&list, ", "), gib_down(free), gib(capacity));
        Text::new(
            format!("{} tiene {} libres de {} ({})", place.es, free.es, capacity.es, list.es),
            format!("{} has {} free of {} ({})", place.en, free.en, capacity.en, list.en),
        )
    };
    let tight = if severity == Severity::Warning { Text::new(": justo, sin margen", ": tight, with no margin") } else { Text::default() };
    let message = Text::new(
        format!("{} necesita {} de memoria; {}{}", who(lab), need_up.es, has.es, tight.es),
        format!("{} needs {} of memory; {}{}", who(lab), need_up.en, has.en, tight.en),
    );
    let mut ways: Vec<Text> = held_by
        .iter()
        .take(3)
        .map(|p| {
            let (name, size, stop) = (holder_name(p), gib(p.memory), stop_command(p));
            Text::new(format!("detenga {} que ocupa {}{stop}", name.es, size.es), format!("stop {} that holds {}{stop}", name.en, size.en))
        })
        .collect();
    ways.push(match (host.engine.vm, severity) {
        (Some(EngineVm::DockerDesktop), _) => Text::new("aumente la memoria en Docker Desktop → Settings → Resources", "raise the memory in Docker Desktop → Settings → Resources"),
        (Some(EngineVm::Wsl2), _) => Text::new(
            "aumente `memory=` bajo [wsl2] en %UserProfile%\\.wslconfig y ejecute `wsl --shutdown`",
            "raise `memory=` under [wsl2] in %UserProfile%\\.wslconfig, then run `wsl --shutdown`",
        ),
        (None, Severity::Warning) => Text::new("cierre otros programas antes de iniciar el laboratorio", "close other programs before starting the lab"),
        (None, _) => Text::new(format!("use una máquina con al menos {} de memoria", need_up.es), format!("use a machine with at least {} of memory", need_up.en)),
    });
    Some(Reason { code, severity, message, remedy: Some(any_of(&ways)) })
}

fn cpus_text(n: f64) -> String {
    if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n:.1}") }
}

pub fn cpus(host: &HostFacts, lab: &LabFacts, req: &Requirements) -> Option<Reason> {
    let need = req.cpus?;
    let have = host.engine.info.as_ref().map_or_else(|| host.machine.cpu_limit(), |i| f64::from(i.cpus));
    if have + 1e-9 >= need {
        return None;
    }
    let place = place(host);
    let message = Text::new(
        format!("{} está pensado para {} CPU; {} tiene {}: funcionará, más lento", who(lab), cpus_text(need), place.es, cpus_text(have)),
        format!("{} is meant for {} CPUs; {} has {}: it will run, more slowly", who(lab), cpus_text(need), place.en, cpus_text(have)),
    );
    let remedy = match host.engine.vm {
        Some(EngineVm::DockerDesktop) => Text::new("aumente las CPU en Docker Desktop → Settings → Resources", "raise the CPUs in Docker Desktop → Settings → Resources"),
        Some(EngineVm::Wsl2) => Text::new(
            "aumente `processors=` bajo [wsl2] en %UserProfile%\\.wslconfig y ejecute `wsl --shutdown`",
            "raise `processors=` under [wsl2] in %UserProfile%\\.wslconfig, then run `wsl --shutdown`",
        ),
        None => Text::new("cierre otros programas pesados mientras el laboratorio funciona", "close other heavy programs while the lab runs"),
    };
    Some(Reason { code: "cpus.short", severity: Severity::Warning, message, remedy: Some(remedy) })
}

/// The stated disk need covers images and data; images already on the engine need no more.
pub fn disk(host: &HostFacts, lab: &LabFacts, req: &Requirements) -> Option<Reason> {
    let stated = req.disk?;
    let free = host.engine.root_dir_free?;
    let root = host.engine.info.as_ref().map(|i| i.root_dir.clone()).unwrap_or_default();
    let present: u64 = lab.images.iter().filter(|i| i.status == ImageStatus::Present).filter_map(|i| i.size).sum();
    let need = stated.saturating_sub(present);
    let (code, severity) = match fit(free, need) {
        Fit::Enough => return None,
        Fit::Tight => ("disk.tight", Severity::Warning),
        Fit::Short => ("disk.short", Severity::Blocker),
    };
    let here = match present {
        0 => Text::default(),
        p => {
            let p = gib(p);
            Text::new(format!(" (ya hay {} de sus imágenes)", p.es), format!(" ({} of its images are already here)", p.en))
        }
    };
    let (need, free) = (gib_up(need), gib_down(free));
    let message = Text::new(
        format!("{} necesita {} de disco para imágenes y datos{}; {root} tiene {} libres", who(lab), need.es, here.es, free.es),
        format!("{} needs {} of disk for images and data{}; {root} has {} free", who(lab), need.en, here.en, free.en),
    );
    let remedy = Text::new(
        "libere espacio: `docker system prune` borra contenedores detenidos, redes sin uso e imágenes huérfanas",
        "free space: `docker system prune` removes stopped containers, unused networks and dangling images",
    );
    Some(Reason { code, severity, message, remedy: Some(remedy) })
}
