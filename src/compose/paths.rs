//! Relative paths (build contexts, bind mounts, env files, secrets) made absolute against the
//! project directory; `~` expanded to the home directory.
//!
//! The rules are compose-go's `paths/resolve.go`: remote build contexts (`https://`, `git@`,
//! `service:` ...) are left alone, Windows-absolute bind sources are kept as written, and
//! `develop.watch` paths follow a symbolic link in their first linked component.

use std::path::Path;

use super::canonical::clean_path;
use super::error::LoadError;
use super::node::{Node, Value};

/// Makes every path compose resolves absolute. `working_dir` must itself be absolute.
pub fn resolve_paths(root: &mut Node, working_dir: &Path, home: Option<&Path>) -> Result<(), LoadError> {
    let r = Resolver { dir: working_dir.to_string_lossy().into_owned(), home: home.map(|h| h.to_string_lossy().into_owned()) };
    let Some(top) = root.as_map_mut() else { return Ok(()) };
    if let Some(services) = top.get_mut("services").and_then(Node::as_map_mut) {
        for svc in services.values_mut() {
            if let Some(svc) = svc.as_map_mut() {
                r.service(svc)?;
            }
        }
    }
    for kind in ["configs", "secrets"] {
        for def in values_mut(top.get_mut(kind)) {
            if let Some(file) = def.as_map_mut().and_then(|d| d.get_mut("file")) {
                r.apply(file, Resolver::unix_path);
            }
        }
    }
    for volume in values_mut(top.get_mut("volumes")) {
        let Some(volume) = volume.as_map_mut() else { continue };
        if volume.get("driver").and_then(Node::as_str) != Some("local") {
            continue;
        }
        let Some(opts) = volume.get_mut("driver_opts").and_then(Node::as_map_mut) else { continue };
        if opts.get("o").and_then(Node::as_str) == Some("bind") {
            if let Some(device) = opts.get_mut("device") {
                r.apply(device, Resolver::unix_path);
            }
        }
    }
    Ok(())
}

fn values_mut(node: Option<&mut Node>) -> Box<dyn Iterator<Item = &mut Node> + '_> {
    match node.map(|n| &mut n.value) {
        Some(Value::Map(m)) => Box::new(m.values_mut()),
        Some(Value::Seq(s)) => Box::new(s.iter_mut()),
        _ => Box::new(std::iter::empty()),
    }
}

struct Resolver {
    dir: String,
    home: Option<String>,
}

impl Resolver {
    fn service(&self, svc: &mut super::node::Map) -> Result<(), LoadError> {
        if let Some(build) = svc.get_mut("build").and_then(Node::as_map_mut) {
            if let Some(context) = build.get_mut("context") {
                self.apply(context, Resolver::context_path);
            }
            for ctx in values_mut(build.get_mut("additional_contexts")) {
                self.apply(ctx, Resolver::context_path);
            }
            for key in values_mut(build.get_mut("ssh")) {
                self.apply(key, Resolver::unix_path);
            }
        }
        for env_file in values_mut(svc.get_mut("env_file")) {
            if let Some(path) = env_file.as_map_mut().and_then(|e| e.get_mut("path")) {
                self.apply(path, Resolver::abs_path);
            }
        }
        for file in values_mut(svc.get_mut("label_file")) {
            self.apply(file, Resolver::abs_path);
        }
        if let Some(file) = svc.get_mut("extends").and_then(Node::as_map_mut).and_then(|e| e.get_mut("file")) {
            self.apply(file, |r, p| if p.contains("://") { p.to_string() } else { r.abs_path(p) });
        }
        let watch = svc.get_mut("develop").and_then(Node::as_map_mut).and_then(|d| d.get_mut("watch"));
        for rule in values_mut(watch) {
            if let Some(path) = rule.as_map_mut().and_then(|w| w.get_mut("path")) {
                self.apply(path, |r, p| resolve_symlink(&r.abs_path(p)));
            }
        }
        for volume in values_mut(svc.get_mut("volumes")) {
            let span = volume.span.clone();
            let Some(volume) = volume.as_map_mut() else { continue };
            if volume.get("type").and_then(Node::as_str) != Some("bind") {
                continue;
            }
            let Some(source) = volume.get_mut("source") else {
                return Err(LoadError::invalid(&span, "a bind mount has no `source`")
                    .with_fix("add `source:` with the host path to mount, e.g. `source: ./data`"));
            };
            self.apply(source, Resolver::unix_path);
        }
        Ok(())
    }

    fn apply(&self, node: &mut Node, f: impl Fn(&Resolver, &str) -> String) {
        if let Value::Str(s) = &node.value {
            node.value = Value::Str(f(self, s));
        }
    }

    fn expand_user(&self, p: &str) -> String {
        match (p.strip_prefix('~'), &self.home) {
            (Some(rest), Some(home)) => join(home, rest),
            _ => p.to_string(),
        }
    }

    /// `absPath`: `~` expanded, then relative paths joined to the project directory.
    fn abs_path(&self, p: &str) -> String {
        let p = self.expand_user(p);
        if p.starts_with('/') || p.is_empty() { p } else { join(&self.dir, &p) }
    }

    /// `maybeUnixPath`: like `abs_path`, but Windows-absolute paths are kept as written.
    fn unix_path(&self, p: &str) -> String {
        let p = self.expand_user(p);
        if p.starts_with('/') || is_windows_abs(&p) { p } else { join(&self.dir, &p) }
    }

