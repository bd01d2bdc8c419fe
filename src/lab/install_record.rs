//! What Nivel last wrote into a built-in lab's folder, file by file: the record that tells a
//! file Nivel installed and nobody touched (safe to update) from one the student changed
//! (never overwritten). It lives beside the folder, `labs/<folder>.installed.json`, out of the
//! student's way, and replaces the single content hash (`labs/<folder>.sha256`) older Nivels
//! kept, which said only "the whole lab was written from this binary".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A record longer than this is not Nivel's (the labs hold tens of files).
const RECORD_LIMIT: u64 = 1 << 20;

/// One lab file as Nivel left it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileEntry {
    /// The sha-256 of the bytes Nivel wrote at the file's path; `None` when Nivel never
    /// wrote the copy that is there (an older Nivel's, or the student's from the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed: Option<String>,
    /// The sha-256 of the newer version last written beside a changed file, so that the
    /// same offer is made (and said) once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offered: Option<String>,
}

/// Every file of one lab, by its `/`-separated path in the lab's folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Record {
    pub files: BTreeMap<String, FileEntry>,
}

/// Where the record of lab `folder` is, and where older Nivels kept their content hash.
pub(super) fn record_path(labs: &Path, folder: &str) -> PathBuf {
    labs.join(format!("{folder}.installed.json"))
}

pub(super) fn old_stamp_path(labs: &Path, folder: &str) -> PathBuf {
    labs.join(format!("{folder}.sha256"))
}

/// The lowercase hex sha-256 of `bytes`.
pub(super) fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The record as stored. Without one, an older Nivel's stamp that names this very `content_hash`
/// means every file was written from the embedded bytes `files` hold; any other stamp, or none,
/// or a record that cannot be read, gives an empty record: then only a file whose bytes are
/// the embedded ones counts as untouched, and nothing else is ever overwritten.
pub(super) fn read(labs: &Path, folder: &str, content_hash: &str, files: &[(&str, &[u8])]) -> Record {
    if let Some(record) = read_regular(&record_path(labs, folder)).and_then(|text| serde_json::from_slice(&text).ok()) {
        return record;
    }
    let stamp = read_regular(&old_stamp_path(labs, folder));
    if stamp.is_some_and(|s| String::from_utf8_lossy(&s).trim() == content_hash) {
        let files = files.iter().map(|(rel, bytes)| ((*rel).to_owned(), FileEntry { installed: Some(digest(bytes)), offered: None })).collect();
        return Record { files };
    }
    Record::default()
}

/// The bytes of `path` when it is a regular file of sensible size; never through a link.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > RECORD_LIMIT {
        return None;
    }
    std::fs::read(path).ok()
}

/// The record as JSON, one file a line so that a person can read it.
pub(super) fn to_json(record: &Record) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(record).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}
