//! Installs and upgrades on real folders: a "newer Nivel" is the same lab installed again
//! from other embedded contents.

use super::*;

type Files<'a> = [(&'a str, &'a [u8])];

const OLD: &Files<'static> = &[("compose.yaml", b"services: {}\n"), ("train.py", b"print('v1')\n"), ("dags/hello.py", b"# dag v1\n")];
const NEW: &Files<'static> = &[("compose.yaml", b"services: {a: {}}\n"), ("train.py", b"print('v2')\n"), ("dags/hello.py", b"# dag v2\n")];

fn hash(files: &Files<'_>) -> String {
    files.iter().map(|(p, b)| format!("{p}:{}", record::digest(b))).collect::<Vec<_>>().join(",")
}

fn put(data: &Path, files: &Files<'_>) -> Installed {
    install_files("t", "t", files, &hash(files), data).unwrap()
}

fn read(data: &Path, rel: &str) -> String {
    std::fs::read_to_string(data.join("labs/t").join(rel)).unwrap()
}

fn edit(data: &Path, rel: &str, text: &str) {
    std::fs::write(data.join("labs/t").join(rel), text).unwrap();
}

#[test]
fn the_variable_wins_over_the_os_default() {
    let dir = data_dir_from(Some("/tmp/nivel-data".into())).unwrap();
    assert_eq!(dir, PathBuf::from("/tmp/nivel-data"), "NIVEL_DATA_DIR as given");
    let default = data_dir_from(Some(OsString::new()));
    if let Ok(d) = default {
        assert!(d.ends_with("nivel"), "an empty variable means the OS default: {}", d.display());
    }
}

#[test]
fn a_fresh_install_writes_every_file_and_a_record_of_each() {
    let data = tempfile::tempdir().unwrap();
    let first = put(data.path(), OLD);
    assert_eq!(first.written, 3, "every file the first time");
    assert!(first.kept.is_empty(), "nothing to keep: {:?}", first.kept);
    let record: Record = serde_json::from_slice(&std::fs::read(data.path().join("labs/t.installed.json")).unwrap()).unwrap();
    assert_eq!(record.files.len(), 3, "one entry a file: {record:?}");
    assert_eq!(record.files["train.py"].installed.as_deref(), Some(record::digest(b"print('v1')\n").as_str()), "the hash of the bytes written");
    assert_eq!(put(data.path(), OLD).written, 0, "nothing when the copy is current");
}

#[test]
fn an_untouched_file_is_updated_and_a_missing_one_written() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    std::fs::remove_file(data.path().join("labs/t/dags/hello.py")).unwrap();
    let upgraded = put(data.path(), NEW);
    assert_eq!(upgraded.written, 3, "two untouched files updated, one missing written");
    assert!(upgraded.kept.is_empty(), "nothing the student changed: {:?}", upgraded.kept);
    assert_eq!(read(data.path(), "train.py"), "print('v2')\n", "the untouched file holds the new version");
    assert_eq!(read(data.path(), "dags/hello.py"), "# dag v2\n", "the missing file is back, new");
    assert!(!data.path().join("labs/t/train.py.nivel-new").exists(), "nothing beside an untouched file");
}

#[test]
fn a_changed_file_is_kept_and_the_new_version_written_beside_it() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    edit(data.path(), "train.py", "print('mine')\n");
    let upgraded = put(data.path(), NEW);
    assert_eq!(read(data.path(), "train.py"), "print('mine')\n", "the student's edit survives the upgrade");
    assert_eq!(read(data.path(), "train.py.nivel-new"), "print('v2')\n", "Nivel's new version beside it");
    assert_eq!(read(data.path(), "compose.yaml"), "services: {a: {}}\n", "the untouched files are updated meanwhile");
    let kept = Kept { lab: "t".into(), file: "train.py".into(), new_version: "train.py.nivel-new".into(), dir: data.path().join("labs/t") };
    assert_eq!(upgraded.kept, std::slice::from_ref(&kept), "the kept file is reported with where the new version went");
    assert_eq!(kept.text().es, "se conservaron sus cambios en t/train.py; la versión nueva de Nivel está en t/train.py.nivel-new", "in Spanish");
    assert_eq!(kept.text().en, "your changes to t/train.py were kept; Nivel's new version is in t/train.py.nivel-new", "in English");

    let again = put(data.path(), NEW);
    assert_eq!(again.kept, [kept], "said again while the new version waits beside the file");
    assert_eq!(again.written, 0, "and nothing rewritten");
    std::fs::remove_file(data.path().join("labs/t/train.py.nivel-new")).unwrap();
    let settled = put(data.path(), NEW);
    assert!(settled.kept.is_empty(), "silent once the student deleted the new version: {:?}", settled.kept);
    assert!(!data.path().join("labs/t/train.py.nivel-new").exists(), "and it is not written again");
    assert_eq!(read(data.path(), "train.py"), "print('mine')\n", "the edit stays");
}

