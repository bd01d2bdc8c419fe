//! Memory, CPUs and disk: what the lab states it needs against what the engine gets. On
//! Docker Desktop and WSL2 that is the VM's share, not the machine's; without an engine, the
//! machine's (capped by Nivel's own cgroup) stands in.

use super::size::{fit, gib, gib_down, gib_up, Fit};
use super::{text, Reason, Severity};
use crate::host::facts::{EngineVm, HostFacts, ImageStatus, LabFacts, RunningProject};
use crate::i18n::Lang;
use crate::lab::Requirements;

/// Where a lab's containers run, as a student names it.
fn place(host: &HostFacts, lang: Lang) -> &'static str {
    match (host.engine.info.is_some(), host.engine.vm, lang) {
        (false, _, Lang::Es) => "esta máquina",
        (false, _, Lang::En) => "this machine",
        (true, Some(EngineVm::DockerDesktop), Lang::Es) => "su VM de Docker Desktop",
        (true, Some(EngineVm::DockerDesktop), Lang::En) => "your Docker Desktop VM",
        (true, Some(EngineVm::Wsl2), Lang::Es) => "su VM de WSL2",
        (true, Some(EngineVm::Wsl2), Lang::En) => "your WSL2 VM",
        (true, None, Lang::Es) => "el motor de Docker",
        (true, None, Lang::En) => "the Docker engine",
    }
}

fn who(lab: &LabFacts) -> String {
    format!("{} ({})", lab.lab, lab.services.join(", "))
}

/// Other projects' running containers, with the memory they hold.
fn holders<'a>(host: &'a HostFacts, lab: &LabFacts) -> Vec<&'a RunningProject> {
    host.engine.running.iter().filter(|p| p.project.as_deref() != Some(lab.lab.as_str()) && p.memory > 0).collect()
}

fn holder_name(p: &RunningProject, lang: Lang) -> String {
    match (&p.lab, &p.project, lang) {
        (Some(lab), _, Lang::Es) => format!("el laboratorio {lab}"),
        (Some(lab), _, Lang::En) => format!("the {lab} lab"),
        (None, Some(project), Lang::Es) => format!("el proyecto compose {project}"),
        (None, Some(project), Lang::En) => format!("the compose project {project}"),
        (None, None, Lang::Es) => "otros contenedores".into(),
        (None, None, Lang::En) => "other containers".into(),
    }
}

fn stop_command(p: &RunningProject) -> String {
    match (&p.lab, &p.project) {
        (Some(lab), _) => format!("nivel down {lab}"),
        (None, Some(project)) => format!("docker compose -p {project} stop"),
        (None, None) => "docker ps".into(),
    }
}

