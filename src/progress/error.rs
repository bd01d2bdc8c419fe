//! Why the progress store, its backups or a restore could not be used, with what the student
//! can do about it, in Spanish and English. A file Nivel refuses is always left untouched.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::app::{Problem, Remedy};
use crate::lab::Text;
use crate::output::FileKind;

use super::identity::IdentityPart;
use super::report::printable;

/// A progress store failure.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The file's schema is newer than this binary knows.
    NewerSchema { path: PathBuf, found: u32, known: u32 },
    /// The file is not an SQLite database at all.
    NotADatabase { path: PathBuf },
    /// The file is an SQLite database, but damaged: pages cannot be read or are malformed.
    Damaged { path: PathBuf },
    /// An identity part with a control character, which is never stored.
    ControlCharacter { part: IdentityPart, found: char },
    /// Another program's SQLite database.
    Foreign { path: PathBuf, why: Foreign },
    /// A schema version Nivel never writes (a negative one).
    BadVersion { path: PathBuf, found: i64 },
    /// The command needs to write, and the file or its folder is read-only.
    ReadOnly { path: PathBuf },
    /// The disk holding the file is full.
    DiskFull { path: PathBuf },
    /// The system failed to read or write the file (or its journal) for another reason.
    DiskFailure { path: PathBuf },
    /// The folder for the progress file could not be created.
    CreateDir { path: PathBuf, source: std::io::Error },
    /// No data directory could be found for the default location.
    NoDataDir,
    /// A value read from the file is not one this binary writes (a hand-edited file).
    BadValue { table: &'static str, column: &'static str, value: String },
    /// The backups folder is there but is not a folder (a link, a file…).
    BackupsFolder { path: PathBuf, kind: FileKind },
    /// Something other than a file has the name of today's backup.
    BackupInTheWay { path: PathBuf, kind: FileKind },
    /// No backup of that day (`known` lists the days there are).
    NoBackup { asked: String, known: Vec<String> },
    /// A backup that cannot be restored, and why.
    UnusableBackup { path: PathBuf, why: Text },
    /// Reading or writing a backup (or the copy kept aside) failed.
    Io { path: PathBuf, source: std::io::Error },
    /// SQLite reported an error.
    Sqlite { source: rusqlite::Error },
}

/// Why a database is someone else's.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Foreign {
    /// It carries another program's `application_id`.
    ApplicationId(i32),
    /// It holds tables Nivel does not make.
    Tables(Vec<String>),
    /// Its tables or version are not those of any Nivel.
    Schema,
}

impl StoreError {
    /// True when the problem is the file or folder the user has (exit code 2 in the CLI), not
    /// a failure while using it.
    pub fn is_input(&self) -> bool {
        !matches!(self, StoreError::DiskFull { .. } | StoreError::DiskFailure { .. } | StoreError::BadValue { .. } | StoreError::Io { .. } | StoreError::Sqlite { .. })
    }

    /// Names `path` in SQLite's errors that need it to be acted on: a full disk, a read-only
    /// or damaged file. Others are returned as they are.
    pub fn at(self, path: &Path) -> StoreError {
        let StoreError::Sqlite { source } = &self else { return self };
        let path = path.to_path_buf();
        let extended = match source {
            rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
            _ => 0,
        };
        match source.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            // Growing the WAL's shared memory fails this way when the disk is full.
            Some(ErrorCode::SystemIoFailure) if extended == rusqlite::ffi::SQLITE_IOERR_SHMSIZE => StoreError::DiskFull { path },
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskFailure { path },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged { path },
            _ => self,
        }
    }

}

/// Advice in both languages, as a remedy.
fn advice(es: impl Into<String>, en: impl Into<String>) -> Option<Remedy> {
    Some(Remedy::Advice { text: Text::new(es, en) })
}

