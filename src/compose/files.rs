//! The one way Nivel opens a file it reads as input (compose files, included and extended
//! files, `.env`, `--env-file`, `env_file`, `lab.toml`): regular files only, never more than
//! a bounded size, text only, and, for a lab, only inside the lab's folder once symbolic
//! links are resolved.
//!
//! Nothing here blocks or grows without bound: the kind of file is checked before it is
//! opened, and it is opened without waiting (`O_NONBLOCK`), so a FIFO is refused instead of
//! hanging the command; devices (`/dev/zero`) are refused before a byte is read; a file that
//! grows while it is read is cut at the limit and refused.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{ErrorKind, LoadError};
use super::node::Span;
use super::yaml::MAX_FILE_BYTES;

pub use crate::file_kind::FileKind;

/// Why an input file was not read.
#[derive(Debug)]
pub enum InputError {
    Missing,
    /// A symbolic link whose target does not exist.
    BrokenLink { target: PathBuf },
    /// Symbolic links that lead to each other.
    LinkLoop,
    NotAFile(FileKind),
    /// The file, once links are resolved, is `resolved`, which is not inside `folder`.
    Outside { resolved: PathBuf, folder: PathBuf },
    TooLarge { limit: usize },
    /// Not UTF-8 from this 1-based line on.
    NotText { line: u32 },
    /// A NUL byte on this line.
    Nul { line: u32 },
    /// The path named another file by the time it was opened.
    Changed,
    Unreadable(std::io::Error),
}

impl InputError {
    /// What is wrong with `path`, in one sentence.
    pub fn problem(&self, path: &Path) -> String {
        let p = path.display();
        match self {
            InputError::Missing => format!("{p} does not exist"),
            InputError::BrokenLink { target } => format!("{p} is a symbolic link to {}, which does not exist", target.display()),
            InputError::LinkLoop => format!("{p} is a loop of symbolic links"),
            InputError::NotAFile(kind) => format!("{p} is {kind}, not a file"),
            InputError::Outside { resolved, folder } if resolved == path => {
                format!("{p} is outside the lab folder {}", folder.display())
            }
            InputError::Outside { resolved, folder } => {
                format!("{p} leads to {}, outside the lab folder {}", resolved.display(), folder.display())
            }
            InputError::TooLarge { limit } => {
                format!("{p} is larger than {} MiB, the most Nivel reads from one file", limit / (1024 * 1024))
            }
            InputError::NotText { .. } => format!("{p} is not UTF-8 text (binary data?)"),
            InputError::Nul { .. } => format!("{p} contains NUL bytes: it is not a text file"),
            InputError::Changed => format!("{p} was replaced while it was being opened"),
            InputError::Unreadable(e) => format!("cannot read {p}: {e}"),
        }
    }

    /// What the user can do about it.
    pub fn fix(&self) -> &'static str {
        match self {
            InputError::Missing => "check the path and the current folder",
            InputError::BrokenLink { .. } => "point the link at an existing file, or name the file itself",
            InputError::LinkLoop => "point the link at a real file",
            InputError::NotAFile(FileKind::Folder) => "name a file, not a folder",
            InputError::NotAFile(FileKind::Fifo) => {
                "name a regular file: Nivel does not read from pipes, which could leave it waiting forever"
            }
            InputError::NotAFile(_) => "name a regular file saved on disk",
            InputError::Outside { .. } => {
                "a lab reads only its own files: copy the file into the lab folder and name it with a relative path"
            }
            InputError::TooLarge { .. } => "check that this is the file you meant, or split it into several files",
            InputError::NotText { .. } => "check that this is the file you meant; save it as UTF-8",
            InputError::Nul { .. } => "check that this is the file you meant",
            InputError::Changed => "run the command again once nothing is changing the file",
            InputError::Unreadable(_) => "check that you may read the file",
        }
    }

    /// The line the problem is on, for problems inside the file.
    pub fn line(&self) -> Option<u32> {
        match self {
            InputError::NotText { line } | InputError::Nul { line } => Some(*line),
            InputError::TooLarge { .. } => Some(1),
            _ => None,
        }
    }

    /// As a compose loader error: placed in the file when the problem is in its content,
    /// unplaced otherwise (the caller names the line that referred to the file).
    pub fn into_load_error(self, path: &Path) -> LoadError {
        let span = self.line().map(|line| Span::new(Arc::from(path.display().to_string()), line, 1));
        let kind = if span.is_some() { ErrorKind::Syntax } else { ErrorKind::Io };
        LoadError::new(kind, span, self.problem(path)).with_fix(self.fix())
    }
}

