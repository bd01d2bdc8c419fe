//! A build context as the engine's build API wants it: a tar of the context folder, minus
//! what `.dockerignore` excludes, owned by root like the docker CLI sends it, streamed so a
//! large context never sits whole in memory.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::Stream;
use tar::{EntryType, Header, HeaderMode};

use super::ignore::IgnoreRules;

/// The name an inline or out-of-context Dockerfile gets inside the tar.
const EXTRA_DOCKERFILE: &str = ".dockerfile.nivel";

/// What goes into the tar, decided before anything is sent.
#[derive(Debug)]
pub struct BuildContext {
    pub(super) root: PathBuf,
    /// Paths relative to `root`, `/`-separated, parents before children.
    pub(super) entries: Vec<String>,
    /// Files that are not in the folder (an inline Dockerfile).
    pub(super) extra: Vec<(String, Vec<u8>)>,
    /// The Dockerfile's path inside the tar, for the build API's `dockerfile` parameter.
    pub dockerfile: String,
}

impl BuildContext {
    /// Lists `root` for a build of `dockerfile` (relative to `root` or absolute) or of the
    /// `inline` Dockerfile text.
    pub fn scan(root: &Path, dockerfile: &str, inline: Option<&str>) -> io::Result<BuildContext> {
        let meta = fs::metadata(root)?;
        if !meta.is_dir() {
            return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"));
        }
        let rules = match fs::read_to_string(root.join(".dockerignore")) {
            Ok(text) => IgnoreRules::parse(&text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => IgnoreRules::default(),
            Err(e) => return Err(e),
        };
        let mut extra = Vec::new();
        let dockerfile = match inline {
            Some(text) => {
                extra.push((EXTRA_DOCKERFILE.to_string(), text.as_bytes().to_vec()));
                EXTRA_DOCKERFILE.to_string()
            }
            None => {
                let name = if dockerfile.is_empty() { "Dockerfile" } else { dockerfile };
                let path = root.join(name);
                match path.strip_prefix(root).ok().and_then(relative_slash_path).filter(|p| !p.starts_with("..")) {
                    Some(inside) if !Path::new(name).is_absolute() => inside,
                    _ => {
                        // A Dockerfile outside the context travels in the tar under its own name.
                        extra.push((EXTRA_DOCKERFILE.to_string(), fs::read(&path)?));
                        EXTRA_DOCKERFILE.to_string()
                    }
                }
            }
        };
        let keep = [dockerfile.clone(), ".dockerignore".to_string()];
        let mut entries = Vec::new();
        walk(root, "", &rules, &keep, &mut entries)?;
        Ok(BuildContext { root: root.to_path_buf(), entries, extra, dockerfile })
    }

    /// The relative paths that go in (for the tests).
    #[cfg(any(test, feature = "internals"))]
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(String::as_str).chain(self.extra.iter().map(|(p, _)| p.as_str()))
    }

    /// The Dockerfile's text as the tar carries it.
    pub(super) fn dockerfile_text(&self) -> io::Result<String> {
        match self.extra.iter().find(|(name, _)| *name == self.dockerfile) {
            Some((_, data)) => Ok(String::from_utf8_lossy(data).into_owned()),
            None => fs::read_to_string(self.root.join(&self.dockerfile)),
        }
    }

    /// Sends `text` as the Dockerfile in place of the one the context names, which stays as it
    /// is on disk (and in the tar).
    pub(super) fn replace_dockerfile(&mut self, text: String) {
        self.extra.retain(|(name, _)| name != EXTRA_DOCKERFILE);
        self.entries.retain(|entry| entry != EXTRA_DOCKERFILE);
        self.extra.push((EXTRA_DOCKERFILE.to_string(), text.into_bytes()));
        self.dockerfile = EXTRA_DOCKERFILE.to_string();
    }

    /// Writes the whole tar to `out`.
    pub fn write_tar(&self, out: impl Write) -> io::Result<()> {
        let mut tar = tar::Builder::new(out);
        for rel in &self.entries {
            let path = self.root.join(rel);
            let meta = fs::symlink_metadata(&path)?;
            let mut header = Header::new_gnu();
            header.set_metadata_in_mode(&meta, HeaderMode::Complete);
            // Files land in the image owned by root, whoever owns them here.
            header.set_uid(0);
            header.set_gid(0);
            let kind = meta.file_type();
            if kind.is_symlink() {
                header.set_entry_type(EntryType::Symlink);
                tar.append_link(&mut header, rel, fs::read_link(&path)?)?;
            } else if kind.is_dir() {
                header.set_size(0);
                tar.append_data(&mut header, format!("{rel}/"), io::empty())?;
            } else if kind.is_file() {
                tar.append_data(&mut header, rel, fs::File::open(&path)?)?;
            }
        }
        for (name, data) in &self.extra {
            let mut header = Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_uid(0);
            header.set_gid(0);
            header.set_mtime(0);
            header.set_entry_type(EntryType::Regular);
            tar.append_data(&mut header, name, data.as_slice())?;
        }
        tar.into_inner()?.flush()
    }