    /// Build contexts that are URLs or other services are not paths.
    fn context_path(&self, p: &str) -> String {
        const REMOTE: [&str; 7] = ["service:", "https://", "http://", "git://", "ssh://", "github.com/", "git@"];
        if p.contains("://") || REMOTE.iter().any(|r| p.starts_with(r)) {
            return p.to_string();
        }
        self.abs_path(p)
    }
}

/// Go's `filepath.Join` on Unix: empty parts dropped, the result cleaned.
fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => String::new(),
        (true, false) => clean_path(b),
        (false, true) => clean_path(a),
        (false, false) => clean_path(&format!("{a}/{b}")),
    }
}

fn is_windows_abs(p: &str) -> bool {
    let sep = |c: Option<char>| matches!(c, Some('/' | '\\'));
    let mut chars = p.chars();
    let (first, second) = (chars.next(), chars.next());
    if sep(first) && sep(second) {
        return true;
    }
    second == Some(':') && sep(chars.next())
}

/// The first component of `path` that is a symbolic link is replaced by its target.
fn resolve_symlink(path: &str) -> String {
    let mut current = String::from("/");
    for part in path.split('/').filter(|p| !p.is_empty()) {
        current = join(&current, part);
        let is_link = std::fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            if let Ok(target) = std::fs::canonicalize(&current) {
                return path.replacen(&current, &target.to_string_lossy(), 1);
            }
            return path.to_string();
        }
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    fn resolve(v: serde_json::Value) -> serde_json::Value {
        let mut root = from_json(&v);
        match resolve_paths(&mut root, Path::new("/proj"), Some(Path::new("/home/u"))) {
            Ok(()) => plain(&root),
            Err(e) => json!(format!("error: {e}")),
        }
    }

    #[test]
    fn build_contexts() {
        let cases = [
            (".", "/proj"), ("./dir", "/proj/dir"), ("../up", "/up"), ("/abs", "/abs"), ("~/src", "/home/u/src"),
            ("https://github.com/a/b.git", "https://github.com/a/b.git"), ("git@github.com:a/b", "git@github.com:a/b"),
            ("github.com/a/b", "github.com/a/b"), ("service:base", "service:base"), ("docker-image://x", "docker-image://x"),
            ("", ""),
        ];
        for (context, want) in cases {
            let out = resolve(json!({"services": {"s": {"build": {"context": context, "additional_contexts": {"c": context}}}}}));
            assert_eq!(out["services"]["s"]["build"]["context"], json!(want), "context {context:?}");
            assert_eq!(out["services"]["s"]["build"]["additional_contexts"]["c"], json!(want), "additional context {context:?}");
        }
    }

    #[test]
    fn bind_sources_and_files() {
        let out = resolve(json!({
            "services": {"s": {
                "volumes": [
                    {"type": "bind", "source": "./data", "target": "/d"},
                    {"type": "bind", "source": "~", "target": "/h"},
                    {"type": "bind", "source": "a:/b", "target": "/w"},
                    {"type": "bind", "source": "a:", "target": "/w"},
                    {"type": "volume", "source": "named", "target": "/n"}
                ],
                "env_file": [{"path": "a.env", "required": true}, {"path": "/etc/b.env", "required": false}],
                "label_file": ["l.txt"],
                "extends": {"file": "../base.yaml", "service": "b"},
                "build": {"context": ".", "ssh": {"default": null, "k": "keys/id"}}
            }},
            "secrets": {"s": {"file": "./s.txt"}, "e": {"environment": "X"}},
            "configs": {"c": {"file": "c.txt"}},
            "volumes": {"v": {"driver": "local", "driver_opts": {"o": "bind", "device": "./dev", "type": "none"}}}
        }));
        let s = &out["services"]["s"];
        let sources: Vec<_> = (0..5).map(|i| s["volumes"][i]["source"].clone()).collect();
        assert_eq!(sources, [json!("/proj/data"), json!("/home/u"), json!("a:/b"), json!("/proj/a:"), json!("named")], "bind sources only");
        assert_eq!(s["env_file"][0]["path"], json!("/proj/a.env"), "env files are relative to the project");
        assert_eq!(s["env_file"][1]["path"], json!("/etc/b.env"), "absolute env files stay");
        assert_eq!(s["label_file"][0], json!("/proj/l.txt"), "label files");
        assert_eq!(s["extends"]["file"], json!("/base.yaml"), "extends files");
        assert_eq!(s["build"]["ssh"], json!({"default": null, "k": "/proj/keys/id"}), "ssh key paths, default untouched");
        assert_eq!(out["secrets"]["s"]["file"], json!("/proj/s.txt"), "secret files");
        assert_eq!(out["configs"]["c"]["file"], json!("/proj/c.txt"), "config files");
        assert_eq!(out["volumes"]["v"]["driver_opts"]["device"], json!("/proj/dev"), "local bind volume devices");
    }

    #[test]
    fn bind_without_source_is_an_error() {
        let out = resolve(json!({"services": {"s": {"volumes": [{"type": "bind", "target": "/d"}]}}}));
        assert!(out.as_str().is_some_and(|e| e.contains("source")), "compose rejects a bind without source");
    }
}
