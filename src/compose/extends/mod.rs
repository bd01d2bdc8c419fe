//! `extends`: a service built on another service of the same file or of another file.
//!
//! Runs on one file's tree after interpolation and canonicalisation and before the files are
//! merged, as compose-go does. Each service with `extends: {service, file?}` becomes the base
//! service (itself resolved first, so chains work across files) merged with the service's own
//! fields by the file-merge rules. Everything of the base is kept, `depends_on`,
//! `volumes_from`, `links` and `network_mode` included, as Docker Compose v2 does.
//!
//! An `extends.file` is found relative to the project directory, even in a file that is not
//! the first one (Docker Compose does this too); paths inside a service taken from another file
//! are rebased onto that file's directory (see [`rebase`]).

mod gopath;
mod rebase;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::error::{ErrorKind, LoadError, did_you_mean};
use super::merge;
use super::node::{Map, Node, Span, Value};

/// Loads a compose file named by `extends.file`: its interpolated, canonical tree.
pub type LoadFile<'a> = &'a dyn Fn(&Path) -> Result<Node, LoadError>;

/// Resolves every `extends` of `root`, taking the project directory to be the directory of
/// the file `root` was read from (its span's file).
pub fn apply_extends(root: &mut Node, load_file: LoadFile<'_>) -> Result<(), LoadError> {
    let working_dir = Path::new(&*root.span.file).parent().map(Path::to_path_buf).unwrap_or_default();
    apply_extends_in(root, &working_dir, load_file)
}

/// Resolves every `extends` of `root`; relative `extends.file` paths are taken from
/// `working_dir`, the project directory.
pub fn apply_extends_in(root: &mut Node, working_dir: &Path, load_file: LoadFile<'_>) -> Result<(), LoadError> {
    let root_name = root.span.file.to_string();
    let Some(services) = root.as_map_mut().and_then(|m| m.get_mut("services")).and_then(Node::as_map_mut) else {
        return Ok(());
    };
    // Only services that extend another need resolving (the others are resolved when
    // extended); most files have none, and their services are then left as they are.
    let extending = |svc: &Node| svc.as_map().is_some_and(|m| m.contains_key("extends"));
    let names: Vec<String> = services.iter().filter(|(_, svc)| extending(svc)).map(|(k, _)| k.name.clone()).collect();
    if names.is_empty() {
        return Ok(());
    }
    let mut resolver = Resolver {
        working_dir: working_dir.to_string_lossy().into_owned(),
        load_file,
        files: vec![File {
            id: identity(Path::new(&root_name)),
            name: root_name,
            services: std::mem::take(services),
            resolved: HashSet::new(),
        }],
    };
    let mut result = Ok(());
    for name in names {
        if let Err(e) = resolver.resolve(0, &name, &mut Vec::new()) {
            result = Err(e);
            break;
        }
    }
    *services = std::mem::take(&mut resolver.files[0].services);
    result
}

/// The services of one file, as they are resolved.
struct File {
    id: PathBuf,
    /// How the file is named in messages.
    name: String,
    services: Map,
    /// Services whose `extends` has been applied (their entry in `services` is final).
    resolved: HashSet<String>,
}

/// A service being resolved, for finding cycles.
struct Step {
    file: usize,
    service: String,
    extends: Span,
}

/// What an `extends` names.
struct Target {
    service: String,
    span: Span,
    file: Option<(String, Span)>,
}

struct Resolver<'a> {
    working_dir: String,
    load_file: LoadFile<'a>,
    /// Index 0 is the file being resolved; the others were loaded for `extends.file`.
    files: Vec<File>,
}

