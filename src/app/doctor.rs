//! Can this machine run the labs, and if not, exactly why and what to do: the facts about
//! the machine and the engine, gathered once, and each lab's verdict with its reasons, as one
//! serialisable report a teaching assistant can read.

use std::collections::HashMap;
use std::time::SystemTime;

use serde::Serialize;

use crate::compose::model::Project;
use crate::docker::spec::SpecOptions;
use crate::docker::{Engine, EngineError};
use crate::docker::registry::{hub_pulls, reach, source_of, HubPulls, Reach};
use crate::host::facts::ImageStatus;
use crate::host::rules::RegistryFact;
use crate::host::{gather, LabTarget, Verdict};
use crate::lab::Requirements;

use super::{Context, LifecycleError, OpenedLab};

/// The facts the doctor gathers, the sizes as it words them, and the support bundle.
pub use crate::host::bundle;
pub use crate::host::facts::{EngineFacts, EngineStatus, EngineVm, LabFacts, MachineFacts};
pub use crate::host::rules::{gib, gib_up, hub_figure};
pub use crate::host::HostFacts;

/// The facts and every lab's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct DoctorReport {
    /// The machine and the engine, as `nivel doctor --json` prints them under `host`.
    #[cfg_attr(feature = "bindings", ts(type = "Record<string, unknown>"))]
    pub facts: HostFacts,
    pub labs: Vec<LabDoctor>,
}

/// One lab's requirements, the facts about it and its verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LabDoctor {
    pub id: String,
    /// The course level, for built-in labs.
    pub level: Option<u8>,
    #[cfg_attr(feature = "bindings", ts(type = "Record<string, unknown>"))]
    pub requirements: Requirements,
    #[cfg_attr(feature = "bindings", ts(type = "Record<string, unknown>"))]
    pub facts: LabFacts,
    pub verdict: Verdict,
}

/// A lab to judge, loaded.
#[derive(Debug)]
pub struct LabToJudge {
    pub id: String,
    pub level: Option<u8>,
    pub project: Project,
    pub requirements: Requirements,
}

/// The report for every built-in lab.
pub async fn doctor(ctx: &Context) -> Result<DoctorReport, LifecycleError> {
    Ok(judge(ctx, every_builtin(ctx)?).await.1)
}

/// Every built-in lab, opened (written to the data folder when needed) to be judged.
pub fn every_builtin(ctx: &Context) -> Result<Vec<LabToJudge>, LifecycleError> {
    crate::lab::catalog().iter().map(|b| super::open_builtin(ctx, b).map(LabToJudge::from)).collect()
}

/// Connects to the context's engine, gathers the facts once and judges each of `labs`; the
/// engine comes back too (or why it did not answer) for callers that go on to use it.
pub async fn judge(ctx: &Context, labs: Vec<LabToJudge>) -> (Result<Engine, EngineError>, DoctorReport) {
    let connected = super::engine::connect(ctx).await;
    let now: SystemTime = ctx.now();
    let snapshot = gather(connected.as_ref().map_err(|e| (ctx.engine_host.url.as_str(), e)), now).await;
    let mut facts = snapshot.facts.clone();
    let judged: Vec<(LabToJudge, LabFacts, Verdict)> = labs
        .into_iter()
        .map(|lab| {
            let target = LabTarget { lab: &lab.id, project: &lab.project, spec: SpecOptions::default() };
            let (facts, verdict) = snapshot.judge(&target, &lab.requirements);
            (lab, facts, verdict)
        })
        .collect();
    let Ok(engine) = &connected else {
        let labs = judged.into_iter().map(|(lab, facts, verdict)| LabDoctor { id: lab.id, level: lab.level, requirements: lab.requirements, facts, verdict }).collect();
        return (connected, DoctorReport { facts, labs });
    };
    // Docker Hub is asked for its pulls left while the registries are, when a lab pulls from it.
    let from_hub = judged.iter().any(|(_, lab, _)| to_pull(lab).any(|image| source_of(engine, image).1 == "docker.io"));
    let registries = engine.registries.clone();
    let hub = from_hub.then(|| tokio::spawn(async move { hub_pulls(&registries).await }));
    let mut asked = HashMap::new();
    let mut needed = Vec::new();
    for (_, lab, _) in &judged {
        needed.push(registries_needed(engine, lab, &mut asked).await);
    }
    if let Some(task) = hub {
        facts.docker_hub = Some(task.await.unwrap_or_else(|e| HubPulls::CouldNotAsk { message: e.to_string() }));
    }
    let labs = judged
        .into_iter()
        .zip(needed)
        .map(|((lab, lab_facts, verdict), needed)| {
            let verdict = verdict.with_registries(&needed, facts.docker_hub.as_ref());
            LabDoctor { id: lab.id, level: lab.level, requirements: lab.requirements, facts: lab_facts, verdict }
        })
        .collect();
    (connected, DoctorReport { facts, labs })
}

/// The images `lab` still has to pull: those it runs, and the base images of those it builds.
fn to_pull(lab: &LabFacts) -> impl Iterator<Item = &String> {
    let run = lab.images.iter().filter(|i| i.status == ImageStatus::Download).map(|i| &i.image);
    run.chain(lab.images.iter().filter(|i| i.status == ImageStatus::Build).flat_map(|i| &i.bases))
}

/// The registries `lab`'s missing images come from (through the image map), each asked once
/// per report (`asked` keeps the answers), with the images it would give.
async fn registries_needed(engine: &Engine, lab: &LabFacts, asked: &mut HashMap<String, Reach>) -> Vec<RegistryFact> {
    let mut facts: Vec<RegistryFact> = Vec::new();
    for image in to_pull(lab) {
        let (source, registry) = source_of(engine, image);
        if !asked.contains_key(&registry) {
            asked.insert(registry.clone(), reach(engine, &source).await);
        }
        match facts.iter_mut().find(|f| f.registry == registry) {
            Some(f) if !f.images.contains(image) => f.images.push(image.clone()),
            Some(_) => {}
            None => {
                let reach = asked.get(&registry).cloned().unwrap_or(Reach::Answers);
                facts.push(RegistryFact { registry, images: vec![image.clone()], reach });
            }
        }
    }
    facts
}

impl DoctorReport {
    /// True when every lab judged can start (with or without warnings).
    pub fn all_ready(&self) -> bool {
        self.labs.iter().all(|l| l.verdict.is_ready())
    }
}

impl From<OpenedLab> for LabToJudge {
    /// A lab's requirements come from its lab file; a plain compose project states none.
    fn from(lab: OpenedLab) -> LabToJudge {
        let level = lab.spec.as_ref().and_then(|s| s.level);
        let requirements = lab.spec.map(|s| s.requirements).unwrap_or_default();
        LabToJudge { id: lab.id, level, project: lab.loaded.project, requirements }
    }
}
