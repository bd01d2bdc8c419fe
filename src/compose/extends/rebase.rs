//! Relative paths of services taken from another file, rebased onto that file's directory.
//!
//! A path in a compose file is relative to the project directory. For services of a file
//! named by `extends.file`, compose-go joins their relative paths (build context, bind
//! sources, env files, the next `extends.file`...) with that file's directory as seen from
//! the project directory, so they keep pointing where that file meant; the later path stage
//! then makes them absolute like any other path.

use super::gopath;
use crate::compose::node::{Map, Node, Value};

/// Rewrites the relative paths of every service in `services` to start at `dir`, the
/// extended file's directory relative to the project directory.
pub(super) fn rebase_services(services: &mut Map, dir: &str) {
    for service in services.values_mut() {
        if let Some(service) = service.as_map_mut() {
            rebase_service(service, dir);
        }
    }
}

fn rebase_service(service: &mut Map, dir: &str) {
    if let Some(build) = service.get_mut("build").and_then(Node::as_map_mut) {
        if let Some(context) = build.get_mut("context") {
            rewrite(context, |p| context_path(p, dir));
        }
        if let Some(contexts) = build.get_mut("additional_contexts").and_then(Node::as_map_mut) {
            for value in contexts.values_mut() {
                rewrite(value, |p| context_path(p, dir));
            }
        }
        if let Some(ssh) = build.get_mut("ssh").and_then(Node::as_map_mut) {
            for value in ssh.values_mut() {
                rewrite(value, |p| unix_path(p, dir));
            }
        }
    }
    for_each_item(service, "env_file", |item| {
        if let Some(path) = item.as_map_mut().and_then(|m| m.get_mut("path")) {
            rewrite(path, |p| abs_path(p, dir));
        }
    });
    for_each_item(service, "label_file", |item| rewrite(item, |p| abs_path(p, dir)));
    if let Some(file) = service.get_mut("extends").and_then(Node::as_map_mut).and_then(|m| m.get_mut("file")) {
        rewrite(file, |p| if is_remote(p) { None } else { abs_path(p, dir) });
    }
    if let Some(develop) = service.get_mut("develop").and_then(Node::as_map_mut) {
        for_each_item(develop, "watch", |rule| {
            if let Some(path) = rule.as_map_mut().and_then(|m| m.get_mut("path")) {
                rewrite(path, |p| abs_path(p, dir));
            }
        });
    }
    for_each_item(service, "volumes", |mount| {
        let Some(mount) = mount.as_map_mut() else {
            return;
        };
        if mount.get("type").and_then(Node::as_str) != Some("bind") {
            return;
        }
        if let Some(source) = mount.get_mut("source") {
            rewrite(source, |p| unix_path(p, dir));
        }
    });
}

fn for_each_item(map: &mut Map, key: &str, mut f: impl FnMut(&mut Node)) {
    if let Some(items) = map.get_mut(key).and_then(Node::as_seq_mut) {
        for item in items {
            f(item);
        }
    }
}

fn rewrite(node: &mut Node, f: impl FnOnce(&str) -> Option<String>) {
    if let Value::Str(s) = &node.value
        && let Some(new) = f(s)
    {
        node.value = Value::Str(new);
    }
}

/// A relative path joined onto `dir`. `~` paths are left for the path stage, which expands
/// them to the same absolute path compose-go computes here.
fn abs_path(path: &str, dir: &str) -> Option<String> {
    if path.is_empty() || path.starts_with('~') || path.starts_with('/') {
        return None;
    }
    Some(gopath::join(dir, path))
}

/// Like [`abs_path`], also leaving Windows absolute paths (`C:\data`, `\\host\share`) alone.
fn unix_path(path: &str, dir: &str) -> Option<String> {
    if is_windows_abs(path) {
        return None;
    }
    abs_path(path, dir)
}

/// Build contexts that are URLs, git references or other services are not paths.
fn context_path(path: &str, dir: &str) -> Option<String> {
    const REMOTE: [&str; 7] = ["service:", "https://", "http://", "git://", "ssh://", "github.com/", "git@"];
    if path.contains("://") || REMOTE.iter().any(|p| path.starts_with(p)) {
        return None;
    }
    abs_path(path, dir)
}

