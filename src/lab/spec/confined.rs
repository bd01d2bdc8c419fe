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

use crate::compose::files;
use crate::compose::{LoadedProject, Node, Span};
use crate::lab::Text;

use super::problem::{LintProblem, Severity};

/// Every path of `loaded` that leaves `dir`, as an error at the line that names it.
pub(super) fn outside_paths(loaded: &LoadedProject, dir: &Path) -> Vec<LintProblem> {
    let root = real_path(dir);
    let mut found = Vec::new();
    // Files a build reads whole: a FIFO there would leave `nivel up` waiting forever.
    let mut specials = Vec::new();
    // Reports `path` when it leaves the lab; says whether it stays inside.
    let mut check = |node: &Node, path: PathBuf, what: Text, fix: Text| {
        let written = crate::compose::project::absolute(Path::new("/"), &path);
        let real = real_path(&written);
        let inside = real.starts_with(&root);
        if !inside {
            let place = if real == written {
                Text::same(written.display().to_string())
            } else {
                Text::new(format!("{}, que lleva a {}", written.display(), real.display()), format!("{}, which leads to {}", written.display(), real.display()))
            };
            let message = Text::new(
                format!("{} es {}, fuera de la carpeta del laboratorio", what.es, place.es),
                format!("{} is {}, outside the lab folder", what.en, place.en),
            );
            found.push(problem(&node.span, message, fix));
        }
        inside
    };
    let move_it = || {
        Text::new(
            "un laboratorio solo usa su propia carpeta: muévalo a la carpeta del laboratorio y escriba una ruta relativa a ella",
            "a lab uses only its own folder: move it into the lab folder and write a path relative to it",
        )
    };
    let services = loaded.tree.get_path(&["services"]).and_then(Node::as_map);
    for (name, svc) in services.into_iter().flat_map(|m| m.iter()) {
        let name = &name.name;
        if let Some(context) = svc.get_path(&["build", "context"]) {
            if let Some(c) = context.as_str().filter(|c| is_local(c)) {
                let what = Text::new(format!("el contexto de construcción del servicio `{name}`"), format!("the build context of service `{name}`"));
                let inside = check(context, PathBuf::from(c), what, move_it());
                if let Some(file) = svc.get_path(&["build", "dockerfile"]).filter(|_| inside) {
                    let path = file.as_str().map(|f| Path::new(c).join(f)).unwrap_or_default();
                    let what = Text::new(format!("el Dockerfile del servicio `{name}`"), format!("the Dockerfile of service `{name}`"));
                    if check(file, path.clone(), what, move_it()) {
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
                let key = &key.name;
                let what = Text::new(format!("el contexto de construcción `{key}` del servicio `{name}`"), format!("build context `{key}` of service `{name}`"));
                check(ctx, PathBuf::from(c), what, move_it());
            }
        }
        for volume in svc.get_path(&["volumes"]).and_then(Node::as_seq).unwrap_or_default() {
            if volume.get_path(&["type"]).and_then(Node::as_str) != Some("bind") {
                continue;
            }
            if let Some(source) = volume.get_path(&["source"]) {
                let path = PathBuf::from(source.as_str().unwrap_or_default());
                let what = Text::new(format!("el montaje enlazado (bind mount) del servicio `{name}`"), format!("the bind mount of service `{name}`"));
                let fix = Text::new(
                    "monte una carpeta del laboratorio (`./data:/data`) o use un volumen con nombre; un laboratorio nunca entrega a un contenedor el resto de la máquina",
                    "mount a folder of the lab (`./data:/data`) or use a named volume; a lab never hands a container the rest of the machine",
                );
                check(source, path, what, fix);
            }
        }
    }
    for kind in ["secrets", "configs"] {
        for (name, def) in loaded.tree.get_path(&[kind]).and_then(Node::as_map).into_iter().flat_map(|m| m.iter()) {
            if let Some(file) = def.get_path(&["file"]) {
                let path = PathBuf::from(file.as_str().unwrap_or_default());
                let (one, name) = (&kind[..kind.len() - 1], &name.name);
                check(file, path, Text::new(format!("el archivo del {one} `{name}`"), format!("the file of {one} `{name}`")), move_it());
            }
        }
    }
    found.extend(specials);
    found
}

/// An error when `path` exists but is not a regular file (a FIFO, a folder, a device).
fn special_file(node: &Node, path: &Path) -> Option<LintProblem> {
    let kind = files::kind_of(path).ok()??.text();
    let p = path.display();
    let message = Text::new(format!("{p} es {}, no un archivo", kind.es), format!("{p} is {}, not a file", kind.en));
    let fix = Text::new(
        "ponga ahí un archivo normal guardado en disco: la construcción lo lee entero, y de una tubería esperaría para siempre",
        "put a regular file saved on disk there: the build reads it whole, and would wait forever on a pipe",
    );
    Some(problem(&node.span, message, fix))
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

fn problem(span: &Span, message: Text, fix: Text) -> LintProblem {
    LintProblem { file: PathBuf::from(&*span.file), line: span.line, col: span.col, severity: Severity::Error, message, fix }
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
