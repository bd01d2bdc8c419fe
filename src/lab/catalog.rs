//! The course's built-in labs, embedded in the binary from `labs/<id>/` at build time, so a
//! student needs nothing but `nivel` to start any level.

use sha2::{Digest, Sha256};

/// One lab as the build script embedded it: its id and its files, as `/`-separated paths
/// relative to the lab's folder.
#[derive(Debug)]
pub(crate) struct EmbeddedLab {
    pub id: &'static str,
    pub files: &'static [(&'static str, &'static [u8])],
}

include!(concat!(env!("OUT_DIR"), "/labs.rs"));

/// A built-in lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinLab {
    /// `level-2`: the lab's id, its compose project name and its `io.nivel.lab` label.
    pub id: &'static str,
    /// The course level it belongs to, 0 to 4.
    pub level: u8,
    /// The folder it is written to under the data directory's `labs/`.
    pub folder: &'static str,
    files: &'static [(&'static str, &'static [u8])],
}

impl BuiltinLab {
    /// The lab's files: paths relative to its folder, and their content.
    pub fn files(&self) -> &'static [(&'static str, &'static [u8])] {
        self.files
    }

    /// A digest of every file's path and content: changes whenever any embedded file does.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for (path, bytes) in self.files {
            // Lengths first, so that no two different file sets hash alike.
            hasher.update((path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Every built-in lab, by level.
pub fn catalog() -> Vec<BuiltinLab> {
    let mut labs: Vec<BuiltinLab> = EMBEDDED
        .iter()
        .filter_map(|lab| {
            let level = lab.id.strip_prefix("level-")?.parse().ok()?;
            Some(BuiltinLab { id: lab.id, level, folder: lab.id, files: lab.files })
        })
        .collect();
    labs.sort_by_key(|l| l.level);
    labs
}

/// The built-in lab `name` names: its id (`level-2`) or its level (`2`).
pub fn find(name: &str) -> Option<BuiltinLab> {
    catalog().into_iter().find(|lab| lab.id == name || name.parse::<u8>().is_ok_and(|n| n == lab.level))
}

/// The project name a lab runs under: a built-in lab's id for `2` or `level-2`, else the name
/// as given (a plain compose project's name).
pub fn project_name(name: &str) -> String {
    find(name).map_or_else(|| name.to_string(), |lab| lab.id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_levels_each_with_a_compose_file() {
        let labs = catalog();
        let ids: Vec<&str> = labs.iter().map(|l| l.id).collect();
        assert_eq!(ids, ["level-0", "level-1", "level-2", "level-3", "level-4"], "one lab per course level, in order");
        for lab in &labs {
            assert!(lab.files().iter().any(|(p, _)| *p == "compose.yaml"), "{} embeds its compose.yaml", lab.id);
            assert_eq!(lab.folder, lab.id, "{}: the folder is named after the id", lab.id);
        }
    }

    #[test]
    fn found_by_id_or_by_level() {
        assert_eq!(find("level-2").map(|l| l.level), Some(2), "by id");
        assert_eq!(find("2").map(|l| l.id), Some("level-2"), "by level number");
        assert_eq!(find("02").map(|l| l.id), Some("level-2"), "a number however written");
        assert!(find("level-9").is_none(), "no such level");
        assert!(find("9").is_none(), "no such number");
        assert!(find("").is_none(), "nothing");
    }

    #[test]
    fn the_hash_follows_the_content() {
        static A: &[(&str, &[u8])] = &[("compose.yaml", b"services: {}\n")];
        static B: &[(&str, &[u8])] = &[("compose.yaml", b"services: {a: {image: x}}\n")];
        let lab = |files| BuiltinLab { id: "t", level: 0, folder: "t", files };
        assert_eq!(lab(A).content_hash(), lab(A).content_hash(), "stable for the same files");
        assert_ne!(lab(A).content_hash(), lab(B).content_hash(), "changes with a file's content");
        assert_eq!(lab(A).content_hash().len(), 64, "a hex sha-256");
    }
}
