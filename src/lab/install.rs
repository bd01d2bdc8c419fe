//! Writes a built-in lab's embedded files into the data directory, where compose paths,
//! build contexts and bind mounts need real files, and where a student's own files (notebooks,
//! DAGs) live next to them. A newer Nivel updates only the files nobody changed; a student's
//! edit is never overwritten (see [`install`]).

use crate::lab::Text;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use super::catalog::BuiltinLab;
use super::install_record::{self as record, FileEntry, Record};

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
    /// A folder of the lab is a link or a file, which Nivel does not write through.
    #[error("{path} is not a folder: Nivel does not write a lab's files through a link or into a file\n  fix: move it away and run the command again, so that Nivel can make the folder")]
    InTheWay { path: PathBuf },
}

impl crate::app::Problem for InstallError {
    fn code(&self) -> &'static str {
        match self {
            InstallError::NoDataDir => "data.no_folder",
            InstallError::Io { .. } => "data.unwritable",
            InstallError::InTheWay { .. } => "lab.folder_in_the_way",
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
            InstallError::InTheWay { path } => Text::new(
                format!("{} no es una carpeta: Nivel no escribe los archivos de un laboratorio a través de un enlace ni dentro de un archivo", path.display()),
                format!("{} is not a folder: Nivel does not write a lab's files through a link or into a file", path.display()),
            ),
        }
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        if let InstallError::InTheWay { path } = self {
            let path = path.display();
            return Some(crate::app::Remedy::Advice {
                text: Text::new(
                    format!("mueva {path} a otro lugar (guarde antes lo que quiera conservar) y repita la orden: Nivel creará la carpeta"),
                    format!("move {path} elsewhere (keep what you want from it first) and run the command again: Nivel makes the folder"),
                ),
            });
        }
        Some(crate::app::Remedy::Advice {
            text: Text::new(
                format!("elija una carpeta de datos en la que se pueda escribir ({DATA_DIR_ENV})"),
                format!("choose a writable data folder ({DATA_DIR_ENV})"),
            ),
        })
    }
}

/// Nivel's data directory: `NIVEL_DATA_DIR` when set, else the OS's (on Linux
/// `~/.local/share/nivel`, on macOS `~/Library/Application Support/nivel`, on Windows
/// `%APPDATA%\nivel\data`).
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

/// Where a built-in lab was written, how many of its files this call wrote, and the files
/// the student changed that have a newer version beside them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    pub dir: PathBuf,
    pub written: usize,
    pub kept: Vec<Kept>,
}

impl fmt::Display for Installed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.written == 1 { "file" } else { "files" };
        write!(f, "{} ({} {noun} written)", self.dir.display(), self.written)
    }
}

/// A lab file the student changed while Nivel's version of it changed too: the student's copy
/// stays as it is and Nivel's new version is written beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// The lab's id (`level-0`).
    pub lab: String,
    /// The file, relative to the lab's folder (`train.py`).
    pub file: String,
    /// Where the new version went, relative to the lab's folder (`train.py.nivel-new`).
    pub new_version: String,
    /// The lab's folder.
    pub dir: PathBuf,
}

impl Kept {
    /// `Your changes to level-0/train.py were kept; …`.
    pub fn text(&self) -> Text {
        let (lab, file, new) = (&self.lab, &self.file, &self.new_version);
        Text::new(
            format!("se conservaron sus cambios en {lab}/{file}; la versión nueva de Nivel está en {lab}/{new}"),
            format!("your changes to {lab}/{file} were kept; Nivel's new version is in {lab}/{new}"),
        )
    }

    /// What the student can do about it.
    pub fn advice(&self) -> Text {
        let dir = self.dir.display();
        Text::new(
            format!("compare los dos archivos en {dir}, copie a su archivo lo que quiera de la versión nueva y borre {}", self.new_version),
            format!("compare the two files in {dir}, copy what you want from the new version into yours, then delete {}", self.new_version),
        )
    }
}

/// The suffix of the new version written beside a file the student changed. No tool a lab
/// runs picks such a file up: Airflow's DAG folder scan and Python imports want `*.py`,
/// compose reads `compose.yaml` and the files named with `-f`, a Dockerfile's `COPY *.py` or
/// `COPY requirements.txt` does not match it, and Jupyter shows it as a plain file. The name
/// keeps the original one whole, so the two sort together.
pub const NEW_VERSION_SUFFIX: &str = ".nivel-new";

/// The folder of `lab` under `data_dir`, `labs/<folder>/`.
pub fn lab_dir(lab: &BuiltinLab, data_dir: &Path) -> PathBuf {
    data_dir.join("labs").join(lab.folder)
}

/// Writes `lab` to `data_dir/labs/<folder>/` without ever losing a student's edit: a missing
/// file is written; one whose bytes are still those Nivel last wrote (see the record in
/// `labs/<folder>.installed.json`) is brought to the embedded version; one the student changed
/// stays as it is, and when Nivel's version changed since, the new one is written beside it
/// (`<file>.nivel-new`, once) and listed in [`Installed::kept`] for as long as that file is
/// there. Files the student added, and files a newer lab no longer has, stay as they are:
/// a dropped file may hold the student's work, and a note about it would ask for nothing.
pub fn install(lab: &BuiltinLab, data_dir: &Path) -> Result<Installed, InstallError> {
    install_files(lab.id, lab.folder, lab.files(), &lab.content_hash(), data_dir)
}

