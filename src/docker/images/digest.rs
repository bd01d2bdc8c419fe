//! The digest of everything that goes into a build: the context's files as the tar sends them
//! (paths, kinds, modes and bytes, never times, so a `touch` or a fresh checkout changes
//! nothing), the Dockerfile, and the settings that change the image. Written on the built
//! image as a label, it tells a later `up` whether the student changed the code since.

use std::fs;
use std::io::{self, Read};

use sha2::{Digest, Sha256};

use super::context::BuildContext;
use crate::compose::model::BuildConfig;

/// Changes when what the digest covers changes, so images labelled under an older rule read
/// as changed and are built once more rather than wrongly reused.
const SCHEME: &str = "nivel-build-digest/1";

/// A local build ready to send: its listed context and the digest to label the image with.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub context: BuildContext,
    pub digest: String,
}

/// Lists the context of `build` and digests it with the settings; reads every file once, on a
/// blocking thread.
pub(crate) async fn prepare(build: &BuildConfig, platform: &str) -> io::Result<Prepared> {
    let (build, platform) = (build.clone(), platform.to_owned());
    tokio::task::spawn_blocking(move || {
        let inline = (!build.dockerfile_inline.is_empty()).then_some(build.dockerfile_inline.as_str());
        let context = BuildContext::scan(std::path::Path::new(&build.context), &build.dockerfile, inline)?;
        let digest = digest(&context, &build, &platform)?;
        Ok(Prepared { context, digest })
    })
    .await
    .map_err(io::Error::other)?
}

/// `sha256:<hex>` of the build's inputs.
pub(crate) fn digest(context: &BuildContext, build: &BuildConfig, platform: &str) -> io::Result<String> {
    let mut h = Sha256::new();
    field(&mut h, SCHEME.as_bytes());
    field(&mut h, context.dockerfile.as_bytes());
    // Arguments without a value are not sent, so they do not change the build.
    let args: Vec<(&String, &String)> = build.args.iter().filter_map(|(k, v)| Some((k, v.as_ref()?))).collect();
    pairs(&mut h, b"args", args);
    pairs(&mut h, b"labels", build.labels.iter().collect());
    field(&mut h, build.target.as_bytes());
    field(&mut h, platform.as_bytes());
    for rel in &context.entries {
        let path = context.root.join(rel);
        let meta = fs::symlink_metadata(&path)?;
        let kind = meta.file_type();
        field(&mut h, rel.as_bytes());
        field(&mut h, &mode(&meta).to_le_bytes());
        if kind.is_symlink() {
            field(&mut h, b"link");
            field(&mut h, fs::read_link(&path)?.as_os_str().as_encoded_bytes());
        } else if kind.is_dir() {
            field(&mut h, b"dir");
        } else if kind.is_file() {
            field(&mut h, b"file");
            contents(&mut h, fs::File::open(&path)?, meta.len())?;
        }
    }
    for (name, data) in &context.extra {
        field(&mut h, name.as_bytes());
        field(&mut h, data);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256:{hex}"))
}

/// A length-prefixed value: no two different sequences of fields hash alike.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

fn pairs(h: &mut Sha256, name: &[u8], mut pairs: Vec<(&String, &String)>) {
    pairs.sort();
    field(h, name);
    field(h, &(pairs.len() as u64).to_le_bytes());
    for (k, v) in pairs {
        field(h, k.as_bytes());
        field(h, v.as_bytes());
    }
}

/// A file's bytes, streamed: the length its metadata gave, then exactly that many bytes (a file
/// that grows while it is read is hashed as the tar would send it).
fn contents(h: &mut Sha256, file: fs::File, len: u64) -> io::Result<()> {
    h.update(len.to_le_bytes());
    let mut reader = file.take(len);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        h.update(&buf[..n]);
    }
}

