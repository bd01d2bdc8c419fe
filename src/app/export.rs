//! The progress report as a file an instructor reads and keeps: one self-contained HTML page,
//! Markdown or JSON, written through `output::write_file`: whole or not at all, never
//! into Nivel's data folder and never over anything but a regular file. The target is refused
//! before the report is built.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::lab::Text;
use crate::progress::report::{to_html, to_json, to_markdown};

use super::progress_view::report;
use super::{progress_store, Context, Problem, Remedy, StudyError};

/// Why a file for the student cannot be written where asked, and the check that refuses
/// Nivel's own folders (the doctor's bundle uses it too).
pub use crate::output::{refuse_target, OutputError};

/// A report's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Html,
    Md,
    Json,
}

/// A report written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Exported {
    #[cfg_attr(feature = "bindings", ts(type = "string"))]
    pub path: PathBuf,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub bytes: u64,
}

/// Why the report was not written; nothing changed on disk.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The target was refused or could not be written.
    #[error(transparent)]
    Output(OutputError),
    /// The progress could not be read.
    #[error(transparent)]
    Study(StudyError),
}

/// Writes the whole progress report to `path` in `format`, worded in `lang`.
pub fn export(ctx: &Context, path: &Path, format: ExportFormat, lang: Lang) -> Result<Exported, ExportError> {
    let protected = progress_store::protected_folders(ctx);
    crate::output::refuse_target(path, &protected).map_err(ExportError::Output)?;
    let report = report(ctx, None).map_err(ExportError::Study)?;
    let text = match format {
        ExportFormat::Html => to_html(&report, lang),
        ExportFormat::Md => to_markdown(&report, lang),
        ExportFormat::Json => to_json(&report),
    };
    export_text(ctx, path, &text)
}

/// Writes `text` (lines a student chose to keep, such as a logs view's) to `path`, with the
/// same refusals as the report: never over Nivel's own files.
pub fn export_text(ctx: &Context, path: &Path, text: &str) -> Result<Exported, ExportError> {
    let protected = progress_store::protected_folders(ctx);
    crate::output::refuse_target(path, &protected).map_err(ExportError::Output)?;
    crate::output::write_bytes(path, &protected, text.as_bytes()).map_err(ExportError::Output)?;
    Ok(Exported { path: path.to_path_buf(), bytes: text.len() as u64 })
}

impl ExportFormat {
    /// The format a file name's extension names (`.html`, `.md`, `.json`, any case).
    pub fn from_extension(path: &Path) -> Option<ExportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(ExportFormat::Html),
            "md" | "markdown" => Some(ExportFormat::Md),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

impl Problem for ExportError {
    fn code(&self) -> &'static str {
        match self {
            ExportError::Output(e) => e.code(),
            ExportError::Study(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            ExportError::Output(e) => e.text(),
            ExportError::Study(e) => e.text(),
        }
    }

    /// A refused or unwritable target: another path (the app opens its save dialog again).
    fn remedy(&self) -> Option<Remedy> {
        match self {
            ExportError::Output(e @ OutputError::DiskFull { .. }) => e.remedy(),
            ExportError::Output(_) => Some(Remedy::ChooseAnotherPath),
            ExportError::Study(e) => e.remedy(),
        }
    }

    fn is_input(&self) -> bool {
        match self {
            ExportError::Output(e) => e.is_input(),
            ExportError::Study(e) => e.is_input(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_names_the_format() {
        assert_eq!(ExportFormat::from_extension(Path::new("r.HTML")), Some(ExportFormat::Html), "case does not matter");
        assert_eq!(ExportFormat::from_extension(Path::new("dir/r.md")), Some(ExportFormat::Md), "markdown");
        assert_eq!(ExportFormat::from_extension(Path::new("r.json")), Some(ExportFormat::Json), "json");
        assert_eq!(ExportFormat::from_extension(Path::new("report")), None, "no extension: the format must be named");
    }
}
