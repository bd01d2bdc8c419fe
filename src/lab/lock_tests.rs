use std::ops::ControlFlow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;
use crate::i18n::Lang;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn request<'a>(dir: &'a Path, operation: &'a str, pid: u32) -> LockRequest<'a> {
    LockRequest { data_dir: dir, project: "level-2", operation, pid, now: at(1_000) }
}

/// Tries once; the holder when the lab is busy.
fn try_once(dir: &Path) -> Result<LabLock, Busy> {
    lock_lab(&request(dir, "nivel down", 2), &mut |_| ControlFlow::Break(()))
}

#[test]
fn a_second_operation_sees_who_holds_the_lab_until_it_is_released() {
    let dir = tempfile::tempdir().unwrap();
    let held = lock_lab(&request(dir.path(), "nivel up", 4242), &mut |_| ControlFlow::Break(())).expect("a free lab locks at once");
    assert!(held.unprotected().is_none(), "the lock is real");
    let busy = try_once(dir.path()).expect_err("a held lab is busy");
    assert_eq!(busy.holder, Some(Holder { pid: 4242, operation: "nivel up".into(), since: 1_000 }), "the holder's facts are read back");
    drop(held);
    assert!(try_once(dir.path()).is_ok(), "released with its holder");
}

#[test]
fn a_waiting_operation_goes_on_once_the_holder_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let held = lock_lab(&request(dir.path(), "nivel up", 1), &mut |_| ControlFlow::Break(())).unwrap();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1200));
        drop(held);
    });
    let mut seen = Vec::new();
    let lock = lock_lab(&request(dir.path(), "nivel down", 2), &mut |busy| {
        seen.push(busy.clone());
        ControlFlow::Continue(())
    });
    releaser.join().unwrap();
    assert!(lock.is_ok(), "the waiter gets the lab");
    let facts = std::fs::read_to_string(lock_path(dir.path(), "level-2")).unwrap();
    let holder: Holder = serde_json::from_str(&facts).expect("the new holder's facts");
    assert_eq!((holder.pid, holder.operation.as_str()), (2, "nivel down"), "the waiter now holds the lab");
    assert!(holder.since > 1_000, "since when it took the lock, not when it began to wait: {}", holder.since);
    assert!(!seen.is_empty() && seen.iter().all(|b| b.holder.as_ref().is_some_and(|h| h.pid == 1)), "it was told who held it: {seen:?}");
}

#[test]
fn the_facts_of_a_holder_that_died_never_stand_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let path = lock_path(dir.path(), "level-2");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, r#"{"pid":999999,"operation":"nivel up","since":5}"#).unwrap();
    let lock = try_once(dir.path()).expect("a file nobody holds is free, whatever it says");
    drop(lock);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "", "a released lock leaves no facts behind");
}

#[test]
fn a_link_at_the_lock_path_is_replaced_and_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("precious.txt");
    std::fs::write(&outside, "the student's thesis").unwrap();
    let path = lock_path(dir.path(), "level-2");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&outside, &path).unwrap();
    let lock = try_once(dir.path()).expect("the lab locks");
    assert!(lock.unprotected().is_none(), "with a real lock");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "the student's thesis", "the link's target is untouched");
    assert!(std::fs::symlink_metadata(&path).unwrap().is_file(), "the link became a lock file");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), lock_path(dir.path(), "dangling")).unwrap();
    let dangling = lock_lab(&LockRequest { project: "dangling", ..request(dir.path(), "nivel up", 3) }, &mut |_| ControlFlow::Break(()));
    assert!(dangling.is_ok_and(|l| l.unprotected().is_none()), "a dangling link is replaced too");
    assert!(!dir.path().join("nowhere").exists(), "without creating what it pointed to");
}

#[test]
fn a_fifo_or_an_empty_folder_at_the_lock_path_is_replaced_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let path = lock_path(dir.path(), "level-2");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(made.success(), "a FIFO at the lock path");
    let data = dir.path().to_owned();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(try_once(&data).map(|l| l.unprotected().is_none())));
    let locked = rx.recv_timeout(Duration::from_secs(5)).expect("no hang on a FIFO");
    assert_eq!(locked, Ok(true), "the FIFO gave way to a lock file");
    drop(std::fs::remove_file(&path));
    std::fs::create_dir(&path).unwrap();
    assert!(try_once(dir.path()).is_ok_and(|l| l.unprotected().is_none()), "an empty folder gives way too");
}

#[test]
fn where_no_lock_can_be_made_the_operation_goes_on_unprotected_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = lock_path(dir.path(), "level-2");
    std::fs::create_dir_all(&path).unwrap();
    std::fs::write(path.join("notes.txt"), "mine").unwrap();
    let lock = try_once(dir.path()).expect("not busy: unprotected");
    let problem = lock.unprotected().expect("a folder with files is not removed");
    assert!(path.join("notes.txt").exists(), "the folder's files are kept");
    let (text, remedy) = (crate::app::Problem::text(problem), crate::app::Problem::remedy(problem));
    assert!(text.en.contains("a folder is in the way"), "names the problem: {}", text.en);
    let Some(crate::app::Remedy::Advice { text: fix }) = remedy else { panic!("advice on what to do: {remedy:?}") };
    assert!(fix.en.starts_with("make ") && fix.es.starts_with("haga escribible"), "the fix in both languages: {fix:?}");

    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let lock = try_once(&file).expect("a data folder that is a file: unprotected");
    assert!(lock.unprotected().is_some(), "no lock can be made under a file");
}

#[test]
fn garbage_in_the_lock_file_is_an_unknown_holder() {
    let dir = tempfile::tempdir().unwrap();
    let held = lock_lab(&request(dir.path(), "nivel up", 1), &mut |_| ControlFlow::Break(())).unwrap();
    std::fs::write(lock_path(dir.path(), "level-2"), vec![0xff_u8; 100_000]).unwrap();
    let busy = try_once(dir.path()).expect_err("still held");
    assert_eq!(busy.holder, None, "facts that cannot be read name no one");
    assert_eq!(busy.describe(at(1_000)).get(Lang::En), "level-2 is busy with another Nivel operation", "and still say the lab is busy");
    drop(held);
}

#[test]
fn the_holder_is_described_in_both_languages() {
    let busy = Busy { project: "level-2".into(), holder: Some(Holder { pid: 4242, operation: "nivel up".into(), since: 1_000 }) };
    assert_eq!(busy.describe(at(1_012)).get(Lang::En), "level-2 is busy: `nivel up` (pid 4242) since 12 s", "seconds at first");
    assert_eq!(busy.describe(at(1_012)).get(Lang::Es), "level-2 está ocupado: `nivel up` (pid 4242) desde hace 12 s", "the same in Spanish");
    assert!(busy.describe(at(1_000 + 600)).en.ends_with("since 10 min"), "then minutes");
    assert!(busy.describe(at(1_000 + 3 * 3600)).en.ends_with("since 3 h"), "then hours");
    assert!(busy.describe(at(10)).en.ends_with("since 0 s"), "a clock that went back is not negative");
}

#[test]
fn a_project_name_is_a_file_name_under_the_locks_folder() {
    let base = Path::new("/data");
    assert_eq!(lock_path(base, "level-2"), Path::new("/data/locks/level-2.lock"), "a compose name as it is");
    assert_eq!(lock_path(base, "../../etc/x"), Path::new("/data/locks/.._.._etc_x.lock"), "never a path out of the folder");
}