impl Problem for StoreError {
    fn code(&self) -> &'static str {
        match self {
            StoreError::NewerSchema { .. } => "store.newer_schema",
            StoreError::NotADatabase { .. } => "store.not_a_database",
            StoreError::Damaged { .. } => "store.corrupt",
            StoreError::ControlCharacter { .. } => "identity.control_character",
            StoreError::Foreign { .. } => "store.foreign",
            StoreError::BadVersion { .. } => "store.bad_version",
            StoreError::ReadOnly { .. } => "store.read_only",
            StoreError::DiskFull { .. } => "store.disk_full",
            StoreError::Io { source, .. } if crate::output::is_disk_full(source) => "store.disk_full",
            StoreError::DiskFailure { .. } => "store.disk_failure",
            StoreError::CreateDir { .. } => "store.no_folder",
            StoreError::NoDataDir => "data.no_folder",
            StoreError::BadValue { .. } => "store.bad_value",
            StoreError::BackupsFolder { .. } => "backup.folder_in_the_way",
            StoreError::BackupInTheWay { .. } => "backup.file_in_the_way",
            StoreError::NoBackup { .. } => "backup.none",
            StoreError::UnusableBackup { .. } => "backup.unusable",
            StoreError::Io { .. } => "store.io",
            StoreError::Sqlite { .. } => "store.sqlite",
        }
    }

    fn text(&self) -> Text {
        match self {
            StoreError::NewerSchema { path, found, known } => Text::new(
                format!("este archivo de progreso lo escribió un Nivel más reciente (esquema {found}; este conoce el {known}); actualice Nivel\n  archivo: {}", path.display()),
                format!("this progress file was written by a newer Nivel (schema {found}, this one knows {known}); update Nivel\n  file: {}", path.display()),
            ),
            StoreError::NotADatabase { path } => Text::new(
                format!("{} no es una base de datos SQLite: no es un archivo de progreso de Nivel, o está dañado; se dejó como estaba", path.display()),
                format!("{} is not an SQLite database: it is not a Nivel progress file, or it is damaged; it was left as it is", path.display()),
            ),
            StoreError::Damaged { path } => Text::new(
                format!("el archivo de progreso {} está dañado: parte de él no se puede leer; se dejó como estaba", path.display()),
                format!("the progress file {} is damaged: part of it cannot be read; it was left as it is", path.display()),
            ),
            StoreError::ControlCharacter { part, found } => {
                let (es, en) = match part {
                    IdentityPart::Name => ("El nombre", "The name"),
                    IdentityPart::Id => ("El código", "The id"),
                    IdentityPart::Group => ("El grupo", "The group"),
                };
                let shown = printable(&found.to_string()).into_owned();
                Text::new(
                    format!("{es} contiene un carácter de control ({shown}); no se guarda"),
                    format!("{en} contains a control character ({shown}); it is not stored"),
                )
            }
            StoreError::Foreign { path, why } => {
                let why = why.text();
                Text::new(
                    format!("{} no es un archivo de progreso de Nivel: es la base de datos de otro programa ({}); Nivel no la modifica", path.display(), why.es),
                    format!("{} is not a Nivel progress file: it is another program's database ({}); Nivel does not change it", path.display(), why.en),
                )
            }
            StoreError::BadVersion { path, found } => Text::new(
                format!("{} no es un archivo de progreso de Nivel o está dañado: su versión de esquema (esquema {found}) no la escribe ningún Nivel; se dejó como estaba", path.display()),
                format!("{} is not a Nivel progress file or is damaged: no Nivel writes its schema version (schema {found}); it was left as it is", path.display()),
            ),
            StoreError::ReadOnly { path } => Text::new(
                format!("no se puede escribir el archivo de progreso {}: el archivo o su carpeta son de solo lectura (read-only); nada cambió", path.display()),
                format!("cannot write the progress file {}: it or its folder is read-only; nothing changed", path.display()),
            ),
            StoreError::DiskFull { path } => {
                let folder = path.parent().unwrap_or(path).display();
                Text::new(
                    format!("no se puede escribir {}: el disco de {folder} está lleno; lo ya guardado no se pierde", path.display()),
                    format!("cannot write {}: the disk holding {folder} is full; nothing already saved is lost", path.display()),
                )
            }
            StoreError::DiskFailure { path } => Text::new(
                format!("no se puede leer o escribir {}: el sistema informó de un error de disco; lo ya guardado no se pierde", path.display()),
                format!("cannot read or write {}: the system reported a disk error; nothing already saved is lost", path.display()),
            ),
            StoreError::CreateDir { path, source } => Text::new(
                format!("no se puede crear la carpeta {} del archivo de progreso: {source}", path.display()),
                format!("cannot create the folder {} for the progress file: {source}", path.display()),
            ),
            StoreError::NoDataDir => Text::new(
                "no hay carpeta de datos para Nivel: el sistema no indica una carpeta personal",
                "no data directory for Nivel: the system names no home folder",
            ),
            StoreError::BadValue { table, column, value } => Text::new(
                format!("el archivo de progreso tiene un valor inesperado en {table}.{column}: {value:?}"),
                format!("the progress file holds an unexpected value in {table}.{column}: {value:?}"),
            ),
            StoreError::BackupsFolder { path, kind } => {
                let kind = kind.text();
                Text::new(
                    format!("{} no es una carpeta sino {}: Nivel no guarda ni lee copias ahí", path.display(), kind.es),
                    format!("{} is {}, not a folder: Nivel neither keeps nor reads backups there", path.display(), kind.en),
                )
            }
            StoreError::BackupInTheWay { path, kind } => {
                let kind = kind.text();
                Text::new(
                    format!("no se puede hacer la copia de hoy: {} es {}", path.display(), kind.es),
                    format!("today's backup cannot be made: {} is {}", path.display(), kind.en),
                )
            }
            StoreError::NoBackup { asked, known } if known.is_empty() => Text::new(
                format!("no hay copia de {asked}: aún no hay ninguna copia (Nivel hace una cada día en que algo escribe en su progreso)"),
                format!("no backup of {asked}: there are no backups yet (Nivel makes one each day something writes to your progress)"),
            ),
            StoreError::NoBackup { asked, .. } => Text::new(format!("no hay copia de {asked}"), format!("no backup of {asked}")),
            StoreError::UnusableBackup { path, why } => Text::new(
                format!("{} no es una copia utilizable: {}; nada cambió", path.display(), why.es),
                format!("{} is not a usable backup: {}; nothing changed", path.display(), why.en),
            ),
            StoreError::Io { path, source } if crate::output::is_disk_full(source) => StoreError::DiskFull { path: path.clone() }.text(),
            StoreError::Io { path, source } => Text::new(
                format!("no se puede usar {}: {source}", path.display()),
                format!("cannot use {}: {source}", path.display()),
            ),
            StoreError::Sqlite { source } => Text::new(format!("almacén de progreso: {source}"), format!("progress store: {source}")),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        let restore = || Some(Remedy::RestoreProgress { date: "latest".into() });
        match self {
            StoreError::NotADatabase { .. } | StoreError::Damaged { .. } | StoreError::BadVersion { .. } => restore(),
            StoreError::ControlCharacter { .. } => advice(
                "escríbalo solo con letras, cifras, espacios y signos de puntuación",
                "type it with letters, digits, spaces and punctuation only",
            ),
            StoreError::Foreign { .. } => advice(
                "muévala a otro sitio, o indique otra carpeta con NIVEL_DATA_DIR",
                "move it elsewhere, or point NIVEL_DATA_DIR at another folder",
            ),
            StoreError::ReadOnly { .. } => advice(
                "permita escribir en ellos, o indique una carpeta con permiso de escritura en NIVEL_DATA_DIR",
                "make them writable, or point NIVEL_DATA_DIR at a folder you can write to",
            ),
            StoreError::DiskFull { .. } => full_disk(),
            StoreError::Io { source, .. } if crate::output::is_disk_full(source) => full_disk(),
            StoreError::DiskFailure { path } => {
                let folder = path.parent().unwrap_or(path).display();
                advice(
                    format!("compruebe que el disco de {folder} tiene espacio libre y funciona, y vuelva a intentarlo"),
                    format!("check that the disk holding {folder} has free space and works, then try again"),
                )
            }
            StoreError::CreateDir { .. } => advice(
                "permita escribir en ella, o indique una carpeta con permiso de escritura en NIVEL_DATA_DIR",
                "make it writable, or point NIVEL_DATA_DIR at a folder you can write to",
            ),
            StoreError::NoDataDir => advice(
                "indique una carpeta con permiso de escritura en NIVEL_DATA_DIR",
                "set NIVEL_DATA_DIR to a folder you can write to",
            ),
            StoreError::BackupsFolder { .. } => {
                advice("muévalo a otro sitio; Nivel creará la carpeta de copias", "move it elsewhere; Nivel then makes the backups folder itself")
            }
            StoreError::BackupInTheWay { .. } => advice("muévalo a otro sitio", "move it elsewhere"),
            StoreError::NoBackup { known, .. } if known.is_empty() => None,
            StoreError::NoBackup { known, .. } => Some(Remedy::ChooseBackup { dates: known.clone() }),
            StoreError::UnusableBackup { .. } => Some(Remedy::ChooseBackup { dates: Vec::new() }),
            StoreError::NewerSchema { .. } | StoreError::BadValue { .. } | StoreError::Io { .. } | StoreError::Sqlite { .. } => None,
        }
    }

    fn is_input(&self) -> bool {
        StoreError::is_input(self)
    }
}

