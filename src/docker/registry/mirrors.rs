//! The image map: references that start with a name (`docker.io/library/postgres`, or a whole
//! registry, `docker.io`) are pulled from a mirror instead (`mirror.local:5000/library/postgres`),
//! so a classroom behind one address pulls from its own registry. Names are compared in the
//! engine's normalised form, so `postgres:16` and `docker.io/library/postgres:16` are one.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::docker::images::ImageRef;

/// The environment variable that adds to the settings' map (and wins over it):
/// `docker.io/library/postgres=mirror.local:5000/library/postgres,docker.io=mirror.local:5000`.
pub const MIRRORS_ENV: &str = "NIVEL_IMAGE_MIRRORS";

/// One entry of the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct ImageMirror {
    /// The normalised prefix it replaces (`docker.io/library/postgres`, `docker.io`).
    pub from: String,
    /// What replaces it (`mirror.local:5000/library/postgres`).
    pub to: String,
}

/// An entry of the map that is not `NAME=MIRROR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MirrorError {
    /// The entry as written.
    pub entry: String,
}

impl fmt::Display for MirrorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not NAME=MIRROR", self.entry)
    }
}

impl std::error::Error for MirrorError {}

/// `NAME=MIRROR` entries separated by commas (spaces and newlines around them are ignored);
/// an empty text is an empty map.
pub fn parse_mirrors(text: &str) -> Result<Vec<ImageMirror>, MirrorError> {
    let entries = text.split([',', '\n']).map(str::trim).filter(|e| !e.is_empty());
    entries
        .map(|entry| {
            let bad = || MirrorError { entry: entry.to_string() };
            let (from, to) = entry.split_once('=').ok_or_else(bad)?;
            let (from, to) = (from.trim(), to.trim().trim_end_matches('/'));
            let word = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace) && !s.contains('=');
            if !word(from) || !word(to) {
                return Err(bad());
            }
            Ok(ImageMirror { from: normalise_prefix(from), to: to.to_string() })
        })
        .collect()
}

/// The map as `parse_mirrors` reads it.
pub fn mirrors_text(map: &[ImageMirror]) -> String {
    map.iter().map(|m| format!("{}={}", m.from, m.to)).collect::<Vec<_>>().join(",")
}

/// `reference` as the engine names it in full: `postgres` is `docker.io/library/postgres:latest`.
pub(crate) fn normalise(reference: &str) -> String {
    let r = ImageRef::parse(reference);
    let name = full_name(&r.registry, &r.repository);
    match (&r.digest, &r.tag) {
        (Some(d), _) => format!("{name}@{d}"),
        (None, Some(t)) => format!("{name}:{t}"),
        (None, None) => name,
    }
}

/// Where `reference` is pulled from under `map`: the mirror's reference when an entry's prefix
/// matches (the longest one wins), else `None`.
pub fn rewrite(map: &[ImageMirror], reference: &str) -> Option<String> {
    let name = normalise(reference);
    let matches = |from: &str| name == from || name.strip_prefix(from).is_some_and(|rest| rest.starts_with(['/', ':', '@']));
    let entry = map.iter().filter(|m| matches(&m.from)).max_by_key(|m| m.from.len())?;
    Some(format!("{}{}", entry.to, &name[entry.from.len()..]))
}

/// A prefix in normalised form: one that starts with a registry (`docker.io`,
/// `mirror.local:5000/team`) is kept as written, Docker Hub's aliases as `docker.io`; a short
/// name gets Docker Hub (and its `library/` for an official image), as the engine reads it.
fn normalise_prefix(prefix: &str) -> String {
    let (first, rest) = match prefix.split_once('/') {
        Some((first, rest)) => (first, Some(rest)),
        None => (prefix, None),
    };
    let is_registry = first.contains('.') || first.contains(':') || first == "localhost";
    match (is_registry, rest) {
        (true, None) => hub_alias(first).to_string(),
        (true, Some(rest)) => format!("{}/{rest}", hub_alias(first)),
        (false, None) => format!("docker.io/library/{prefix}"),
        (false, Some(_)) => format!("docker.io/{prefix}"),
    }
}

/// `registry/path`, with Docker Hub's aliases as `docker.io` and its official images under
/// `library/`.
fn full_name(registry: &str, repository: &str) -> String {
    let path = repository.strip_prefix(registry).and_then(|p| p.strip_prefix('/')).unwrap_or(repository);
    let registry = hub_alias(registry);
    if registry == "docker.io" && !path.contains('/') { format!("docker.io/library/{path}") } else { format!("{registry}/{path}") }
}

fn hub_alias(registry: &str) -> &str {
    match registry {
        "index.docker.io" | "registry-1.docker.io" => "docker.io",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_compared_in_full() {
        assert_eq!(normalise("postgres"), "docker.io/library/postgres:latest", "an official image");
        assert_eq!(normalise("minio/minio:RELEASE.1"), "docker.io/minio/minio:RELEASE.1", "a hub namespace");
        assert_eq!(normalise("index.docker.io/library/redis:7"), "docker.io/library/redis:7", "a hub alias");
        assert_eq!(normalise("127.0.0.1:5000/x@sha256:ab"), "127.0.0.1:5000/x@sha256:ab", "another registry");
    }

    #[test]
    fn the_longest_matching_prefix_wins() {
        let map = parse_mirrors("docker.io/library/postgres=mirror.local:5000/pg, docker.io=mirror.local:5000/").unwrap();
        assert_eq!(rewrite(&map, "postgres:16").as_deref(), Some("mirror.local:5000/pg:16"), "the named image");
        assert_eq!(rewrite(&map, "redis").as_deref(), Some("mirror.local:5000/library/redis:latest"), "the rest of the hub");
        assert_eq!(rewrite(&map, "postgresql:1").as_deref(), Some("mirror.local:5000/library/postgresql:1"), "a longer name is not the named image");
        assert_eq!(rewrite(&map, "ghcr.io/org/app:1"), None, "another registry is pulled from where it is");
    }

    #[test]
    fn short_names_in_the_map_are_normalised() {
        let map = parse_mirrors("postgres=127.0.0.1:5000/library/postgres").unwrap();
        assert_eq!(map[0].from, "docker.io/library/postgres", "as the engine names it");
        assert_eq!(rewrite(&map, "docker.io/library/postgres:16").as_deref(), Some("127.0.0.1:5000/library/postgres:16"), "matched in full");
        assert_eq!(mirrors_text(&map), "docker.io/library/postgres=127.0.0.1:5000/library/postgres", "written back as read");
        let map = parse_mirrors("docker.io/library=m:5000/hub, minio/minio=m:5000/minio").unwrap();
        assert_eq!((map[0].from.as_str(), map[1].from.as_str()), ("docker.io/library", "docker.io/minio/minio"), "a path is kept, a namespace gets its registry");
        assert_eq!(rewrite(&map, "redis:7").as_deref(), Some("m:5000/hub/redis:7"), "every official image");
    }

    #[test]
    fn malformed_entries_are_named() {
        assert_eq!(parse_mirrors("").unwrap(), [], "empty is no map");
        assert_eq!(parse_mirrors("docker.io").unwrap_err().entry, "docker.io", "no mirror");
        assert_eq!(parse_mirrors("a=b,=c").unwrap_err().entry, "=c", "no name");
        assert!(parse_mirrors("a=b c").is_err(), "spaces inside");
    }
}