    /// The tar as a byte stream, written on a blocking thread. A read error ends the stream
    /// early and is left in the returned slot, so the caller can say which file failed.
    pub fn into_stream(self) -> (impl Stream<Item = Result<Bytes, io::Error>> + Send + 'static, Arc<Mutex<Option<String>>>) {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, io::Error>>(8);
        let failure = Arc::new(Mutex::new(None));
        let slot = failure.clone();
        tokio::task::spawn_blocking(move || {
            let writer = io::BufWriter::with_capacity(64 * 1024, ChannelWriter { tx: tx.clone() });
            if let Err(e) = self.write_tar(writer) {
                if let Ok(mut s) = slot.lock() {
                    *s = Some(e.to_string());
                }
                let _ = tx.blocking_send(Err(e));
            }
        });
        let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
        (stream, failure)
    }
}

struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, io::Error>>,
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tx
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the engine stopped reading the build context"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn relative_slash_path(p: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = p.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/"))
}

fn walk(dir: &Path, prefix: &str, rules: &IgnoreRules, keep: &[String], out: &mut Vec<String>) -> io::Result<()> {
    let mut names: Vec<_> = fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    names.sort_by_key(|e| e.file_name());
    for entry in names {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let rel = if prefix.is_empty() { name.to_string() } else { format!("{prefix}/{name}") };
        let excluded = rules.excludes(&rel) && !keep.contains(&rel);
        let is_dir = entry.file_type()?.is_dir();
        if !excluded {
            out.push(rel.clone());
        }
        if is_dir && (!excluded || rules.has_exceptions() || keep.iter().any(|k| k.starts_with(&format!("{rel}/")))) {
            walk(&entry.path(), &rel, rules, keep, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A folder holding `files` (path, text).
    pub(in crate::docker::images) fn context(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        dir
    }

    fn tar_entries(ctx: &BuildContext) -> Vec<(String, u64, u64)> {
        let mut bytes = Vec::new();
        ctx.write_tar(&mut bytes).unwrap();
        let mut archive = tar::Archive::new(bytes.as_slice());
        archive
            .entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.path().unwrap().display().to_string(), e.header().uid().unwrap(), e.size())
            })
            .collect()
    }

    #[test]
    fn ignored_files_stay_out_and_the_dockerfile_always_goes_in() {
        let dir = context(&[
            ("Dockerfile", "FROM x\n"),
            (".dockerignore", "data\n*.log\nDockerfile\n"),
            ("app.py", "print(1)\n"),
            ("data/big.csv", "1,2\n"),
            ("debug.log", "x\n"),
            ("src/lib.py", "\n"),
        ]);
        let ctx = BuildContext::scan(dir.path(), "Dockerfile", None).unwrap();
        let paths: Vec<&str> = ctx.paths().collect();
        assert_eq!(paths, [".dockerignore", "Dockerfile", "app.py", "src", "src/lib.py"], "ignored paths are left out");
        assert_eq!(ctx.dockerfile, "Dockerfile", "the API gets the Dockerfile's path in the tar");
    }

    #[test]
    fn the_tar_holds_root_owned_files_with_their_contents() {
        let dir = context(&[("Dockerfile", "FROM x\n"), ("sub/a.txt", "hello")]);
        let ctx = BuildContext::scan(dir.path(), "Dockerfile", None).unwrap();
        let entries = tar_entries(&ctx);
        assert!(entries.contains(&("sub/a.txt".into(), 0, 5)), "the file with its size, owned by root: {entries:?}");
        assert!(entries.iter().any(|(p, _, _)| p == "sub/"), "folders are entries too: {entries:?}");
    }

    #[test]
    fn inline_and_outside_dockerfiles_travel_under_their_own_name() {
        let dir = context(&[("ctx/app.py", ""), ("Other.Dockerfile", "FROM y\n")]);
        let inline = BuildContext::scan(&dir.path().join("ctx"), "", Some("FROM z\n")).unwrap();
        assert_eq!(inline.dockerfile, EXTRA_DOCKERFILE, "inline text becomes a file in the tar");
        let outside = BuildContext::scan(&dir.path().join("ctx"), "../Other.Dockerfile", None).unwrap();
        assert_eq!(outside.dockerfile, EXTRA_DOCKERFILE, "a Dockerfile outside the context is copied in");
        let entries = tar_entries(&outside);
        assert!(entries.contains(&(EXTRA_DOCKERFILE.into(), 0, 7)), "with its contents: {entries:?}");
    }

    #[test]
    fn a_missing_context_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(BuildContext::scan(&dir.path().join("nope"), "Dockerfile", None).is_err(), "nothing to send");
    }
}
