//! Reading the files a project names (compose files, `.env`, env files) safely: only regular
//! files, never more than a bounded size, text only.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::error::{ErrorKind, LoadError};
use super::node::Span;
use super::yaml::MAX_FILE_BYTES;

/// Reads a text file. Devices and FIFOs (`/dev/zero`), files over the size limit and binary
/// content are refused with a clear message instead of hanging or eating memory.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let cannot = |e: std::io::Error| {
        LoadError::new(ErrorKind::Io, None, format!("cannot read {}: {e}", path.display()))
            .with_fix("check that the file exists and that you may read it")
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(LoadError::new(ErrorKind::Io, None, format!("{} is not a regular file", path.display()))
            .with_fix("name a file, not a directory or a device"));
    }
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_FILE_BYTES).unwrap_or(u64::MAX) + 1;
    file.take(limit).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(LoadError::at(
            ErrorKind::Syntax,
            &Span::new(Arc::from(path.display().to_string()), 1, 1),
            format!("the file is larger than {} MiB, the most a compose project file may be", MAX_FILE_BYTES / (1024 * 1024)),
        )
        .with_fix("check that this is the file you meant, or split it into several files with `include`"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        LoadError::at(
            ErrorKind::Syntax,
            &Span::new(Arc::from(path.display().to_string()), u32::try_from(line).unwrap_or(u32::MAX), 1),
            "the file is not UTF-8 text (binary data?)",
        )
        .with_fix("check that this is a compose file; save it as UTF-8")
    })?;
    if let Some(offset) = text.find('\0') {
        let line = text[..offset].matches('\n').count() + 1;
        return Err(LoadError::at(
            ErrorKind::Syntax,
            &Span::new(Arc::from(path.display().to_string()), u32::try_from(line).unwrap_or(u32::MAX), 1),
            "the file contains NUL bytes: it is not a text file",
        )
        .with_fix("check that this is a compose file"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused() {
        let e = read_text(Path::new("/dev/zero")).unwrap_err();
        assert!(e.problem.contains("not a regular file"), "a device is refused at once: {e}");
        let dir = tempfile::tempdir().unwrap();
        assert!(read_text(dir.path()).is_err(), "a directory is refused");
    }

    #[test]
    fn binary_content_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.yaml");
        std::fs::write(&f, b"a: 1\nb: \xff\xfe\n").unwrap();
        let e = read_text(&f).unwrap_err();
        assert!(e.problem.contains("not UTF-8"), "{e}");
        assert_eq!(e.span.map(|s| s.line), Some(2), "on the line with the bad bytes");
        std::fs::write(&f, "\u{feff}a: 1\n").unwrap();
        assert_eq!(read_text(&f).unwrap(), "a: 1\n", "a byte-order mark is dropped");
    }

    #[test]
    fn oversized_files_are_refused_without_reading_them_whole() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big.yaml");
        std::fs::write(&f, vec![b'#'; MAX_FILE_BYTES + 10]).unwrap();
        let e = read_text(&f).unwrap_err();
        assert!(e.problem.contains("larger than"), "{e}");
    }
}
