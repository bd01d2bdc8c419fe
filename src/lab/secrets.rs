//! The secrets of a lab's credentials, made for each installation: generated the first time the
//! lab is opened from a data folder, kept there (`credentials/<lab>.json`, readable by the
//! student alone) and never changed after, because the lab's volumes (a database, an object
//! store) keep the password they were first made with. A newer lab that declares one more
//! credential gets that one added; the others stay as they are. Only deleting the data folder
//! (or that file) makes new ones.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file_kind::FileKind;

use super::{CredentialSpec, Text};

/// The folder of the data folder the secrets are kept in.
pub const SECRETS_DIR: &str = "credentials";

/// Characters of a generated secret: letters and digits, so it goes unquoted into a URL, a
/// connection string, a shell command and YAML.
const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// 24 of them: about 143 bits.
pub const SECRET_LEN: usize = 24;

/// A secrets file longer than this is not Nivel's (a lab has a few credentials).
const FILE_LIMIT: u64 = 64 * 1024;

/// Each credential's secret, by credential id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secrets {
    pub secrets: BTreeMap<String, String>,
}

impl Secrets {
    pub fn get(&self, id: &str) -> Option<&str> {
        self.secrets.get(id).map(String::as_str)
    }
}

/// The secrets of lab `lab` could not be read or kept.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SecretsError {
    #[error("cannot keep the lab's credentials in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Something that is not a regular file (a folder, a link, a FIFO) is where the file goes;
    /// it is neither read nor followed nor replaced.
    #[error("{path} is {kind}, not the lab's credentials file")]
    InTheWay { path: PathBuf, kind: FileKind },
    /// The file is not what Nivel writes; it is not replaced, since the lab's data was made
    /// with the secrets it held.
    #[error("{path} cannot be read as the lab's credentials: {detail}")]
    Damaged { path: PathBuf, detail: String },
    /// The system gave no random bytes.
    #[error("the system gave no random bytes to make a secret: {detail}")]
    NoRandomness { detail: String },
}

impl crate::app::Problem for SecretsError {
    fn code(&self) -> &'static str {
        match self {
            SecretsError::Io { .. } => "credentials.unwritable",
            SecretsError::InTheWay { .. } => "credentials.in_the_way",
            SecretsError::Damaged { .. } => "credentials.damaged",
            SecretsError::NoRandomness { .. } => "credentials.no_randomness",
        }
    }

    fn text(&self) -> Text {
        match self {
            SecretsError::Io { path, source } => Text::new(
                format!(
                    "no se pueden guardar las credenciales del laboratorio en {}: {source}",
                    path.display()
                ),
                format!(
                    "cannot keep the lab's credentials in {}: {source}",
                    path.display()
                ),
            ),
            SecretsError::InTheWay { path, kind } => Text::new(
                format!(
                    "{} es {}, no el archivo de credenciales del laboratorio; Nivel no lo lee ni lo sigue",
                    path.display(),
                    kind.text().es
                ),
                format!(
                    "{} is {}, not the lab's credentials file; Nivel neither reads nor follows it",
                    path.display(),
                    kind.text().en
                ),
            ),
            SecretsError::Damaged { path, detail } => Text::new(
                format!(
                    "{} no se puede leer como las credenciales del laboratorio: {detail}",
                    path.display()
                ),
                format!(
                    "{} cannot be read as the lab's credentials: {detail}",
                    path.display()
                ),
            ),
            SecretsError::NoRandomness { detail } => Text::new(
                format!("el sistema no dio bytes aleatorios para generar un secreto: {detail}"),
                format!("the system gave no random bytes to make a secret: {detail}"),
            ),
        }
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        let text = match self {
            SecretsError::Io { .. } | SecretsError::NoRandomness { .. } => Text::new(
                format!(
                    "compruebe que se puede escribir en la carpeta de datos ({}), o elija otra",
                    super::DATA_DIR_ENV
                ),
                format!(
                    "check that the data folder can be written ({}), or choose another",
                    super::DATA_DIR_ENV
                ),
            ),
            SecretsError::InTheWay { path, .. } | SecretsError::Damaged { path, .. } => Text::new(
                format!(
                    "mueva {} a otro lugar: Nivel generará credenciales nuevas, y los datos del laboratorio hechos con las anteriores habrá que restablecerlos (nivel reset)",
                    path.display()
                ),
                format!(
                    "move {} elsewhere: Nivel makes new credentials, and the lab's data made with the old ones needs a reset (nivel reset)",
                    path.display()
                ),
            ),
        };
        Some(crate::app::Remedy::Advice { text })
    }
}

