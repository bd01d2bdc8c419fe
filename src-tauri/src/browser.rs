//! Opening a lab's web UI in the default browser. Only addresses on this machine are opened:
//! the lab's published ports live on 127.0.0.1, and a page that asked for anything else would
//! be asking the app to launch a remote site.

use std::io::Write;

use nivel::app::{Failure, Problem};
use nivel::lab::Text;
use tauri::Url;

/// When set, URLs are appended to this file instead of opened (the end-to-end tests read it;
/// a test machine has no browser).
pub const LOG_ENV: &str = "NIVEL_OPEN_URL_LOG";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// Not an http(s) address on this machine.
    #[error("{url}: not a local web address")]
    NotLocal { url: String },
    /// The system could not open it.
    #[error("{url}: no browser opened it: {reason}")]
    NoBrowser { url: String, reason: String },
}

impl Problem for OpenError {
    fn code(&self) -> &'static str {
        match self {
            OpenError::NotLocal { .. } => "url.not_local",
            OpenError::NoBrowser { .. } => "url.no_browser",
        }
    }

    fn text(&self) -> Text {
        match self {
            OpenError::NotLocal { url } => Text::new(
                format!("{url} no es una dirección web de este equipo; Nivel solo abre los servicios de sus laboratorios."),
                format!("{url} is not a web address on this machine; Nivel only opens its labs' services."),
            ),
            OpenError::NoBrowser { url, reason } => Text::new(
                format!("No se pudo abrir {url} en el navegador: {reason}. Cópiela y ábrala usted mismo."),
                format!("{url} could not be opened in the browser: {reason}. Copy it and open it yourself."),
            ),
        }
    }

    fn is_input(&self) -> bool {
        matches!(self, OpenError::NotLocal { .. })
    }
}

/// Opens `url` when it is local (see [`is_local`]).
pub fn open(url: &str) -> Result<(), Failure> {
    if !is_local(url) {
        return Err(Failure::from_problem(&OpenError::NotLocal { url: url.to_owned() }));
    }
    let opened = match std::env::var_os(LOG_ENV) {
        Some(log) => std::fs::OpenOptions::new().create(true).append(true).open(log).and_then(|mut f| writeln!(f, "{url}")),
        None => open::that_detached(url),
    };
    opened.map_err(|e| Failure::from_problem(&OpenError::NoBrowser { url: url.to_owned(), reason: e.to_string() }))
}

/// An http(s) URL whose host is this machine's loopback.
pub fn is_local(url: &str) -> bool {
    let Ok(parsed) = Url::parse(url) else { return false };
    let host = parsed.host_str().unwrap_or_default();
    matches!(parsed.scheme(), "http" | "https") && matches!(host, "127.0.0.1" | "localhost" | "[::1]") && parsed.username().is_empty()
}

#[cfg(test)]
mod tests {
    use super::is_local;

    #[test]
    fn only_loopback_web_addresses_are_local() {
        assert!(is_local("http://127.0.0.1:8888/lab?token=nivel"), "a lab's published port");
        assert!(is_local("http://localhost:5000/"), "localhost");
        assert!(is_local("https://[::1]:9001/"), "IPv6 loopback");
        assert!(!is_local("https://example.com/"), "a remote site");
        assert!(!is_local("file:///etc/passwd"), "a file");
        assert!(!is_local("http://127.0.0.1.example.com/"), "a host that only starts like loopback");
        assert!(!is_local("http://user@127.0.0.1:80/"), "credentials in the address");
        assert!(!is_local("javascript:alert(1)"), "script");
        assert!(!is_local("not a url"), "garbage");
    }
}
