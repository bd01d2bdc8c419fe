//! The loader's stages in compose-go's order, from files on disk to one normalised tree.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Environment;
use super::canonical::{canonicalise, deprecated_external, set_defaults};
use super::consistency::check_consistency;
use super::de::from_node;
use super::dotenv::project_environment_with_warnings;
use super::emit;
use super::error::{ErrorKind, LoadError, Warning};
use super::extends::apply_extends_in;
use super::files::read_text;
use super::include::{import_resources, take_includes, Include};
use super::interpolate::interpolate;
use super::merge::merge;
use super::model::{with_format, Format, Project};
use super::node::{Map, Node, Span, Value};
use super::normalize::normalize;
use super::paths::resolve_paths;
use super::profiles::{active_profiles, apply_profiles};
use super::project::{self, NameSource, ProjectOptions};
use super::unused::prune_unused;
use super::yaml::parse_documents;

/// A loaded project: the typed model, and the tree it came from (whose spans let later
/// checks point at the line to fix).
#[derive(Debug)]
pub struct LoadedProject {
    pub project: Project,
    pub project_dir: PathBuf,
    pub files: Vec<PathBuf>,
    /// The variables the files were interpolated with.
    pub environment: Environment,
    /// The normalised tree: long syntax, defaults, absolute paths, resolved environment, only
    /// the enabled services.
    pub tree: Node,
    /// Services left out because none of their profiles is active.
    pub disabled: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// Loads a project the way `docker compose config` does.
pub fn load_project(opts: &ProjectOptions) -> Result<LoadedProject, LoadError> {
    let files = project::config_files(opts)?;
    let dir = project::project_dir(opts, &files)?;
    let allowed = opts.allowed_dir.as_deref();
    let env_files = project::env_files(opts, &dir)?;
    let mut env_texts = Vec::new();
    for f in env_files {
        let text = read_text(&f, allowed)?;
        env_texts.push((f, text));
    }
    let mut warnings = Vec::new();
    let mut os_env = opts.os_env.clone();
    // compose makes `${PWD}` work even when the shell did not export it.
    os_env.entry("PWD".into()).or_insert_with(|| opts.cwd.display().to_string());
    let mut environment = project_environment_with_warnings(&os_env, &env_texts, &mut warnings)?;

    let home = opts.os_env.get("HOME").map(PathBuf::from);
    // compose names the project before loading, and the files see the name as
    // `${COMPOSE_PROJECT_NAME}`.
    // Each file is parsed once, for its name and then for loading.
    let parsed = parse_files(&files, allowed);
    let named = name_in_files(&parsed, &environment, &mut warnings)?;
    let name = choose_name(opts, &environment, &named, &dir, &mut warnings)?;
    environment.insert("COMPOSE_PROJECT_NAME".into(), name.clone());
    let reading = Reading { home: home.as_deref(), allowed };
    let mut tree = load_files(parsed, &dir, &environment, reading, &mut Vec::new(), &mut warnings)?;

    if let Some(map) = tree.as_map_mut() {
        if let Some((key, _)) = map.remove_entry("version") {
            warnings.push(Warning {
                span: Some(key.span),
                message: "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
                    .into(),
            });
        }
        map.set("name", Node::str(name.clone(), Span::synthetic("project name")));
    }
    normalize(&mut tree, &name, &environment, allowed)?;
    let profiles = active_profiles(&opts.profiles, &environment);
    let disabled = apply_profiles(&mut tree, &profiles);
    // Typing first: unknown keys and wrong types are reported before broken references.
    let mut project: Project = from_node(&tree)?;
    check_consistency(&tree, &disabled)?;
    prune_unused(&tree, &mut project);
    Ok(LoadedProject { project, project_dir: dir, files, environment, tree, disabled, warnings })
}

/// What every file of a project is read with.
#[derive(Clone, Copy)]
struct Reading<'a> {
    /// `~` in paths.
    home: Option<&'a Path>,
    /// The only folder files may be read from (a lab's), when there is one.
    allowed: Option<&'a Path>,
}

/// Loads and merges `files` into one tree with defaults and absolute paths, but not yet
/// normalised (an included project is loaded this far, then imported).
fn load_files(
    files: Vec<Parsed>,
    dir: &Path,
    env: &Environment,
    reading: Reading<'_>,
    chain: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
) -> Result<Node, LoadError> {
    // The first file is merged onto nothing too: merging is what applies and strips the
    // `!reset`/`!override` tags and removes duplicates from lists compose keeps unique.
    let mut acc = Node::null(Span::synthetic("compose files"));
    let mut documents = 0;
    let first = files.first().map(|(f, _)| f.display().to_string()).unwrap_or_default();
    for (file, docs) in files {
        if let Some(pos) = chain.iter().position(|f| *f == file) {
            let cycle: Vec<String> = chain[pos..].iter().chain([&file]).map(|p| p.display().to_string()).collect();
            return Err(LoadError::new(ErrorKind::Cycle, None, format!("include cycle: {}", cycle.join(" includes ")))
                .with_fix("remove one of these `include` entries"));
        }
        for mut doc in docs? {
            documents += 1;
            if !matches!(doc.value, Value::Map(_)) {
                return Err(LoadError::wrong_type(&doc.span, "a compose file", "a mapping (`services:` ...)", doc.kind()));
            }
            interpolate(&mut doc, env, warnings)?;
            warnings.extend(deprecated_external(&doc));
            canonicalise(&mut doc)?;
            for include in take_includes(&mut doc, dir)? {
                chain.push(file.clone());
                let imported = load_included(&include, env, reading, chain, warnings)
                    .map_err(|e| e.or_at(&include.span))?;
                chain.pop();
                import_resources(&mut doc, imported)?;
            }
            let file_env = env.clone();
            let load_file = |path: &Path| load_extended(path, reading.allowed, &file_env);
            apply_extends_in(&mut doc, dir, &load_file)?;
            acc = merge(acc, doc)?;
        }
    }
    if documents == 0 || acc.as_map().is_none_or(Map::is_empty) {
        return Err(LoadError::at(ErrorKind::Project, &Span::new(Arc::from(first), 1, 1), "the compose file is empty")
            .with_fix("a compose file needs at least a `services:` section"));
    }
    set_defaults(&mut acc)?;
    resolve_paths(&mut acc, dir, reading.home)?;
    Ok(acc)
}