/// Where lab `lab`'s secrets are kept in `data_dir`.
pub fn secrets_path(data_dir: &Path, lab: &str) -> PathBuf {
    data_dir.join(SECRETS_DIR).join(format!("{lab}.json"))
}

/// The secrets of lab `lab`'s credentials `declared`: those already kept, and a new one for
/// each credential without one (kept before it is returned). Another Nivel adding at the same
/// moment waits: both end with the same secrets.
pub fn ensure(
    data_dir: &Path,
    lab: &str,
    declared: &[CredentialSpec],
) -> Result<Secrets, SecretsError> {
    let path = secrets_path(data_dir, lab);
    let mut secrets = read(&path)?;
    if declared.iter().all(|c| secrets.secrets.contains_key(&c.id)) {
        return Ok(secrets);
    }
    let dir = data_dir.join(SECRETS_DIR);
    make_private_dir(&dir)?;
    // Held while the file is read again, completed and written.
    let _lock = super::lock::secrets_lock(data_dir, lab);
    secrets = read(&path)?;
    let mut added = false;
    for c in declared {
        if !secrets.secrets.contains_key(&c.id) {
            secrets.secrets.insert(c.id.clone(), generate()?);
            added = true;
        }
    }
    if added {
        write(&path, &secrets)?;
    }
    Ok(secrets)
}

/// The secrets kept at `path`; none when there is no file.
pub fn read(path: &Path) -> Result<Secrets, SecretsError> {
    let io = |source| SecretsError::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Secrets::default()),
        Err(e) => return Err(io(e)),
        Ok(meta) => {
            if let Some(kind) = FileKind::of(&meta) {
                return Err(SecretsError::InTheWay {
                    path: path.to_path_buf(),
                    kind,
                });
            }
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Should a link or FIFO replace the file after the look: not followed, not waited on.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = FileKind::of(&meta) {
        return Err(SecretsError::InTheWay {
            path: path.to_path_buf(),
            kind,
        });
    }
    let mut text = String::new();
    file.take(FILE_LIMIT + 1)
        .read_to_string(&mut text)
        .map_err(|e| SecretsError::Damaged {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    if text.len() as u64 > FILE_LIMIT {
        return Err(SecretsError::Damaged {
            path: path.to_path_buf(),
            detail: format!("larger than {FILE_LIMIT} bytes"),
        });
    }
    let secrets: Secrets = serde_json::from_str(&text).map_err(|e| SecretsError::Damaged {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    if let Some((id, _)) = secrets.secrets.iter().find(|(_, s)| s.is_empty()) {
        return Err(SecretsError::Damaged {
            path: path.to_path_buf(),
            detail: format!("the secret of `{id}` is empty"),
        });
    }
    Ok(secrets)
}

/// Every secret kept in `data_dir`, of every lab, for masking; a file that cannot be read adds
/// none.
pub fn every_secret(data_dir: &Path) -> Vec<String> {
    let dir = data_dir.join(SECRETS_DIR);
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let files = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json"));
    files.filter_map(|p| read(&p).ok()).flat_map(|s| s.secrets.into_values()).collect()
}

/// A new secret of [`SECRET_LEN`] characters of [`ALPHABET`], from the system's random source;
/// bytes that would favour some characters are drawn again.
pub fn generate() -> Result<String, SecretsError> {
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut secret = String::with_capacity(SECRET_LEN);
    while secret.len() < SECRET_LEN {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| SecretsError::NoRandomness {
            detail: e.to_string(),
        })?;
        for b in bytes.into_iter().filter(|b| *b < limit) {
            if secret.len() < SECRET_LEN {
                secret.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    Ok(secret)
}

/// The folder, made readable by its owner alone when Nivel makes it; a link or file there is
/// refused.
fn make_private_dir(dir: &Path) -> Result<(), SecretsError> {
    if let Ok(meta) = std::fs::symlink_metadata(dir) {
        return match FileKind::of(&meta) {
            Some(FileKind::Folder) => Ok(()),
            Some(kind) => Err(SecretsError::InTheWay {
                path: dir.to_path_buf(),
                kind,
            }),
            None => Err(SecretsError::InTheWay {
                path: dir.to_path_buf(),
                kind: FileKind::Other,
            }),
        };
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| SecretsError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes through a new temporary file (mode 0600 from its creation) and a rename, so a reader
/// sees the old secrets or the new ones, never half a file, and no other user ever can.
fn write(path: &Path, secrets: &Secrets) -> Result<(), SecretsError> {
    use std::io::Write;
    let io = |source| SecretsError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut text = serde_json::to_string_pretty(secrets).unwrap_or_default();
    text.push('\n');
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".nivel-{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options
        .open(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()));
    written
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
