//! A class on Docker Swarm, for every front end: `class up` deploys one stack per student on
//! the swarm the context's engine manages, `class status` reads them back per node, `class
//! down` removes one student's or all. Each student gets a handout: their links on the nodes
//! their services run on, and their credentials.

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::Serialize;

use crate::class::kube::StudentStack;
use crate::class::render::{lab_dir, student_labs, StudentLab};
use crate::class::{credentials, swarm, ClassError, ClassFile, Student};
use crate::docker::swarm as engine_swarm;
pub use crate::docker::swarm::{DeployStep, NodeView, PortView, Removed, ServiceView, StackView, CLEANER_IMAGE, CLASS_LABEL, STUDENT_LABEL};
use crate::lab::{fill_credentials, Text};

use super::engine::connect;
use super::Context;

/// How many students' stacks are deployed at once.
pub const DEPLOYS_AT_ONCE: usize = 4;

/// What a student is given: where their lab is and how to log in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Handout {
    pub student: String,
    pub name: String,
    pub email: Option<String>,
    /// `<class>-<student>`: the stack's name on the swarm.
    pub stack: String,
    pub links: Vec<HandoutLink>,
    pub credentials: Vec<HandoutCredential>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandoutLink {
    pub label: Text,
    pub service: String,
    /// On the node the service runs on; `None` while it is not running.
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandoutCredential {
    pub label: Text,
    pub user: Option<String>,
    pub secret: String,
}

/// The class as it runs: every student of the roster, with their stack when it has one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassStatus {
    pub class: String,
    pub nodes: Vec<NodeView>,
    pub students: Vec<StudentStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StudentStatus {
    pub student: String,
    /// Every service runs (healthy) or completed.
    pub ready: bool,
    /// `None`: the student has no stack on the swarm.
    pub stack: Option<StackView>,
}

/// Progress of [`class_up`]: one student's deploy step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassStep {
    pub student: String,
    pub step: DeployStep,
}

/// The roster, or the one student `only` names.
fn chosen<'a>(class: &'a ClassFile, only: Option<&str>) -> Result<Vec<&'a Student>, ClassError> {
    match only {
        None => Ok(class.students.iter().collect()),
        Some(id) => class
            .students
            .iter()
            .find(|s| s.id == id)
            .map(|s| vec![s])
            .ok_or_else(|| ClassError::UnknownStudent { student: id.to_owned(), known: class.students.iter().map(|s| s.id.clone()).collect() }),
    }
}

/// The chosen students (all, or the one `only` names), each with their lab loaded with their
/// secrets.
pub(crate) fn chosen_labs<'a>(ctx: &Context, class: &'a ClassFile, only: Option<&str>) -> Result<Vec<(&'a Student, StudentLab)>, ClassError> {
    let students = chosen(class, only)?;
    let dir = lab_dir(class, &ctx.data_dir)?;
    let secret = credentials::class_secret(&ctx.data_dir, &class.id)?;
    let labs = student_labs(class, &dir, &secret)?;
    Ok(class.students.iter().zip(labs).filter(|(s, _)| students.iter().any(|c| c.id == s.id)).collect())
}