fn load_included(
    include: &Include,
    parent_env: &Environment,
    reading: Reading<'_>,
    chain: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
) -> Result<Node, LoadError> {
    let mut texts = Vec::new();
    for f in &include.env_files {
        texts.push((f.clone(), read_text(f, reading.allowed)?));
    }
    // The including project's variables win over the included project's env files.
    let env = project_environment_with_warnings(parent_env, &texts, warnings)?;
    load_files(parse_files(&include.files, reading.allowed), &include.project_dir, &env, reading, chain, warnings)
}

/// A file named by `extends.file`: parsed, interpolated and canonicalised on its own.
fn load_extended(path: &Path, allowed: Option<&Path>, env: &Environment) -> Result<Node, LoadError> {
    let mut docs = read_documents(path, allowed)?;
    if docs.is_empty() {
        return Err(LoadError::new(ErrorKind::Project, None, format!("{} is empty", path.display())));
    }
    let mut doc = docs.remove(0);
    let mut ignored = Vec::new();
    interpolate(&mut doc, env, &mut ignored)?;
    canonicalise(&mut doc)?;
    Ok(doc)
}

/// A file and its documents, or why it could not be read or parsed (reported when loading
/// reaches it, so errors come in file order).
type Parsed = (PathBuf, Result<Vec<Node>, LoadError>);

fn parse_files(files: &[PathBuf], allowed: Option<&Path>) -> Vec<Parsed> {
    files.iter().map(|f| (f.clone(), read_documents(f, allowed))).collect()
}

fn read_documents(path: &Path, allowed: Option<&Path>) -> Result<Vec<Node>, LoadError> {
    let text = read_text(path, allowed)?;
    parse_documents(&text, Arc::from(path.display().to_string()))
}

/// The top-level `name` the files set, read the way compose reads it before loading them.
struct FileName {
    /// The last non-empty `name` as written, then interpolated.
    node: Option<Node>,
    /// Whether the first document of a file names the project: then compose does not fall
    /// back to the folder's name, and a name that interpolates to nothing is an error.
    required: bool,
}

/// Reads [`FileName`] from the files. A file that does not parse is skipped here; loading
/// it reports the problem.
fn name_in_files(files: &[Parsed], env: &Environment, warnings: &mut Vec<Warning>) -> Result<FileName, LoadError> {
    let mut found = FileName { node: None, required: false };
    for (_, docs) in files {
        let Ok(docs) = docs else { continue };
        for (i, doc) in docs.iter().enumerate() {
            match doc.get_path(&["name"]) {
                Some(node) if matches!(node.value, Value::Map(_) | Value::Seq(_)) => break,
                Some(node) if node.scalar_text().is_some_and(|t| !t.is_empty()) => {
                    found.node = Some(node.clone());
                    found.required |= i == 0;
                }
                _ => {}
            }
        }
    }
    if let Some(node) = &mut found.node {
        // Loading the file warns again about the variables the name uses, except
        // `COMPOSE_PROJECT_NAME`, which it then has.
        let mut seen = Vec::new();
        interpolate(node, env, &mut seen)?;
        warnings.extend(seen.into_iter().filter(|w| w.message.contains("\"COMPOSE_PROJECT_NAME\"")));
    }
    Ok(found)
}

fn choose_name(
    opts: &ProjectOptions,
    env: &Environment,
    named: &FileName,
    dir: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<String, LoadError> {
    if let Some(n) = &opts.name {
        return project::project_name(NameSource::Flag(n));
    }
    if let Some(n) = env.get("COMPOSE_PROJECT_NAME").filter(|n| !n.is_empty()) {
        return project::project_name(NameSource::Env(n));
    }
    if let Some(node) = &named.node {
        let n = node.scalar_text().unwrap_or_default();
        // compose normalises a name written in the file instead of refusing it.
        let normal = project::normalize_name(&n);
        if normal != n && !normal.is_empty() {
            warnings.push(Warning {
                span: Some(node.span.clone()),
                message: format!("project name {n:?} is used as {normal:?} (lowercase letters, digits, `-` and `_` only)"),
            });
        }
        if !normal.is_empty() {
            return Ok(normal);
        }
        if named.required {
            return Err(LoadError::invalid(
                &node.span,
                format!("the project name {n:?} has no ASCII letter or digit, so it is empty once normalised"),
            )
            .with_fix("set the variables the name uses, write a name here, or pass `-p NAME`"));
        }
    }
    project::project_name(NameSource::Dir(dir))
}

/// The project as `docker compose config` prints it: YAML, or JSON when `json` is set.
pub fn render(project: &Project, json: bool) -> Result<String, LoadError> {
    let printed = if json {
        with_format(Format::Json, || emit::to_json(project))
    } else {
        emit::to_yaml(project)
    };
    let printed =
        printed.map_err(|e| LoadError::new(ErrorKind::InvalidValue, None, format!("cannot print the project: {e}")))?;
    // Like `docker compose config`, escape every `$` so the output loads back unchanged.
    Ok(printed.replace('$', "$$"))
}
