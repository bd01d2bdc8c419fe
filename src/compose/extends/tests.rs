//! Tests for `extends`. Expected values were read from `docker compose config` (v2.40.3,
//! with `--no-path-resolution` for rebased paths) on the same files.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value as Json, json};

use super::*;
use crate::compose::error::ErrorKind;
use crate::compose::merge::merge;
use crate::compose::merge::tests::{tag_at, to_json};
use crate::compose::node::{Tag, from_json};

/// Files that `load_file` serves, by path, and the paths it was asked for.
struct Disk {
    files: HashMap<PathBuf, Json>,
    asked: RefCell<Vec<PathBuf>>,
}

impl Disk {
    fn new(files: &[(&Path, Json)]) -> Self {
        let files = files.iter().map(|(p, j)| (p.to_path_buf(), j.clone())).collect();
        Disk { files, asked: RefCell::new(Vec::new()) }
    }

    fn load(&self, path: &Path) -> Result<Node, LoadError> {
        self.asked.borrow_mut().push(path.to_path_buf());
        match self.files.get(path) {
            Some(j) => Ok(from_json(j)),
            None => Err(LoadError::new(ErrorKind::Io, None, format!("{} does not exist", path.display()))),
        }
    }
}

/// Resolves `extends` in `root` (from `dir`), then merges it alone as the loader does, and
/// returns the services as JSON.
fn resolve(mut root: Node, dir: &Path, disk: &Disk) -> Result<Json, LoadError> {
    apply_extends_in(&mut root, dir, &|p| disk.load(p))?;
    let merged = merge(Node::null(root.span.clone()), root)?;
    Ok(to_json(&merged)["services"].clone())
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("cannot create a temporary directory: {e}"),
    }
}

#[test]
fn same_file_extends_merges_with_the_base() {
    let mut root = from_json(&json!({"services": {
        "web": {"extends": "base", "environment": {"B": "2"}, "ports": [{"target": 81, "published": "81"}]},
        "base": {"image": "x", "environment": {"A": "1"}, "ports": [{"target": 80, "published": "80"}]},
        "plain": {"extends": {"service": "base"}, "environment": {"C": "3"}}
    }}));
    tag_at(&mut root, &["services", "web", "environment"], Tag::Override);
    tag_at(&mut root, &["services", "web", "ports"], Tag::Override);
    let disk = Disk::new(&[]);
    let got = resolve(root, Path::new(""), &disk);
    let want = json!({
        "web": {"image": "x", "environment": {"B": "2"}, "ports": [{"target": 81, "published": "81"}]},
        "base": {"image": "x", "environment": {"A": "1"}, "ports": [{"target": 80, "published": "80"}]},
        "plain": {"image": "x", "environment": {"A": "1", "C": "3"}, "ports": [{"target": 80, "published": "80"}]}
    });
    assert_eq!(got, Ok(want), "`!override` replaces the base's value, other fields merge, `extends` goes away");
    assert!(disk.asked.borrow().is_empty(), "a base in the same file loads nothing");
}

