//! `nivel progress restore [DATE|latest] [--list] [--yes]`: the daily backups of the progress
//! store, and bringing one back. It asks first (a yes on a terminal, or `--yes`), keeps the
//! store it replaces in the backups folder, and works when the store is damaged.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use nivel::i18n::Lang;
use nivel::lab::Text;
use nivel::app::progress_store::{backups_folder, find_backup, list_backups, restore, BackupFile, KEEP};

use super::error::StudyError;
use crate::cli::progress_store::{now, DataDirArg};
use crate::cli::reset::confirmed;
use crate::cli::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup to bring back: its day (YYYY-MM-DD, as --list shows it) or `latest`.
    #[arg(value_name = "DATE|latest", conflicts_with = "list")]
    backup: Option<String>,
    /// List the backups, newest first (also what a bare `restore` does).
    #[arg(long)]
    list: bool,
    /// Replace without asking (needed when not on a terminal).
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    data: DataDirArg,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let lang = Lang::from_env(&|k| std::env::var(k).ok());
    let path = args.data.path().map_err(StudyError::from)?;
    let Some(asked) = args.backup.filter(|_| !args.list) else {
        let backups = list_backups(&path).map_err(StudyError::from)?;
        std::io::stdout().lock().write_all(listing(&path, &backups, lang).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    };
    let backup = find_backup(&path, &asked).map_err(StudyError::from)?;
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(StudyError::Unconfirmed.into());
        }
        let mut err = std::io::stderr().lock();
        write!(err, "{}", question(&backup).get(lang))?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !confirmed(&answer) {
            writeln!(err, "{}", Text::new("no se cambió nada", "nothing changed").get(lang))?;
            return Ok(ExitCode::from(1));
        }
    }
    let restored = restore(&path, &backup, now()).map_err(StudyError::from)?;
    let (date, from) = (&restored.from.date, restored.from.path.display());
    let kept = restored.kept.as_ref().map(|k| k.display().to_string());
    let line = match kept {
        Some(k) => Text::new(
            format!("restaurada la copia del {date} ({from}); el progreso que reemplazó se guardó en {k}"),
            format!("restored the backup of {date} ({from}); the progress it replaced is kept at {k}"),
        ),
        None => Text::new(format!("restaurada la copia del {date} ({from})"), format!("restored the backup of {date} ({from})")),
    };
    eprintln!("{}", line.get(lang));
    Ok(ExitCode::SUCCESS)
}

fn question(backup: &BackupFile) -> Text {
    Text::new(
        format!("¿Reemplazar su progreso por la copia del {}? El actual se guarda en la carpeta de copias. [s/N] ", backup.date),
        format!("Replace your progress with the backup of {}? The current one is kept in the backups folder. [y/N] ", backup.date),
    )
}

/// The backups a line each, newest first, with how to restore one.
fn listing(store: &std::path::Path, backups: &[BackupFile], lang: Lang) -> String {
    let folder = backups_folder(store);
    if backups.is_empty() {
        let none = Text::new(
            format!("Aún no hay copias en {}: Nivel hace una cada día en que algo escribe en su progreso y guarda las de los últimos {KEEP} días.\n", folder.display()),
            format!("No backups yet in {}: Nivel makes one each day something writes to your progress and keeps the last {KEEP} days.\n", folder.display()),
        );
        return none.get(lang).to_owned();
    }
    let head = Text::new(format!("Copias de {}, de la más reciente a la más antigua:\n", store.display()), format!("Backups of {}, newest first:\n", store.display()));
    let mut out = head.get(lang).to_owned();
    for b in backups {
        let size = match b.kind {
            None => format!("{} KiB", b.size.div_ceil(1024)),
            Some(kind) => {
                let what = kind.text();
                Text::new(format!("({}: no se puede restaurar)", what.es), format!("({}: cannot be restored)", what.en)).get(lang).to_owned()
            }
        };
        out.push_str(&format!("  {}  {size:>10}  {}\n", b.date, b.path.display()));
    }
    out.push_str(Text::new("Recupere una con: nivel progress restore FECHA (o latest)\n", "Bring one back with: nivel progress restore DATE (or latest)\n").get(lang));
    out
}
