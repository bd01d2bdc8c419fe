//! `include`: other compose projects pulled into this one, each loaded from its own directory
//! with its own `.env`, their services, networks, volumes, secrets and configs added to ours.

use std::path::{Path, PathBuf};

use super::error::{ErrorKind, LoadError};
use super::files::{self, InputError};
use super::merge::merge;
use super::node::{Node, Span, Value};
use super::project::absolute;

/// One entry of `include`, in long form with absolute paths.
#[derive(Debug)]
pub struct Include {
    /// The files of the included project, main first.
    pub files: Vec<PathBuf>,
    pub project_dir: PathBuf,
    pub env_files: Vec<PathBuf>,
    pub span: Span,
}

/// Takes `include` out of a file's tree and returns its entries. Relative paths are taken
/// from `dir`, the including project's directory.
pub fn take_includes(root: &mut Node, dir: &Path) -> Result<Vec<Include>, LoadError> {
    let Some(map) = root.as_map_mut() else { return Ok(Vec::new()) };
    let Some(node) = map.remove("include") else { return Ok(Vec::new()) };
    let items = match node.value {
        Value::Null => return Ok(Vec::new()),
        Value::Seq(items) => items,
        _ => return Err(LoadError::wrong_type(&node.span, "`include`", "a list", node.kind())),
    };
    items.into_iter().map(|item| entry(item, dir)).collect()
}

fn entry(item: Node, dir: &Path) -> Result<Include, LoadError> {
    let span = item.span.clone();
    let (paths, project_dir, env_files) = match &item.value {
        Value::Str(s) => (vec![s.clone()], None, Vec::new()),
        Value::Map(m) => {
            for (k, _) in m.iter() {
                if !["path", "project_directory", "env_file"].contains(&k.name.as_str()) {
                    let hint = super::error::did_you_mean(&k.name, ["path", "project_directory", "env_file"]);
                    return Err(LoadError::at(ErrorKind::UnknownKey, &k.span, format!("unknown key `{}` in an include entry", k.name))
                        .with_fix(match hint {
                            Some(h) => format!("did you mean `{h}`?"),
                            None => "an include entry has `path`, `project_directory` and `env_file`".into(),
                        }));
                }
            }
            let path = m.get("path").ok_or_else(|| {
                LoadError::at(ErrorKind::InvalidValue, &span, "an include entry needs a `path`")
                    .with_fix("write `- path: other/compose.yaml`")
            })?;
            let dir_value = match m.get("project_directory") {
                Some(d) => Some(string(d, "`include.project_directory`")?),
                None => None,
            };
            let env = match m.get("env_file") {
                Some(e) => strings(e, "`include.env_file`")?,
                None => Vec::new(),
            };
            (strings(path, "`include.path`")?, dir_value, env)
        }
        _ => return Err(LoadError::wrong_type(&span, "an include entry", "a path or a mapping", item.kind())),
    };
    if paths.is_empty() {
        return Err(LoadError::at(ErrorKind::InvalidValue, &span, "an include entry names no file"));
    }
    let files: Vec<PathBuf> = paths.iter().map(|p| absolute(dir, Path::new(p))).collect();
    let project_dir = match project_dir {
        Some(d) => absolute(dir, Path::new(&d)),
        None => files[0].parent().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf()),
    };
    let env_files = if env_files.is_empty() {
        let default = project_dir.join(".env");
        if default.exists() { vec![default] } else { Vec::new() }
    } else {
        env_files.iter().filter(|f| f.as_str() != "/dev/null").map(|f| absolute(dir, Path::new(f))).collect()
    };
    for f in files.iter().chain(&env_files) {
        match files::kind_of(f) {
            Ok(None) => {}
            Ok(Some(kind)) => {
                let e = InputError::NotAFile(kind);
                return Err(LoadError::at(ErrorKind::Io, &span, format!("included {}", e.problem(f))).with_fix(e.fix()));
            }
            Err(e) => {
                let fix = match &e {
                    InputError::Missing => "check the path; relative paths are taken from the including project's directory",
                    other => other.fix(),
                };
                return Err(LoadError::at(ErrorKind::MissingReference, &span, format!("included file {}", e.problem(f))).with_fix(fix));
            }
        }
    }
    Ok(Include { files, project_dir, env_files, span })
}

fn string(n: &Node, what: &str) -> Result<String, LoadError> {
    n.scalar_text().ok_or_else(|| LoadError::wrong_type(&n.span, what, "a string", n.kind()))
}

fn strings(n: &Node, what: &str) -> Result<Vec<String>, LoadError> {
    match &n.value {
        Value::Seq(items) => items.iter().map(|i| string(i, what)).collect(),
        _ => Ok(vec![string(n, what)?]),
    }
}

/// Adds the included project's resources to `target`. A resource defined on both sides is
/// merged with the including file's definition winning.
pub fn import_resources(target: &mut Node, imported: Node) -> Result<(), LoadError> {
    let Value::Map(source) = imported.value else { return Ok(()) };
    let span = target.span.clone();
    let Some(target_map) = target.as_map_mut() else { return Ok(()) };
    for (key, from) in source {
        if !["services", "volumes", "networks", "secrets", "configs", "models"].contains(&key.name.as_str()) {
            continue;
        }
        let Value::Map(from) = from.value else { continue };
        if target_map.get(&key.name).is_none_or(Node::is_null) {
            target_map.insert(key.clone(), Node::new(Value::Map(Default::default()), span.clone()));
        }
        let Some(to) = target_map.get_mut(&key.name).and_then(Node::as_map_mut) else { continue };
        for (name, resource) in from {
            match to.remove(&name.name) {
                None => {
                    to.insert(name, resource);
                }
                Some(local) => {
                    let merged = merge(resource, local)?;
                    to.insert(name, merged);
                }
            }
        }
    }
    Ok(())
}
