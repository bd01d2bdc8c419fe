//! A lab reads only its own folder, and never hangs or fills memory on what it finds there:
//! `nivel lab lint` (and `nivel up`, which opens the lab the same way) through the real
//! binary, on labs made hostile with links, FIFOs, devices and files outside the folder.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{stderr, stdout};
use crate::compose_cli::run_bounded;

const LAB_TOML: &str = "format = 1
id = \"confined\"
title = { es = \"Prueba\", en = \"Fixture\" }
summary = { es = \"Un caso\", en = \"A case\" }
";

const WEB: &str = "services:\n  web:\n    image: busybox:1.36\n";

/// A lab folder `lab` (with a valid lab.toml and `compose`) beside a folder `outside` holding
/// a secret file.
struct Scene {
    _root: tempfile::TempDir,
    lab: PathBuf,
    outside: PathBuf,
    data: PathBuf,
}

const SECRET: &str = "root:$6$TOPSECRETHASH:19000:0:99999:7:::";

fn scene(compose: &str) -> Scene {
    let root = tempfile::tempdir().unwrap();
    let lab = root.path().join("lab");
    let outside = root.path().join("outside");
    let data = root.path().join("data");
    for d in [&lab, &outside, &data] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::write(lab.join("lab.toml"), LAB_TOML).unwrap();
    std::fs::write(lab.join("compose.yaml"), compose).unwrap();
    std::fs::write(outside.join("secret"), format!("{SECRET}\n")).unwrap();
    std::fs::write(outside.join("base.yaml"), WEB).unwrap();
    std::fs::write(outside.join("vars.env"), "A=1\n").unwrap();
    Scene { _root: root, lab, outside, data }
}

impl Scene {
    fn lint(&self) -> Output {
        run_bounded(self.lab.parent().unwrap(), &["lab", "lint", "lab"], &[("NIVEL_DATA_DIR", &self.data)])
    }
}

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success(), "mkfifo {}", path.display());
}

/// Lint failed with `needle` at `place` and a fix, and nothing of the secret leaked.
fn assert_lint_error(out: &Output, place: &str, needle: &str, why: &str) {
    let text = format!("{}{}", stdout(out), stderr(out));
    assert_eq!(out.status.code(), Some(2), "{why}: lint fails with exit 2\n{text}");
    assert!(text.contains(&format!("{place}: error: ")) && text.contains(needle), "{why}: `{place}: error: …{needle}…`\n{text}");
    assert!(text.contains("  fix: "), "{why}: with its fix\n{text}");
    assert!(!text.contains("TOPSECRETHASH"), "{why}: never a byte of a file outside the lab\n{text}");
}

#[test]
fn a_compose_file_linked_outside_the_lab_is_refused_unread() {
    let s = scene(WEB);
    std::fs::remove_file(s.lab.join("compose.yaml")).unwrap();
    std::os::unix::fs::symlink(s.outside.join("secret"), s.lab.join("compose.yaml")).unwrap();
    assert_lint_error(&s.lint(), "lab/lab.toml:1:1", "outside the lab folder", "compose.yaml linked to a secret");
    let out = run_bounded(s.lab.parent().unwrap(), &["up", "lab"], &[("NIVEL_DATA_DIR", &s.data)]);
    assert_eq!(out.status.code(), Some(2), "`nivel up` refuses the lab too: {}", stderr(&out));
    assert!(!stderr(&out).contains("TOPSECRETHASH") && stderr(&out).contains("outside the lab folder"), "{}", stderr(&out));
}

#[test]
fn a_compose_path_through_a_linked_folder_is_refused() {
    let s = scene(WEB);
    std::os::unix::fs::symlink(&s.outside, s.lab.join("sub")).unwrap();
    std::fs::write(s.lab.join("lab.toml"), format!("{LAB_TOML}compose = [\"sub/base.yaml\"]\n")).unwrap();
    assert_lint_error(&s.lint(), "lab/lab.toml:5:11", "outside the lab folder", "compose = sub/… through a link");
}

#[test]
fn include_extends_and_env_files_outside_the_lab_are_refused_at_their_line() {
    let outside_cases = |s: &Scene| {
        [
            (format!("include:\n  - {}\nservices: {{}}\n", s.outside.join("base.yaml").display()), "lab/compose.yaml:2:5", "an absolute include"),
            ("include:\n  - ../outside/base.yaml\nservices: {}\n".to_string(), "lab/compose.yaml:2:5", "a ../ include"),
            ("services:\n  web:\n    extends:\n      file: ../outside/base.yaml\n      service: web\n".to_string(), "lab/compose.yaml:4:13", "extends.file"),
            (format!("{WEB}    env_file: ../outside/vars.env\n"), "lab/compose.yaml:4:15", "env_file"),
            (format!("{WEB}    env_file: ../outside/secret\n"), "lab/compose.yaml:4:15", "an env_file that is a secret"),
        ]
    };
    let s = scene(WEB);
    for (compose, place, why) in outside_cases(&s) {
        std::fs::write(s.lab.join("compose.yaml"), compose).unwrap();
        assert_lint_error(&s.lint(), place, "outside the lab folder", why);
    }
    std::fs::write(s.lab.join("compose.yaml"), WEB).unwrap();
    std::os::unix::fs::symlink(s.outside.join("vars.env"), s.lab.join(".env")).unwrap();
    assert_lint_error(&s.lint(), "lab/lab.toml:1:1", ".env leads to", "a .env linked outside");
}