fn or(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "; o ",
        Lang::En => "; or ",
    }
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
    let message = text(|l| {
        let has = if held == 0 {
            match l {
                Lang::Es => format!("{} tiene {}", place(host, l), gib_down(capacity, l)),
                Lang::En => format!("{} has {}", place(host, l), gib_down(capacity, l)),
            }
        } else {
            let list: Vec<String> = held_by.iter().map(|p| format!("{} {}", holder_name(p, l), gib(p.memory, l))).collect();
            match l {
                Lang::Es => format!("{} tiene {} libres de {} ({})", place(host, l), gib_down(free, l), gib(capacity, l), list.join(", ")),
                Lang::En => format!("{} has {} free of {} ({})", place(host, l), gib_down(free, l), gib(capacity, l), list.join(", ")),
            }
        };
        let tight = match (severity, l) {
            (Severity::Warning, Lang::Es) => ": justo, sin margen",
            (Severity::Warning, Lang::En) => ": tight, with no margin",
            _ => "",
        };
        match l {
            Lang::Es => format!("{} necesita {} de memoria; {has}{tight}", who(lab), gib_up(need, l)),
            Lang::En => format!("{} needs {} of memory; {has}{tight}", who(lab), gib_up(need, l)),
        }
    });
    let remedy = text(|l| {
        let mut ways: Vec<String> = held_by
            .iter()
            .take(3)
            .map(|p| match l {
                Lang::Es => format!("detenga {} que ocupa {} (`{}`)", holder_name(p, l), gib(p.memory, l), stop_command(p)),
                Lang::En => format!("stop {} that holds {} (`{}`)", holder_name(p, l), gib(p.memory, l), stop_command(p)),
            })
            .collect();
        ways.push(match (host.engine.vm, severity, l) {
            (Some(EngineVm::DockerDesktop), _, Lang::Es) => "aumente la memoria en Docker Desktop → Settings → Resources".into(),
            (Some(EngineVm::DockerDesktop), _, Lang::En) => "raise the memory in Docker Desktop → Settings → Resources".into(),
            (Some(EngineVm::Wsl2), _, Lang::Es) => "aumente `memory=` bajo [wsl2] en %UserProfile%\\.wslconfig y ejecute `wsl --shutdown`".into(),
            (Some(EngineVm::Wsl2), _, Lang::En) => "raise `memory=` under [wsl2] in %UserProfile%\\.wslconfig, then run `wsl --shutdown`".into(),
            (None, Severity::Warning, Lang::Es) => "cierre otros programas antes de iniciar el laboratorio".into(),
            (None, Severity::Warning, Lang::En) => "close other programs before starting the lab".into(),
            (None, _, Lang::Es) => format!("use una máquina con al menos {} de memoria", gib_up(need, l)),
            (None, _, Lang::En) => format!("use a machine with at least {} of memory", gib_up(need, l)),
        });
        ways.join(or(l))
    });
    Some(Reason { code, severity, message, remedy: Some(remedy) })
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
    let message = text(|l| match l {
        Lang::Es => format!("{} está pensado para {} CPU; {} tiene {}: funcionará, más lento", who(lab), cpus_text(need), place(host, l), cpus_text(have)),
        Lang::En => format!("{} is meant for {} CPUs; {} has {}: it will run, more slowly", who(lab), cpus_text(need), place(host, l), cpus_text(have)),
    });
    let remedy = text(|l| match (host.engine.vm, l) {
        (Some(EngineVm::DockerDesktop), Lang::Es) => "aumente las CPU en Docker Desktop → Settings → Resources".into(),
        (Some(EngineVm::DockerDesktop), Lang::En) => "raise the CPUs in Docker Desktop → Settings → Resources".into(),
        (Some(EngineVm::Wsl2), Lang::Es) => "aumente `processors=` bajo [wsl2] en %UserProfile%\\.wslconfig y ejecute `wsl --shutdown`".into(),
        (Some(EngineVm::Wsl2), Lang::En) => "raise `processors=` under [wsl2] in %UserProfile%\\.wslconfig, then run `wsl --shutdown`".into(),
        (None, Lang::Es) => "cierre otros programas pesados mientras el laboratorio funciona".into(),
        (None, Lang::En) => "close other heavy programs while the lab runs".into(),
    });
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
    let message = text(|l| {
        let here = match (present, l) {
            (0, _) => String::new(),
            (p, Lang::Es) => format!(" (ya hay {} de sus imágenes)", gib(p, l)),
            (p, Lang::En) => format!(" ({} of its images are already here)", gib(p, l)),
        };
        match l {
            Lang::Es => format!("{} necesita {} de disco para imágenes y datos{here}; {root} tiene {} libres", who(lab), gib_up(need, l), gib_down(free, l)),
            Lang::En => format!("{} needs {} of disk for images and data{here}; {root} has {} free", who(lab), gib_up(need, l), gib_down(free, l)),
        }
    });
    let remedy = text(|l| match l {
        Lang::Es => "libere espacio: `docker system prune` borra contenedores detenidos, redes sin uso e imágenes huérfanas".into(),
        Lang::En => "free space: `docker system prune` removes stopped containers, unused networks and dangling images".into(),
    });
    Some(Reason { code, severity, message, remedy: Some(remedy) })
}
