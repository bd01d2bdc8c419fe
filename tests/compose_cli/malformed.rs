//! Every malformed file gives exactly one clear error (place, problem, fix) and exit code 2.

use std::path::Path;
use std::time::Instant;

use crate::common::{fixtures, run_in, stderr, stdout};

/// File in tests/fixtures/malformed, text the error must contain, and the `line:col` it must
/// point at.
const CASES: &[(&str, &str, &str)] = &[
    ("bad-yaml.yaml", "invalid YAML", ":4:1:"),
    ("tabs.yaml", "spaces, not tabs", ":3:2:"),
    ("unknown-key.yaml", "did you mean `image`?", ":3:5:"),
    ("wrong-type.yaml", "`ports` must be a list, not a mapping", ":5:7:"),
    ("wrong-number.yaml", "\"many\" is not an integer", ":5:16:"),
    ("bad-port.yaml", "invalid port `80:80:80:80`", ":5:9:"),
    ("cycle.yaml", "a → b → c → a", ":10:18:"),
    ("missing-variable.yaml", "required variable TAG is missing a value: set TAG to the nginx version", ":3:12:"),
    ("bad-template.yaml", "invalid interpolation format", ":3:12:"),
    ("missing-dependency.yaml", "did you mean `database`?", ":5:9:"),
    ("undeclared-network.yaml", "network `campus`, which is not declared", ":5:9:"),
    ("undeclared-volume.yaml", "volume `data`, which is not declared", ":5:9:"),
    ("alias-bomb.yaml", "expands to more than", ":6:"),
    ("duplicate-key.yaml", "already defined at line 2", ":4:3:"),
    ("not-a-mapping.yaml", "must be a mapping", ":1:1:"),
    ("empty.yaml", "the compose file is empty", ":1:1:"),
    ("only-comments.yaml", "the compose file is empty", ":1:1:"),
];

fn assert_one_clear_error(dir: &Path, file: &str, needle: &str, place: &str) {
    let start = Instant::now();
    let out = run_in(dir, &["config", "-f", file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{file}: input errors exit with 2\n{err}");
    assert!(stdout(&out).is_empty(), "{file}: nothing is printed on stdout when loading fails");
    assert_eq!(err.matches("error:").count(), 1, "{file}: exactly one error is reported\n{err}");
    assert!(err.contains(needle), "{file}: the error says {needle:?}\n{err}");
    assert!(err.contains(&format!("{file}{place}")), "{file}: the error points at {file}{place}\n{err}");
    assert!(err.contains("fix:"), "{file}: the error says what to do\n{err}");
    assert!(!err.contains("panicked"), "{file}: never a panic\n{err}");
    assert!(start.elapsed().as_secs() < 10, "{file}: refused quickly");
}

#[test]
fn each_malformed_file_gives_one_clear_error() {
    let dir = fixtures().join("malformed");
    for (file, needle, place) in CASES {
        assert_one_clear_error(&dir, file, needle, place);
    }
}

#[test]
fn a_ten_megabyte_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("services:\n  web:\n    image: nginx:1.25\n    environment:\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!("      VAR_{i}: \"some value that takes room {i}\"\n"));
        i += 1;
    }
    std::fs::write(dir.path().join("huge.yaml"), text).unwrap();
    assert_one_clear_error(dir.path(), "huge.yaml", "larger than", ":1:1:");
}

#[test]
fn binary_garbage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A deterministic pseudo-random byte soup, as a corrupted download would be.
    let mut x: u32 = 2_463_534_242;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(dir.path().join("garbage.yaml"), bytes).unwrap();
    assert_one_clear_error(dir.path(), "garbage.yaml", "not UTF-8", ":1:1:");
}
