//! What a project is made of before anything is parsed: which files, which directory, which
//! variables and which name, decided by the rules `docker compose` applies.

use std::path::{Path, PathBuf};

use super::error::{ErrorKind, LoadError};
use super::files::{self, FileKind, InputError};
use super::Environment;

/// The names compose looks for, in order of preference.
pub const DEFAULT_FILES: [&str; 4] = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
const OVERRIDE_FILES: [&str; 4] =
    ["compose.override.yaml", "compose.override.yml", "docker-compose.override.yml", "docker-compose.override.yaml"];

/// How to load a project: the command-line view (`-f`, `-p`, `--env-file`, `--profile`).
#[derive(Clone, Debug, Default)]
pub struct ProjectOptions {
    /// Compose files in merge order; empty means "discover them from `cwd`".
    pub files: Vec<PathBuf>,
    /// `-p`: must already be a valid project name.
    pub name: Option<String>,
    /// `--project-directory`; defaults to the first file's directory.
    pub project_dir: Option<PathBuf>,
    /// `--env-file`, in order; empty means the project directory's `.env` when present.
    pub env_files: Vec<PathBuf>,
    /// `--profile`, added to `COMPOSE_PROFILES`.
    pub profiles: Vec<String>,
    /// The process environment (passed in so that tests and the app control it).
    pub os_env: Environment,
    /// The directory relative paths on the command line are taken from.
    pub cwd: PathBuf,
    /// The only folder the project's files may be read from once links are resolved (a lab's
    /// folder); `None` reads files anywhere, as Docker Compose does.
    pub allowed_dir: Option<PathBuf>,
}

/// The files to load: `-f` as given (relative to `cwd`), else `COMPOSE_FILE`, else the first
/// default name found in `cwd` or a parent, plus its override file.
pub fn config_files(opts: &ProjectOptions) -> Result<Vec<PathBuf>, LoadError> {
    if !opts.files.is_empty() {
        return opts.files.iter().map(|f| existing(&absolute(&opts.cwd, f), "compose file", "-f")).collect();
    }
    if let Some(list) = opts.os_env.get("COMPOSE_FILE").filter(|s| !s.is_empty()) {
        let sep = opts.os_env.get("COMPOSE_PATH_SEPARATOR").map(String::as_str).unwrap_or(":");
        return list
            .split(sep)
            .filter(|s| !s.is_empty())
            .map(|f| existing(&absolute(&opts.cwd, Path::new(f)), "compose file", "COMPOSE_FILE"))
            .collect();
    }
    let mut dir = Some(opts.cwd.as_path());
    while let Some(d) = dir {
        // Whatever exists under a default name is taken, so that reading it says what it is
        // when it is not a file (a FIFO), instead of looking past it.
        if let Some(main) = DEFAULT_FILES.iter().map(|n| d.join(n)).find(|p| p.exists()) {
            let mut files = vec![main];
            if let Some(o) = OVERRIDE_FILES.iter().map(|n| d.join(n)).find(|p| p.exists()) {
                files.push(o);
            }
            return Ok(files);
        }
        dir = d.parent();
    }
    Err(LoadError::new(
        ErrorKind::Project,
        None,
        format!("no compose file found in {} or any parent directory", opts.cwd.display()),
    )
    .with_fix("run the command in the folder that holds compose.yaml, or name the file with `-f FILE`"))
}

/// `path` when it names a regular file (or a link to one); otherwise what it is instead,
/// and the fix for the value given with `given_by`.
fn existing(path: &Path, what: &str, given_by: &str) -> Result<PathBuf, LoadError> {
    let e = match files::kind_of(path) {
        Ok(None) => return Ok(path.to_path_buf()),
        Ok(Some(kind)) => InputError::NotAFile(kind),
        Err(e) => e,
    };
    let fix = match &e {
        InputError::Missing => format!("check the path given with `{given_by}`"),
        InputError::NotAFile(FileKind::Folder) => format!("give `{given_by}` the file inside the folder, not the folder itself"),
        other => format!("{} (the path given with `{given_by}`)", other.fix()),
    };
    Err(LoadError::new(ErrorKind::Io, None, format!("{what} {}", e.problem(path))).with_fix(fix))
}

