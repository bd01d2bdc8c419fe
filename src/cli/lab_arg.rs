//! `LAB` on the command line, opened: a built-in lab or a folder with a `lab.toml` comes with
//! its validated lab file; a plain compose folder or file is a lab without exercises.

use std::path::Path;

use nivel::compose::{self, LoadedProject, ProjectOptions};
use nivel::lab::{self, LabSpec, LAB_FILE};

use super::CliError;

/// A lab ready to run.
pub struct OpenedLab {
    /// The id its objects are labelled with (`io.nivel.lab`) and its progress is kept under.
    pub id: String,
    pub loaded: LoadedProject,
    /// The lab file, when the lab has one.
    pub spec: Option<LabSpec>,
}

/// Opens `name`: a folder or compose file on disk, else a built-in lab by id or level. A
/// built-in lab's project is named after its id, whatever the environment says; a plain
/// compose project's id is its project name, so `nivel up DIR` and `nivel compose -p NAME`
/// see the same lab.
pub fn open_lab(name: &str) -> Result<OpenedLab, CliError> {
    let cwd = std::env::current_dir()?;
    let os_env: compose::Environment = std::env::vars().collect();
    let given = cwd.join(name);
    // A lab file that is there but not a file (a FIFO, a folder) is opened, and refused with
    // what it is, rather than ignored.
    if given.is_dir() && has_lab_file(&given) {
        return with_lab_file(&given, os_env);
    }
    let source = lab::resolve(name, &cwd)?;
    if source.builtin.is_some() {
        let dir = source.file.parent().map_or_else(|| cwd.clone(), Path::to_path_buf);
        if has_lab_file(&dir) {
            return with_lab_file(&dir, os_env);
        }
    }
    let opts = ProjectOptions {
        files: vec![source.file.clone()],
        name: source.builtin.map(|b| b.id.to_owned()),
        os_env,
        cwd: cwd.clone(),
        ..Default::default()
    };
    let loaded = compose::load_project(&opts)?;
    let id = if source.builtin.is_some() { source.id } else { loaded.project.name.clone() };
    Ok(OpenedLab { id, loaded, spec: None })
}

fn has_lab_file(dir: &Path) -> bool {
    let file = dir.join(LAB_FILE);
    file.exists() || file.is_symlink()
}

fn with_lab_file(dir: &Path, os_env: compose::Environment) -> Result<OpenedLab, CliError> {
    let (spec, loaded) = lab::load_lab(dir, os_env).map_err(CliError::LabFile)?;
    Ok(OpenedLab { id: spec.id.clone(), loaded, spec: Some(spec) })
}

/// Opens built-in lab `builtin` from the data directory (written there when needed).
pub fn open_builtin(builtin: &lab::BuiltinLab) -> Result<OpenedLab, CliError> {
    let data_dir = lab::data_dir().map_err(lab::ResolveError::from)?;
    let installed = lab::install(builtin, &data_dir).map_err(lab::ResolveError::from)?;
    with_lab_file(&installed.dir, std::env::vars().collect())
}