fn full_disk() -> Option<Remedy> {
    advice("libere espacio en ese disco y vuelva a intentarlo", "free some space on that disk and try again")
}

impl Foreign {
    pub(super) fn text(&self) -> Text {
        match self {
            Foreign::ApplicationId(id) => Text::new(format!("su application_id es {id}"), format!("its application_id is {id}")),
            Foreign::Tables(names) => Text::new(
                format!("tiene tablas que Nivel no crea: {}", names.join(", ")),
                format!("it has tables Nivel does not make: {}", names.join(", ")),
            ),
            Foreign::Schema => Text::new("sus tablas no son las de Nivel", "its tables are not Nivel's"),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Sqlite { source } => Some(source),
            StoreError::CreateDir { source, .. } | StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(source: rusqlite::Error) -> Self {
        StoreError::Sqlite { source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_errors_that_need_a_path_get_one() {
        let full = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
        let err = StoreError::from(full).at(Path::new("/d/progress.sqlite3"));
        assert!(matches!(err, StoreError::DiskFull { .. }), "a full disk: {err:?}");
        assert!(err.to_string().contains("the disk holding /d is full"), "names the disk's folder: {err}");
        assert!(err.text().es.contains("el disco de /d está lleno"), "in Spanish: {:?}", err.text());
        assert!(!err.is_input(), "not the user's input: exit 1");
        let ro = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY), None);
        assert!(matches!(StoreError::from(ro).at(Path::new("/d/p")), StoreError::ReadOnly { .. }), "read-only");
    }

    #[test]
    fn every_refusal_says_what_to_do_in_both_languages() {
        let path = PathBuf::from("/d/progress.sqlite3");
        let errors = [
            StoreError::NotADatabase { path: path.clone() },
            StoreError::Damaged { path: path.clone() },
            StoreError::BadVersion { path: path.clone(), found: -3 },
            StoreError::Foreign { path: path.clone(), why: Foreign::ApplicationId(7) },
            StoreError::ReadOnly { path: path.clone() },
        ];
        for err in errors {
            assert!(err.is_input(), "{err:?}: exit 2");
            let (text, remedy) = (err.text(), err.remedy());
            assert!(text.es.contains("/d/progress.sqlite3") && text.en.contains("/d/progress.sqlite3"), "the path in both languages: {text:?}");
            assert!(remedy.is_some(), "{err:?}: and what to do");
        }
    }
}
