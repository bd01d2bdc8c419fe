//! `LAB` → the compose project to load: a folder or compose file on disk, else a built-in
//! lab by id (`level-2`) or level (`2`), written to the data directory on first use.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::compose::files::{self, FileKind};
use crate::compose::project::DEFAULT_FILES;

use crate::app::{Problem, Remedy};

use super::catalog::{self, BuiltinLab};
use super::text::Text;
use super::install::{self, InstallError, Kept};

/// Where a lab's compose project lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabSource {
    /// The lab's id: a built-in lab's own (`level-2`, also its project name), else the name of
    /// the folder holding the compose file.
    pub id: String,
    /// The compose file to load.
    pub file: PathBuf,
    /// The built-in lab this is, when it is one.
    pub builtin: Option<BuiltinLab>,
    /// The built-in lab's files the student changed that have a newer version beside them.
    pub kept: Vec<Kept>,
}

/// `LAB` named nothing Nivel can find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLab {
    pub name: String,
    /// Where it was looked for, in order.
    pub looked_in: Vec<Text>,
    /// The ids of the built-in labs.
    pub builtin: Vec<String>,
}

impl UnknownLab {
    /// The name and every place it was looked for.
    pub fn text(&self) -> Text {
        let looked = Text::join(&self.looked_in, ", ");
        Text::new(format!("laboratorio desconocido `{}`: se buscó {}", self.name, looked.es), format!("unknown lab `{}`: looked for {}", self.name, looked.en))
    }
}

impl fmt::Display for UnknownLab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for UnknownLab {}