/// Files compose fetches from git or an OCI registry rather than the disk.
fn is_remote(path: &str) -> bool {
    path.contains("://") || path.starts_with("git@")
}

fn is_windows_abs(path: &str) -> bool {
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes[2] == b'\\' || bytes[2] == b'/');
    drive || path.starts_with("\\\\")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::node::from_json;
    use serde_json::json;

    #[test]
    fn rebases_relative_paths_only() {
        let mut root = from_json(&json!({
            "app": {
                "build": {"context": "./ctx", "additional_contexts": {"a": "../a", "img": "docker-image://x"},
                          "ssh": {"default": null, "key": "./id"}},
                "env_file": [{"path": "./app.env", "required": true}, {"path": "/abs.env", "required": true}],
                "label_file": ["l.txt"],
                "extends": {"file": "deeper/core.yaml", "service": "core"},
                "develop": {"watch": [{"path": "./src", "action": "sync"}]},
                "volumes": [
                    {"type": "bind", "source": "./data", "target": "/data"},
                    {"type": "bind", "source": "~/x", "target": "/x"},
                    {"type": "bind", "source": "C:\\win", "target": "/w"},
                    {"type": "volume", "source": "named", "target": "/n"}
                ]
            },
            "remote": {"build": {"context": "https://github.com/a/b.git"}}
        }));
        let Some(services) = root.as_map_mut() else { panic!("test tree is a mapping") };
        rebase_services(services, "sub");
        let text = |path: &[&str]| root.get_path(path).and_then(Node::as_str).map(String::from);
        assert_eq!(text(&["app", "build", "context"]).as_deref(), Some("sub/ctx"), "contexts move with the file");
        assert_eq!(text(&["app", "build", "additional_contexts", "a"]).as_deref(), Some("a"), "`..` folds");
        assert_eq!(
            text(&["app", "build", "additional_contexts", "img"]).as_deref(),
            Some("docker-image://x"),
            "image contexts are not paths"
        );
        assert_eq!(text(&["app", "build", "ssh", "key"]).as_deref(), Some("sub/id"), "ssh key files move");
        assert_eq!(text(&["app", "extends", "file"]).as_deref(), Some("sub/deeper/core.yaml"), "the next extends file");
        assert_eq!(
            text(&["remote", "build", "context"]).as_deref(),
            Some("https://github.com/a/b.git"),
            "git contexts are not paths"
        );
        let items = |key: &str| root.get_path(&["app", key]).and_then(Node::as_seq).map(<[Node]>::to_vec);
        let env = items("env_file").unwrap_or_default();
        assert_eq!(env[0].get_path(&["path"]).and_then(Node::as_str), Some("sub/app.env"), "env files move");
        assert_eq!(env[1].get_path(&["path"]).and_then(Node::as_str), Some("/abs.env"), "absolute paths stay");
        let labels = items("label_file").unwrap_or_default();
        assert_eq!(labels[0].as_str(), Some("sub/l.txt"), "label files move");
        let vols = items("volumes").unwrap_or_default();
        let source = |i: usize| vols[i].get_path(&["source"]).and_then(Node::as_str).map(String::from);
        assert_eq!(source(0).as_deref(), Some("sub/data"), "bind sources move");
        assert_eq!(source(1).as_deref(), Some("~/x"), "home paths are left to the path stage");
        assert_eq!(source(2).as_deref(), Some("C:\\win"), "Windows absolute paths stay");
        assert_eq!(source(3).as_deref(), Some("named"), "named volumes are not paths");
        let watch = root.get_path(&["app", "develop", "watch"]).and_then(Node::as_seq).map(<[Node]>::to_vec);
        let watch_path = watch.unwrap_or_default()[0].get_path(&["path"]).and_then(Node::as_str).map(String::from);
        assert_eq!(watch_path.as_deref(), Some("sub/src"), "watched paths move");
    }

    #[test]
    fn same_directory_only_cleans() {
        let mut root = from_json(&json!({"app": {"build": {"context": "./ctx"}}}));
        let Some(services) = root.as_map_mut() else { panic!("test tree is a mapping") };
        rebase_services(services, ".");
        assert_eq!(
            root.get_path(&["app", "build", "context"]).and_then(Node::as_str),
            Some("ctx"),
            "compose joins onto `.`, which cleans `./ctx` to `ctx`"
        );
    }
}
