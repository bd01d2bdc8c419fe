//! Why `nivel check`, `progress`, `whoami` or `settings` failed, and what fixes it, in Spanish
//! and English: the application's errors rendered with their remedies as flags, and the
//! refusals only the command line makes (a missing `--format`, an option's control character,
//! a restore nobody confirmed).

use std::fmt;
use std::path::PathBuf;

use nivel::app::{CheckError, ExportError, Problem, SettingsError};
use nivel::i18n::Lang;
use nivel::lab::Text;
use nivel::app::export::OutputError;
use nivel::app::progress_store::StoreError;

use crate::cli::remedy::render;

#[derive(Debug)]
pub enum StudyError {
    Store(StoreError),
    /// Progress, exercises or identity.
    App(nivel::app::StudyError),
    Check(CheckError),
    Export(ExportError),
    Settings(SettingsError),
    NoFormat { path: PathBuf },
    Output(OutputError),
    /// A `whoami set` value with a control character (shown escaped).
    ControlCharacter { flag: &'static str, found: char },
    /// A restore asked for without `--yes` where nobody can answer.
    Unconfirmed,
}

impl StudyError {
    pub fn exit_code(&self) -> u8 {
        match self {
            StudyError::Store(e) if !e.is_input() => 1,
            StudyError::Output(e) if !e.is_input() => 1,
            StudyError::App(e) if !e.is_input() => 1,
            StudyError::Check(e) if !e.is_input() => 1,
            StudyError::Export(e) if !e.is_input() => 1,
            StudyError::Settings(e) if !e.is_input() => 1,
            _ => 2,
        }
    }

    /// The message with its fix, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let text = match self {
            StudyError::Store(e) => return render(e, lang),
            StudyError::Output(e) | StudyError::Export(ExportError::Output(e)) => return render(e, lang),
            StudyError::App(e) => return render(e, lang),
            StudyError::Check(e) => return render(e, lang),
            StudyError::Export(e) => return render(e, lang),
            StudyError::Settings(e) => return render(e, lang),
            StudyError::NoFormat { path } => Text::new(
                format!("no se sabe el formato del informe por el nombre `{}`\n  fix: añada --format html, --format md o --format json", path.display()),
                format!("cannot tell the report format from `{}`\n  fix: add --format html, --format md or --format json", path.display()),
            ),
            StudyError::ControlCharacter { flag, found } => {
                let shown = nivel::app::progress_store::report::printable(&found.to_string()).into_owned();
                Text::new(
                    format!("el valor de {flag} contiene un carácter de control ({shown}), que cambiaría lo que muestra una terminal; no se guardó nada\n  fix: escríbalo solo con letras, cifras, espacios y signos de puntuación"),
                    format!("the {flag} value contains a control character ({shown}), which would change what a terminal shows; nothing was saved\n  fix: type it with letters, digits, spaces and punctuation only"),
                )
            }
            StudyError::Unconfirmed => Text::new(
                "no se reemplaza su progreso sin confirmación: la entrada estándar no es una terminal\n  fix: añada `--yes` para restaurar sin preguntar",
                "not replacing your progress without confirmation: stdin is not a terminal\n  fix: pass `--yes` to restore without asking",
            ),
        };
        text.get(lang).to_string()
    }
}

impl fmt::Display for StudyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for StudyError {}

impl From<StoreError> for StudyError {
    fn from(e: StoreError) -> Self {
        StudyError::Store(e)
    }
}

impl From<nivel::app::StudyError> for StudyError {
    fn from(e: nivel::app::StudyError) -> Self {
        StudyError::App(e)
    }
}

impl From<CheckError> for StudyError {
    fn from(e: CheckError) -> Self {
        StudyError::Check(e)
    }
}

impl From<ExportError> for StudyError {
    fn from(e: ExportError) -> Self {
        StudyError::Export(e)
    }
}

impl From<SettingsError> for StudyError {
    fn from(e: SettingsError) -> Self {
        StudyError::Settings(e)
    }
}

impl From<OutputError> for StudyError {
    fn from(e: OutputError) -> Self {
        StudyError::Output(e)
    }
}