#[test]
fn a_changed_file_whose_version_did_not_change_is_left_alone_silently() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    edit(data.path(), "train.py", "print('mine')\n");
    let same = put(data.path(), OLD);
    assert!(same.kept.is_empty(), "nothing new to offer: {:?}", same.kept);
    assert_eq!(read(data.path(), "train.py"), "print('mine')\n", "the edit stays");
    assert!(!data.path().join("labs/t/train.py.nivel-new").exists(), "nothing written beside");
    // Nivel's version changes only in another file: this one still has nothing new.
    let changed_elsewhere: &Files<'_> = &[("compose.yaml", b"x: 1\n"), OLD[1], OLD[2]];
    assert!(put(data.path(), changed_elsewhere).kept.is_empty(), "another file's change says nothing of this one");
}

#[test]
fn a_student_who_takes_the_new_version_gets_later_updates() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    edit(data.path(), "train.py", "print('mine')\n");
    put(data.path(), NEW);
    edit(data.path(), "train.py", "print('v2')\n");
    let later: &Files<'_> = &[NEW[0], ("train.py", b"print('v3')\n"), NEW[2]];
    let upgraded = put(data.path(), later);
    assert_eq!(read(data.path(), "train.py"), "print('v3')\n", "a file that equals Nivel's version is Nivel's again, and updated");
    assert!(upgraded.kept.iter().all(|k| k.file != "train.py"), "nothing kept: {:?}", upgraded.kept);
}

#[test]
fn files_the_student_added_or_the_lab_dropped_stay() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    edit(data.path(), "mine.ipynb", "{}");
    let without_dag: &Files<'_> = &[NEW[0], NEW[1]];
    let upgraded = put(data.path(), without_dag);
    assert!(upgraded.kept.is_empty(), "a dropped file is not reported: {:?}", upgraded.kept);
    assert_eq!(read(data.path(), "mine.ipynb"), "{}", "the student's own file is untouched");
    assert_eq!(read(data.path(), "dags/hello.py"), "# dag v1\n", "a file the lab dropped stays as it was");
}

#[test]
fn an_older_nivels_stamp_keeps_every_file_that_differs() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    std::fs::remove_file(data.path().join("labs/t.installed.json")).unwrap();
    edit(data.path(), "train.py", "print('mine')\n");
    // An older Nivel that wrote OLD: its stamp names OLD's content hash.
    std::fs::write(data.path().join("labs/t.sha256"), format!("{}\n", hash(OLD))).unwrap();
    let same = put(data.path(), OLD);
    assert!(same.kept.is_empty(), "the same lab: the edit is the student's, with nothing new: {:?}", same.kept);
    assert!(!data.path().join("labs/t.sha256").exists(), "the stamp gives way to the record");

    std::fs::remove_file(data.path().join("labs/t.installed.json")).unwrap();
    std::fs::write(data.path().join("labs/t.sha256"), "0000\n").unwrap();
    let upgraded = put(data.path(), NEW);
    assert_eq!(read(data.path(), "train.py"), "print('mine')\n", "without a record, a file that differs is never overwritten");
    assert_eq!(read(data.path(), "train.py.nivel-new"), "print('v2')\n", "and the new version goes beside it");
    let kept: Vec<&str> = upgraded.kept.iter().map(|k| k.file.as_str()).collect();
    assert_eq!(kept, ["compose.yaml", "train.py", "dags/hello.py"], "every file that differs from the embedded one is kept, the untouched ones too: no record tells them apart");
}