#[test]
fn fifos_and_devices_in_a_lab_are_refused_without_blocking() {
    let s = scene(WEB);
    mkfifo(&s.lab.join("pipe"));
    let cases = [
        (format!("{WEB}    env_file: pipe\n"), "lab/compose.yaml:4:15", "env_file FIFO"),
        ("services:\n  web:\n    extends:\n      file: pipe\n      service: web\n".to_string(), "lab/compose.yaml:4:13", "extends.file FIFO"),
    ];
    for (compose, place, why) in cases {
        std::fs::write(s.lab.join("compose.yaml"), compose).unwrap();
        assert_lint_error(&s.lint(), place, "is a FIFO (named pipe), not a file", why);
    }
    std::fs::write(s.lab.join("compose.yaml"), WEB).unwrap();
    std::fs::remove_file(s.lab.join("lab.toml")).unwrap();
    mkfifo(&s.lab.join("lab.toml"));
    assert_lint_error(&s.lint(), "lab/lab.toml", "the lab file is a FIFO (named pipe), not a file", "lab.toml FIFO");
    let out = run_bounded(s.lab.parent().unwrap(), &["up", "lab"], &[("NIVEL_DATA_DIR", &s.data)]);
    assert_eq!(out.status.code(), Some(2), "`nivel up` of the lab refuses it too: {}", stderr(&out));
    std::fs::remove_file(s.lab.join("lab.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", s.lab.join("lab.toml")).unwrap();
    assert_lint_error(&s.lint(), "lab/lab.toml", "the lab file leads to /dev/zero, outside the lab folder", "lab.toml linked to /dev/zero");
}

#[test]
fn a_lab_toml_linked_inside_the_lab_is_read_and_a_huge_one_refused() {
    let s = scene(WEB);
    std::fs::rename(s.lab.join("lab.toml"), s.lab.join("real.toml")).unwrap();
    std::os::unix::fs::symlink("real.toml", s.lab.join("lab.toml")).unwrap();
    let out = s.lint();
    assert_eq!(out.status.code(), Some(0), "a link inside the lab is fine: {}", stdout(&out));
    std::fs::remove_file(s.lab.join("lab.toml")).unwrap();
    let mut huge = String::from(LAB_TOML);
    while huge.len() < 4 * 1024 * 1024 {
        huge.push_str("# a comment line that takes some room in the file\n");
    }
    std::fs::write(s.lab.join("lab.toml"), huge).unwrap();
    assert_lint_error(&s.lint(), "lab/lab.toml:1:1", "larger than 1 MiB", "a 4 MiB lab.toml");
}

#[test]
fn build_contexts_dockerfiles_mounts_and_secrets_outside_the_lab_are_errors() {
    let s = scene(WEB);
    std::fs::create_dir(s.lab.join("api")).unwrap();
    std::fs::create_dir(s.lab.join("jobs")).unwrap();
    mkfifo(&s.lab.join("jobs/.dockerignore"));
    std::os::unix::fs::symlink("/etc", s.lab.join("etc")).unwrap();
    let compose = "services:
  web:
    image: busybox:1.36
    build: ../outside
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - ./etc:/host-etc
      - ./notebooks:/notebooks
  api:
    image: busybox:1.36
    build:
      context: ./api
      dockerfile: ../../outside/Dockerfile
  jobs:
    image: busybox:1.36
    build: ./jobs
secrets:
  key:
    file: ../outside/secret
";
    std::fs::write(s.lab.join("compose.yaml"), compose).unwrap();
    let out = s.lint();
    assert_lint_error(&out, "lab/compose.yaml:4:12", "the build context of service `web` is", "a build context outside");
    assert_lint_error(&out, "lab/compose.yaml:6:9", "the bind mount of service `web` is /var/run/docker.sock", "the engine's socket");
    assert_lint_error(&out, "lab/compose.yaml:7:9", "lab/etc, which leads to /etc, outside", "a mount through a link");
    assert_lint_error(&out, "lab/compose.yaml:13:19", "the Dockerfile of service `api` is", "a Dockerfile outside");
    assert_lint_error(&out, "lab/compose.yaml:19:11", "the file of secret `key` is", "a secret file outside");
    assert_lint_error(&out, "lab/compose.yaml:16:12", "jobs/.dockerignore is a FIFO (named pipe), not a file", "a build would block on it");
    assert!(stdout(&out).ends_with("1 lab checked: 6 errors, 0 warnings\n"), "./notebooks, inside the lab, is fine: {}", stdout(&out));
}
