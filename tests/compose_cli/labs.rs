//! The built-in labs: each loads and prints exactly what Docker Compose printed for it (the
//! golden files of `scripts/lab-outputs.sh`), from the repository and from the copy the binary
//! writes; `LAB` resolves by id, level, folder and file; the copy in the data directory is
//! written once, a student's own files and edits survive an upgrade; `nivel labs` lists them.

use std::path::{Path, PathBuf};
use std::process::Output;

use nivel::lab::{self, InstallError, ResolveError};

use crate::common::{fixtures, nivel, stderr, stdout};

const IDS: [&str; 5] = ["level-0", "level-1", "level-2", "level-3", "level-4"];

fn repo_labs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("labs")
}

/// `nivel ARGS` in `dir` with the environment the golden files were made with.
fn run_clean(dir: &Path, data_dir: &Path, args: &[&str]) -> Output {
    nivel()
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/nonexistent-home")
        .env(lab::DATA_DIR_ENV, data_dir)
        .envs(credential_env(dir))
        .args(args)
        .output()
        .expect("the nivel binary runs")
}

/// What the golden files were made with in each credential's variables (scripts/lab-outputs.sh
/// sets the same): a plain compose `config` has no secrets, and the labs' compose files refuse
/// to load without them.
fn credential_env(dir: &Path) -> Vec<(String, String)> {
    let Ok((spec, _)) = lab::load_lab(dir, Default::default()) else {
        return Vec::new();
    };
    let mut env = Vec::new();
    for c in spec.credentials {
        env.push((c.env, "golden-secret".to_owned()));
        if let (Some(var), Some(user)) = (c.user_env, c.user) {
            env.push((var, user));
        }
    }
    env
}

fn golden(id: &str, format: &str, dir: &Path) -> String {
    let path = fixtures().join("labs").join(format!("{id}.{format}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}; run scripts/lab-outputs.sh", path.display()));
    text.replace("@DIR@", &dir.display().to_string())
}

fn assert_config_matches(id: &str, dir: &Path, data: &Path) {
    for format in ["yaml", "json"] {
        let out = run_clean(dir, data, &["config", "--format", format]);
        assert!(out.status.success(), "{id}: `nivel config` loads the lab: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{id}: no warnings");
        assert_eq!(stdout(&out), golden(id, format, dir), "{id} ({format}, in {}): the same bytes as Docker Compose", dir.display());
    }
}

#[test]
fn every_built_in_lab_prints_what_compose_prints() {
    let data = tempfile::tempdir().unwrap();
    let ids: Vec<&str> = lab::catalog().iter().map(|l| l.id).collect();
    assert_eq!(ids, IDS, "five built-in labs, one per level");
    for id in IDS {
        assert_config_matches(id, &repo_labs().join(id), data.path());
    }
}

/// With `NIVEL_REFERENCE_COMPOSE` set, the golden files are still what Docker Compose prints
/// for the labs as they are now (an edited lab needs `scripts/lab-outputs.sh`).
#[test]
fn golden_files_are_current() {
    let Some(program) = std::env::var_os("NIVEL_REFERENCE_COMPOSE") else {
        eprintln!("NIVEL_REFERENCE_COMPOSE is not set; lab golden files not re-checked");
        return;
    };
    for id in IDS {
        let dir = repo_labs().join(id);
        for format in ["yaml", "json"] {
            let out = std::process::Command::new(&program)
                .current_dir(&dir)
                .env_clear()
                .env("PATH", "/usr/bin:/bin")
                .env("HOME", "/nonexistent-home")
                .envs(credential_env(&dir))
                .args(["config", "--format", format])
                .output()
                .expect("the reference compose runs");
            assert!(out.status.success(), "{id}: Docker Compose loads the lab: {}", stderr(&out));
            assert_eq!(stdout(&out), golden(id, format, &dir), "{id} ({format}): run scripts/lab-outputs.sh");
        }
    }
}

#[test]
fn the_written_copy_is_the_repository_lab() {
    let data = tempfile::tempdir().unwrap();
    for builtin in lab::catalog() {
        let installed = lab::install(&builtin, data.path()).unwrap();
        assert_eq!(installed.dir, data.path().join("labs").join(builtin.id), "{}: under labs/<id>/", builtin.id);
        // The folder is named after the id, so compose names the project after it too.
        assert_config_matches(builtin.id, &installed.dir, data.path());
        for (rel, bytes) in builtin.files() {
            let on_disk = std::fs::read(repo_labs().join(builtin.id).join(rel)).unwrap();
            assert_eq!(&on_disk[..], *bytes, "{}/{rel}: the binary carries the repository's file", builtin.id);
        }
    }
}