/// The permission bits the tar carries (an executable script builds differently).
#[cfg(unix)]
fn mode(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode(meta: &fs::Metadata) -> u32 {
    if meta.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::images::context::tests::context as lab;
    use std::path::Path;

    fn of(dir: &Path, build: &BuildConfig) -> String {
        let ctx = BuildContext::scan(dir, &build.dockerfile, None).unwrap();
        digest(&ctx, build, "").unwrap()
    }

    fn base() -> (tempfile::TempDir, BuildConfig) {
        let dir = lab(&[("Dockerfile", "FROM busybox\nCOPY train.py /\n"), ("train.py", "print(1)\n"), (".dockerignore", "data\n")]);
        let build = BuildConfig { context: dir.path().display().to_string(), dockerfile: "Dockerfile".into(), ..Default::default() };
        (dir, build)
    }

    #[test]
    fn the_same_bytes_give_the_same_digest() {
        let (dir, build) = base();
        let first = of(dir.path(), &build);
        assert!(first.starts_with("sha256:") && first.len() == 71, "a sha256 in the engine's notation: {first}");
        assert_eq!(of(dir.path(), &build), first, "nothing changed");
        let copy = lab(&[("Dockerfile", "FROM busybox\nCOPY train.py /\n"), ("train.py", "print(1)\n"), (".dockerignore", "data\n")]);
        assert_eq!(of(copy.path(), &build), first, "the same files elsewhere: the folder's place is not an input");
    }

    #[test]
    fn a_changed_byte_path_or_file_changes_it() {
        let (dir, build) = base();
        let first = of(dir.path(), &build);
        fs::write(dir.path().join("train.py"), "print(2)\n").unwrap();
        let edited = of(dir.path(), &build);
        assert_ne!(edited, first, "one byte of train.py");
        fs::rename(dir.path().join("train.py"), dir.path().join("train2.py")).unwrap();
        assert_ne!(of(dir.path(), &build), edited, "a renamed file");
        fs::write(dir.path().join("Dockerfile"), "FROM busybox\nCOPY train2.py /\n").unwrap();
        let new_dockerfile = of(dir.path(), &build);
        fs::write(dir.path().join("notes.txt"), "").unwrap();
        assert_ne!(of(dir.path(), &build), new_dockerfile, "a new empty file");
    }

    #[test]
    fn ignored_files_and_times_do_not_change_it() {
        let (dir, build) = base();
        let first = of(dir.path(), &build);
        fs::create_dir(dir.path().join("data")).unwrap();
        fs::write(dir.path().join("data/big.csv"), "1,2\n").unwrap();
        assert_eq!(of(dir.path(), &build), first, "a file .dockerignore leaves out is not sent");
        let file = fs::File::options().write(true).open(dir.path().join("train.py")).unwrap();
        file.set_modified(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000)).unwrap();
        assert_eq!(of(dir.path(), &build), first, "a new modification time with the same bytes");
    }

    #[cfg(unix)]
    #[test]
    fn a_mode_change_changes_it() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, build) = base();
        let first = of(dir.path(), &build);
        fs::set_permissions(dir.path().join("train.py"), fs::Permissions::from_mode(0o755)).unwrap();
        assert_ne!(of(dir.path(), &build), first, "train.py made executable");
    }

    #[test]
    fn settings_that_change_the_image_change_it() {
        let (dir, build) = base();
        let first = of(dir.path(), &build);
        let mut args = build.clone();
        args.args.0.insert("MODEL".into(), Some("svm".into()));
        let with_arg = of(dir.path(), &args);
        assert_ne!(with_arg, first, "a build argument");
        args.args.0.insert("MODEL".into(), Some("rf".into()));
        assert_ne!(of(dir.path(), &args), with_arg, "an argument's value");
        let mut unset = build.clone();
        unset.args.0.insert("MODEL".into(), None);
        assert_eq!(of(dir.path(), &unset), first, "an argument without a value is not sent");
        let target = BuildConfig { target: "serve".into(), ..build.clone() };
        assert_ne!(of(dir.path(), &target), first, "a target stage");
        let ctx = BuildContext::scan(dir.path(), "Dockerfile", None).unwrap();
        assert_ne!(digest(&ctx, &build, "linux/arm64").unwrap(), first, "a platform");
        let inline = BuildContext::scan(dir.path(), "", Some("FROM busybox\n")).unwrap();
        let other = BuildContext::scan(dir.path(), "", Some("FROM busybox:1\n")).unwrap();
        assert_ne!(digest(&inline, &build, "").unwrap(), digest(&other, &build, "").unwrap(), "an inline Dockerfile's text");
    }
}
