//! One case of the differential corpus: its folder, the arguments and environment it runs
//! with, and the committed outputs of the reference compose for it.
#![allow(clippy::expect_used, reason = "an unreadable corpus must stop the run")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The home folder every run sees; outputs write it as `@HOME@`.
pub const HOME: &str = "/nonexistent-home";
/// The only search path every run sees, so no developer tool changes the outcome.
const PATH: &str = "/usr/bin:/bin";

/// What the reference compose did with a case, as committed in the case folder.
pub enum Expected {
    /// `config` succeeded: its YAML and JSON, and its warnings if it printed any.
    Output {
        yaml: String,
        json: String,
        warnings: Option<String>,
    },
    /// `config` failed with this message; `at` is the `file:line` the error is about, when
    /// the case names one (in its `error-at` file).
    Error { message: String, at: Option<String> },
    /// The case has not been run through `scripts/reference-outputs.sh` yet.
    Missing,
}

pub struct Case {
    pub name: String,
    /// The case folder with symlinks resolved, as the tools see it from inside.
    pub dir: PathBuf,
    /// Extra global arguments, from the case's `args` file.
    pub args: Vec<String>,
    /// The OS environment of the run besides PATH and HOME, from the case's `env` file.
    pub env: Vec<(String, String)>,
}

impl Case {
    /// Every case folder under `root`, sorted by name.
    pub fn all(root: &Path) -> Vec<Case> {
        let mut cases: Vec<Case> = std::fs::read_dir(root)
            .expect("the reference corpus folder is readable")
            .map(|entry| entry.expect("a corpus entry is readable").path())
            .filter(|path| path.is_dir())
            .map(|path| Case::load(&path))
            .collect();
        cases.sort_by(|a, b| a.name.cmp(&b.name));
        cases
    }

    fn load(path: &Path) -> Case {
        let dir = std::fs::canonicalize(path).expect("a case folder has a real path");
        let name = dir
            .file_name()
            .expect("a case folder has a name")
            .to_string_lossy()
            .into_owned();
        let args = read_optional(&dir.join("args"))
            .map(|text| {
                text.lines()
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let env = read_optional(&dir.join("env"))
            .map(|text| {
                text.lines()
                    .filter_map(|line| line.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        Case {
            name,
            dir,
            args,
            env,
        }
    }

    /// The committed reference outputs, with the placeholders turned back into this
    /// machine's paths.
    pub fn expected(&self) -> Expected {
        let read =
            |file: &str| read_optional(&self.dir.join(file)).map(|text| self.localise(&text));
        if let Some(message) = read("expected.error") {
            let at = read_optional(&self.dir.join("error-at")).map(|text| text.trim().to_string());
            return Expected::Error { message, at };
        }
        match (read("expected.yaml"), read("expected.json")) {
            (Some(yaml), Some(json)) => Expected::Output {
                yaml,
                json,
                warnings: read("expected.warnings"),
            },
            _ => Expected::Missing,
        }
    }

    /// The committed file `name` as stored, placeholders included.
    pub fn committed(&self, name: &str) -> Option<String> {
        read_optional(&self.dir.join(name))
    }

    /// `text` with this case's folder and the home folder written as placeholders.
    pub fn portable(&self, text: &str) -> String {
        text.replace(&*self.dir.to_string_lossy(), "@DIR@")
            .replace(HOME, "@HOME@")
    }

    fn localise(&self, text: &str) -> String {
        text.replace("@DIR@", &self.dir.to_string_lossy())
            .replace("@HOME@", HOME)
    }

    /// Runs `nivel config` on the case (`config` first: nivel's options belong to it).
    pub fn run_nivel(&self, json: bool) -> Output {
        let mut cmd = crate::common::nivel();
        cmd.arg("config").args(&self.args);
        if json {
            cmd.args(["--format", "json"]);
        }
        self.run(cmd)
    }

    /// Runs the reference `compose config` on the case (its options are global, before
    /// `config`).
    pub fn run_reference(&self, program: &Path, json: bool) -> Output {
        let mut cmd = Command::new(program);
        cmd.args(&self.args).arg("config");
        if json {
            cmd.args(["--format", "json"]);
        }
        self.run(cmd)
    }

    fn run(&self, mut cmd: Command) -> Output {
        cmd.env_clear()
            .env("PATH", PATH)
            .env("HOME", HOME)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(&self.dir)
            .output()
            .expect("the program under test runs")
    }
}

/// Compose's log lines without their timestamps, as the golden files store them.
pub fn without_timestamps(stderr: &str) -> String {
    stderr
        .split_inclusive('\n')
        .map(without_timestamp)
        .collect()
}

/// Compose's warnings as `expected.warnings` stores them: without timestamps, lines sorted
/// bytewise, since compose emits them in Go map order, which changes from run to run.
pub fn sorted_warnings(stderr: &str) -> String {
    let mut lines: Vec<&str> = stderr
        .split_inclusive('\n')
        .map(without_timestamp)
        .collect();
    lines.sort_unstable();
    lines.concat()
}

fn without_timestamp(line: &str) -> &str {
    match line.strip_prefix("time=\"") {
        Some(rest) => rest.split_once("\" ").map_or(line, |(_, msg)| msg),
        None => line,
    }
}

fn read_optional(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}