#[test]
fn resolve_by_id_level_folder_and_file() {
    let data = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let data_dir = || Ok(data.path().to_path_buf());
    let by_id = lab::resolve_in("level-3", cwd.path(), data_dir).unwrap();
    assert_eq!(by_id.id, "level-3", "the id names the lab");
    assert_eq!(by_id.file, data.path().join("labs/level-3/compose.yaml"), "written to the data dir");
    assert_eq!(by_id.builtin.map(|b| b.level), Some(3), "a built-in lab");
    let by_level = lab::resolve_in("3", cwd.path(), data_dir).unwrap();
    assert_eq!(by_level, by_id, "`3` is `level-3`");

    let folder = repo_labs().join("level-1");
    let by_folder = lab::resolve_in(folder.to_str().unwrap(), cwd.path(), data_dir).unwrap();
    assert_eq!(by_folder.file, folder.join("compose.yaml"), "a folder's compose file");
    assert_eq!(by_folder.id, "level-1", "named after its folder");
    assert_eq!(by_folder.builtin, None, "a folder on disk, not the built-in copy");
    let by_file = lab::resolve_in("labs/level-4/compose.yaml", Path::new(env!("CARGO_MANIFEST_DIR")), data_dir).unwrap();
    assert_eq!(by_file.file, repo_labs().join("level-4/compose.yaml"), "a relative file path, from cwd");
    assert_eq!(by_file.id, "level-4", "named after the file's folder");
}

#[test]
fn an_unknown_lab_lists_the_built_in_ones() {
    let cwd = tempfile::tempdir().unwrap();
    let err = lab::resolve_in("level-7", cwd.path(), || Err(InstallError::NoDataDir)).unwrap_err();
    let ResolveError::Unknown(unknown) = &err else { panic!("an unknown lab, not {err:?}") };
    assert_eq!(unknown.builtin, IDS, "the error carries every built-in id");
    let data = tempfile::tempdir().unwrap();
    let out = run_clean(cwd.path(), data.path(), &["up", "level-7"]);
    assert_eq!(out.status.code(), Some(2), "an unknown lab is an input error");
    let err = stderr(&out);
    for id in IDS {
        assert!(err.contains(id), "the message lists {id}: {err}");
    }
    assert!(err.contains("nivel labs"), "points at `nivel labs`: {err}");
}

#[test]
fn the_copy_is_written_once_and_an_older_nivels_copy_keeps_the_students_edits() {
    let data = tempfile::tempdir().unwrap();
    let builtin = lab::find("level-2").unwrap();
    let first = lab::install(&builtin, data.path()).unwrap();
    assert_eq!(first.written, builtin.files().len(), "every file the first time");
    let again = lab::install(&builtin, data.path()).unwrap();
    assert_eq!(again.written, 0, "nothing when the copy is current");

    let mine = first.dir.join("notebooks/mine.ipynb");
    std::fs::write(&mine, "{}").unwrap();
    let dag = first.dir.join("dags/hello_mlops.py");
    std::fs::write(&dag, "# my edit\n").unwrap();
    lab::install(&builtin, data.path()).unwrap();
    assert_eq!(std::fs::read_to_string(&dag).unwrap(), "# my edit\n", "an edit survives while the lab is unchanged");

    std::fs::remove_file(first.dir.join("compose.yaml")).unwrap();
    let repaired = lab::install(&builtin, data.path()).unwrap();
    assert_eq!(repaired.written, 1, "a deleted lab file is written back, alone");

    // What an older binary left behind: no record, another hash beside the folder.
    std::fs::remove_file(data.path().join("labs/level-2.installed.json")).unwrap();
    std::fs::write(data.path().join("labs/level-2.sha256"), "0000\n").unwrap();
    let upgraded = lab::install(&builtin, data.path()).unwrap();
    assert_eq!(upgraded.written, 0, "every lab file already holds the embedded bytes but the edited one");
    assert_eq!(std::fs::read_to_string(&dag).unwrap(), "# my edit\n", "the student's edit is never overwritten");
    let embedded = builtin.files().iter().find(|(p, _)| *p == "dags/hello_mlops.py").unwrap().1;
    assert_eq!(std::fs::read(first.dir.join("dags/hello_mlops.py.nivel-new")).unwrap(), embedded, "the embedded version is beside it");
    let kept: Vec<&str> = upgraded.kept.iter().map(|k| k.file.as_str()).collect();
    assert_eq!(kept, ["dags/hello_mlops.py"], "the kept file is reported");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "{}", "the student's file is untouched");
    assert!(!data.path().join("labs/level-2.sha256").exists(), "the old stamp gives way to the record");
    assert!(data.path().join("labs/level-2.installed.json").is_file(), "the record is written");
    assert_eq!(lab::install(&builtin, data.path()).unwrap().written, 0, "and the copy is current again");
}