impl Resolver<'_> {
    /// The service `name` of file `file` with its `extends` applied.
    fn resolve(&mut self, file: usize, name: &str, stack: &mut Vec<Step>) -> Result<Node, LoadError> {
        let Some(service) = self.files[file].services.get(name).cloned() else {
            return Err(LoadError::new(ErrorKind::MissingReference, None, format!("service `{name}` is not defined")));
        };
        if self.files[file].resolved.contains(name) {
            return Ok(service);
        }
        let Some(extends) = service.as_map().and_then(|m| m.get("extends")).cloned() else {
            self.files[file].resolved.insert(name.to_string());
            return Ok(service);
        };
        let target = parse_extends(&extends, name)?;
        if let Some(start) = stack.iter().position(|s| s.file == file && s.service == name) {
            return Err(self.cycle(&stack[start..], file, name));
        }
        let base_file = match &target.file {
            Some((path, span)) => self.load(path, span)?,
            None => file,
        };
        if !self.files[base_file].services.contains_key(&target.service) {
            return Err(self.missing(base_file, name, &target));
        }
        stack.push(Step { file, service: name.to_string(), extends: extends.span.clone() });
        let base = self.resolve(base_file, &target.service, stack);
        stack.pop();
        let mut base = base?;
        if base.as_map().is_none() {
            return Err(LoadError::wrong_type(
                &base.span,
                &format!("service `{}`, extended by `{name}`,", target.service),
                "a mapping",
                base.kind(),
            ));
        }
        merge::strip_tags(&mut base);
        let mut own = service;
        if let Some(map) = own.as_map_mut() {
            map.remove("extends");
        }
        let span = own.span.clone();
        let mut merged = merge::extend_service(base, own)?;
        merged.span = span;
        let entry = &mut self.files[file];
        if let Some(slot) = entry.services.get_mut(name) {
            *slot = merged.clone();
        }
        entry.resolved.insert(name.to_string());
        Ok(merged)
    }

    /// The index of the file `path` names (relative to the project directory), loading it and
    /// rebasing its paths the first time.
    fn load(&mut self, path: &str, span: &Span) -> Result<usize, LoadError> {
        let full = if path.starts_with('/') { gopath::clean(path) } else { gopath::join(&self.working_dir, path) };
        let id = identity(Path::new(&full));
        if let Some(i) = self.files.iter().position(|f| f.id == id) {
            return Ok(i);
        }
        let mut tree = (self.load_file)(Path::new(&full)).map_err(|e| e.or_at(span))?;
        let services = tree.as_map_mut().and_then(|m| m.get_mut("services")).and_then(Node::as_map_mut);
        let Some(services) = services else {
            return Err(LoadError::at(
                ErrorKind::MissingReference,
                span,
                format!("`{path}` has no `services` to extend"),
            )
            .with_fix("name a file that defines the service, or leave out `file` to extend a service of this file"));
        };
        let mut services = std::mem::take(services);
        let dir = gopath::dir(&full);
        let base = gopath::clean(&self.working_dir);
        let relative = gopath::rel(&base, &dir).unwrap_or(dir);
        rebase::rebase_services(&mut services, &relative);
        self.files.push(File { id, name: path.to_string(), services, resolved: HashSet::new() });
        Ok(self.files.len() - 1)
    }

    fn cycle(&self, steps: &[Step], file: usize, name: &str) -> LoadError {
        let label = |file: usize, service: &str| {
            if file == 0 { format!("`{service}`") } else { format!("`{service}` ({})", self.files[file].name) }
        };
        let mut chain: Vec<String> = steps.iter().map(|s| label(s.file, &s.service)).collect();
        chain.push(label(file, name));
        let span = steps.first().map(|s| s.extends.clone());
        LoadError::new(ErrorKind::Cycle, span, format!("services extend each other in a circle: {}", chain.join(" → ")))
            .with_fix("remove `extends` from one of these services")
    }

    fn missing(&self, base_file: usize, name: &str, target: &Target) -> LoadError {
        let file = &self.files[base_file];
        let fix = match did_you_mean(&target.service, file.services.keys()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => {
                let known: Vec<String> = file.services.keys().map(|k| format!("`{k}`")).collect();
                if known.is_empty() {
                    format!("define `{}` in {}", target.service, file.name)
                } else {
                    format!("extend one of the services of {}: {}", file.name, known.join(", "))
                }
            }
        };
        LoadError::at(
            ErrorKind::MissingReference,
            &target.span,
            format!("service `{name}` extends `{}`, which is not defined in {}", target.service, file.name),
        )
        .with_fix(fix)
    }
}

fn parse_extends(extends: &Node, name: &str) -> Result<Target, LoadError> {
    match &extends.value {
        Value::Str(service) => Ok(Target { service: service.clone(), span: extends.span.clone(), file: None }),
        Value::Map(map) => {
            let service = match map.get("service") {
                Some(Node { value: Value::Str(s), span, .. }) => {
                    Target { service: s.clone(), span: span.clone(), file: None }
                }
                Some(other) => {
                    return Err(LoadError::wrong_type(
                        &other.span,
                        "`extends.service`",
                        "a service name",
                        other.kind(),
                    ));
                }
                None => {
                    return Err(LoadError::at(
                        ErrorKind::InvalidValue,
                        &extends.span,
                        format!("`extends` of service `{name}` does not say which service to extend"),
                    )
                    .with_fix("add `service: NAME` under `extends`"));
                }
            };
            let file = match map.get("file") {
                None | Some(Node { value: Value::Null, .. }) => None,
                Some(Node { value: Value::Str(f), span, .. }) => Some((f.clone(), span.clone())),
                Some(other) => {
                    return Err(LoadError::wrong_type(&other.span, "`extends.file`", "a file path", other.kind()));
                }
            };
            Ok(Target { file, ..service })
        }
        _ => Err(LoadError::wrong_type(&extends.span, "`extends`", "a service name or a mapping", extends.kind())),
    }
}

/// A file's identity for finding the same file under two spellings: its absolute, cleaned
/// path.
fn identity(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    if text.starts_with('/') {
        return PathBuf::from(gopath::clean(&text));
    }
    match std::env::current_dir() {
        Ok(cwd) => PathBuf::from(gopath::join(&cwd.to_string_lossy(), &text)),
        Err(_) => PathBuf::from(gopath::clean(&text)),
    }
}
