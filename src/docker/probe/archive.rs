//! A file read out of a lab container through the engine's archive API
//! (`GET /containers/{id}/archive?path=`), so it works in images without a shell: the engine
//! sends a tar whose first entry is the file; at most [`MAX_BYTES`] of it are kept.

use bollard::query_parameters::DownloadFromContainerOptions;
use futures_util::StreamExt;

use super::{lab_container, Container, ProbeError, MAX_BYTES};
use crate::docker::Engine;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRead {
    /// A regular file (or a link to one), its first bytes.
    File { bytes: Vec<u8>, size: u64, truncated: bool },
    /// The path names a directory or another kind of entry.
    NotAFile { kind: String },
    Missing,
}

/// Reads `path` from `container`, which must carry `project`'s label.
pub async fn read_file(engine: &Engine, project: &str, container: Container<'_>, path: &str) -> Result<FileRead, ProbeError> {
    let id = container.id;
    if let Some(at) = container.on {
        return super::on_node::read_file(engine, project, &super::on_node::OnNode { id, at }, path).await;
    }
    lab_container(engine, project, container).await?;
    let options = DownloadFromContainerOptions { path: path.to_string() };
    let mut stream = engine.docker.download_from_container(id, Some(options));
    // The tar header and the kept bytes; the rest of the stream is dropped unread.
    let limit = MAX_BYTES + 1024;
    let mut tar = Vec::new();
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(bytes) => tar.extend_from_slice(&bytes),
            Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => return Ok(FileRead::Missing),
            Err(e) => return Err(ProbeError::from_engine(id, e)),
        }
        if tar.len() >= limit {
            break;
        }
    }
    Ok(first_entry(&tar))
}

/// The first entry of a (possibly cut) tar stream.
pub(crate) fn first_entry(tar: &[u8]) -> FileRead {
    let mut archive = tar::Archive::new(tar);
    let Ok(mut entries) = archive.entries() else { return FileRead::Missing };
    let Some(Ok(mut entry)) = entries.next() else { return FileRead::Missing };
    let kind = entry.header().entry_type();
    if !kind.is_file() {
        let kind = if kind.is_dir() { "directory" } else if kind.is_symlink() { "symbolic link" } else { "special file" };
        return FileRead::NotAFile { kind: kind.to_string() };
    }
    let size = entry.header().size().unwrap_or(0);
    let mut bytes = Vec::new();
    // A cut stream ends the read early; what arrived is kept.
    let _ = std::io::Read::read_to_end(&mut std::io::Read::take(&mut entry, MAX_BYTES as u64), &mut bytes);
    let truncated = size > bytes.len() as u64;
    FileRead::File { bytes, size, truncated }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(name: &str, kind: tar::EntryType, data: &[u8]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, data).unwrap();
        b.into_inner().unwrap()
    }

    #[test]
    fn the_first_entry_of_a_file_archive_is_the_file() {
        let read = first_entry(&tar_of("x.json", tar::EntryType::Regular, b"{\"a\":1}"));
        assert_eq!(read, FileRead::File { bytes: b"{\"a\":1}".to_vec(), size: 7, truncated: false }, "the file's bytes and size");
    }

    #[test]
    fn a_directory_is_not_a_file() {
        let read = first_entry(&tar_of("www", tar::EntryType::Directory, b""));
        assert_eq!(read, FileRead::NotAFile { kind: "directory".into() }, "a folder is named as such");
    }

    #[test]
    fn a_cut_archive_keeps_what_arrived() {
        let data = vec![b'a'; 4000];
        let tar = tar_of("big", tar::EntryType::Regular, &data);
        let FileRead::File { bytes, size, truncated } = first_entry(&tar[..512 + 1000]) else { panic!("still a file") };
        assert_eq!((bytes.len(), size, truncated), (1000, 4000, true), "the arrived part, the real size, marked cut");
    }

    #[test]
    fn nothing_at_all_is_missing() {
        assert_eq!(first_entry(&[]), FileRead::Missing, "an empty stream has no entry");
    }
}
