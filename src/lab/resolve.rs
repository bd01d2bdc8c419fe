//! `LAB` → the compose project to load.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::compose::project::DEFAULT_FILES;

/// Where a lab's compose project lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabSource {
    /// The lab's id: the folder's name (or the compose file's folder's name).
    pub id: String,
    /// The compose file to load.
    pub file: PathBuf,
}

/// `LAB` named nothing Nivel can find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLab {
    pub name: String,
    /// Where it was looked for, in order.
    pub looked_in: Vec<String>,
}

impl fmt::Display for UnknownLab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown lab `{}`: looked for ", self.name)?;
        write!(f, "{}", self.looked_in.join(", "))?;
        write!(f, "\n  fix: give the path of a folder holding a compose.yaml, or of a compose file")
    }
}

impl std::error::Error for UnknownLab {}

/// Resolves `name` against `cwd`: a compose file path, or a folder holding one of compose's
/// default file names.
pub fn resolve(name: &str, cwd: &Path) -> Result<LabSource, UnknownLab> {
    let path = cwd.join(name);
    let mut looked_in = vec![format!("a built-in lab `{name}` (none are installed yet)")];
    if path.is_file() {
        let dir = path.parent().unwrap_or(cwd);
        return Ok(LabSource { id: folder_name(dir, name), file: path.clone() });
    }
    if path.is_dir() {
        for file in DEFAULT_FILES {
            let candidate = path.join(file);
            if candidate.is_file() {
                return Ok(LabSource { id: folder_name(&path, name), file: candidate });
            }
        }
        looked_in.push(format!("a compose file ({}) in the folder {}", DEFAULT_FILES.join(", "), path.display()));
    } else {
        looked_in.push(format!("a folder or compose file at {}", path.display()));
    }
    Err(UnknownLab { name: name.to_owned(), looked_in })
}

fn folder_name(dir: &Path, fallback: &str) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    canonical.file_name().map_or_else(|| fallback.to_owned(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_or_a_file_names_a_lab() {
        let dir = tempfile::tempdir().unwrap();
        let lab = dir.path().join("mylab");
        std::fs::create_dir(&lab).unwrap();
        std::fs::write(lab.join("compose.yaml"), "services: {}\n").unwrap();
        let by_folder = resolve("mylab", dir.path()).unwrap();
        assert_eq!(by_folder.file, lab.join("compose.yaml"), "the folder's compose file");
        assert_eq!(by_folder.id, "mylab", "the folder names the lab");
        let by_file = resolve("mylab/compose.yaml", dir.path()).unwrap();
        assert_eq!(by_file.file, lab.join("compose.yaml"), "a file path as given");
    }

    #[test]
    fn an_unknown_lab_says_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        let err = resolve("level-9", dir.path()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("built-in lab `level-9`"), "names the built-in lookup: {text}");
        assert!(text.contains("level-9"), "names the path looked at: {text}");
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        let text = resolve("empty", dir.path()).unwrap_err().to_string();
        assert!(text.contains("compose.yaml"), "says which files a folder needs: {text}");
    }
}
