//! What went wrong between Nivel and the engine, in the transport's own terms, carried inside
//! the I/O errors the HTTP client and bollard pass along, so that the engine error a user reads
//! can name the engine's state (not running, does not answer, closed the connection, answered
//! too much) instead of whatever words those libraries chose.

use std::error::Error;
use std::fmt;
use std::io;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The engine's state as the transport saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Nothing listens at the address (no socket file, connection refused).
    NotListening,
    /// The socket exists but this user may not open it.
    Denied,
    /// No answer (or no next byte of one) within `waited`.
    NoAnswer { waited: Duration },
    /// The engine closed the connection before its answer was complete.
    Closed,
    /// One answer, or one line or frame of a stream, passed `limit` bytes.
    TooMuch { limit: u64 },
    /// What came back is not an HTTP answer.
    NotHttp,
    /// A TLS engine's certificates could not be read, or its handshake failed.
    Tls { detail: crate::lab::Text },
    /// The `ssh` that carries the connection ended before the engine answered.
    Ssh { detail: String },
}

/// A [`Fault`] with the engine's address, as the inner error of an [`io::Error`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TransportFault {
    pub host: String,
    pub fault: Fault,
}

impl TransportFault {
    pub(crate) fn into_io(self) -> io::Error {
        let kind = match self.fault {
            Fault::NotListening => io::ErrorKind::ConnectionRefused,
            Fault::Denied => io::ErrorKind::PermissionDenied,
            Fault::NoAnswer { .. } => io::ErrorKind::TimedOut,
            Fault::Closed => io::ErrorKind::UnexpectedEof,
            Fault::TooMuch { .. } | Fault::NotHttp | Fault::Tls { .. } => io::ErrorKind::InvalidData,
            Fault::Ssh { .. } => io::ErrorKind::Other,
        };
        io::Error::new(kind, self)
    }
}

// Only for the error chain; users read `EngineError`'s messages.
impl fmt::Display for TransportFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "engine at {}: {:?}", self.host, self.fault)
    }
}

impl Error for TransportFault {}

/// The fault somewhere in `e`'s chain. `io::Error::source` skips the error it wraps, so each
/// I/O error is opened with `get_ref` instead.
pub(crate) fn fault_in<'a>(mut e: &'a (dyn Error + 'static)) -> Option<&'a TransportFault> {
    // A chain is a handful of links deep; the bound only guards against a cycle.
    for _ in 0..32 {
        if let Some(fault) = e.downcast_ref::<TransportFault>() {
            return Some(fault);
        }
        let next: Option<&'a (dyn Error + 'static)> = match e.downcast_ref::<io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &'a (dyn Error + 'static)),
            None => e.source(),
        };
        e = next?;
    }
    None
}

/// The last fault any connection met, and when. bollard turns the error of a streamed body
/// into text (its `StreamReader`), which loses the fault; a stream's error is converted right
/// after the fault that caused it, so the latest recent one names it.
static LAST: Mutex<Option<(Instant, TransportFault)>> = Mutex::new(None);

/// How long after a fault an error that lost its cause is still taken to be that fault.
const RECENT: Duration = Duration::from_secs(2);

pub(crate) fn remember(fault: &TransportFault, at: Instant) {
    if let Ok(mut last) = LAST.lock() {
        *last = Some((at, fault.clone()));
    }
}

/// The fault met at most [`RECENT`] before `now`, if any.
pub(crate) fn recent(now: Instant) -> Option<TransportFault> {
    let last = LAST.lock().ok()?;
    let (at, fault) = last.as_ref()?;
    (now.saturating_duration_since(*at) <= RECENT).then(|| fault.clone())
}

/// The fault of an error from the operating system while connecting.
pub(crate) fn of_connect(e: &io::Error) -> Option<Fault> {
    if let Some(found) = fault_in(e) {
        return Some(found.fault.clone());
    }
    match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused | io::ErrorKind::AddrNotAvailable => Some(Fault::NotListening),
        io::ErrorKind::PermissionDenied => Some(Fault::Denied),
        // A full listen queue on a unix socket: the engine accepts nothing.
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Some(Fault::NoAnswer { waited: Duration::ZERO }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("outer")
        }
    }

    impl Error for Outer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_fault_is_found_through_io_errors_and_sources() {
        let fault = TransportFault { host: "unix:///x".into(), fault: Fault::Closed };
        let io = fault.clone().into_io();
        assert_eq!(fault_in(&io), Some(&fault), "directly inside an I/O error");
        let wrapped = Outer(io::Error::other(Outer(fault.clone().into_io())));
        assert_eq!(fault_in(&wrapped), Some(&fault), "through sources and nested I/O errors");
        assert_eq!(fault_in(&io::Error::other("plain")), None, "no fault in a plain error");
    }

    #[test]
    fn connect_errors_name_the_engine_state() {
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert_eq!(of_connect(&refused), Some(Fault::NotListening), "refused: not running");
        assert_eq!(of_connect(&io::Error::from(io::ErrorKind::NotFound)), Some(Fault::NotListening), "no socket file");
        assert_eq!(of_connect(&io::Error::from(io::ErrorKind::PermissionDenied)), Some(Fault::Denied), "the socket's group");
        assert_eq!(of_connect(&io::Error::other("odd")), None, "anything else stays unknown");
    }
}
