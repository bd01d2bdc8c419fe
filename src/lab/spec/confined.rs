//! A lab's compose project may name only its own folder's files: build contexts, Dockerfiles,
//! bind-mount sources, secret and config files outside it are errors.
//!
//! The loader already refuses to read a file outside the lab (compose files, `include`,
//! `extends`, `env_file`, `.env`); these are the paths it does not read but the engine would:
//! a build context is sent whole to the engine, a bind mount hands a host folder to a
//! container (`/` or the engine's socket would hand it the machine). A lab is shipped as its
//! folder, so anything it needs is in there. Links are resolved for paths that exist, so a
//! `./data` that links to `/etc` is outside too.

use std::path::{Component, Path, PathBuf};

use crate::compose::files::{self, InputError};
use crate::compose::{LoadedProject, Node, Span};

use super::problem::{LintProblem, Severity};

/// Every path of `loaded` that leaves `dir`, as an error at the line that names it.
pub(super) fn outside_paths(loaded: &LoadedProject, dir: &Path) -> Vec<LintProblem> {
    let root = real_path(dir);
    let mut found = Vec::new();
    // Files a build reads whole: a FIFO there would leave `nivel up` waiting forever.
    let mut specials = Vec::new();
    // Reports `path` when it leaves the lab; says whether it stays inside.
    let mut check = |node: &Node, path: PathBuf, what: String, fix: &str| {
        let written = crate::compose::project::absolute(Path::new("/"), &path);
        let real = real_path(&written);
        let inside = real.starts_with(&root);
        if !inside {
            let place = if real == written {
                written.display().to_string()
            } else {
                format!("{}, which leads to {}", written.display(), real.display())
            };
            found.push(problem(&node.span, format!("{what} is {place}, outside the lab folder"), fix));
        }
        inside
    };
    const MOVE: &str = "a lab uses only its own folder: move it into the lab folder and write a path relative to it";
    let services = loaded.tree.get_path(&["services"]).and_then(Node::as_map);
    for (name, svc) in services.into_iter().flat_map(|m| m.iter()) {
        let name = &name.name;
        if let Some(context) = svc.get_path(&["build", "context"]) {
            if let Some(c) = context.as_str().filter(|c| is_local(c)) {
                let inside = check(context, PathBuf::from(c), format!("the build context of service `{name}`"), MOVE);
                if let Some(file) = svc.get_path(&["build", "dockerfile"]).filter(|_| inside) {
                    let path = file.as_str().map(|f| Path::new(c).join(f)).unwrap_or_default();
                    if check(file, path.clone(), format!("the Dockerfile of service `{name}`"), MOVE) {
                        specials.extend(special_file(file, &path));
                    }
                }
                if inside {
                    specials.extend(special_file(context, &Path::new(c).join(".dockerignore")));
                }
            }
        }
        for (key, ctx) in svc.get_path(&["build", "additional_contexts"]).and_then(Node::as_map).into_iter().flat_map(|m| m.iter()) {
            if let Some(c) = ctx.as_str().filter(|c| is_local(c)) {
                check(ctx, PathBuf::from(c), format!("build context `{}` of service `{name}`", key.name), MOVE);
            }
        }
        for volume in svc.get_path(&["volumes"]).and_then(Node::as_seq).unwrap_or_default() {
            if volume.get_path(&["type"]).and_then(Node::as_str) != Some("bind") {
                continue;
            }
            if let Some(source) = volume.get_path(&["source"]) {
                let path = PathBuf::from(source.as_str().unwrap_or_default());
                check(source, path, format!("the bind mount of service `{name}`"), "mount a folder of the lab (`./data:/data`) or use a named volume; a lab never hands a container the rest of the machine");
            }
        }
    }
    for kind in ["secrets", "configs"] {
        for (name, def) in loaded.tree.get_path(&[kind]).and_then(Node::as_map).into_iter().flat_map(|m| m.iter()) {
            if let Some(file) = def.get_path(&["file"]) {
                let path = PathBuf::from(file.as_str().unwrap_or_default());
                check(file, path, format!("the file of {} `{}`", &kind[..kind.len() - 1], name.name), MOVE);
            }
        }
    }
    found.extend(specials);
    found
}

/// An error when `path` exists but is not a regular file (a FIFO, a folder, a device).
fn special_file(node: &Node, path: &Path) -> Option<LintProblem> {
    let kind = files::kind_of(path).ok()??;
    let e = InputError::NotAFile(kind);
    Some(problem(&node.span, e.problem(path), e.fix()))
}

/// Whether a build context is a folder on this machine (not a URL, a Git remote, or another
/// service's image).
fn is_local(context: &str) -> bool {
    const REMOTE: [&str; 4] = ["service:", "docker-image:", "github.com/", "git@"];
    !context.contains("://") && !REMOTE.iter().any(|r| context.starts_with(r))
}

/// `path` with links resolved as far as it exists, and `..` resolved lexically after that.
fn real_path(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match (existing.file_name().map(ToOwned::to_owned), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                real.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => real.push(part),
        }
    }
    real
}

fn problem(span: &Span, message: String, fix: &str) -> LintProblem {
    LintProblem {
        file: PathBuf::from(&*span.file),
        line: span.line,
        col: span.col,
        severity: Severity::Error,
        message,
        fix: fix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_paths_resolve_links_of_the_part_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::os::unix::fs::symlink("/etc", dir.path().join("etc-link")).unwrap();
        assert_eq!(real_path(&dir.path().join("etc-link/passwd")), PathBuf::from("/etc/passwd"), "a link is followed");
        assert_eq!(real_path(&dir.path().join("new/data")), real.join("new/data"), "a path yet to be made stays under its parent");
        assert!(is_local("./api") && !is_local("https://github.com/x/y.git") && !is_local("service:base"), "remote contexts are not folders");
    }
}
