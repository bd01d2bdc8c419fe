//! What a path names when it is not a regular file, named the same way by every part of
//! Nivel that refuses one: the files it reads as input and the files it writes for the user.

use std::fmt;

use crate::lab::Text;

/// What a path is when it is not a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    Folder,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    /// Something else the system knows and Nivel does not.
    Other,
}

impl FileKind {
    /// What `meta` (from `symlink_metadata`) describes; `None` for a regular file.
    pub fn of(meta: &std::fs::Metadata) -> Option<FileKind> {
        let t = meta.file_type();
        if t.is_file() {
            return None;
        }
        if t.is_dir() {
            return Some(FileKind::Folder);
        }
        if t.is_symlink() {
            return Some(FileKind::SymbolicLink);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if t.is_socket() {
                return Some(FileKind::Socket);
            }
            if t.is_char_device() {
                return Some(FileKind::CharacterDevice);
            }
            if t.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
        }
        Some(FileKind::Other)
    }

    /// "a FIFO", "una FIFO (tubería con nombre)"…
    pub fn text(self) -> Text {
        let (es, en) = match self {
            FileKind::Folder => ("una carpeta", "a folder"),
            FileKind::SymbolicLink => ("un enlace simbólico", "a symbolic link"),
            FileKind::Fifo => ("una FIFO (tubería con nombre)", "a FIFO (named pipe)"),
            FileKind::Socket => ("un socket", "a socket"),
            FileKind::CharacterDevice => ("un dispositivo de caracteres", "a character device"),
            FileKind::BlockDevice => ("un dispositivo de bloques", "a block device"),
            FileKind::Other => ("un archivo especial", "a special file"),
        };
        Text::new(es, en)
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().get(crate::i18n::Lang::En))
    }
}
