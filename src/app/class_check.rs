//! `class check`: every student's exercise checks against their own stack on the swarm, a
//! bounded number of students at once, each run recorded under the student in the class's
//! store (`classes/<class>.sqlite` in the instructor's data folder), so the class report has
//! every attempt and first pass.
//!
//! `http` and `tcp` checks reach each student's published ports at the address of the node
//! that runs the task. `exec`, `file` and `container` checks need that node's engine: on the
//! manager's own node they go through its API, on another node through a one-shot job the
//! swarm places there ([`crate::docker::swarm::run_on_node`]).

use std::sync::Arc;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use crate::checks::{run_exercise, Check, ExerciseResult, LabTarget, ServiceAt};
use crate::class::render::StudentLab;
use crate::class::{ClassError, ClassFile};
use crate::docker::probe::OtherNode;
use crate::docker::swarm::{self as engine_swarm, HelperJob, StackView};
use crate::lab::{Exercise, Text};
use crate::progress::{NewCheckRun, Store, UnixMillis};

use super::check::with_credentials;
use super::class::chosen_labs;
use super::detail::Credential;
use super::engine::connect;
use super::observation::Observation;
use super::Context;

/// How many students' checks run at once.
pub const CHECKS_AT_ONCE: usize = 8;

/// The class's store: every student's check runs, under their stack's name.
pub fn class_store(ctx: &Context, class: &ClassFile) -> PathBuf {
    ctx.data_dir.join("classes").join(format!("{}.sqlite", class.id))
}

#[derive(Clone, Debug, Serialize)]
pub struct ClassCheck {
    pub class: String,
    pub students: Vec<StudentCheck>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StudentCheck {
    pub student: String,
    pub passed: u32,
    pub total: u32,
    /// Why nothing was checked (the student has no stack running), when so.
    pub not_checked: Option<Text>,
    pub exercises: Vec<StudentExercise>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StudentExercise {
    pub id: String,
    pub title: Text,
    pub passed: bool,
    /// What the failing checks saw, one line each.
    pub observed: Vec<Text>,
}

/// Runs the lab's exercises (those `asked`, or all) for every student (one with `only`) and
/// records each run in the class's store.
pub async fn class_check(ctx: &Context, class: &ClassFile, only: Option<&str>, asked: &[String]) -> Result<ClassCheck, ClassError> {
    let labs = chosen_labs(ctx, class, only)?;
    if let Some((_, first)) = labs.first() {
        if let Some(unknown) = asked.iter().find(|a| first.spec.exercise(a).is_none()) {
            let known = first.spec.exercises.iter().map(|e| e.id.clone()).collect();
            return Err(ClassError::UnknownExercise { asked: unknown.clone(), known });
        }
    }
    let store_path = class_store(ctx, class);
    if let Some(dir) = store_path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| ClassError::Write { path: dir.to_path_buf(), source })?;
    }
    let store = Store::open(&store_path).map_err(|e| ClassError::Store(e.to_string()))?;
    let engine = connect(ctx).await.map_err(engine_swarm::SwarmError::from)?;
    let (stacks, nodes) = engine_swarm::stacks(&engine, &class.id, only).await?;
    let own = engine_swarm::own_node(&engine).await?;
    let login = engine_swarm::helper_login(&engine).await;
    let now = ctx.now();
    let runs = stream::iter(labs.iter().map(|(student, lab)| {
        let stack = stacks.iter().find(|s| s.student == student.id);
        let engine = engine.clone();
        let (nodes, login) = (&nodes, &login);
        let own = own.as_str();
        async move {
            let exercises: Vec<&Exercise> = lab.spec.exercises.iter().filter(|e| asked.is_empty() || asked.contains(&e.id)).collect();
            let Some(stack) = stack.filter(|s| s.services.iter().any(|v| v.state == "running")) else {
                return (*student, exercises, None);
            };
            let namespace = crate::class::kube::namespace(class, student);
            let labels = engine_swarm::stack_labels(&class.id, &student.id, &namespace);
            let job = Arc::new(HelperJob { labels, login: login.clone() });
            let target = target(engine, namespace, job, stack, nodes, own);
            let credentials = credentials(lab);
            let filled: Vec<Vec<Check>> = exercises.iter().map(|e| e.checks.iter().map(|c| with_credentials(c, &credentials)).collect()).collect();
            let results = futures_util::future::join_all(filled.iter().map(|checks| run_exercise(&target, checks, now))).await;
            (*student, exercises, Some(results))
        }
    }))
    .buffered(CHECKS_AT_ONCE)
    .collect::<Vec<_>>()
    .await;
    let mut students = Vec::new();
    for (student, exercises, results) in runs {
        let Some(results) = results else {
            students.push(StudentCheck {
                student: student.id.clone(),
                passed: 0,
                total: u32::try_from(exercises.len()).unwrap_or(u32::MAX),
                not_checked: Some(Text::new("su pila no está en marcha (nivel class up)", "their stack is not running (nivel class up)")),
                exercises: Vec::new(),
            });
            continue;
        };
        let mut views = Vec::new();
        for (exercise, result) in exercises.iter().zip(&results) {
            record(&store, &crate::class::kube::namespace(class, student), exercise, result)?;
            let observed = result.checks.iter().filter(|c| !c.passed).map(|c| c.observed.clone()).collect();
            views.push(StudentExercise { id: exercise.id.clone(), title: exercise.title.clone(), passed: result.passed, observed });
        }
        let passed = views.iter().filter(|v| v.passed).count();
        students.push(StudentCheck {
            student: student.id.clone(),
            passed: u32::try_from(passed).unwrap_or(u32::MAX),
            total: u32::try_from(views.len()).unwrap_or(u32::MAX),
            not_checked: None,
            exercises: views,
        });
    }
    Ok(ClassCheck { class: class.id.clone(), students })
}

