//! Facts about the machine, the engine and each lab, gathered once into plain serialisable
//! data so that the readiness rules are pure functions over it. Gathering runs the OS reads
//! (on a blocking thread) and the engine calls concurrently; nothing samples over time.

mod cgroup;
mod engine;
mod lab;
mod machine;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::docker::facts::{self as engine_side, LocalImage, RunningContainer};
use crate::docker::registry::HubPulls;
use crate::docker::{Engine, EngineError};

pub use engine::{engine_installed, vm_of, EngineFacts, EngineStatus, EngineVm, RunningProject};
pub use lab::{lab_facts, ImageStatus, LabFacts, LabTarget};
pub use machine::{free_space, MachineFacts};
#[cfg(test)]
pub(crate) use {cgroup::CgroupLimits, lab::{Busy, ImageFact, PortFact}};

/// The time one-shot container stats may take before a container's memory is left unknown.
pub const STATS_BUDGET: Duration = Duration::from_millis(150);

/// The time the engine's facts may take once it answered the handshake: `doctor` and `labs`
/// report within seconds even when an engine stalls on listings.
pub const ENGINE_FACTS_BUDGET: Duration = Duration::from_secs(10);

/// Everything about this machine and its engine that readiness depends on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HostFacts {
    /// The Nivel version that gathered them.
    pub nivel_version: String,
    /// When, in seconds since the Unix epoch.
    pub gathered_at: u64,
    pub machine: MachineFacts,
    pub engine: EngineFacts,
    /// Docker Hub's figure of pulls left, asked by the doctor when a lab still pulls from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_hub: Option<HubPulls>,
}

/// The facts plus what the engine holds (its images, its running containers), from which each
/// lab's facts are computed without asking the engine again.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub facts: HostFacts,
    /// `None` when the engine did not answer.
    pub images: Option<Vec<LocalImage>>,
    pub containers: Vec<RunningContainer>,
}

impl Snapshot {
    /// One lab's facts; checks its host ports now.
    pub fn lab(&self, target: &LabTarget<'_>) -> LabFacts {
        lab_facts(target, self.images.as_deref(), &self.containers, crate::docker::ports::busy_ports)
    }
}

/// Gathers the facts. `engine` is the connected engine, or why connecting failed (with the
/// address tried); `now` is recorded as the time of gathering.
pub async fn gather(engine: Result<&Engine, (&str, &EngineError)>, now: SystemTime) -> Snapshot {
    let machine = tokio::task::spawn_blocking(machine::gather);
    let (machine, engine_part) = tokio::join!(machine, engine_facts(engine));
    let (machine, mounts) = machine.unwrap_or_default();
    let (mut facts, images, containers) = engine_part;
    if let Some(info) = &facts.info {
        if engine::root_dir_is_local(&facts.host, facts.vm, &info.root_dir) {
            facts.root_dir_free = free_space(&mounts, Path::new(&info.root_dir));
        }
    }
    Snapshot {
        facts: HostFacts {
            nivel_version: env!("CARGO_PKG_VERSION").to_string(),
            gathered_at: now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
            machine,
            engine: facts,
            docker_hub: None,
        },
        images,
        containers,
    }
}

async fn engine_facts(engine: Result<&Engine, (&str, &EngineError)>) -> (EngineFacts, Option<Vec<LocalImage>>, Vec<RunningContainer>) {
    let engine = match engine {
        Ok(e) => e,
        Err((host, error)) => {
            let installed = std::env::var("PATH").is_ok_and(|p| engine_installed(&p));
            return (EngineFacts::unreachable(host, error, installed), None, Vec::new());
        }
    };
    let host = engine.host.url.clone();
    let asked = async {
        tokio::join!(
            engine_side::engine_info(engine),
            engine_side::local_images(engine),
            engine_side::running_containers(engine, STATS_BUDGET),
        )
    };
    let (info, images, containers) = match tokio::time::timeout(ENGINE_FACTS_BUDGET, asked).await {
        Ok(answers) => answers,
        Err(_) => {
            let silent = EngineError::NoAnswer { host: host.clone(), waited: ENGINE_FACTS_BUDGET };
            return (EngineFacts::unreachable(&host, &silent, true), None, Vec::new());
        }
    };
    let (info, images, containers) = match (info, images, containers) {
        (Ok(i), Ok(im), Ok(c)) => (i, im, c),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            let mut facts = EngineFacts::unreachable(&host, &e, true);
            // It answered the handshake: anything but silence is a failure of the engine.
            if facts.status != EngineStatus::NotAnswering {
                facts.status = EngineStatus::Error;
            }
            return (facts, None, Vec::new());
        }
    };
    let facts = EngineFacts {
        host,
        status: EngineStatus::Reachable,
        error: None,
        vm: vm_of(&info),
        info: Some(info),
        root_dir_free: None,
        running: engine::by_project(&containers),
    };
    (facts, Some(images), containers)
}
