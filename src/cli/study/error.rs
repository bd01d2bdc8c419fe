//! Why `nivel progress` or `nivel whoami` failed, and what fixes it.

use std::path::PathBuf;

use nivel::progress::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no progress for lab `{name}`\n  fix: name one of {}", known.join(", "))]
    UnknownLab { name: String, known: Vec<String> },
    #[error("cannot tell the report format from `{}`\n  fix: add --format html, --format md or --format json", path.display())]
    NoFormat { path: PathBuf },
    #[error("cannot write the report to {}: {source}\n  fix: choose a file in a folder you can write to with -o", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

impl StudyError {
    pub fn exit_code(&self) -> u8 {
        match self {
            StudyError::Store(e) if !e.is_input() => 1,
            _ => 2,
        }
    }
}
