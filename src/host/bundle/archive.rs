//! Writing the bundle: a zip built in a temporary file beside the target and renamed over it,
//! so a failure part-way leaves no half-written bundle behind.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// The bundle could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot write the bundle {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write the bundle {path}: {source}")]
    Zip { path: PathBuf, source: zip::result::ZipError },
}

/// Writes `files` (name, content) to the zip at `path` atomically.
pub fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) -> Result<(), BundleError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "bundle.zip".into());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = write_to(&temp, files).and_then(|()| {
        std::fs::rename(&temp, path).map_err(|source| BundleError::Io { path: path.to_path_buf(), source })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn write_to(temp: &Path, files: &[(String, Vec<u8>)]) -> Result<(), BundleError> {
    let io = |source| BundleError::Io { path: temp.to_path_buf(), source };
    let zip_error = |source| BundleError::Zip { path: temp.to_path_buf(), source };
    let mut zip = zip::ZipWriter::new(File::create(temp).map_err(io)?);
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(zip_error)?;
        zip.write_all(bytes).map_err(io)?;
    }
    zip.finish().map_err(zip_error)?.sync_all().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_bundle_opens_and_a_failed_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.zip");
        write_zip(&path, &[("facts.json".into(), b"{}".to_vec())]).unwrap();
        let mut archive = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
        assert_eq!(archive.len(), 1, "one file in the bundle");
        assert_eq!(archive.by_index(0).unwrap().name(), "facts.json", "named as given");
        let missing = dir.path().join("no-such-dir").join("b.zip");
        assert!(write_zip(&missing, &[]).is_err(), "an unwritable place fails");
        let duplicate = dir.path().join("dup.zip");
        let twice = [("a".to_string(), Vec::new()), ("a".to_string(), Vec::new())];
        assert!(write_zip(&duplicate, &twice).is_err(), "a zip cannot hold one name twice");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("b.zip")], "no temporary or half file is left: {left:?}");
    }
}
