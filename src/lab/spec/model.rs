//! The second step's result: a lab as Nivel uses it. Every value here was checked against the
//! rules of docs/labs.md and against the lab's compose project, so code that takes a
//! [`LabSpec`] never re-validates it.

use std::path::PathBuf;

use crate::checks::Check;
use crate::lab::{Requirements, Text};

/// A validated lab.
#[derive(Clone, Debug)]
pub struct LabSpec {
    /// The lab-file format it was written in ([`super::FORMAT`] for every file this Nivel
    /// loads; labs without a `lab.toml` report it too).
    pub format: u32,
    /// `[a-z0-9-]`, starting with a letter or digit, for a lab file; a folder without one
    /// takes the folder's name.
    pub id: String,
    /// The course level, 0 to 4; `None` for labs outside the course.
    pub level: Option<u8>,
    /// Compose files relative to the lab folder, in merge order; never empty.
    pub compose: Vec<PathBuf>,
    pub title: Text,
    pub summary: Text,
    pub requirements: Requirements,
    pub links: Vec<Link>,
    /// Logins its services take, each with a secret generated per installation.
    pub credentials: Vec<CredentialSpec>,
    pub exercises: Vec<Exercise>,
}

/// A web UI of the lab: a button in the app, a line after `nivel up`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub service: String,
    /// The container port; its published host port is looked up when the lab runs.
    pub port: u16,
    /// Starts with `/`.
    pub path: String,
    pub label: Text,
}

/// A `[[credential]]`: a login one of the lab's services takes. Its secret is not in the lab
/// file: Nivel generates it once per installation (`crate::lab::secrets`) and hands it to the
/// compose file in the variable `env`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialSpec {
    /// Unique in the lab, `[a-z0-9-]`; the secret is stored by it, so it stays stable.
    pub id: String,
    /// The service whose login it is.
    pub service: String,
    pub label: Text,
    /// The user name, when the login has one (a token has none).
    pub user: Option<String>,
    /// The variable the compose file takes the secret from.
    pub env: String,
    /// The variable the compose file takes the user from, when it does.
    pub user_env: Option<String>,
}

/// One task of a lab; it passes when all its checks pass.
#[derive(Clone, Debug)]
pub struct Exercise {
    /// Unique in the lab, `[a-z0-9-]`.
    pub id: String,
    pub title: Text,
    pub hint: Option<Text>,
    /// Never empty.
    pub checks: Vec<Check>,
}

impl LabSpec {
    /// The exercise with `id`.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }
}