fn record(store: &Store, lab: &str, exercise: &Exercise, result: &ExerciseResult) -> Result<(), ClassError> {
    let observed = Observation::of(result).to_stored();
    let run = NewCheckRun { lab, exercise: &exercise.id, passed: result.passed, observed: &observed, duration: result.duration, at: UnixMillis::from_system_time(result.at) };
    store.check_runs().record(&run).map(|_| ()).map_err(|e| ClassError::Store(e.to_string()))
}

/// The student's credentials as the checks fill them in.
fn credentials(lab: &StudentLab) -> Vec<Credential> {
    lab.spec
        .credentials
        .iter()
        .map(|c| Credential { id: c.id.clone(), service: c.service.clone(), label: c.label.clone(), user: c.user.clone(), secret: lab.secrets.get(&c.id).unwrap_or_default().to_owned() })
        .collect()
}

/// The stack as checks see it: each service's published TCP ports at its node's address, and
/// its container with the node it runs on when that is not the manager's own (a job looking
/// into it there is made as `job` says).
fn target(engine: crate::docker::Engine, project: String, job: Arc<HelperJob>, stack: &StackView, nodes: &[engine_swarm::NodeView], own: &str) -> LabTarget {
    let services = stack
        .services
        .iter()
        .map(|v| {
            let container = v.container.clone();
            let on = v.node.clone().filter(|n| n != own).map(|node| OtherNode { node, job: Arc::clone(&job) });
            let ip = v.node.as_deref().and_then(|n| nodes.iter().find(|x| x.id == n)).and_then(|n| n.address.parse::<IpAddr>().ok());
            let ports = match ip {
                Some(ip) if v.state == "running" => v.ports.iter().filter(|p| p.protocol == "tcp").filter_map(|p| u16::try_from(p.target).ok().map(|t| (t, SocketAddr::new(ip, p.published)))).collect(),
                _ => Vec::new(),
            };
            ServiceAt { name: v.service.clone(), container, on, ports }
        })
        .collect();
    LabTarget::of_services(engine, project, services)
}

/// The class report from the class's store and the students' exports `exports`.
pub fn class_report(ctx: &Context, class: &ClassFile, exports: &[PathBuf]) -> Result<crate::class::report::ClassReport, ClassError> {
    let dir = crate::class::render::lab_dir(class, &ctx.data_dir)?;
    let (spec, _) = crate::lab::load_lab(&dir, crate::compose::Environment::new())?;
    crate::class::report::build(class, &spec.id, &spec.exercises, &class_store(ctx, class), exports, UnixMillis::from_system_time(ctx.now()))
}

/// How the class report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Markdown,
    Json,
}

/// Writes the class report to `output` (whole or not at all; never into the data folder, nor
/// over something that is not a regular file).
pub fn write_class_report(ctx: &Context, class: &ClassFile, exports: &[PathBuf], output: &std::path::Path, format: ReportFormat) -> Result<crate::class::report::ClassReport, ClassError> {
    crate::output::refuse_target(output, std::slice::from_ref(&ctx.data_dir))?;
    let report = class_report(ctx, class, exports)?;
    let lang = ctx.lang();
    let text = match format {
        ReportFormat::Html => crate::class::report::html(&report, lang),
        ReportFormat::Markdown => crate::class::report::markdown(&report, lang),
        ReportFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
    };
    crate::output::write_bytes(output, std::slice::from_ref(&ctx.data_dir), text.as_bytes())?;
    Ok(report)
}
