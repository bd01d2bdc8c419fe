//! What each fuzz target does with its input, shared by the targets (`fuzz_targets/`) and by
//! the regular test that replays the committed corpora (`tests/fuzz_corpus.rs` in the main
//! crate), so a corpus file exercises the same code under `cargo fuzz` and under `cargo test`.
//!
//! Every entry point must return, whatever the bytes: an `Err` is the expected answer to bad
//! input, a panic, a hang or unbounded memory is a bug.

#![allow(dead_code, reason = "each fuzz target uses one of these entry points")]

use std::path::{Path, PathBuf};

use nivel::compose::{dotenv, load_project, render, template, ProjectOptions};

/// A folder of its own for `target` in this process, made once.
pub fn workdir(target: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nivel-fuzz-{target}-{}", std::process::id()));
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).expect("a temporary folder for the fuzz target");
    }
    dir
}

/// The whole compose loader, fed `data` as a project's compose file (and, when the first byte
/// is a multiple of 4, the part after the first NUL as its `.env`), then both printers.
pub fn loader(dir: &Path, data: &[u8]) {
    let (compose, env) = match data.split_first() {
        Some((b, rest)) if b % 4 == 0 => {
            let cut = rest.iter().position(|c| *c == 0).unwrap_or(rest.len());
            (&rest[..cut], Some(&rest[(cut + 1).min(rest.len())..]))
        }
        Some((_, rest)) => (rest, None),
        None => (data, None),
    };
    let env_path = dir.join(".env");
    match env {
        Some(text) => std::fs::write(&env_path, text).expect("write .env"),
        None => {
            let _ = std::fs::remove_file(&env_path);
        }
    }
    std::fs::write(dir.join("compose.yaml"), compose).expect("write compose.yaml");
    let opts = ProjectOptions {
        files: vec![PathBuf::from("compose.yaml")],
        os_env: [("HOME".to_string(), "/home/student".to_string())].into(),
        cwd: dir.to_path_buf(),
        ..Default::default()
    };
    if let Ok(loaded) = load_project(&opts) {
        let _ = render(&loaded.project, false);
        let _ = render(&loaded.project, true);
    }
}

/// The `.env` parser (compose's syntax) and the raw `env_file` format, on text.
pub fn dotenv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lookup = |name: &str| name.len().is_multiple_of(2).then(|| format!("value-of-{name}"));
    let _ = dotenv::parse(text, "fuzz.env", &lookup);
    let _ = dotenv::parse_raw(text, "fuzz.env");
}

/// One `${VAR}` template. Variables whose name has an odd length are unset, those of two
/// characters are set but empty, the others are set, so every operator meets each case.
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lookup = |name: &str| match name.len() {
        2 => Some(String::new()),
        n if n % 2 == 0 => Some(format!("<{name}>")),
        _ => None,
    };
    let _ = template::substitute(text, &lookup);
}

/// A lab folder holding `data` as its `lab.toml`, next to a small compose project with two
/// services and published ports, linted the way `nivel lab lint` does.
pub fn lab_toml(dir: &Path, data: &[u8]) {
    let compose = dir.join("compose.yaml");
    if !compose.is_file() {
        std::fs::write(&compose, LAB_COMPOSE).expect("write the lab's compose.yaml");
    }
    std::fs::write(dir.join("lab.toml"), data).expect("write lab.toml");
    let _ = nivel::lab::lint(dir);
}

const LAB_COMPOSE: &str = "services:
  web:
    image: busybox:1.36
    ports: [\"8080:80\", \"127.0.0.1:9000:9000/udp\"]
  db:
    image: postgres:16.6
    expose: [\"5432\"]
";
