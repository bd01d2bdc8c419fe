//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `nivel` binary cargo built for these tests.
pub fn nivel() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nivel"));
    // Variables a developer's shell may carry must not leak into compose loading.
    for var in ["COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_PATH_SEPARATOR"] {
        cmd.env_remove(var);
    }
    // Tests read English unless they ask for Spanish, whatever the developer's locale.
    cmd.env("NIVEL_LANG", "en");
    cmd
}

/// Runs `nivel` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    nivel().current_dir(dir).args(args).output().expect("the nivel binary runs")
}

/// The fixtures folder of the repository.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
pub mod certs;
pub mod engine;
pub mod engine_api;
pub mod http_server;
pub mod images;
pub mod private_engine;
pub mod registry;

/// The lines `reader` (a child's stdout or stderr) gives, on a channel, as they come.
pub fn lines_of(reader: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(reader)).map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}
