//! `nivel progress export`: the report as a file an instructor can read and keep. Written to
//! a temporary file beside the target and renamed over it, so a reader never sees half a
//! report and an old report is only replaced by a whole new one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use nivel::i18n::Lang;
use nivel::progress::report::{to_html, to_json, to_markdown, ProgressReport};

use super::error::StudyError;
use super::lab_outlines;
use crate::cli::progress_store::{now, DataDirArg};
use crate::cli::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The report's format [default: from the file's extension: .html, .md, .json]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The report's language [default: NIVEL_LANG, else the locale]
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    #[command(flatten)]
    data: DataDirArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One self-contained HTML page.
    Html,
    /// Markdown.
    Md,
    /// JSON (the shape `nivel progress --json` prints).
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    Es,
    En,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let format = match args.format {
        Some(f) => f,
        None => from_extension(&args.output).ok_or_else(|| StudyError::NoFormat { path: args.output.clone() })?,
    };
    let lang = match args.lang {
        Some(LangArg::Es) => Lang::Es,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(&|k| std::env::var(k).ok()),
    };
    let store = args.data.open().map_err(StudyError::from)?;
    let report = ProgressReport::build(&store, &lab_outlines(), now()).map_err(StudyError::from)?;
    let text = match format {
        Format::Html => to_html(&report, lang),
        Format::Md => to_markdown(&report, lang),
        Format::Json => to_json(&report),
    };
    write_atomically(&args.output, text.as_bytes()).map_err(|source| StudyError::Write { path: args.output.clone(), source })?;
    eprintln!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}

fn from_extension(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "html" | "htm" => Some(Format::Html),
        "md" | "markdown" => Some(Format::Md),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// Writes `bytes` to a temporary file in `path`'s folder, syncs it and renames it to `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file"))?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_names_the_format() {
        assert_eq!(from_extension(Path::new("r.HTML")), Some(Format::Html), "case does not matter");
        assert_eq!(from_extension(Path::new("dir/r.md")), Some(Format::Md), "markdown");
        assert_eq!(from_extension(Path::new("r.json")), Some(Format::Json), "json");
        assert_eq!(from_extension(Path::new("report")), None, "no extension: --format is needed");
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.html");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new", "replaced whole");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("r.html")], "no temporary file left");
    }

    #[test]
    fn a_missing_folder_fails_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomically(&dir.path().join("nope/r.md"), b"x").is_err(), "the folder does not exist");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
    }
}