#[test]
fn a_run_cut_short_before_the_record_is_finished_by_the_next() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    // A run killed after writing one file and before the record: the file holds the new
    // bytes while the record still names the old ones.
    edit(data.path(), "train.py", "print('v2')\n");
    let next = put(data.path(), NEW);
    assert!(next.kept.is_empty(), "a file already at the new version is not mistaken for an edit: {:?}", next.kept);
    assert_eq!(read(data.path(), "compose.yaml"), "services: {a: {}}\n", "the rest is finished");
    let leftovers: Vec<_> = std::fs::read_dir(data.path().join("labs")).unwrap().map(|e| e.unwrap().file_name()).filter(|n| n.to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "no temporary file left: {leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_link_a_fifo_or_a_folder_where_a_file_should_be_is_the_students() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    let dir = data.path().join("labs/t");
    let outside = data.path().join("outside.py");
    std::fs::write(&outside, "print('outside')\n").unwrap();
    std::fs::remove_file(dir.join("train.py")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("train.py")).unwrap();
    std::fs::remove_file(dir.join("compose.yaml")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(dir.join("compose.yaml")).status().unwrap().success(), "mkfifo works");
    std::fs::remove_file(dir.join("dags/hello.py")).unwrap();
    std::fs::create_dir(dir.join("dags/hello.py")).unwrap();

    let upgraded = put(data.path(), NEW);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "print('outside')\n", "never written through the link");
    assert!(dir.join("train.py").is_symlink(), "the link stays");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(dir.join("compose.yaml")).unwrap().file_type().is_fifo(), "the FIFO stays, never opened");
    assert!(dir.join("dags/hello.py").is_dir(), "the folder stays");
    let kept: Vec<&str> = upgraded.kept.iter().map(|k| k.file.as_str()).collect();
    assert_eq!(kept, ["compose.yaml", "train.py", "dags/hello.py"], "each is kept as the student's, with the new version beside");
    assert_eq!(read(data.path(), "train.py.nivel-new"), "print('v2')\n", "the new version beside the link");
}

#[cfg(unix)]
#[test]
fn a_link_where_a_folder_should_be_is_refused_by_name() {
    let data = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(data.path().join("labs/t")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), data.path().join("labs/t/dags")).unwrap();
    let err = install_files("t", "t", OLD, &hash(OLD), data.path()).unwrap_err();
    assert!(matches!(&err, InstallError::InTheWay { path } if path.ends_with("labs/t/dags")), "names the folder in the way: {err}");
    assert!(std::fs::read_dir(elsewhere.path()).unwrap().next().is_none(), "nothing written through the link");
    let remedy = crate::app::Problem::remedy(&err);
    assert!(format!("{remedy:?}").contains("labs/t/dags"), "the fix names the path: {remedy:?}");
}

#[test]
fn two_installs_at_once_leave_a_whole_record() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    edit(data.path(), "train.py", "print('mine')\n");
    let runs: Vec<_> = (0..4).map(|_| {
        let data = data.path().to_path_buf();
        std::thread::spawn(move || install_files("t", "t", NEW, &hash(NEW), &data).map(|i| i.kept.len()))
    }).collect();
    for run in runs {
        assert_eq!(run.join().unwrap().unwrap(), 1, "each run reports the kept file");
    }
    let record: Record = serde_json::from_slice(&std::fs::read(data.path().join("labs/t.installed.json")).unwrap()).unwrap();
    assert_eq!(record.files.len(), 3, "the record is whole: {record:?}");
    assert_eq!(read(data.path(), "train.py"), "print('mine')\n", "the edit survives");
}

#[test]
fn a_broken_record_counts_as_none() {
    let data = tempfile::tempdir().unwrap();
    put(data.path(), OLD);
    std::fs::write(data.path().join("labs/t.installed.json"), "{ not json").unwrap();
    edit(data.path(), "train.py", "print('mine')\n");
    let upgraded = put(data.path(), NEW);
    assert_eq!(read(data.path(), "train.py"), "print('mine')\n", "nothing differing is overwritten without a record");
    assert!(upgraded.kept.iter().any(|k| k.file == "train.py"), "and the new version is offered: {:?}", upgraded.kept);
}