/// Deploys the stacks of `class` (one student's alone with `only`), [`DEPLOYS_AT_ONCE`] at a
/// time; each student's handout once every stack runs. What the swarm cannot express is
/// refused before anything is created.
pub async fn class_up(ctx: &Context, class: &ClassFile, only: Option<&str>, on: &(dyn Fn(ClassStep) + Sync)) -> Result<Vec<Handout>, ClassError> {
    let labs = chosen_labs(ctx, class, only)?;
    let specs = labs
        .iter()
        .map(|(student, lab)| {
            let stack = StudentStack { class, student, project: &lab.loaded.project, ports: lab.ports, credentials: &lab.spec.credentials, secrets: &lab.secrets };
            swarm::stack_spec(&stack)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let engine = connect(ctx).await.map_err(engine_swarm::SwarmError::from)?;
    engine_swarm::nodes(&engine).await?;
    let logins = engine_swarm::image_logins(&engine, &specs).await;
    stream::iter(specs.iter().map(|spec| {
        let (engine, logins) = (&engine, &logins);
        async move {
            let report = |step| on(ClassStep { student: spec.student.clone(), step });
            engine_swarm::deploy(engine, spec, logins, &report).await
        }
    }))
    .buffer_unordered(DEPLOYS_AT_ONCE)
    .try_collect::<Vec<()>>()
    .await?;
    let (stacks, _) = engine_swarm::stacks(&engine, &class.id, only).await?;
    Ok(handouts(class, &labs, &stacks))
}

fn handouts(class: &ClassFile, labs: &[(&Student, StudentLab)], stacks: &[StackView]) -> Vec<Handout> {
    labs.iter()
        .map(|(student, lab)| {
            let stack = stacks.iter().find(|s| s.student == student.id);
            let secret = |id: &str| lab.secrets.get(id).map(str::to_owned);
            let links = lab
                .spec
                .links
                .iter()
                .map(|link| {
                    let port = stack
                        .into_iter()
                        .flat_map(|s| &s.services)
                        .filter(|s| s.service == link.service)
                        .flat_map(|s| &s.ports)
                        .find(|p| p.target == u32::from(link.port) && p.url.is_some());
                    let url = port.and_then(|p| p.url.as_ref()).map(|u| format!("{u}{}", fill_credentials(&link.path, &secret)));
                    HandoutLink { label: link.label.clone(), service: link.service.clone(), url }
                })
                .collect();
            let credentials = lab
                .spec
                .credentials
                .iter()
                .map(|c| HandoutCredential { label: c.label.clone(), user: c.user.clone(), secret: lab.secrets.get(&c.id).unwrap_or_default().to_owned() })
                .collect();
            Handout {
                student: student.id.clone(),
                name: student.name.clone(),
                email: student.email.clone(),
                stack: crate::class::kube::namespace(class, student),
                links,
                credentials,
            }
        })
        .collect()
}

/// Every student's stack (one student's with `only`) and the swarm's nodes.
pub async fn class_status(ctx: &Context, class: &ClassFile, only: Option<&str>) -> Result<ClassStatus, ClassError> {
    let students = chosen(class, only)?;
    let engine = connect(ctx).await.map_err(engine_swarm::SwarmError::from)?;
    let (stacks, nodes) = engine_swarm::stacks(&engine, &class.id, only).await?;
    let students = students
        .iter()
        .map(|s| {
            let stack = stacks.iter().find(|x| x.student == s.id).cloned();
            StudentStatus { student: s.id.clone(), ready: stack.as_ref().is_some_and(StackView::is_ready), stack }
        })
        .collect();
    Ok(ClassStatus { class: class.id.clone(), nodes, students })
}

/// The handouts of the class as it runs now (links follow the nodes tasks run on).
pub async fn class_handouts(ctx: &Context, class: &ClassFile, only: Option<&str>) -> Result<Vec<Handout>, ClassError> {
    let labs = chosen_labs(ctx, class, only)?;
    let engine = connect(ctx).await.map_err(engine_swarm::SwarmError::from)?;
    let (stacks, _) = engine_swarm::stacks(&engine, &class.id, only).await?;
    Ok(handouts(class, &labs, &stacks))
}

/// Removes the stacks of `class` (one student's with `only`): services, networks and, on every
/// ready node, volumes.
pub async fn class_down(ctx: &Context, class: &ClassFile, only: Option<&str>) -> Result<Removed, ClassError> {
    chosen(class, only)?;
    let engine = connect(ctx).await.map_err(engine_swarm::SwarmError::from)?;
    Ok(engine_swarm::remove(&engine, &class.id, only).await?)
}

/// A student's handout as Markdown, in `lang`.
pub fn handout_markdown(h: &Handout, lang: crate::i18n::Lang) -> String {
    let es = lang == crate::i18n::Lang::Es;
    let mut s = format!("# {} ({})\n\n", h.name, h.student);
    s.push_str(if es { "## Enlaces\n\n" } else { "## Links\n\n" });
    for l in &h.links {
        let url = l.url.clone().unwrap_or_else(|| if es { "(no está en marcha)".into() } else { "(not running)".into() });
        s.push_str(&format!("- {}: {url}\n", l.label.get(lang)));
    }
    if !h.credentials.is_empty() {
        s.push_str(if es { "\n## Credenciales\n\n" } else { "\n## Credentials\n\n" });
        for c in &h.credentials {
            match &c.user {
                Some(user) => s.push_str(&format!("- {}: {user} / {}\n", c.label.get(lang), c.secret)),
                None => s.push_str(&format!("- {}: {}\n", c.label.get(lang), c.secret)),
            }
        }
    }
    s
}

/// Writes each handout to `dir/<student>.md` (made when missing), in the context's language:
/// each whole or not at all, readable by its owner alone (it holds passwords), never over
/// something that is not a regular file nor into the data folder.
pub fn write_handouts(ctx: &Context, dir: &std::path::Path, handouts: &[Handout]) -> Result<Vec<std::path::PathBuf>, ClassError> {
    std::fs::create_dir_all(dir).map_err(|source| ClassError::Write { path: dir.to_path_buf(), source })?;
    let protected = std::slice::from_ref(&ctx.data_dir);
    let mut written = Vec::new();
    for h in handouts {
        let file = dir.join(format!("{}.md", h.student));
        let text = handout_markdown(h, ctx.lang());
        crate::output::write_file(&file, protected, |f| {
            #[cfg(unix)]
            f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
            std::io::Write::write_all(f, text.as_bytes())
        })?;
        written.push(file);
    }
    Ok(written)
}