#[test]
fn chains_across_files_rebase_paths_and_keep_dependencies() {
    let dir = tempdir();
    let wd = dir.path();
    let mut root = from_json(&json!({"services": {
        "web": {"extends": {"file": "sub/base.yaml", "service": "app"}, "environment": {"W": "1"}, "labels": {}},
        "local": {"extends": "web", "command": ["local"]},
        "other": {"extends": {"service": "local"}, "ports": [{"target": 1, "published": "1"}]},
        "dep": {"image": "dep"}
    }}));
    tag_at(&mut root, &["services", "web", "labels"], Tag::Reset);
    let base = json!({"services": {
        "app": {
            "extends": {"file": "deeper/core.yaml", "service": "core"},
            "build": {"context": "./ctx"},
            "volumes": [
                {"type": "bind", "source": "./data", "target": "/data"},
                {"type": "volume", "source": "named", "target": "/n"},
                {"type": "bind", "source": "/abs", "target": "/abs"}
            ],
            "env_file": [{"path": "./app.env", "required": true}],
            "depends_on": {"dep": {"condition": "service_started", "required": true}},
            "volumes_from": ["dep"],
            "links": ["dep"],
            "labels": {"a": "b"},
            "environment": {"A": "1"}
        },
        "dep": {"image": "dep"}
    }});
    let core = json!({"services": {"core": {
        "image": "core",
        "build": {"context": ".", "dockerfile": "Dockerfile.core"},
        "env_file": [{"path": "./core.env", "required": false}],
        "volumes": [{"type": "bind", "source": "../x", "target": "/x"}],
        "network_mode": "service:dep"
    }}});
    let base_path = wd.join("sub/base.yaml");
    let core_path = wd.join("sub/deeper/core.yaml");
    let disk = Disk::new(&[(&base_path, base), (&core_path, core)]);
    let got = match resolve(root, wd, &disk) {
        Ok(services) => services,
        Err(e) => panic!("extends failed: {e}"),
    };
    let web = json!({
        "image": "core",
        "build": {"context": "sub/ctx", "dockerfile": "Dockerfile.core"},
        "env_file": [{"path": "sub/deeper/core.env", "required": false}, {"path": "sub/app.env", "required": true}],
        "volumes": [
            {"type": "bind", "source": "sub/x", "target": "/x"},
            {"type": "bind", "source": "sub/data", "target": "/data"},
            {"type": "volume", "source": "named", "target": "/n"},
            {"type": "bind", "source": "/abs", "target": "/abs"}
        ],
        "network_mode": "service:dep",
        "depends_on": {"dep": {"condition": "service_started", "required": true}},
        "volumes_from": ["dep"],
        "links": ["dep"],
        "environment": {"A": "1", "W": "1"}
    });
    assert_eq!(got["web"], web, "the chain app → core resolves, paths follow their files, `labels: !reset` drops");
    let mut local = web.clone();
    local["command"] = json!(["local"]);
    assert_eq!(got["local"], local, "a service can extend a service that extends another file");
    let mut other = local.clone();
    other["ports"] = json!([{"target": 1, "published": "1"}]);
    assert_eq!(got["other"], other, "chains of three resolve");
    assert_eq!(*disk.asked.borrow(), [base_path, core_path], "each file is loaded once, from the project directory");
}

#[test]
fn reset_tags_of_an_extending_service_still_apply_to_earlier_files() {
    let earlier =
        from_json(&json!({"services": {"web": {"image": "w", "labels": {"p": "1"}, "environment": {"E": "1"}}}}));
    let mut root = from_json(&json!({"services": {
        "web": {"extends": "base", "labels": {}},
        "base": {"image": "x", "labels": {"a": "b"}, "environment": {}}
    }}));
    tag_at(&mut root, &["services", "web", "labels"], Tag::Reset);
    tag_at(&mut root, &["services", "base", "environment"], Tag::Reset);
    let disk = Disk::new(&[]);
    if let Err(e) = apply_extends_in(&mut root, Path::new(""), &|p| disk.load(p)) {
        panic!("extends failed: {e}");
    }
    let got = merge(earlier, root).map(|n| to_json(&n)["services"].clone());
    let want = json!({
        "web": {"image": "x", "environment": {"E": "1"}},
        "base": {"image": "x", "labels": {"a": "b"}}
    });
    assert_eq!(got, Ok(want), "web's `!reset` clears the earlier file's labels; base's own reset stays with base");
}

#[test]
fn cycles_name_the_chain() {
    let root = from_json(&json!({"services": {
        "web": {"extends": "base"},
        "base": {"extends": "web", "image": "x"}
    }}));
    let span = root.get_path(&["services", "web", "extends"]).map(|n| n.span.clone());
    let disk = Disk::new(&[]);
    let err = resolve(root, Path::new(""), &disk).err();
    assert_eq!(err.as_ref().map(|e| e.kind), Some(ErrorKind::Cycle), "a circle of extends is a cycle");
    assert_eq!(err.as_ref().and_then(|e| e.span.clone()), span, "the error points at the first `extends`");
    let problem = err.map(|e| e.problem).unwrap_or_default();
    assert!(problem.contains("`web` → `base` → `web`"), "the message shows the chain: {problem}");
}

