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
