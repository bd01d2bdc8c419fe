//! Engine errors, converted once from bollard's: each says what is wrong with the engine and
//! the command that fixes it.

use std::fmt;

use super::connect::EngineHost;
use crate::i18n::Lang;

#[derive(Debug)]
#[non_exhaustive]
pub enum EngineError {
    /// Nothing answers at the engine's address (not installed, not started).
    NotRunning { host: String, source: String },
    /// The socket exists but this user may not open it.
    PermissionDenied { host: String },
    /// The address is not one we can talk to (`ssh://`, a typo).
    Unsupported { host: String },
    /// The engine answered with an error.
    Api { status: u16, message: String },
    /// Anything else on the way (a broken connection mid-stream).
    Transport { message: String },
    /// An image could not be pulled or built.
    Image(super::images::ImageError),
}

impl EngineError {
    pub(crate) fn from_connect(host: &EngineHost, e: &bollard::errors::Error) -> Self {
        use bollard::errors::Error as B;
        match e {
            B::SocketNotFoundError(_) => EngineError::NotRunning { host: host.url.clone(), source: host.source.clone() },
            B::UnsupportedURISchemeError { .. } => EngineError::Unsupported { host: host.url.clone() },
            B::IOError { err } if err.kind() == std::io::ErrorKind::PermissionDenied => {
                EngineError::PermissionDenied { host: host.url.clone() }
            }
            other => {
                let text = format!("{other:?} {other}").to_lowercase();
                if text.contains("permission denied") {
                    EngineError::PermissionDenied { host: host.url.clone() }
                } else if text.contains("connection refused") || text.contains("no such file") || text.contains("not found") {
                    EngineError::NotRunning { host: host.url.clone(), source: host.source.clone() }
                } else {
                    EngineError::from(other)
                }
            }
        }
    }

    /// What the user can do about it, in English.
    pub fn fix(&self) -> Option<String> {
        self.fix_in(Lang::En)
    }

    /// What the user can do about it, in `lang`.
    pub fn fix_in(&self, lang: Lang) -> Option<String> {
        if lang == Lang::Es {
            return super::error_es::engine_fix(self);
        }
        match self {
            EngineError::NotRunning { .. } => Some(
                "start Docker: `sudo systemctl start docker` (Linux) or open Docker Desktop; install it with `sudo apt-get install docker.io` if it is missing"
                    .into(),
            ),
            EngineError::PermissionDenied { .. } => Some(
                "add yourself to the docker group: `sudo usermod -aG docker $USER`, then log out and in again".into(),
            ),
            EngineError::Unsupported { .. } => {
                Some("set DOCKER_HOST to a unix:// or tcp:// address, or unset it to use the local engine".into())
            }
            EngineError::Api { .. } | EngineError::Transport { .. } => None,
            EngineError::Image(e) => e.fix(),
        }
    }
}

impl From<&bollard::errors::Error> for EngineError {
    fn from(e: &bollard::errors::Error) -> Self {
        match e {
            bollard::errors::Error::DockerResponseServerError { status_code, message } => {
                EngineError::Api { status: *status_code, message: message.clone() }
            }
            other => EngineError::Transport { message: other.to_string() },
        }
    }
}

impl From<bollard::errors::Error> for EngineError {
    fn from(e: bollard::errors::Error) -> Self {
        EngineError::from(&e)
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::NotRunning { host, source } => write!(f, "the Docker engine is not running ({host}, from {source})"),
            EngineError::PermissionDenied { host } => write!(f, "permission denied on the Docker socket {host}"),
            EngineError::Unsupported { host } => write!(f, "cannot talk to a Docker engine at {host}"),
            EngineError::Api { status, message } => write!(f, "the Docker engine refused the request ({status}): {message}"),
            EngineError::Transport { message } => write!(f, "lost the connection to the Docker engine: {message}"),
            EngineError::Image(e) => write!(f, "{e}"),
        }?;
        if let Some(fix) = self.fix() {
            write!(f, "\n  fix: {fix}")?;
        }
        Ok(())
    }
}

impl EngineError {
    /// The whole message, with its fix, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Es => super::error_es::engine(self),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<super::images::ImageError> for EngineError {
    fn from(e: super::images::ImageError) -> Self {
        EngineError::Image(e)
    }
}
