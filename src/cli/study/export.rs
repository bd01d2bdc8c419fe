//! `nivel progress export`: the report as a file an instructor can read and keep, written
//! through [`nivel::output::write_bytes`]: whole or not at all, never into Nivel's data folder
//! and never over anything but a regular file.

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
    let protected = args.data.protected_folders();
    // Refused before any work, and checked again as the file is written.
    nivel::output::refuse_target(&args.output, &protected).map_err(StudyError::from)?;
    let store = args.data.open_to_read().map_err(StudyError::from)?;
    let report = ProgressReport::build(&store, &lab_outlines(), now()).map_err(|e| StudyError::from(e.at(store.path())))?;
    let text = match format {
        Format::Html => to_html(&report, lang),
        Format::Md => to_markdown(&report, lang),
        Format::Json => to_json(&report),
    };
    nivel::output::write_bytes(&args.output, &protected, text.as_bytes()).map_err(StudyError::from)?;
    eprintln!("{} {}", match lang { Lang::Es => "informe escrito en", Lang::En => "wrote" }, args.output.display());
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
}
