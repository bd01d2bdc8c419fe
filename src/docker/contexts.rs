//! The docker CLI's contexts as it stores them: `contexts/meta/<sha256 of the name>/meta.json`
//! holds a context's name and engine address (`Endpoints.docker.Host`, `SkipTLSVerify`), and
//! `contexts/tls/<sha256 of the name>/docker/` its certificates (`ca.pem`, `cert.pem`,
//! `key.pem`), under the docker config folder.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::connect::TlsFiles;

/// A context's engine, as its files say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredContext {
    pub host: String,
    /// Its certificates, when it has a TLS folder or skips verification.
    pub tls: Option<TlsFiles>,
}

/// The context `name` under the docker config folder `dir`, or `None` when there is none.
pub(crate) fn find(dir: &Path, name: &str) -> Option<StoredContext> {
    let id = Sha256::digest(name.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let meta = read_meta(&dir.join("contexts").join("meta").join(&id).join("meta.json"))?;
    if meta.get("Name").and_then(|n| n.as_str()) != Some(name) {
        return None;
    }
    let endpoint = meta.pointer("/Endpoints/docker")?;
    let host = endpoint.get("Host").and_then(|h| h.as_str()).unwrap_or_default().to_string();
    let skip_verify = endpoint.get("SkipTLSVerify").and_then(serde_json::Value::as_bool).unwrap_or(false);
    let tls_dir = dir.join("contexts").join("tls").join(&id).join("docker");
    let file = |name: &str| Some(tls_dir.join(name)).filter(|p| p.is_file());
    let (ca, cert, key) = (file("ca.pem"), file("cert.pem"), file("key.pem"));
    let has_files = ca.is_some() || cert.is_some() || key.is_some();
    let tls = (has_files || skip_verify).then_some(TlsFiles { ca, cert, key, verify: !skip_verify });
    Some(StoredContext { host, tls })
}

/// The names of the contexts under `dir`, sorted, `default` (the platform's engine) first as
/// `docker context ls` lists it.
pub(crate) fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("contexts").join("meta"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| read_meta(&entry.path().join("meta.json")))
        .filter_map(|meta| meta.get("Name").and_then(|n| n.as_str()).map(str::to_string))
        .filter(|name| name != "default")
        .collect();
    names.sort();
    names.insert(0, "default".into());
    names
}

/// `currentContext` of the docker config, when one is set.
pub(crate) fn current(dir: &Path) -> Option<String> {
    read_meta(&dir.join("config.json"))?.get("currentContext")?.as_str().filter(|c| !c.is_empty()).map(str::to_string)
}

fn read_meta(path: &PathBuf) -> Option<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Writes the context `name` for `host` under `dir` as `docker context create` does, with
    /// the TLS files named in `tls`.
    pub(crate) fn write(dir: &Path, name: &str, host: &str, skip_verify: bool, tls: &[&str]) {
        let id = Sha256::digest(name.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>();
        let meta = dir.join("contexts/meta").join(&id);
        std::fs::create_dir_all(&meta).unwrap();
        let json = serde_json::json!({"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_verify}}});
        std::fs::write(meta.join("meta.json"), json.to_string()).unwrap();
        let tls_dir = dir.join("contexts/tls").join(&id).join("docker");
        for file in tls {
            std::fs::create_dir_all(&tls_dir).unwrap();
            std::fs::write(tls_dir.join(file), "").unwrap();
        }
    }

    #[test]
    fn a_context_is_found_by_the_hash_of_its_name_with_its_certificates() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "aula", "tcp://10.0.0.5:2376", false, &["ca.pem", "cert.pem", "key.pem"]);
        write(dir.path(), "vm", "ssh://ana@vm", false, &[]);
        let aula = find(dir.path(), "aula").expect("the context is there");
        assert_eq!(aula.host, "tcp://10.0.0.5:2376");
        let tls = aula.tls.expect("its certificates are used");
        assert!(tls.verify && tls.ca.is_some() && tls.cert.is_some() && tls.key.is_some(), "{tls:?}");
        assert_eq!(find(dir.path(), "vm").map(|c| c.tls), Some(None), "no TLS folder: no TLS");
        assert_eq!(find(dir.path(), "nope"), None);
        assert_eq!(names(dir.path()), ["default", "aula", "vm"], "the contexts there are, as `docker context ls` lists them");
    }

    #[test]
    fn skip_tls_verify_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "lab", "tcp://h:2376", true, &[]);
        let tls = find(dir.path(), "lab").and_then(|c| c.tls).expect("TLS without verification");
        assert!(!tls.verify && tls.ca.is_none(), "{tls:?}");
    }
}