/// Why `LAB` could not be turned into a compose file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    #[error(transparent)]
    Unknown(#[from] UnknownLab),
    /// `LAB` names something on disk that is neither a folder nor a file (a FIFO, a device).
    #[error("{} is {kind}, not a lab", path.display())]
    NotALab { path: PathBuf, kind: FileKind },
    #[error(transparent)]
    Install(#[from] InstallError),
}

impl Problem for ResolveError {
    fn code(&self) -> &'static str {
        match self {
            ResolveError::Unknown(_) => "lab.unknown",
            ResolveError::NotALab { .. } => "lab.not_a_lab",
            ResolveError::Install(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            ResolveError::Unknown(e) => e.text(),
            ResolveError::NotALab { path, kind } => {
                let kind = kind.text();
                Text::new(format!("{} es {}, no un laboratorio", path.display(), kind.es), format!("{} is {}, not a lab", path.display(), kind.en))
            }
            ResolveError::Install(e) => e.text(),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            ResolveError::Unknown(e) => Some(Remedy::ChooseLab { known: e.builtin.clone() }),
            ResolveError::NotALab { .. } => Some(Remedy::ChooseLab { known: Vec::new() }),
            ResolveError::Install(e) => e.remedy(),
        }
    }

    fn is_input(&self) -> bool {
        !matches!(self, ResolveError::Install(_))
    }
}

/// Resolves `name` against `cwd`, writing a built-in lab to the data directory when needed
/// (see [`install::data_dir`]).
pub fn resolve(name: &str, cwd: &Path) -> Result<LabSource, ResolveError> {
    resolve_in(name, cwd, install::data_dir)
}

/// [`resolve`] with the data directory given; it is only asked for when `name` is a built-in
/// lab. A local compose file, or a folder holding one, wins over a built-in lab of the same
/// name.
pub fn resolve_in(name: &str, cwd: &Path, data_dir: impl FnOnce() -> Result<PathBuf, InstallError>) -> Result<LabSource, ResolveError> {
    let path = cwd.join(name);
    if let Ok(Some(kind)) = files::kind_of(&path) {
        if kind != FileKind::Folder {
            return Err(ResolveError::NotALab { path, kind });
        }
    }
    if path.is_file() {
        let dir = path.parent().unwrap_or(cwd);
        return Ok(LabSource { id: folder_name(dir, name), file: path.clone(), builtin: None, kept: Vec::new() });
    }
    if path.is_dir() {
        if let Some(file) = compose_file_in(&path) {
            return Ok(LabSource { id: folder_name(&path, name), file, builtin: None, kept: Vec::new() });
        }
    }
    if let Some(lab) = catalog::find(name) {
        let installed = install::install(&lab, &data_dir()?)?;
        return Ok(LabSource { id: lab.id.to_owned(), file: installed.dir.join("compose.yaml"), builtin: Some(lab), kept: installed.kept });
    }
    let builtin: Vec<String> = catalog::catalog().iter().map(|l| l.id.to_owned()).collect();
    let mut looked_in = vec![Text::new(format!("un laboratorio incluido `{name}`"), format!("a built-in lab `{name}`"))];
    let (files, at) = (DEFAULT_FILES.join(", "), path.display());
    if path.is_dir() {
        looked_in.push(Text::new(format!("un archivo compose ({files}) en la carpeta {at}"), format!("a compose file ({files}) in the folder {at}")));
    } else {
        looked_in.push(Text::new(format!("una carpeta o un archivo compose en {at}"), format!("a folder or compose file at {at}")));
    }
    Err(UnknownLab { name: name.to_owned(), looked_in, builtin }.into())
}

/// The first of compose's default names that exists in `dir`; a FIFO or a folder by that
/// name is taken too, and refused with what it is when the project is read.
fn compose_file_in(dir: &Path) -> Option<PathBuf> {
    DEFAULT_FILES.iter().map(|f| dir.join(f)).find(|p| p.exists())
}

fn folder_name(dir: &Path, fallback: &str) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    canonical.file_name().map_or_else(|| fallback.to_owned(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_data_dir() -> Result<PathBuf, InstallError> {
        Err(InstallError::NoDataDir)
    }

    #[test]
    fn a_folder_or_a_file_names_a_lab() {
        let dir = tempfile::tempdir().unwrap();
        let lab = dir.path().join("mylab");
        std::fs::create_dir(&lab).unwrap();
        std::fs::write(lab.join("compose.yaml"), "services: {}\n").unwrap();
        let by_folder = resolve_in("mylab", dir.path(), no_data_dir).unwrap();
        assert_eq!(by_folder.file, lab.join("compose.yaml"), "the folder's compose file");
        assert_eq!(by_folder.id, "mylab", "the folder names the lab");
        assert_eq!(by_folder.builtin, None, "a local folder is not a built-in lab");
        let by_file = resolve_in("mylab/compose.yaml", dir.path(), no_data_dir).unwrap();
        assert_eq!(by_file.file, lab.join("compose.yaml"), "a file path as given");
    }

    #[test]
    fn a_built_in_lab_by_id_or_level_is_written_to_the_data_dir() {
        let cwd = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let by_id = resolve_in("level-2", cwd.path(), || Ok(data.path().to_path_buf())).unwrap();
        assert_eq!(by_id.id, "level-2", "the built-in id");
        assert_eq!(by_id.file, data.path().join("labs/level-2/compose.yaml"), "under the data dir");
        assert!(by_id.file.is_file(), "the compose file was written");
        let by_level = resolve_in("2", cwd.path(), || Ok(data.path().to_path_buf())).unwrap();
        assert_eq!(by_level, by_id, "`2` and `level-2` are the same lab");
    }

    #[test]
    fn a_local_folder_wins_over_a_built_in_lab() {
        let cwd = tempfile::tempdir().unwrap();
        let local = cwd.path().join("2");
        std::fs::create_dir(&local).unwrap();
        std::fs::write(local.join("compose.yml"), "services: {}\n").unwrap();
        let source = resolve_in("2", cwd.path(), no_data_dir).unwrap();
        assert_eq!(source.file, local.join("compose.yml"), "the folder on disk, not level-2");
        assert_eq!(source.builtin, None, "not the built-in lab");
        std::fs::create_dir(cwd.path().join("level-1")).unwrap();
        let err = resolve_in("level-1", cwd.path(), no_data_dir).unwrap_err();
        assert!(matches!(err, ResolveError::Install(InstallError::NoDataDir)), "a folder without a compose file falls through to the built-in lab: {err}");
    }

    #[test]
    fn a_fifo_or_a_device_is_named_as_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        assert!(std::process::Command::new("mkfifo").arg(dir.path().join("pipe")).status().unwrap().success(), "mkfifo works");
        let text = resolve_in("pipe", dir.path(), no_data_dir).unwrap_err().to_string();
        assert!(text.contains("pipe is a FIFO (named pipe), not a lab"), "named as a FIFO: {text}");
        let err = resolve_in("/dev/null", dir.path(), no_data_dir).unwrap_err();
        assert!(err.text().en.contains("/dev/null is a character device, not a lab"), "named as a device: {err}");
        assert!(err.text().es.contains("/dev/null es un dispositivo de caracteres, no un laboratorio"), "in Spanish: {:?}", err.text());
        assert!(matches!(err.remedy(), Some(Remedy::ChooseLab { .. })), "with what to name instead: {:?}", err.remedy());
    }

    #[test]
    fn an_unknown_lab_says_where_it_looked_and_lists_the_built_in_ones() {
        let dir = tempfile::tempdir().unwrap();
        let text = resolve_in("level-9", dir.path(), no_data_dir).unwrap_err().to_string();
        assert!(text.contains("built-in lab `level-9`"), "names the built-in lookup: {text}");
        assert!(text.contains(&dir.path().join("level-9").display().to_string()), "names the path looked at: {text}");
        let err = resolve_in("level-9", dir.path(), no_data_dir).unwrap_err();
        let ids = ["level-0", "level-1", "level-2", "level-3", "level-4"].map(String::from).to_vec();
        assert_eq!(err.remedy(), Some(Remedy::ChooseLab { known: ids }), "lists the built-in ids");
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        let text = resolve_in("empty", dir.path(), no_data_dir).unwrap_err().to_string();
        assert!(text.contains("compose.yaml"), "says which files a folder needs: {text}");
    }
}
