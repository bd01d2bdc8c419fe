//! Feeds arbitrary bytes to the whole compose loader as a project's compose file (and as its
//! `.env`), then prints the result in both formats. Any panic is a bug: bad input must come
//! back as a `LoadError`.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nivel::compose::{load_project, render, ProjectOptions};

fn workdir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("nivel-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = workdir();
    // The first byte chooses whether part of the input also becomes the project's `.env`.
    let (compose, env) = match data.split_first() {
        Some((b, rest)) if b % 4 == 0 => {
            let cut = rest.iter().position(|c| *c == 0).unwrap_or(rest.len());
            (&rest[..cut], Some(&rest[cut.min(rest.len())..]))
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
        cwd: dir.clone(),
        ..Default::default()
    };
    if let Ok(loaded) = load_project(&opts) {
        let _ = render(&loaded.project, false);
        let _ = render(&loaded.project, true);
    }
});
