//! The host user's ids for a lab's `user: "${UID:-1000}:${GID:-1000}"`. A shell sets `UID`
//! without exporting it, so a program (compose, Nivel) never sees it and a lab's services
//! would run as 1000, the first user on most Linux systems: files a notebook writes into a
//! bind mount would belong to someone else for any other user. Nivel fills both in for lab
//! files from the process's real ids, unless the environment already gives them (an
//! instructor's `.env` or an exported variable wins). Root is left alone: a container run as
//! root is what compose gives it anyway, and some servers (JupyterLab) refuse to run as root.

use std::path::Path;

use crate::compose::{dotenv, Environment};

const VARS: [&str; 2] = ["UID", "GID"];

/// `env` with `UID` and `GID` set to the host user's ids, for the lab in `dir`; unchanged when
/// `env` or the lab's `.env` sets either (the process environment would override the file's),
/// for root, and on systems without such ids (Windows). A `.env` that cannot be read is left
/// for the loader to refuse with its own error.
pub fn with_user_ids(env: Environment, dir: &Path) -> Environment {
    filled(env, dir, host_ids())
}

fn filled(mut env: Environment, dir: &Path, ids: Option<(u32, u32)>) -> Environment {
    let Some((uid, gid)) = ids else { return env };
    if uid == 0 || VARS.iter().any(|v| env.contains_key(*v)) || dotenv_sets_ids(dir) {
        return env;
    }
    env.insert("UID".to_owned(), uid.to_string());
    env.insert("GID".to_owned(), gid.to_string());
    env
}

fn dotenv_sets_ids(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join(".env")) else { return false };
    let Ok(entries) = dotenv::parse(&text, ".env", &|_| None) else { return false };
    entries.iter().any(|(k, _)| VARS.contains(&k.as_str()))
}

#[cfg(unix)]
fn host_ids() -> Option<(u32, u32)> {
    Some((rustix::process::getuid().as_raw(), rustix::process::getgid().as_raw()))
}

#[cfg(not(unix))]
fn host_ids() -> Option<(u32, u32)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_ids_fill_in_unless_given() {
        let dir = tempfile::tempdir().unwrap();
        let ids = Some((1001, 1002));
        let set = filled(Environment::new(), dir.path(), ids);
        assert_eq!((set.get("UID").map(String::as_str), set.get("GID").map(String::as_str)), (Some("1001"), Some("1002")), "both ids");
        assert_eq!(filled(Environment::new(), dir.path(), Some((0, 0))), Environment::new(), "root is left to the lab's default");
        assert_eq!(filled(Environment::new(), dir.path(), None), Environment::new(), "no ids on this system");
        let given = Environment::from([("GID".to_owned(), "50".to_owned())]);
        assert_eq!(filled(given.clone(), dir.path(), ids), given, "an id in the environment wins, and the other is not guessed");
        std::fs::write(dir.path().join(".env"), "# mine\nexport UID=77\n").unwrap();
        assert_eq!(filled(Environment::new(), dir.path(), ids), Environment::new(), "the lab's .env wins over the process's");
        std::fs::write(dir.path().join(".env"), "OTHER=1\n").unwrap();
        assert_eq!(filled(Environment::new(), dir.path(), ids).len(), 2, "a .env without them changes nothing");
    }
}
