//! Writing the bundle: a zip written through [`crate::output::write_file`], so it appears
//! whole or not at all, never inside Nivel's data folder and never over anything but a
//! regular file.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use crate::output::{write_file, OutputError};

/// Writes `files` (name, content) to the zip at `path`, unless `path` is inside one of the
/// `protected` folders or is not a regular file or a new name.
pub fn write_zip(path: &Path, protected: &[PathBuf], files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    write_file(path, protected, |file| {
        let mut zip = zip::ZipWriter::new(file);
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, bytes) in files {
            zip.start_file(name.as_str(), options)?;
            zip.write_all(bytes)?;
        }
        zip.finish()?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use super::*;

    #[test]
    fn a_written_bundle_opens_and_a_failed_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.zip");
        write_zip(&path, &[], &[("facts.json".into(), b"{}".to_vec())]).unwrap();
        let mut archive = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
        assert_eq!(archive.len(), 1, "one file in the bundle");
        assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "facts.json", "named as given");
        let missing = dir.path().join("no-such-dir").join("b.zip");
        assert!(write_zip(&missing, &[], &[]).is_err(), "an unwritable place fails");
        let duplicate = dir.path().join("dup.zip");
        let twice = [("a".to_string(), Vec::new()), ("a".to_string(), Vec::new())];
        assert!(write_zip(&duplicate, &[], &twice).is_err(), "a zip cannot hold one name twice");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("b.zip")], "no temporary or half file is left: {left:?}");
        let protected = dir.path().join("data");
        std::fs::create_dir(&protected).unwrap();
        let inside = write_zip(&protected.join("b.zip"), std::slice::from_ref(&protected), &[]).unwrap_err();
        assert!(matches!(inside, OutputError::InsideDataFolder { .. }), "never inside the data folder: {inside:?}");
    }
}