/// Reads the text of the input file `path`, refusing anything that is not a regular file of
/// at most `limit` bytes of UTF-8 text, and, when `allowed` is given, anything whose real
/// path (links resolved) is not inside that folder.
pub fn read_input(path: &Path, allowed: Option<&Path>, limit: usize) -> Result<String, InputError> {
    let (resolved, meta) = inspect(path, allowed)?;
    if meta.len() > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(InputError::TooLarge { limit });
    }
    let file = open_without_waiting(&resolved).map_err(|e| from_io(path, e))?;
    let opened = file.metadata().map_err(InputError::Unreadable)?;
    if let Some(kind) = FileKind::of(&opened) {
        return Err(InputError::NotAFile(kind));
    }
    if !same_file(&meta, &opened) {
        return Err(InputError::Changed);
    }
    let mut bytes = Vec::new();
    // One byte past the limit tells a file that grew while it was read from one that fits.
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Unreadable)?;
    if bytes.len() > limit {
        return Err(InputError::TooLarge { limit });
    }
    decode(bytes)
}

/// Checks that `path` could be read as an input file (see [`read_input`]) without opening
/// it; returns its real path.
pub fn inspect(path: &Path, allowed: Option<&Path>) -> Result<(PathBuf, Metadata), InputError> {
    // Resolving links first means a file outside the lab is refused before anything about it
    // (its kind, its size) is looked at.
    let resolved = std::fs::canonicalize(path).map_err(|e| from_io(path, e))?;
    if let Some(folder) = allowed {
        let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        if !resolved.starts_with(&folder) {
            return Err(InputError::Outside { resolved, folder });
        }
    }
    let meta = std::fs::metadata(&resolved).map_err(|e| from_io(path, e))?;
    if let Some(kind) = FileKind::of(&meta) {
        return Err(InputError::NotAFile(kind));
    }
    Ok((resolved, meta))
}

/// The kind of what `path` names, following links: `Ok(None)` for a regular file.
pub fn kind_of(path: &Path) -> Result<Option<FileKind>, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| from_io(path, e))?;
    Ok(FileKind::of(&meta))
}

/// [`read_input`] for the compose loader, with its 4 MiB limit and its errors.
pub fn read_text(path: &Path, allowed: Option<&Path>) -> Result<String, LoadError> {
    read_input(path, allowed, MAX_FILE_BYTES).map_err(|e| e.into_load_error(path))
}

fn from_io(path: &Path, e: std::io::Error) -> InputError {
    if is_link_loop(&e) {
        return InputError::LinkLoop;
    }
    if e.kind() != std::io::ErrorKind::NotFound {
        return InputError::Unreadable(e);
    }
    match std::fs::read_link(path) {
        Ok(target) => InputError::BrokenLink { target },
        Err(_) => InputError::Missing,
    }
}

#[cfg(unix)]
fn is_link_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_loop(_: &std::io::Error) -> bool {
    false
}

/// Opens for reading without waiting for a writer (a FIFO swapped in after the check would
/// otherwise block the open) and without following a link swapped in as the last component.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

fn decode(bytes: Vec<u8>) -> Result<String, InputError> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let line_of = |bytes: &[u8]| u32::try_from(bytes.iter().filter(|b| **b == b'\n').count() + 1).unwrap_or(u32::MAX);
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        InputError::NotText { line: line_of(&e.as_bytes()[..offset]) }
    })?;
    if let Some(offset) = text.find('\0') {
        return Err(InputError::Nul { line: line_of(&text.as_bytes()[..offset]) });
    }
    Ok(text)
}

#[cfg(test)]
mod tests;
