//! Writes a built-in lab's embedded files into the data directory, where compose paths,
//! build contexts and bind mounts need real files, and where a student's own files (notebooks,
//! DAGs) live next to them. A lab is rewritten only when the binary carries different content
//! than what was written last; files the student added are never touched.

use crate::lab::Text;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use super::catalog::BuiltinLab;

/// The variable that moves Nivel's data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "NIVEL_DATA_DIR";

/// A built-in lab could not be written to disk.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The OS gives no home folder, so there is no default data directory.
    #[error("no data directory for Nivel: the system names no home folder\n  fix: set {DATA_DIR_ENV} to a writable folder")]
    NoDataDir,
    /// Reading or writing a file of the lab failed.
    #[error("cannot write the lab to {path}: {source}\n  fix: make the folder writable, or set {DATA_DIR_ENV} to a writable folder")]
    Io { path: PathBuf, source: std::io::Error },
}

impl crate::app::Problem for InstallError {
    fn code(&self) -> &'static str {
        match self {
            InstallError::NoDataDir => "data.no_folder",
            InstallError::Io { .. } => "data.unwritable",
        }
    }

    fn text(&self) -> Text {
        match self {
            InstallError::NoDataDir => Text::new(
                "no hay carpeta de datos para Nivel: el sistema no indica una carpeta personal",
                "no data folder for Nivel: the system names no home folder",
            ),
            InstallError::Io { path, source } => Text::new(
                format!("no se puede escribir el laboratorio en {}: {source}", path.display()),
                format!("cannot write the lab to {}: {source}", path.display()),
            ),
        }
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        Some(crate::app::Remedy::Advice {
            text: Text::new(
                format!("elija una carpeta de datos en la que se pueda escribir ({DATA_DIR_ENV})"),
                format!("choose a writable data folder ({DATA_DIR_ENV})"),
            ),
        })
    }
}

/// Nivel's data directory: `NIVEL_DATA_DIR` when set, else the OS's (on Linux
/// `~/.local/share/nivel`).
pub fn data_dir() -> Result<PathBuf, InstallError> {
    data_dir_from(std::env::var_os(DATA_DIR_ENV))
}

/// Nivel's data directory given the value of `NIVEL_DATA_DIR` (`None` or empty: the OS's).
pub fn data_dir_from(var: Option<OsString>) -> Result<PathBuf, InstallError> {
    match var.filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => directories::ProjectDirs::from("", "", "nivel").map(|d| d.data_dir().to_path_buf()).ok_or(InstallError::NoDataDir),
    }
}

/// Where a built-in lab was written, and how many of its files this call wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    pub dir: PathBuf,
    pub written: usize,
}

impl fmt::Display for Installed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} files written)", self.dir.display(), self.written)
    }
}

/// The folder of `lab` under `data_dir`, `labs/<folder>/`.
pub fn lab_dir(lab: &BuiltinLab, data_dir: &Path) -> PathBuf {
    data_dir.join("labs").join(lab.folder)
}

/// Writes `lab` to `data_dir/labs/<folder>/`: every file when the stored content hash
/// (`labs/<folder>.sha256`, beside the folder) differs from the embedded one, otherwise only
/// files that went missing. Files not part of the lab stay as they are.
pub fn install(lab: &BuiltinLab, data_dir: &Path) -> Result<Installed, InstallError> {
    let dir = lab_dir(lab, data_dir);
    let stamp = data_dir.join("labs").join(format!("{}.sha256", lab.folder));
    let hash = lab.content_hash();
    let current = std::fs::read_to_string(&stamp).ok();
    let stale = current.as_deref().map(str::trim) != Some(hash.as_str());
    let mut written = 0;
    for (rel, bytes) in lab.files() {
        let path = dir.join(rel);
        if stale || !path.exists() {
            write_atomically(&path, bytes)?;
            written += 1;
        }
    }
    // Written last: a run cut short leaves the lab stale, and the next one finishes it.
    if stale {
        write_atomically(&stamp, format!("{hash}\n").as_bytes())?;
    }
    Ok(Installed { dir, written })
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), InstallError> {
    let io = |e| InstallError::Io { path: path.to_path_buf(), source: e };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".nivel-{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_wins_over_the_os_default() {
        let dir = data_dir_from(Some("/tmp/nivel-data".into())).unwrap();
        assert_eq!(dir, PathBuf::from("/tmp/nivel-data"), "NIVEL_DATA_DIR as given");
        let default = data_dir_from(Some(OsString::new()));
        if let Ok(d) = default {
            assert!(d.ends_with("nivel"), "an empty variable means the OS default: {}", d.display());
        }
    }
}
