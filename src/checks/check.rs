//! The validated form of a lab file's `[[exercise.check]]` tables (see docs/labs.md). The lab
//! parser (`crate::lab::spec`) builds these after checking every field; the runner takes them
//! as they are.

use std::time::Duration;

use regex::Regex;

use crate::lab::Text;

/// One check of an exercise.
#[derive(Clone, Debug)]
pub struct Check {
    pub kind: CheckKind,
    /// How long the check may take (default 10 s).
    pub timeout: Duration,
    /// Shown to the student when the check fails.
    pub message: Option<Text>,
}

#[derive(Clone, Debug)]
pub enum CheckKind {
    Http(HttpCheck),
    Exec(ExecCheck),
    Tcp(TcpCheck),
    Container(ContainerCheck),
    File(FileCheck),
}

impl CheckKind {
    /// The compose service the check looks at.
    pub fn service(&self) -> &str {
        match self {
            CheckKind::Http(c) => &c.service,
            CheckKind::Exec(c) => &c.service,
            CheckKind::Tcp(c) => &c.service,
            CheckKind::Container(c) => &c.service,
            CheckKind::File(c) => &c.service,
        }
    }

    /// `http`, `exec`, … as lab files name the kind.
    pub fn name(&self) -> &'static str {
        match self {
            CheckKind::Http(_) => "http",
            CheckKind::Exec(_) => "exec",
            CheckKind::Tcp(_) => "tcp",
            CheckKind::Container(_) => "container",
            CheckKind::File(_) => "file",
        }
    }
}

/// An HTTP request to a service's published port on 127.0.0.1.
#[derive(Clone, Debug)]
pub struct HttpCheck {
    pub service: String,
    /// The container port; the runner finds the host port it is published on.
    pub port: u16,
    /// Upper case: `GET`, `POST`, …
    pub method: String,
    /// Starts with `/`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub basic_auth: Option<BasicAuth>,
    pub expect_status: u16,
    pub expect_json: Option<JsonExpect>,
    pub expect_body: Option<Regex>,
}

/// HTTP Basic authentication: a user and password written in the lab file, or one of the lab's
/// credentials, whose secret is known only where the lab is installed (filled in by the use
/// case that runs the check; an unfilled one fails the check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BasicAuth {
    Given {
        user: String,
        password: String,
    },
    /// The id of a `[[credential]]`.
    Credential(String),
}

/// A test on one value of a JSON response.
#[derive(Clone, Debug)]
pub struct JsonExpect {
    /// An RFC 6901 pointer (`/experiments/0/name`), validated.
    pub pointer: String,
    pub test: JsonTest,
}

#[derive(Clone, Debug)]
pub enum JsonTest {
    Equals(serde_json::Value),
    Exists,
    /// An array, object or string with at least this many elements or characters.
    MinLen(usize),
    /// A string (or the JSON text of any other value) matching the regex.
    Matches(Regex),
}

/// A command run inside the service's container through the engine's exec API.
#[derive(Clone, Debug)]
pub struct ExecCheck {
    pub service: String,
    /// Never empty.
    pub command: Vec<String>,
    pub user: Option<String>,
    pub expect_exit: i64,
    pub expect_stdout: Option<Regex>,
}

/// A TCP connection to the service's published port on 127.0.0.1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcpCheck {
    pub service: String,
    /// The container port.
    pub port: u16,
}

/// The state and limits of the service's container.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerCheck {
    pub service: String,
    pub state: Option<ExpectedState>,
    pub exit_code: Option<i64>,
    /// The container's memory limit must be set and at most this many bytes.
    pub max_memory: Option<u64>,
    /// The container's CPU limit must be set and at most this many CPUs.
    pub max_cpus: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedState {
    Running,
    Healthy,
    Exited,
}

/// A file in the service's container, read through the engine's archive API.
#[derive(Clone, Debug)]
pub struct FileCheck {
    pub service: String,
    /// Absolute path inside the container.
    pub path: String,
    pub contains: Option<Regex>,
}
