//! `LAB` on the command line, opened by the application layer over the process's context.

use nivel::lab;

use super::engine::context;
use super::CliError;

pub use nivel::app::OpenedLab;

/// Opens `name`: a folder or compose file on disk, else a built-in lab by id or level.
pub fn open_lab(name: &str) -> Result<OpenedLab, CliError> {
    Ok(nivel::app::open(&context()?, name)?)
}

/// Opens built-in lab `builtin` from the data directory (written there when needed).
pub fn open_builtin(builtin: &lab::BuiltinLab) -> Result<OpenedLab, CliError> {
    Ok(nivel::app::open_builtin(&context()?, builtin)?)
}