/// `path` made absolute against `base` and cleaned of `.` and `..` components.
pub fn absolute(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() { path.to_path_buf() } else { base.join(path) };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The project directory: `--project-directory`, which must be an existing folder, else the
/// first file's directory.
pub fn project_dir(opts: &ProjectOptions, files: &[PathBuf]) -> Result<PathBuf, LoadError> {
    let Some(given) = &opts.project_dir else {
        return Ok(files.first().and_then(|f| f.parent()).map(Path::to_path_buf).unwrap_or_else(|| opts.cwd.clone()));
    };
    let dir = absolute(&opts.cwd, given);
    let problem = match files::kind_of(&dir) {
        Ok(Some(FileKind::Folder)) => return Ok(dir),
        Ok(None) => format!("{} is a file, not a folder", dir.display()),
        Ok(Some(kind)) => format!("{} is {kind}, not a folder", dir.display()),
        Err(e) => e.problem(&dir),
    };
    Err(LoadError::new(ErrorKind::Io, None, format!("project directory {problem}"))
        .with_fix("give `--project-directory` an existing folder (relative paths are taken from the current folder), or leave it out to use the compose file's folder"))
}

/// The env files to read for interpolation: `--env-file`s, else `.env` in the project
/// directory when it exists. Missing `--env-file`s are errors.
pub fn env_files(opts: &ProjectOptions, dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if opts.env_files.is_empty() {
        // A `.env` that exists but is not a file (a folder, a FIFO) is read, and refused with
        // what it is, rather than silently ignored.
        let default = dir.join(".env");
        return Ok(if default.exists() { vec![default] } else { Vec::new() });
    }
    opts.env_files.iter().map(|f| existing(&absolute(&opts.cwd, f), "env file", "--env-file")).collect()
}

/// compose's normalisation of a name: lowercase, only `[a-z0-9_-]`, starting with a letter or
/// digit.
pub fn normalize_name(name: &str) -> String {
    let lower: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    lower.trim_start_matches(['_', '-']).to_string()
}

/// Whether `name` is already a valid project name.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && normalize_name(name) == name
}

fn invalid_name(name: &str, from: &str) -> LoadError {
    LoadError::new(
        ErrorKind::InvalidValue,
        None,
        format!(
            "invalid project name {name:?} ({from}): it must consist only of lowercase letters, digits, hyphens and underscores, and start with a letter or digit"
        ),
    )
    .with_fix(format!("use {:?}", normalize_name(name)))
}

/// Where the project name came from, by compose's precedence.
pub enum NameSource<'a> {
    /// `-p`: taken as is, and refused when not already valid.
    Flag(&'a str),
    /// `COMPOSE_PROJECT_NAME` (OS environment or `.env`): taken as is, refused when invalid.
    Env(&'a str),
    /// The project directory's name, normalised.
    Dir(&'a Path),
}

pub fn project_name(source: NameSource<'_>) -> Result<String, LoadError> {
    match source {
        NameSource::Flag(n) if is_valid_name(n) => Ok(n.to_string()),
        NameSource::Flag(n) => Err(invalid_name(n, "from -p")),
        NameSource::Env(n) if is_valid_name(n) => Ok(n.to_string()),
        NameSource::Env(n) => Err(invalid_name(n, "from COMPOSE_PROJECT_NAME")),
        NameSource::Dir(d) => {
            let base = d.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let name = normalize_name(&base);
            if name.is_empty() {
                return Err(LoadError::new(
                    ErrorKind::Project,
                    None,
                    format!("cannot derive a project name from the directory {}", d.display()),
                )
                .with_fix("give the project a name with `-p NAME` or a top-level `name:` key"));
            }
            Ok(name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_like_compose() {
        let cases = [("My_Project", "my_project"), ("Nivel 2!", "nivel2"), ("-x", "x"), ("__a-b", "a-b"), ("ÁB", "b")];
        for (input, want) in cases {
            assert_eq!(normalize_name(input), want, "normalising {input:?}");
        }
        assert!(is_valid_name("level-2"), "lowercase with a hyphen is valid");
        assert!(!is_valid_name("Level2"), "uppercase is not");
        assert!(!is_valid_name("_x"), "a leading underscore is not");
    }

    #[test]
    fn flag_names_must_already_be_valid() {
        let e = project_name(NameSource::Flag("Bad Name")).unwrap_err();
        assert!(e.fix.as_deref().unwrap_or("").contains("badname"), "the fix offers the normalised name: {e}");
        assert_eq!(project_name(NameSource::Dir(Path::new("/x/My Lab"))).unwrap(), "mylab", "a directory name is normalised");
    }

    #[test]
    fn discovery_prefers_compose_yaml_and_adds_the_override() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["docker-compose.yml", "compose.yaml", "compose.override.yaml"] {
            std::fs::write(dir.path().join(f), "services: {}\n").unwrap();
        }
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let opts = ProjectOptions { cwd: sub, ..Default::default() };
        let files = config_files(&opts).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["compose.yaml", "compose.override.yaml"], "found from a subdirectory, override last");
    }

    #[test]
    fn missing_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let opts = ProjectOptions { cwd: dir.path().to_path_buf(), files: vec!["nope.yaml".into()], ..Default::default() };
        let e = config_files(&opts).unwrap_err();
        assert!(e.problem.contains("does not exist"), "{e}");
        assert_eq!(absolute(Path::new("/a/b"), Path::new("../c/./d")), PathBuf::from("/a/c/d"), "paths are cleaned");
    }
}
