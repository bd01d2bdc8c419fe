//! `nivel lab lint` through the real binary: every built-in lab is clean (as embedded in the
//! binary and as found in the repository), and each bad fixture in
//! `tests/fixtures/lab-lint/<case>/` is refused with its exact message and place.

use std::path::Path;
use std::process::Output;

mod confined;

use nivel::lab;

use crate::common::{fixtures, nivel, stderr, stdout};

fn lint(cwd: &Path, data_dir: &Path, args: &[&str]) -> Output {
    nivel().current_dir(cwd).env(lab::DATA_DIR_ENV, data_dir).arg("lab").arg("lint").args(args).output().expect("the nivel binary runs")
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_built_in_lab_lints_clean() {
    let data = tempfile::tempdir().unwrap();
    let out = lint(repo(), data.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "the embedded labs have no errors: {}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "5 labs checked: no problems\n", "no warnings either");
    for id in ["level-0", "level-1", "level-2", "level-3", "level-4"] {
        assert!(data.path().join("labs").join(id).join("lab.toml").is_file(), "{id}'s lab.toml is embedded and written out");
    }
    let folders: Vec<String> = (0..5).map(|n| format!("labs/level-{n}")).collect();
    let args: Vec<&str> = folders.iter().map(String::as_str).collect();
    let out = lint(repo(), data.path(), &args);
    assert_eq!(out.status.code(), Some(0), "the repository's labs have no errors: {}", stdout(&out));
    assert_eq!(stdout(&out), "5 labs checked: no problems\n", "and no warnings");
}

#[test]
fn every_built_in_lab_has_exercises_and_links() {
    for builtin in lab::catalog() {
        let (spec, _) = lab::load_lab(&repo().join("labs").join(builtin.id), Default::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!((2..=5).contains(&spec.exercises.len()), "{}: 2 to 5 exercises, has {}", builtin.id, spec.exercises.len());
        assert!(!spec.links.is_empty(), "{}: a link per web UI", builtin.id);
        assert!(spec.requirements.memory.is_some() && spec.requirements.disk.is_some() && spec.requirements.cpus.is_some(), "{}: states its requirements", builtin.id);
        assert!(spec.exercises.iter().all(|e| e.hint.is_some()), "{}: every exercise has a hint", builtin.id);
    }
}

/// `(case, the exact problem lines it prints)`, paths relative to the repository.
const BAD: &[(&str, &[&str])] = &[
    ("address-field", &["tests/fixtures/lab-lint/address-field/lab.toml:14:3: error: `host`: a check cannot name an address; it reaches only this lab's own services"]),
    (
        "url-field",
        &[
            "tests/fixtures/lab-lint/url-field/lab.toml:10:3: error: the check names no `port`",
            "tests/fixtures/lab-lint/url-field/lab.toml:13:3: error: `url`: a check cannot name an address; it reaches only this lab's own services",
        ],
    ),
    ("unpublished-port", &["tests/fixtures/lab-lint/unpublished-port/lab.toml:13:10: error: service `web` does not publish container port 8080; a check reaches a service only through its published ports on 127.0.0.1"]),
    ("unknown-service", &["tests/fixtures/lab-lint/unknown-service/lab.toml:12:13: error: service `db` is not in the lab's compose project"]),
    ("bad-pointer", &["tests/fixtures/lab-lint/bad-pointer/lab.toml:14:29: error: `experiments` is not a JSON pointer"]),
    ("command-on-tcp", &["tests/fixtures/lab-lint/command-on-tcp/lab.toml:14:13: error: `command` is not a field of a `tcp` check"]),
    ("newer-format", &["tests/fixtures/lab-lint/newer-format/lab.toml:1:10: error: this lab is written in format 2, newer than this Nivel reads (1): update Nivel to open it"]),
];

#[test]
fn bad_lab_files_are_refused_with_their_place() {
    let data = tempfile::tempdir().unwrap();
    for (case, expected) in BAD {
        let path = format!("tests/fixtures/lab-lint/{case}");
        assert!(fixtures().join("lab-lint").join(case).join("lab.toml").is_file(), "{case}: the fixture exists");
        let out = lint(repo(), data.path(), &[&path]);
        assert_eq!(out.status.code(), Some(2), "{case}: errors exit 2: {}", stdout(&out));
        let text = stdout(&out);
        let problems: Vec<&str> = text.lines().filter(|l| !l.starts_with("  fix: ") && !l.contains(" checked: ")).collect();
        assert_eq!(problems, *expected, "{case}: exactly these problems, in order");
        assert_eq!(text.matches("\n  fix: ").count(), expected.len(), "{case}: each problem says how to fix it: {text}");
        let summary = format!("1 lab checked: {} error{}, 0 warnings", expected.len(), if expected.len() == 1 { "" } else { "s" });
        assert!(text.ends_with(&format!("{summary}\n")), "{case}: ends with the summary {summary:?}: {text}");
    }
}

#[test]
fn warnings_alone_exit_0_and_a_lab_toml_path_works() {
    let data = tempfile::tempdir().unwrap();
    let out = lint(repo(), data.path(), &["tests/fixtures/lab-lint/warnings-only/lab.toml"]);
    assert_eq!(out.status.code(), Some(0), "warnings do not fail lint: {}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("tests/fixtures/lab-lint/warnings-only/compose.yaml:3:12: warning: service `web` uses image `busybox:latest` without a version"), "the unpinned image, at its line in the compose file: {text}");
    assert!(text.contains("tests/fixtures/lab-lint/warnings-only/lab.toml:8:8: warning: service `web` does not publish container port 8443"), "the link to an unpublished port: {text}");
    assert!(text.ends_with("1 lab checked: 0 errors, 2 warnings\n"), "the summary: {text}");
}

#[test]
fn several_paths_are_all_checked_and_a_missing_one_is_an_error() {
    let data = tempfile::tempdir().unwrap();
    let out = lint(repo(), data.path(), &["labs/level-0", "tests/fixtures/lab-lint/unknown-service", "no/such/lab"]);
    assert_eq!(out.status.code(), Some(2), "any error fails the run");
    let text = stdout(&out);
    assert!(text.contains("unknown-service/lab.toml:12:13: error:"), "the bad lab is reported: {text}");
    assert!(text.contains("no/such/lab: error: no such file or folder"), "the missing path is named: {text}");
    assert!(text.ends_with("3 labs checked: 2 errors, 0 warnings\n"), "every path counted: {text}");
}

#[test]
fn lint_speaks_the_users_language() {
    let root = tempfile::tempdir().unwrap();
    let lab = root.path().join("lab");
    std::fs::create_dir(&lab).unwrap();
    std::fs::write(lab.join("compose.yaml"), "services:\n  web:\n    image: nivel-test/busybox:latest\n    ports: [\"8080:80\"]\n").unwrap();
    let toml = "format = 1\nid = \"demo\"\nlevel = 7\ntitle = { es = \"Demo\", en = \"Demo\" }\nsummary = { es = \"Un laboratorio\", en = \"A lab\" }\n\n[requirements]\nmemory = \"6G\"\n\n[[exercise]]\nid = \"one\"\ntitle = { es = \"Uno\", en = \"One\" }\n\n  [[exercise.check]]\n  kind = \"tcp\"\n  service = \"web\"\n  port = 80\n";
    std::fs::write(lab.join("lab.toml"), toml).unwrap();
    let data = tempfile::tempdir().unwrap();
    let spanish = nivel().current_dir(root.path()).env(lab::DATA_DIR_ENV, data.path()).env("NIVEL_LANG", "es").args(["lab", "lint", "lab"]).output().unwrap();
    assert_eq!(spanish.status.code(), Some(2), "errors exit 2 in any language: {}", stdout(&spanish));
    let text = stdout(&spanish);
    let expected = [
        "lab/lab.toml:3:9: error: el nivel 7 no es un nivel del curso\n  solución: use de 0 a 4, o quite `level` para un laboratorio fuera del curso\n",
        "lab/lab.toml:8:10: error: memory: `G` es ambiguo en `6G`\n  solución: escriba un número y una unidad: `512MiB`, `6GiB` (potencias de 1024) o `512MB`, `12GB` (potencias de 1000)\n",
        "lab/compose.yaml:3:12: aviso: el servicio `web` usa la imagen `nivel-test/busybox:latest` sin versión\n  solución: fije la imagen",
        "1 laboratorio revisado: 2 errores, 1 aviso\n",
    ];
    for line in expected {
        assert!(text.contains(line), "the lab.toml rule, the unit and the image warning, each with its fix, in Spanish: {line:?} in\n{text}");
    }
    assert!(!text.contains("fix:") && !text.contains("not a course level"), "no English left in the Spanish run:\n{text}");
    let english = nivel().current_dir(root.path()).env(lab::DATA_DIR_ENV, data.path()).args(["lab", "lint", "lab"]).output().unwrap();
    let text = stdout(&english);
    assert!(text.contains("lab/lab.toml:8:10: error: memory: `G` is ambiguous in `6G`\n  fix: write a number and a unit"), "the same problem in English: {text}");
    assert!(text.ends_with("1 lab checked: 2 errors, 1 warning\n"), "the English summary: {text}");
}