/// What an older Nivel leaves when it installed another `train.py` than this binary carries:
/// the record names other bytes for it. `nivel labs` installs, and says what it kept.
#[test]
fn a_students_edit_survives_an_upgrade_through_the_binary() {
    let data = tempfile::tempdir().unwrap();
    let out = run_clean(data.path(), data.path(), &["labs"]);
    assert!(out.status.success(), "`nivel labs` installs the labs: {}", stderr(&out));
    let dir = data.path().join("labs/level-0");
    std::fs::write(dir.join("train.py"), "# my model\n").unwrap();
    let record_path = data.path().join("labs/level-0.installed.json");
    let mut record: serde_json::Value = serde_json::from_slice(&std::fs::read(&record_path).unwrap()).expect("the record is JSON");
    record["files"]["train.py"]["installed"] = serde_json::json!("0".repeat(64));
    std::fs::write(&record_path, serde_json::to_vec(&record).unwrap()).unwrap();

    let es = nivel().current_dir(data.path()).env(lab::DATA_DIR_ENV, data.path()).env("NIVEL_LANG", "es").arg("labs").output().unwrap();
    assert!(es.status.success(), "`nivel labs` after the upgrade: {}", stderr(&es));
    assert_eq!(std::fs::read_to_string(dir.join("train.py")).unwrap(), "# my model\n", "the student's edit survives the upgrade");
    let embedded = lab::find("level-0").unwrap().files().iter().find(|(p, _)| *p == "train.py").unwrap().1;
    assert_eq!(std::fs::read(dir.join("train.py.nivel-new")).unwrap(), embedded, "Nivel's version is beside it");
    let said = "nota: se conservaron sus cambios en level-0/train.py; la versión nueva de Nivel está en level-0/train.py.nivel-new";
    assert_eq!(stderr(&es).matches(said).count(), 1, "said once, in Spanish: {}", stderr(&es));
    assert!(stderr(&es).contains("compare los dos archivos en"), "with what to do: {}", stderr(&es));

    let en = nivel().current_dir(data.path()).env(lab::DATA_DIR_ENV, data.path()).env("NIVEL_LANG", "en").arg("labs").output().unwrap();
    let said = "note: your changes to level-0/train.py were kept; Nivel's new version is in level-0/train.py.nivel-new";
    assert_eq!(stderr(&en).matches(said).count(), 1, "said again while the new version waits, in English: {}", stderr(&en));
    assert_eq!(std::fs::read_to_string(dir.join("train.py")).unwrap(), "# my model\n", "still the student's");

    std::fs::remove_file(dir.join("train.py.nivel-new")).unwrap();
    let done = nivel().current_dir(data.path()).env(lab::DATA_DIR_ENV, data.path()).env("NIVEL_LANG", "en").arg("labs").output().unwrap();
    assert!(!stderr(&done).contains("were kept"), "silent once the student deleted the new version: {}", stderr(&done));
    assert!(!dir.join("train.py.nivel-new").exists(), "and it is not written again");
}

#[test]
fn nivel_labs_lists_the_five_labs() {
    let data = tempfile::tempdir().unwrap();
    let out = run_clean(data.path(), data.path(), &["labs"]);
    assert!(out.status.success(), "`nivel labs` works: {}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 6, "a header and five labs: {text}");
    for column in ["TITLE", "SERVICES", "PORTS", "NEEDS", "THIS MACHINE"] {
        assert!(lines[0].starts_with("ID") && lines[0].contains(column), "the header has {column}: {text}");
    }
    for (line, id) in lines[1..].iter().zip(IDS) {
        assert!(line.starts_with(id), "one line per lab, by level: {line}");
    }
    assert!(lines[3].contains("mlflow") && lines[3].contains("5000") && lines[3].contains("9001"), "level 2 shows its services and ports: {}", lines[3]);
    assert!(lines[1].contains("api") && lines[1].contains("8989"), "level 0: the API on 8989: {}", lines[1]);
    assert!(data.path().join("labs/level-4/compose.yaml").is_file(), "the labs were written to NIVEL_DATA_DIR");
}

#[test]
fn nivel_labs_json_gives_titles_requirements_and_verdicts() {
    let data = tempfile::tempdir().unwrap();
    let out = run_clean(data.path(), data.path(), &["labs", "--json"]);
    assert!(out.status.success(), "`nivel labs --json` works: {}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    let labs = doc["labs"].as_array().expect("a list of labs");
    assert_eq!(labs.len(), 5, "the five levels: {doc}");
    for l in labs {
        assert!(l["title"]["es"].as_str().is_some_and(|t| !t.is_empty()) && l["title"]["en"].is_string(), "a title in both languages: {l}");
        assert!(l["requirements"]["memory"].as_u64().is_some_and(|m| m > 0), "the memory it needs, from its lab.toml: {l}");
        assert!(["ready", "ready_with_warnings", "not_ready"].contains(&l["verdict"]["level"].as_str().unwrap_or("")), "a verdict: {l}");
    }
    assert_eq!(labs[2]["id"], "level-2", "by level");
    assert!(labs[2]["requirements"]["memory"].as_u64().unwrap() > labs[0]["requirements"]["memory"].as_u64().unwrap(), "level 2 needs more than level 0");
}
