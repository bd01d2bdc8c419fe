//! A lab named by a front end, opened: a built-in lab (installed in the data folder when
//! needed) or a folder with a `lab.toml` comes with its validated lab file; a plain compose
//! folder or file is a lab without exercises. Paths are the context's, not the process's.

use std::path::Path;

use crate::compose::{self, Environment, LoadedProject, ProjectOptions};
use crate::host::{Reason, Severity};
use crate::lab::secrets::Secrets;
use crate::lab::{self, BuiltinLab, CredentialSpec, Kept, LabSpec, LAB_FILE};

use super::context::Context;
use super::detail::Credential;
use super::lifecycle_error::LifecycleError;

/// A lab ready to run.
#[derive(Debug)]
pub struct OpenedLab {
    /// The id its objects are labelled with (`io.nivel.lab`) and its progress is kept under.
    pub id: String,
    pub loaded: LoadedProject,
    /// The lab file, when the lab has one.
    pub spec: Option<LabSpec>,
    /// The logins its services take, with the secrets this installation made for them.
    pub credentials: Vec<Credential>,
    /// What installing a built-in lab has to tell: the files the student changed that have a
    /// newer version beside them. Every use case that takes the lab's lock tells its observer.
    pub notes: Vec<Reason>,
}

impl OpenedLab {
    /// A compose project loaded by the caller (`nivel compose`), as a lab named after it.
    pub fn of_project(loaded: LoadedProject) -> OpenedLab {
        OpenedLab { id: loaded.project.name.clone(), loaded, spec: None, credentials: Vec::new(), notes: Vec::new() }
    }

    /// The compose project name: the lab's identity on the engine and its lock's name.
    pub fn project(&self) -> &str {
        &self.loaded.project.name
    }

    fn noting(self, kept: &[Kept]) -> OpenedLab {
        OpenedLab { notes: notes(kept), ..self }
    }

    /// The lab's service names, sorted.
    pub fn services(&self) -> Vec<String> {
        self.loaded.project.services.keys().cloned().collect()
    }

    /// The owner labels of the lab's objects.
    pub fn owner(&self) -> crate::docker::labels::Owner {
        crate::docker::labels::Owner::of(&self.loaded, &self.id)
    }
}

/// Opens `name`: a folder or compose file (relative to the context's folder), else a built-in
/// lab by id or level. A built-in lab's project is named after its id, whatever the
/// environment says; a plain compose project's id is its project name, so `up DIR` and
/// `compose -p NAME` see the same lab.
pub fn open(ctx: &Context, name: &str) -> Result<OpenedLab, LifecycleError> {
    let given = ctx.cwd.join(name);
    // A lab file that is there but not a file (a FIFO, a folder) is opened, and refused with
    // what it is, rather than ignored.
    if given.is_dir() && has_lab_file(&given) {
        return with_lab_file(ctx, &given);
    }
    if let Some(lab) = added(ctx, name) {
        return Ok(lab);
    }
    let data_dir = ctx.data_dir.clone();
    let source = lab::resolve_in(name, &ctx.cwd, || Ok(data_dir))?;
    if source.builtin.is_some() {
        let dir = source.file.parent().map_or_else(|| ctx.cwd.clone(), Path::to_path_buf);
        if has_lab_file(&dir) {
            return with_lab_file(ctx, &dir).map(|lab| lab.noting(&source.kept));
        }
    }
    let opts = ProjectOptions {
        files: vec![source.file.clone()],
        name: source.builtin.map(|b| b.id.to_owned()),
        os_env: ctx.env.clone(),
        cwd: ctx.cwd.clone(),
        ..Default::default()
    };
    let loaded = compose::load_project(&opts)?;
    let id = if source.builtin.is_some() { source.id } else { loaded.project.name.clone() };
    Ok(OpenedLab { id, loaded, spec: None, credentials: Vec::new(), notes: notes(&source.kept) })
}

/// Opens built-in lab `builtin` from the context's data folder (written there when needed).
pub fn open_builtin(ctx: &Context, builtin: &BuiltinLab) -> Result<OpenedLab, LifecycleError> {
    let installed = lab::install(builtin, &ctx.data_dir).map_err(lab::ResolveError::from)?;
    with_lab_file(ctx, &installed.dir).map(|lab| lab.noting(&installed.kept))
}

/// A kept file as the operation warnings say it: a note, with what to do about it.
pub(crate) fn notes(kept: &[Kept]) -> Vec<Reason> {
    kept.iter().map(|k| Reason { code: "lab.edits_kept", severity: Severity::Note, message: k.text(), remedy: Some(k.advice()) }).collect()
}

/// Opens every added lab folder (see [`Context::added_labs`]).
pub(crate) fn open_added(ctx: &Context) -> Result<Vec<OpenedLab>, LifecycleError> {
    ctx.added_labs.iter().map(|dir| with_lab_file(ctx, dir)).collect()
}

/// The added lab whose id is `name`; one that does not open is not it.
fn added(ctx: &Context, name: &str) -> Option<OpenedLab> {
    ctx.added_labs.iter().filter_map(|dir| with_lab_file(ctx, dir).ok()).find(|lab| lab.id == name)
}

fn has_lab_file(dir: &Path) -> bool {
    let file = dir.join(LAB_FILE);
    file.exists() || file.is_symlink()
}

/// Opens the lab file in `dir`. A lab with credentials is loaded twice: first to learn them
/// (with stand-ins for their secrets), then with the secrets kept for this installation, made
/// now when missing, in the environment its compose file is interpolated with. That
/// environment also has the host user's ids ([`lab::with_user_ids`]).
fn with_lab_file(ctx: &Context, dir: &Path) -> Result<OpenedLab, LifecycleError> {
    let given = lab::with_user_ids(ctx.env.clone(), dir);
    let (spec, loaded) = lab::load_lab(dir, given.clone())?;
    if spec.credentials.is_empty() {
        return Ok(OpenedLab { id: spec.id.clone(), loaded, spec: Some(spec), credentials: Vec::new(), notes: Vec::new() });
    }
    let secrets = lab::secrets::ensure(&ctx.data_dir, &spec.id, &spec.credentials)?;
    let env = credential_env(&spec.credentials, &secrets, &given);
    let (spec, loaded) = lab::load_lab(dir, env.clone())?;
    let credentials = spec.credentials.iter().map(|c| Credential::of(c, &env)).collect();
    Ok(OpenedLab { id: spec.id.clone(), loaded, spec: Some(spec), credentials, notes: Vec::new() })
}

/// The environment a lab's compose file is interpolated with: each credential's secret (and
/// user) in its variables, under `env`, so a variable set there and not empty (an
/// instructor's own password) wins over the made one.
pub(crate) fn credential_env(
    declared: &[CredentialSpec],
    secrets: &Secrets,
    env: &Environment,
) -> Environment {
    let mut all = Environment::new();
    for c in declared {
        if let Some(secret) = secrets.get(&c.id) {
            all.insert(c.env.clone(), secret.to_owned());
        }
        if let (Some(var), Some(user)) = (&c.user_env, &c.user) {
            all.insert(var.clone(), user.clone());
        }
    }
    // An empty variable (`export JUPYTER_TOKEN=`) is no password: the made one stays.
    let given: Vec<(String, String)> = env.iter().filter(|(k, v)| !v.is_empty() || !all.contains_key(*k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    all.extend(given);
    all
}
