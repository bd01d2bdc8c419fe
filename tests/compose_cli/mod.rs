//! `nivel config` end to end: exit codes and messages of the real binary.

mod course;
mod labs;
mod malformed;

use crate::common::{run_in, stderr};

#[test]
fn missing_file_exits_2_with_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["config", "-f", "nope.yaml"]);
    assert_eq!(out.status.code(), Some(2), "a missing file is an input error");
    let err = stderr(&out);
    assert!(err.contains("nope.yaml does not exist"), "names the file: {err}");
    assert!(err.contains("fix:"), "says what to do: {err}");
}