#[test]
fn cycles_through_other_files_are_found() {
    let dir = tempdir();
    let wd = dir.path();
    let mut root = from_json(&json!({"services": {"web": {"extends": {"file": "other.yaml", "service": "x"}}}}));
    root.span = Span::new(Arc::from(wd.join("compose.yaml").to_string_lossy().as_ref()), 1, 1);
    let other = json!({"services": {"x": {"extends": {"file": "compose.yaml", "service": "web"}}}});
    let other_path = wd.join("other.yaml");
    let disk = Disk::new(&[(&other_path, other)]);
    let err = resolve(root, wd, &disk).err();
    assert_eq!(err.as_ref().map(|e| e.kind), Some(ErrorKind::Cycle), "a circle across files is a cycle");
    let problem = err.map(|e| e.problem).unwrap_or_default();
    assert!(problem.contains("`web` → `x` (other.yaml) → `web`"), "services of other files name their file: {problem}");
}

#[test]
fn missing_bases_suggest_a_name() {
    let root = from_json(&json!({"services": {"web": {"extends": "bsae"}, "base": {"image": "x"}}}));
    let span = root.get_path(&["services", "web", "extends"]).map(|n| n.span.clone());
    let disk = Disk::new(&[]);
    let err = resolve(root, Path::new(""), &disk).err();
    assert_eq!(
        err.as_ref().map(|e| e.kind),
        Some(ErrorKind::MissingReference),
        "an unknown base is a missing reference"
    );
    assert_eq!(err.as_ref().and_then(|e| e.span.clone()), span, "the error points at the name");
    assert_eq!(err.and_then(|e| e.fix).as_deref(), Some("did you mean `base`?"), "a close name is suggested");
}

#[test]
fn missing_bases_in_other_files_name_the_file() {
    let dir = tempdir();
    let wd = dir.path();
    let root = from_json(&json!({"services": {"web": {"extends": {"file": "c2.yaml", "service": "nope"}}}}));
    let path = wd.join("c2.yaml");
    let disk = Disk::new(&[(&path, json!({"services": {"base": {"image": "x"}}}))]);
    let err = resolve(root, wd, &disk).err();
    assert_eq!(
        err.as_ref().map(|e| e.kind),
        Some(ErrorKind::MissingReference),
        "an unknown base is a missing reference"
    );
    let problem = err.as_ref().map(|e| e.problem.clone()).unwrap_or_default();
    assert!(problem.contains("`nope`") && problem.contains("c2.yaml"), "the message names service and file: {problem}");
    let fix = err.and_then(|e| e.fix).unwrap_or_default();
    assert!(fix.contains("`base`"), "with nothing close, the file's services are listed: {fix}");
}

#[test]
fn unreadable_files_and_bad_bases_are_errors() {
    let dir = tempdir();
    let wd = dir.path();
    let disk = Disk::new(&[]);
    let root = from_json(&json!({"services": {"web": {"extends": {"file": "gone.yaml", "service": "a"}}}}));
    let err = resolve(root, wd, &disk).err();
    assert_eq!(err.map(|e| e.kind), Some(ErrorKind::Io), "a file that cannot be loaded stops loading");

    let root = from_json(&json!({"services": {"web": {"extends": "base"}, "base": null}}));
    let err = resolve(root, Path::new(""), &disk).err();
    assert_eq!(err.map(|e| e.kind), Some(ErrorKind::WrongType), "an empty base is not a service");

    let root = from_json(&json!({"services": {"web": {"extends": {"file": "x.yaml"}}}}));
    let err = resolve(root, Path::new(""), &disk).err();
    assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidValue), "`extends` must name a service");

    let root = from_json(&json!({"services": {"web": {"extends": ["base"]}}}));
    let err = resolve(root, Path::new(""), &disk).err();
    assert_eq!(err.map(|e| e.kind), Some(ErrorKind::WrongType), "`extends` is a name or a mapping");
}
