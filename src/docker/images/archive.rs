//! Images carried on a USB stick: every image a set of labs needs written into one archive
//! (the engine's `docker save` tar stream) and loaded back on another machine. The archive is
//! written beside its final name and renamed only once complete, so a cut-short save never
//! leaves a file that looks like a good one; its name is refused as every file Nivel writes
//! for the user is ([`crate::output`]): never a device, FIFO, folder, socket or link replaced,
//! never inside Nivel's data folder.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::app::{Problem, Remedy};
use crate::docker::engine::Engine;
use crate::docker::error::EngineError;
use crate::lab::Text;
use crate::output::{FileKind, OutputError};

/// How much of the archive is read per piece sent to the engine.
const PIECE: usize = 1 << 20;

/// Why an archive could not be written or loaded.
#[derive(Debug)]
#[non_exhaustive]
pub enum ArchiveError {
    /// The file cannot be read (missing, a folder, no permission).
    Read { path: PathBuf, message: String },
    /// The file is not an image archive (`docker save`'s tar).
    NotAnArchive { path: PathBuf },
    /// What is there is not a file (a folder, a FIFO, a device…): refused without reading it.
    NotAFile { path: PathBuf, kind: FileKind },
    /// The archive ends before its last image does: a copy that did not finish.
    CutShort { path: PathBuf },
    /// The archive's name is refused, or the file could not be written there.
    Output(OutputError),
    /// The engine refused the archive or could not make it.
    Engine(EngineError),
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for ArchiveError {}

impl From<OutputError> for ArchiveError {
    fn from(e: OutputError) -> Self {
        ArchiveError::Output(e)
    }
}

impl From<EngineError> for ArchiveError {
    fn from(e: EngineError) -> Self {
        ArchiveError::Engine(e)
    }
}

impl Problem for ArchiveError {
    fn code(&self) -> &'static str {
        match self {
            ArchiveError::Read { .. } => "archive.read",
            ArchiveError::NotAnArchive { .. } => "archive.not_an_archive",
            ArchiveError::NotAFile { .. } => "archive.not_a_file",
            ArchiveError::CutShort { .. } => "archive.cut_short",
            ArchiveError::Output(e) => e.code(),
            ArchiveError::Engine(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            ArchiveError::Read { path, message } => Text::new(
                format!("no se puede leer el archivo de imágenes {}: {message}", path.display()),
                format!("cannot read the image archive {}: {message}", path.display()),
            ),
            ArchiveError::NotAnArchive { path } => Text::new(
                format!("{} no es un archivo de imágenes (el tar que escribe `nivel images save` o `docker save`)", path.display()),
                format!("{} is not an image archive (the tar `nivel images save` or `docker save` writes)", path.display()),
            ),
            ArchiveError::NotAFile { path, kind } => {
                let kind = kind.text();
                Text::new(
                    format!("{} es {}, no un archivo: un archivo de imágenes se lee de un archivo", path.display(), kind.es),
                    format!("{} is {}, not a file: an image archive is read from a file", path.display(), kind.en),
                )
            }
            ArchiveError::CutShort { path } => Text::new(
                format!("el archivo de imágenes {} termina antes de tiempo: está cortado (¿una copia que no terminó?)", path.display()),
                format!("the image archive {} ends too early: it was cut short (a copy that did not finish?)", path.display()),
            ),
            ArchiveError::Output(e) => e.text(),
            ArchiveError::Engine(e) => e.text(),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        let text = match self {
            ArchiveError::CutShort { .. } => Text::new(
                "cópielo de nuevo desde el equipo que lo guardó (o guárdelo otra vez con `nivel images save`) y espere a que la copia termine",
                "copy it again from the machine that saved it (or save it again with `nivel images save`) and let the copy finish",
            ),
            ArchiveError::Read { .. } | ArchiveError::NotAnArchive { .. } | ArchiveError::NotAFile { .. } => Text::new(
                "indique el archivo que escribió `nivel images save` (cópielo de nuevo si quedó a medias)",
                "give the file `nivel images save` wrote (copy it again if the copy was cut short)",
            ),
            ArchiveError::Output(e) => return e.remedy(),
            ArchiveError::Engine(e) => return e.remedy(),
        };
        Some(Remedy::Advice { text })
    }

    fn is_input(&self) -> bool {
        match self {
            ArchiveError::Output(e) => e.is_input(),
            _ => matches!(self, ArchiveError::Read { .. } | ArchiveError::NotAnArchive { .. } | ArchiveError::NotAFile { .. } | ArchiveError::CutShort { .. }),
        }
    }
}

/// Writes `images` (present on the engine) into the archive `path`, refused inside the
/// `protected` folders; `written` hears the bytes written so far. Returns the archive's size.
pub async fn save(engine: &Engine, images: &[String], path: &Path, protected: &[PathBuf], written: &(dyn Fn(u64) + Sync)) -> Result<u64, ArchiveError> {
    let target = crate::output::final_target(path, protected)?;
    crate::output::remove_dead_temporaries(&target);
    let (temp, file) = crate::output::create_beside(&target).map_err(|e| crate::output::write_failed(path, e))?;
    let write_err = |e: std::io::Error| ArchiveError::Output(crate::output::write_failed(path, e));
    // The engine's stream comes in pieces of a few KiB: written through a buffer, not one
    // blocking write each.
    let mut file = tokio::io::BufWriter::with_capacity(1 << 20, tokio::fs::File::from_std(file));
    let result = async {
        let names: Vec<&str> = images.iter().map(String::as_str).collect();
        let mut stream = engine.docker.export_images(&names);
        let mut total = 0u64;
        while let Some(piece) = stream.next().await {
            let piece = piece.map_err(EngineError::from)?;
            file.write_all(&piece).await.map_err(write_err)?;
            total += piece.len() as u64;
            written(total);
        }
        file.flush().await.map_err(write_err)?;
        file.get_ref().sync_all().await.map_err(write_err)?;
        // Asked again: something may have been put at the name meanwhile.
        crate::output::final_target(path, protected)?;
        tokio::fs::rename(&temp, &target).await.map_err(write_err)?;
        Ok(total)
    }
    .await;
    drop(file);
    if result.is_err() {
        let _ = tokio::fs::remove_file(&temp).await;
    } else {
        crate::output::sync_folder(&target);
    }
    result
}

/// Loads the archive `path` into the engine; `read` hears the bytes sent so far and the
/// archive's size. Returns the images the engine named as loaded.
pub async fn load(engine: &Engine, path: &Path, read: &(dyn Fn(u64, u64) + Sync)) -> Result<Vec<String>, ArchiveError> {
    let read_err = |e: std::io::Error| ArchiveError::Read { path: path.to_path_buf(), message: e.to_string() };
    // Looked at before it is opened: opening a FIFO would wait for a writer. A link to a file
    // is read.
    let meta = tokio::fs::metadata(path).await.map_err(read_err)?;
    if let Some(kind) = FileKind::of(&meta) {
        return Err(ArchiveError::NotAFile { path: path.to_path_buf(), kind });
    }
    let mut file = tokio::fs::File::open(path).await.map_err(read_err)?;
    let size = file.metadata().await.map_err(read_err)?.len();
    let mut header = vec![0u8; 512];
    let whole = file.read_exact(&mut header).await.is_ok();
    if !whole || !is_tar_header(&header) {
        return Err(ArchiveError::NotAnArchive { path: path.to_path_buf() });
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let feeder = async move {
        let mut sent = header.len() as u64;
        read(sent, size);
        if tx.send(Ok(Bytes::from(header))).await.is_err() {
            return Ok(());
        }
        loop {
            let mut piece = vec![0u8; PIECE];
            let n = file.read(&mut piece).await?;
            if n == 0 {
                return Ok::<(), std::io::Error>(());
            }
            piece.truncate(n);
            sent += n as u64;
            if tx.send(Ok(Bytes::from(piece))).await.is_err() {
                return Ok(());
            }
            read(sent, size);
        }
    };
    let body = tokio_stream(rx);
    let mut answers = engine.docker.import_image_stream(bollard::query_parameters::ImportImageOptions { quiet: true, ..Default::default() }, body, None);
    let engine_side = async {
        let mut loaded = Vec::new();
        while let Some(answer) = answers.next().await {
            let info = answer.map_err(EngineError::from)?;
            if let Some(detail) = info.error_detail.and_then(|d| d.message) {
                return Err(EngineError::Api { status: 0, message: detail }.into());
            }
            let text = info.stream.unwrap_or_default();
            for line in text.lines() {
                if let Some(name) = line.strip_prefix("Loaded image: ").or_else(|| line.strip_prefix("Loaded image ID: ")) {
                    loaded.push(name.trim().to_string());
                }
            }
        }
        Ok::<_, ArchiveError>(loaded)
    };
    let (fed, loaded) = tokio::join!(feeder, engine_side);
    fed.map_err(read_err)?;
    loaded.map_err(|e| match e {
        // The engine's tar reader met the end of the stream inside an entry.
        ArchiveError::Engine(e) if e.to_string().contains("unexpected EOF") => ArchiveError::CutShort { path: path.to_path_buf() },
        e => e,
    })
}

/// A channel's receiving end as the stream bollard sends as a body.
fn tokio_stream(mut rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// A tar header block: `ustar` at offset 257 (the POSIX and GNU formats the engine writes).
fn is_tar_header(block: &[u8]) -> bool {
    block.len() == 512 && &block[257..262] == b"ustar"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_tar_header_is_an_archive() {
        let mut block = [0u8; 512];
        assert!(!is_tar_header(&block), "zeros are not");
        block[257..262].copy_from_slice(b"ustar");
        assert!(is_tar_header(&block), "ustar at 257 is");
        assert!(!is_tar_header(b"not an archive"), "a short text is not");
    }
}