/// [`install`] of the lab `id` whose embedded `files` hash to `content_hash`.
pub(super) fn install_files(id: &str, folder: &str, files: &[(&str, &[u8])], content_hash: &str, data_dir: &Path) -> Result<Installed, InstallError> {
    let labs = data_dir.join("labs");
    let dir = labs.join(folder);
    // Two Nivels installing at once would each write the record from what it read; one at a
    // time, each sees what the other wrote.
    let _lock = super::lock::install_lock(data_dir, folder);
    let before = record::read(&labs, folder, content_hash, files);
    let mut after = Record::default();
    let mut written = 0;
    let mut kept = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        refuse_links_on_the_way(&dir, rel)?;
        let want = record::digest(bytes);
        let known = before.files.get(*rel).cloned().unwrap_or_default();
        let entry = match look(&path)? {
            Found::Bytes(have) if have == *bytes => FileEntry { installed: Some(want), offered: None },
            Found::Missing => {
                write_atomically(&path, bytes)?;
                written += 1;
                FileEntry { installed: Some(want), offered: None }
            }
            // Still what Nivel wrote, or the newer version it offered, copied over whole.
            Found::Bytes(have) if [&known.installed, &known.offered].contains(&&Some(record::digest(&have))) => {
                write_atomically(&path, bytes)?;
                written += 1;
                FileEntry { installed: Some(want), offered: None }
            }
            // Changed by the student: bytes of their own, or a link, a FIFO or a folder they
            // put there, which is never read through nor replaced.
            Found::Bytes(_) | Found::Other => {
                if known.installed.as_deref() == Some(want.as_str()) {
                    // Nivel's version is the one the student started from: nothing new.
                    known
                } else {
                    let new_version = format!("{rel}{NEW_VERSION_SUFFIX}");
                    let beside = dir.join(&new_version);
                    let offered = known.offered.as_deref() == Some(want.as_str());
                    // Offered once; a new version the student deleted is not written again.
                    if !offered {
                        write_atomically(&beside, bytes)?;
                    }
                    // Said on every install while the new version waits beside the file, so
                    // that whichever front end installs first does not take the news away.
                    if !offered || std::fs::symlink_metadata(&beside).is_ok() {
                        kept.push(Kept { lab: id.to_owned(), file: (*rel).to_owned(), new_version, dir: dir.clone() });
                    }
                    FileEntry { installed: known.installed, offered: Some(want) }
                }
            }
        };
        after.files.insert((*rel).to_owned(), entry);
    }
    // Written last: a run cut short leaves files that already hold the new bytes, which the
    // next run recognises as up to date, whatever the record says.
    if after != before || !record::record_path(&labs, folder).is_file() {
        write_atomically(&record::record_path(&labs, folder), &record::to_json(&after))?;
    }
    let stamp = record::old_stamp_path(&labs, folder);
    if std::fs::symlink_metadata(&stamp).is_ok_and(|m| m.is_file()) {
        std::fs::remove_file(&stamp).map_err(|e| InstallError::Io { path: stamp.clone(), source: e })?;
    }
    Ok(Installed { dir, written, kept })
}

/// What sits where a lab file should be.
enum Found {
    Missing,
    Bytes(Vec<u8>),
    /// A link, a folder, a FIFO, a socket or a device.
    Other,
}

fn look(path: &Path) -> Result<Found, InstallError> {
    let io = |e| InstallError::Io { path: path.to_path_buf(), source: e };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Found::Missing),
        Err(e) => Err(io(e)),
        Ok(meta) if meta.is_file() => read_no_follow(path).map(Found::Bytes).map_err(io),
        Ok(_) => Ok(Found::Other),
    }
}

/// Reads `path` without following a link or waiting on a FIFO, should one replace the file
/// between the look and the read.
fn read_no_follow(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A folder of the lab's (`dags/`) that is a link or a file would have Nivel write through it
/// or fail halfway; it is refused, named, before anything is written there.
fn refuse_links_on_the_way(dir: &Path, rel: &str) -> Result<(), InstallError> {
    let mut at = dir.to_path_buf();
    let folders: Vec<&str> = rel.split('/').collect();
    for part in &folders[..folders.len().saturating_sub(1)] {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if !meta.is_dir() => return Err(InstallError::InTheWay { path: at }),
            _ => {}
        }
    }
    Ok(())
}

/// Writes through a temporary file and a rename, so a reader never sees half a file, and a
/// kill leaves the old file or the new one. The temporary file is made anew, never opened
/// through a link left at its name.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), InstallError> {
    use std::io::Write;
    let io = |e| InstallError::Io { path: path.to_path_buf(), source: e };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".nivel-{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).and_then(|mut f| f.write_all(bytes));
    written.and_then(|()| std::fs::rename(&tmp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

#[cfg(test)]
#[path = "install_tests.rs"]
mod tests;
