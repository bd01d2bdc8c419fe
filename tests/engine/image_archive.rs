//! `nivel images save` and `load` against the real engine: a lab's images written into one
//! archive, removed from the engine, loaded back, and the lab started with nothing pulled.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::engine::engine;
use crate::common::images::busybox;
use crate::common::registry::{docker, image_present, Images};
use crate::common::{nivel, stderr};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique(purpose: &str) -> String {
    format!("i12-images-{purpose}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst))
}

#[test]
fn a_saved_archive_brings_a_lab_back_without_a_registry() {
    let Some(_) = engine() else { return };
    // A name only this engine has: a pull of it could only fail (no registry is reachable).
    let image = format!("{}:1", unique("archive"));
    let _cleanup = Images(vec![image.clone()]);
    assert!(docker(&["tag", busybox(), &image]).status.success(), "the test image is tagged");
    let lab = tempfile::tempdir().unwrap();
    std::fs::write(lab.path().join("compose.yaml"), format!("services:\n  web:\n    image: {image}\n    command: [\"sleep\", \"600\"]\n")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("labs.tar");
    let cli = |args: &[&str]| nivel().args(args).env("NIVEL_DATA_DIR", data.path()).current_dir(lab.path()).output().unwrap();
    let lab_dir = lab.path().to_str().unwrap();

    let saved = cli(&["images", "save", lab_dir, "-o", archive.to_str().unwrap()]);
    assert_eq!(saved.status.code(), Some(0), "save succeeds: {}", stderr(&saved));
    assert!(stderr(&saved).contains("written ") && stderr(&saved).contains(&image), "progress in bytes, then the images: {}", stderr(&saved));
    let files: Vec<_> = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, ["labs.tar"], "the archive and nothing half-written beside it");

    assert!(docker(&["rmi", &image]).status.success(), "the image is removed");
    assert!(!image_present(&image), "gone from the engine");
    let loaded = cli(&["images", "load", archive.to_str().unwrap()]);
    assert_eq!(loaded.status.code(), Some(0), "load succeeds: {}", stderr(&loaded));
    assert!(stderr(&loaded).contains("read ") && stderr(&loaded).contains(&image), "progress, then the images loaded: {}", stderr(&loaded));
    assert!(image_present(&image), "the image is back");

    let project = unique("archive-lab");
    let up = cli(&["compose", "-f", "compose.yaml", "-p", &project, "up", "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "the lab starts from the loaded image: {}", stderr(&up));
    assert!(!stderr(&up).contains("pulling"), "nothing was pulled: {}", stderr(&up));
    let down = cli(&["compose", "-f", "compose.yaml", "-p", &project, "down", "--timeout", "1"]);
    assert_eq!(down.status.code(), Some(0), "down: {}", stderr(&down));
}

#[test]
fn a_missing_or_garbage_archive_is_an_input_error_and_a_failed_save_leaves_no_file() {
    let Some(_) = engine() else { return };
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| nivel().args(args).env("NIVEL_DATA_DIR", data.path()).current_dir(dir.path()).output().unwrap();
    let garbage = dir.path().join("garbage.tar");
    std::fs::write(&garbage, "not an archive at all").unwrap();
    let fifo = dir.path().join("pipe.tar");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo");
    // A real archive whose copy stopped halfway.
    let whole = dir.path().join("whole.tar");
    assert!(docker(&["save", "-o", whole.to_str().unwrap(), busybox()]).status.success(), "docker save");
    let bytes = std::fs::read(&whole).unwrap();
    let half = dir.path().join("half.tar");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let cases = [
        (half, "it was cut short"),
        (garbage.clone(), "is not an image archive"),
        (dir.path().join("absent.tar"), "cannot read the image archive"),
        // Refused without being opened: no writer will ever come, and nothing waits for one.
        (fifo, "is a FIFO (named pipe), not a file"),
        (dir.path().to_path_buf(), "is a folder, not a file"),
    ];
    for (file, says) in cases {
        let out = cli(&["images", "load", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}: the user's input: {}", file.display(), stderr(&out));
        assert!(stderr(&out).contains(says) && stderr(&out).contains("fix: "), "what is wrong and what to do: {}", stderr(&out));
    }

    // An image no registry can give: the save stops before any archive exists.
    let lab = dir.path().join("lab");
    std::fs::create_dir(&lab).unwrap();
    std::fs::write(lab.join("compose.yaml"), format!("services:\n  web:\n    image: 127.0.0.1:1/{}:1\n", unique("nowhere"))).unwrap();
    let target = dir.path().join("out.tar");
    let out = cli(&["images", "save", lab.to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "the pull fails: {}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.contains("out.tar")).collect();
    assert!(left.is_empty(), "no archive, whole or partial: {left:?}");
}

#[test]
fn a_save_never_replaces_what_is_not_a_regular_file_nor_writes_into_the_data_folder() {
    let Some(_) = engine() else { return };
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // An image no registry can give: a save that got past the name would fail pulling it, so
    // each refusal below is proven to come first.
    let lab = dir.path().join("lab");
    std::fs::create_dir(&lab).unwrap();
    std::fs::write(lab.join("compose.yaml"), format!("services:\n  web:\n    image: 127.0.0.1:1/{}:1\n", unique("never")).as_str()).unwrap();
    let fifo = dir.path().join("pipe.tar");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo");
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    let link = dir.path().join("link.tar");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let folder = dir.path().join("folder.tar");
    std::fs::create_dir(&folder).unwrap();
    let cases = [
        (fifo.clone(), "it is a FIFO (named pipe), not a regular file"),
        (link.clone(), "it is a symbolic link, not a regular file"),
        (folder.clone(), "it is a folder, not a regular file"),
        (data.path().join("labs.tar"), "inside Nivel's data folder"),
        (dir.path().join("missing/labs.tar"), "does not exist"),
    ];
    for (target, says) in cases {
        let out = nivel().args(["images", "save", lab.to_str().unwrap(), "-o", target.to_str().unwrap()]).env("NIVEL_DATA_DIR", data.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}: the user's input: {}", target.display(), stderr(&out));
        assert!(stderr(&out).contains(says) && stderr(&out).contains("fix: "), "{}: what is wrong and what to do: {}", target.display(), stderr(&out));
        assert!(!stderr(&out).contains("pull"), "refused before any pull: {}", stderr(&out));
    }
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind), "the FIFO is still a FIFO");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me", "the file it points to is untouched");
    assert!(std::fs::read_dir(&folder).unwrap().next().is_none(), "nothing was written into the folder");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with('.')).collect();
    assert!(left.is_empty(), "no temporary file: {left:?}");
    assert!(!data.path().join("labs.tar").exists(), "nothing in the data folder");
}
