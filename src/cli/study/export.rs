//! `nivel progress export`: the report as a file an instructor can read and keep, written by
//! [`nivel::app::export`]: whole or not at all, never into Nivel's data folder and never over
//! anything but a regular file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use nivel::app::ExportFormat;
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::error::StudyError;
use crate::cli::progress_store::DataDirArg;
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
        Some(Format::Html) => ExportFormat::Html,
        Some(Format::Md) => ExportFormat::Md,
        Some(Format::Json) => ExportFormat::Json,
        None => ExportFormat::from_extension(&args.output).ok_or_else(|| StudyError::NoFormat { path: args.output.clone() })?,
    };
    let ctx = args.data.context().map_err(StudyError::from)?;
    let lang = match args.lang {
        Some(LangArg::Es) => Lang::Es,
        Some(LangArg::En) => Lang::En,
        None => ctx.lang(),
    };
    nivel::app::export(&ctx, &args.output, format, lang).map_err(StudyError::from)?;
    eprintln!("{} {}", Text::new("informe escrito en", "wrote").get(lang), args.output.display());
    Ok(ExitCode::SUCCESS)
}
