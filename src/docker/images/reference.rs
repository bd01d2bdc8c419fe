//! Image references split the way the engine's create-image API wants them: a repository
//! (with its registry) and one tag or digest. An empty tag there means "every tag", so a bare
//! name must become `:latest` here.

use std::fmt;

/// `localhost:5000/team/app:1`, `busybox`, `repo@sha256:…`, split into their parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host (`localhost:5000`), or `docker.io` when the name has none.
    pub registry: String,
    /// The repository as written, with its registry if it had one (`localhost:5000/team/app`).
    pub repository: String,
    /// The tag (`latest` when neither a tag nor a digest is given).
    pub tag: Option<String>,
    /// The content digest (`sha256:…`), which wins over a tag when both are given.
    pub digest: Option<String>,
}

pub const DEFAULT_REGISTRY: &str = "docker.io";

impl ImageRef {
    pub fn parse(reference: &str) -> ImageRef {
        let (name, digest) = match reference.split_once('@') {
            Some((name, digest)) => (name, Some(digest.to_string())),
            None => (reference, None),
        };
        // A colon after the last slash is a tag; one before it is a registry port.
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match name[last_slash..].rfind(':') {
            Some(i) => (&name[..last_slash + i], Some(name[last_slash + i + 1..].to_string())),
            None => (name, None),
        };
        let tag = match (tag, &digest) {
            (None, None) => Some("latest".to_string()),
            (tag, _) => tag,
        };
        let registry = match repository.split_once('/') {
            Some((first, _)) if first.contains('.') || first.contains(':') || first == "localhost" => first.to_string(),
            _ => DEFAULT_REGISTRY.to_string(),
        };
        ImageRef { registry, repository: repository.to_string(), tag, digest }
    }

    /// What the create-image API takes as `tag`: the digest when there is one.
    pub fn tag_or_digest(&self) -> String {
        self.digest.clone().or_else(|| self.tag.clone()).unwrap_or_else(|| "latest".into())
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.digest, &self.tag) {
            (Some(d), _) => write!(f, "{}@{d}", self.repository),
            (None, Some(t)) => write!(f, "{}:{t}", self.repository),
            (None, None) => write!(f, "{}", self.repository),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(r: &str) -> (String, String, Option<String>, Option<String>) {
        let p = ImageRef::parse(r);
        (p.registry, p.repository, p.tag, p.digest)
    }

    #[test]
    fn a_bare_name_is_latest_on_docker_hub() {
        assert_eq!(parts("busybox"), ("docker.io".into(), "busybox".into(), Some("latest".into()), None), "x means x:latest");
        assert_eq!(ImageRef::parse("busybox").to_string(), "busybox:latest", "printed with its tag");
    }

    #[test]
    fn a_registry_port_is_not_a_tag() {
        assert_eq!(
            parts("localhost:5000/x:1"),
            ("localhost:5000".into(), "localhost:5000/x".into(), Some("1".into()), None),
            "the port stays with the registry"
        );
        assert_eq!(
            parts("localhost:5000/team/x"),
            ("localhost:5000".into(), "localhost:5000/team/x".into(), Some("latest".into()), None),
            "no tag after the port means latest"
        );
    }

    #[test]
    fn registries_are_told_apart_from_namespaces() {
        assert_eq!(ImageRef::parse("ghcr.io/org/app:2").registry, "ghcr.io", "a dotted first part is a registry");
        assert_eq!(ImageRef::parse("localhost/app").registry, "localhost", "localhost is a registry");
        assert_eq!(ImageRef::parse("minio/minio:latest").registry, "docker.io", "a plain namespace is Docker Hub");
    }

    #[test]
    fn digests_win_over_tags() {
        let d = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let p = ImageRef::parse(&format!("localhost:5000/x@{d}"));
        assert_eq!((p.tag.clone(), p.digest.as_deref()), (None, Some(d)), "a digest alone has no tag");
        assert_eq!(p.tag_or_digest(), d, "the API gets the digest as the tag");
        let p = ImageRef::parse(&format!("x:1@{d}"));
        assert_eq!((p.repository.as_str(), p.tag_or_digest()), ("x", d.to_string()), "tag and digest: the digest is pulled");
    }
}
