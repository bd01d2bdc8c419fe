use std::sync::mpsc;
use std::time::Duration;

use super::*;

const LIMIT: usize = 1024;

/// `read_input` on another thread, failing the test instead of hanging it when it blocks.
fn read_within_seconds(path: &Path, allowed: Option<&Path>) -> Result<String, InputError> {
    let (tx, rx) = mpsc::channel();
    let (path, allowed) = (path.to_path_buf(), allowed.map(Path::to_path_buf));
    std::thread::spawn(move || tx.send(read_input(&path, allowed.as_deref(), LIMIT)));
    rx.recv_timeout(Duration::from_secs(5)).expect("read_input returned within 5 s instead of blocking")
}

#[test]
fn devices_folders_and_fifos_are_named_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_within_seconds(Path::new("/dev/zero"), None).unwrap_err();
    assert!(matches!(e, InputError::NotAFile(FileKind::CharacterDevice)), "/dev/zero is a device: {e:?}");
    assert!(e.problem(Path::new("/dev/zero")).ends_with("is a character device, not a file"), "named as a device");
    let e = read_within_seconds(dir.path(), None).unwrap_err();
    assert!(matches!(e, InputError::NotAFile(FileKind::Folder)), "a folder: {e:?}");
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo works");
    let e = read_within_seconds(&fifo, None).unwrap_err();
    assert!(matches!(e, InputError::NotAFile(FileKind::Fifo)), "a FIFO is refused without waiting for a writer: {e:?}");
    assert!(e.problem(&fifo).contains("is a FIFO (named pipe)"), "and named as one");
    let link = dir.path().join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let e = read_within_seconds(&link, None).unwrap_err();
    assert!(matches!(e, InputError::NotAFile(FileKind::CharacterDevice)), "a link to a device is a device: {e:?}");
}

#[test]
fn a_lab_reads_only_inside_its_folder_once_links_are_resolved() {
    let outside = tempfile::tempdir().unwrap();
    let lab = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret");
    std::fs::write(&secret, "root:$6$hash\n").unwrap();
    std::fs::write(lab.path().join("real.yaml"), "services: {}\n").unwrap();
    std::os::unix::fs::symlink(&secret, lab.path().join("compose.yaml")).unwrap();
    std::os::unix::fs::symlink("real.yaml", lab.path().join("inside.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.path(), lab.path().join("sub")).unwrap();
    let e = read_within_seconds(&lab.path().join("compose.yaml"), Some(lab.path())).unwrap_err();
    assert!(matches!(e, InputError::Outside { .. }), "a link out of the lab is refused: {e:?}");
    let problem = e.problem(&lab.path().join("compose.yaml"));
    assert!(problem.contains("outside the lab folder") && !problem.contains("$6$"), "named, never quoted: {problem}");
    let e = read_within_seconds(&lab.path().join("sub/secret"), Some(lab.path())).unwrap_err();
    assert!(matches!(e, InputError::Outside { .. }), "so is a path through a linked folder: {e:?}");
    let e = read_within_seconds(&lab.path().join("../x/../secret"), Some(lab.path())).unwrap_err();
    assert!(!matches!(e, InputError::NotAFile(_)), "`..` is resolved before anything else: {e:?}");
    assert_eq!(read_within_seconds(&lab.path().join("inside.yaml"), Some(lab.path())).unwrap(), "services: {}\n", "a link inside the lab is fine");
    assert!(read_within_seconds(&lab.path().join("compose.yaml"), None).is_ok(), "a plain project may read anywhere");
}

#[test]
fn broken_links_and_loops_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::os::unix::fs::symlink("b", &a).unwrap();
    std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
    assert!(matches!(read_within_seconds(&a, None), Err(InputError::LinkLoop)), "a loop of links");
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink("nowhere.yaml", &dangling).unwrap();
    let e = read_within_seconds(&dangling, None).unwrap_err();
    assert!(e.problem(&dangling).contains("is a symbolic link to nowhere.yaml, which does not exist"), "{e:?}");
    let e = read_within_seconds(&dir.path().join("missing"), None).unwrap_err();
    assert!(matches!(e, InputError::Missing), "{e:?}");
}

#[test]
fn content_must_be_bounded_utf8_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.yaml");
    std::fs::write(&f, b"a: 1\nb: \xff\xfe\n").unwrap();
    let e = read_within_seconds(&f, None).unwrap_err();
    assert!(matches!(e, InputError::NotText { line: 2 }), "binary data on line 2: {e:?}");
    std::fs::write(&f, "a: 1\n\nb: \0\n").unwrap();
    assert!(matches!(read_within_seconds(&f, None), Err(InputError::Nul { line: 3 })), "a NUL on line 3");
    std::fs::write(&f, "\u{feff}a: 1\n").unwrap();
    assert_eq!(read_within_seconds(&f, None).unwrap(), "a: 1\n", "a byte-order mark is dropped");
    std::fs::write(&f, vec![b'#'; LIMIT + 1]).unwrap();
    assert!(matches!(read_within_seconds(&f, None), Err(InputError::TooLarge { .. })), "one byte over the limit");
    std::fs::write(&f, vec![b'#'; LIMIT]).unwrap();
    assert_eq!(read_within_seconds(&f, None).map(|t| t.len()).ok(), Some(LIMIT), "the limit itself is fine");
}

#[test]
fn compose_errors_are_placed_only_when_the_problem_is_in_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_text(dir.path(), None).unwrap_err();
    assert_eq!(e.span, None, "a folder has no line: the caller names the line that referred to it");
    assert!(e.problem.ends_with("is a folder, not a file"), "{e}");
    let f = dir.path().join("big.yaml");
    std::fs::write(&f, vec![b'#'; MAX_FILE_BYTES + 10]).unwrap();
    let e = read_text(&f, None).unwrap_err();
    assert_eq!(e.span.map(|s| s.line), Some(1), "a file too large is placed at its start");
}
