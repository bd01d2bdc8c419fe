//! Every input the fuzzers kept (`fuzz/corpus/<target>/`, minimised with `cargo fuzz cmin`)
//! run through the same entry points as the fuzz targets, on the stable toolchain: an input
//! that once found new code paths must keep coming back as a result or an error, never a
//! panic, whatever changes later.

#[path = "../../fuzz/entries.rs"]
mod entries;

use std::path::{Path, PathBuf};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus {} is committed: {e}", dir.display()))
        .map(|entry| entry.expect("a corpus entry is readable").path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the {target} corpus holds the fuzzer's inputs, not {} files", files.len());
    files
}

/// Runs `entry` on every file of `target`'s corpus, naming the file that panics.
fn replay(target: &str, entry: impl Fn(&[u8])) {
    for file in corpus(target) {
        let data = std::fs::read(&file).expect("a corpus file is readable");
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| entry(&data)));
        assert!(outcome.is_ok(), "{}: the {target} entry point panicked on this input", file.display());
    }
}

#[test]
fn the_template_corpus_replays() {
    replay("template", entries::template);
}

#[test]
fn the_dotenv_corpus_replays() {
    replay("dotenv", entries::dotenv);
}

#[test]
fn the_loader_corpus_replays() {
    let dir = tempfile::tempdir().unwrap();
    replay("loader", |data| entries::loader(dir.path(), data));
}

#[test]
fn the_lab_toml_corpus_replays() {
    let dir = tempfile::tempdir().unwrap();
    replay("lab_toml", |data| entries::lab_toml(dir.path(), data));
}
