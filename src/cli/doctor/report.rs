//! The doctor's report for people: the machine, the engine, then each lab's verdict with its
//! reasons and what to do, in the student's language.

use std::fmt::Write as _;

use nivel::app::doctor::{gib, hub_figure, EngineFacts, EngineStatus, EngineVm, HostFacts, MachineFacts};
use nivel::app::{Reason, Severity};
use nivel::i18n::Lang;
use nivel::lab::Text;

use nivel::app::doctor::LabDoctor;

pub fn render(host: &HostFacts, labs: &[LabDoctor], lang: Lang) -> String {
    let mut out = String::new();
    machine(&mut out, &host.machine, lang);
    out.push('\n');
    engine(&mut out, &host.engine, lang);
    if let Some(pulls) = &host.docker_hub {
        let _ = writeln!(out, "\nDocker Hub");
        row(&mut out, Text::new("descargas", "pulls").get(lang), hub_figure(pulls).get(lang));
    }
    for lab in labs {
        out.push('\n');
        let _ = writeln!(out, "{:<10} {}", lab.id, lab.verdict.level.label().get(lang));
        out.push_str(&reasons(&lab.verdict.reasons, lang));
    }
    out
}

/// Each reason with its mark (✗ blocker, ! warning, · note) and its remedy under it.
pub fn reasons(list: &[Reason], lang: Lang) -> String {
    let mut out = String::new();
    for r in list {
        let mark = match r.severity {
            Severity::Blocker => "✗",
            Severity::Warning => "!",
            Severity::Note => "·",
        };
        let _ = writeln!(out, "  {mark} {}", r.message.get(lang));
        if let Some(remedy) = &r.remedy {
            let _ = writeln!(out, "    → {}", remedy.get(lang));
        }
    }
    out
}

fn row(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:<12} {value}");
}

fn machine(out: &mut String, m: &MachineFacts, lang: Lang) {
    let _ = writeln!(out, "{}", Text::new("Máquina", "Machine").get(lang));
    row(out, Text::new("sistema", "system").get(lang), &format!("{} {} (kernel {})", m.os, m.os_version, m.kernel_version));
    row(out, "CPU", &format!("{} × {}", m.cpu_model, m.cpus));
    let (total, available, swap) = (gib(m.memory_total), gib(m.memory_available), gib(m.swap_total));
    let memory = Text::new(
        format!("{} ({} disponibles), swap {}", total.es, available.es, swap.es),
        format!("{} ({} available), swap {}", total.en, available.en, swap.en),
    );
    row(out, Text::new("memoria", "memory").get(lang), memory.get(lang));
    if let Some(c) = m.cgroup.as_ref().filter(|c| c.memory.is_some() || c.cpus.is_some()) {
        let mut limits = Vec::new();
        limits.extend(c.memory.map(|b| gib(b).get(lang).to_owned()));
        limits.extend(c.cpus.map(|n| format!("{n:.1} CPU")));
        row(out, "cgroup", &format!("v{}: {}", c.version, limits.join(", ")));
    }
}

fn engine(out: &mut String, e: &EngineFacts, lang: Lang) {
    let _ = writeln!(out, "{}", Text::new("Motor de Docker", "Docker engine").get(lang));
    let status = match e.status {
        EngineStatus::Reachable => Text::new("responde", "reachable"),
        EngineStatus::NotInstalled => Text::new("no instalado", "not installed"),
        EngineStatus::NotRunning => Text::new("no está en marcha", "not running"),
        EngineStatus::NotAnswering => Text::new("no responde", "not answering"),
        EngineStatus::PermissionDenied => Text::new("permiso denegado", "permission denied"),
        EngineStatus::Unsupported | EngineStatus::Error => Text::new("no se puede usar", "unusable"),
    };
    row(out, Text::new("estado", "status").get(lang), &format!("{} ({})", status.get(lang), e.host));
    let Some(i) = &e.info else {
        if let Some(error) = &e.error {
            row(out, Text::new("error", "error").get(lang), error);
        }
        return;
    };
    row(out, Text::new("versión", "version").get(lang), &format!("{} (API {}), {}/{}", i.version, i.api_version, i.os_type, i.architecture));
    let vm = match e.vm {
        Some(EngineVm::DockerDesktop) => Text::new(", en la VM de Docker Desktop", ", in the Docker Desktop VM"),
        Some(EngineVm::Wsl2) => Text::new(", en la VM de WSL2", ", in the WSL2 VM"),
        None => Text::default(),
    };
    row(out, Text::new("recursos", "resources").get(lang), &format!("{} CPU, {}{}", i.cpus, gib(i.memory).get(lang), vm.get(lang)));
    let free = match e.root_dir_free {
        Some(f) => format!(", {} {}", gib(f).get(lang), Text::new("libres", "free").get(lang)),
        None => String::new(),
    };
    row(out, Text::new("almacén", "storage").get(lang), &format!("{} {} {}{free}", i.storage_driver, Text::new("en", "at").get(lang), i.root_dir));
    if let Some(v) = i.cgroup_version {
        row(out, "cgroup", &format!("v{v}"));
    }
    for p in &e.running {
        let unnamed = Text::new("(sin proyecto)", "(no project)");
        let name = p.lab.as_deref().or(p.project.as_deref()).unwrap_or(unnamed.get(lang));
        let memory = gib(p.memory);
        let containers = Text::count(p.containers as usize, ("contenedor", "contenedores"), ("container", "containers"));
        let what = Text::new(format!("{name}: {}, {}", containers.es, memory.es), format!("{name}: {}, {}", containers.en, memory.en));
        row(out, Text::new("en marcha", "running").get(lang), what.get(lang));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nivel::app::doctor::{EngineFacts, LabFacts};
    use nivel::app::{Level, Reason, Verdict};
    use nivel::lab::{Requirements, Text};

    #[test]
    fn machine_engine_then_each_lab_with_reasons_and_remedies() {
        let error = nivel::app::EngineError::NotRunning { host: "unix:///s".into(), source: "default socket".into() };
        let host = HostFacts {
            nivel_version: "0.1.0".into(),
            gathered_at: 0,
            machine: MachineFacts { os: "Debian".into(), os_version: "12".into(), cpu_model: "Xeon".into(), cpus: 2, memory_total: 8 << 30, ..Default::default() },
            engine: EngineFacts::unreachable("unix:///s", &error, true),
            docker_hub: None,
        };
        let reason = Reason {
            code: "engine.not_running",
            severity: Severity::Blocker,
            message: Text::new("el motor no responde", "the engine does not answer"),
            remedy: Some(Text::new("inícielo", "start it")),
        };
        let labs = [LabDoctor {
            id: "level-0".into(),
            level: Some(0),
            requirements: Requirements::default(),
            facts: LabFacts { lab: "level-0".into(), services: vec![], ports: vec![], images: vec![] },
            verdict: Verdict { level: Level::NotReady, reasons: vec![reason] },
        }];
        let text = render(&host, &labs, Lang::En);
        assert!(text.starts_with("Machine\n  system       Debian 12"), "the machine first:\n{text}");
        assert!(text.contains("Docker engine\n  status       not running (unix:///s)"), "then the engine:\n{text}");
        assert!(text.ends_with("level-0    not ready\n  ✗ the engine does not answer\n    → start it\n"), "then each lab:\n{text}");
        let es = render(&host, &labs, Lang::Es);
        assert!(es.contains("level-0    no está listo\n  ✗ el motor no responde\n    → inícielo"), "in Spanish:\n{es}");
    }
}
