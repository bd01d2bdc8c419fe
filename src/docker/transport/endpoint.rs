//! Where the engine listens, from its address, and a fresh connection to it: a unix socket, a
//! TCP port (with TLS when the engine speaks it), an `ssh` to another machine, or on Windows a
//! named pipe.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::ssh::{SshPipe, SshTarget};
use super::tls::Tls;

/// An engine address Nivel can talk to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Unix(String),
    /// `host:port`.
    Tcp(String),
    /// `\\.\pipe\docker_engine`.
    Pipe(String),
    /// `ssh://user@host:port`.
    Ssh(SshTarget),
}

impl Endpoint {
    /// `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375` (or `http://`), `npipe:////./pipe/x`,
    /// `ssh://ana@vm`; `None` for anything else (a typo).
    pub(crate) fn parse(url: &str) -> Option<Endpoint> {
        if let Some(path) = url.strip_prefix("unix://") {
            return (!path.is_empty()).then(|| Endpoint::Unix(path.to_string()));
        }
        if let Some(rest) = url.strip_prefix("tcp://").or_else(|| url.strip_prefix("http://")) {
            let authority = rest.split('/').next().unwrap_or("");
            return match authority {
                "" => None,
                a if a.rsplit_once(':').is_some_and(|(_, port)| port.parse::<u16>().is_ok()) => Some(Endpoint::Tcp(a.to_string())),
                // The docker CLI's default port for plain TCP.
                a => Some(Endpoint::Tcp(format!("{a}:2375"))),
            };
        }
        if let Some(rest) = url.strip_prefix("ssh://") {
            return SshTarget::parse(rest).map(Endpoint::Ssh);
        }
        if let Some(path) = url.strip_prefix("npipe://") {
            return (!path.is_empty()).then(|| Endpoint::Pipe(path.replace('/', "\\")));
        }
        None
    }

    /// The `Host` header: the engine's own name for TCP, any name for a local socket.
    pub(crate) fn authority(&self) -> &str {
        match self {
            Endpoint::Tcp(a) => a,
            Endpoint::Unix(_) | Endpoint::Pipe(_) | Endpoint::Ssh(_) => "localhost",
        }
    }

    /// A new connection, over TLS when `tls` is given (TCP only).
    pub(crate) async fn connect(&self, tls: Option<&Tls>) -> io::Result<Connection> {
        match self {
            #[cfg(unix)]
            Endpoint::Unix(path) => Ok(Connection::Unix(tokio::net::UnixStream::connect(path).await?)),
            #[cfg(not(unix))]
            Endpoint::Unix(_) => Err(io::Error::new(io::ErrorKind::Unsupported, "unix sockets need a unix system")),
            Endpoint::Tcp(authority) => {
                let stream = tokio::net::TcpStream::connect(authority.as_str()).await?;
                stream.set_nodelay(true)?;
                match tls {
                    Some(tls) => Ok(Connection::Tls(Box::new(tls.connect(stream).await?))),
                    None => Ok(Connection::Tcp(stream)),
                }
            }
            Endpoint::Ssh(target) => target.connect().map(|pipe| Connection::Ssh(Box::new(pipe))),
            #[cfg(windows)]
            Endpoint::Pipe(path) => open_pipe(path).await.map(Connection::Pipe),
            #[cfg(not(windows))]
            Endpoint::Pipe(_) => Err(io::Error::new(io::ErrorKind::Unsupported, "named pipes need Windows")),
        }
    }
}

/// A pipe whose instances are all busy is retried until the caller's connect bound.
#[cfg(windows)]
async fn open_pipe(path: &str) -> io::Result<tokio::net::windows::named_pipe::NamedPipeClient> {
    const ERROR_PIPE_BUSY: i32 = 231;
    loop {
        match tokio::net::windows::named_pipe::ClientOptions::new().open(path) {
            Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            other => return other,
        }
    }
}

/// One connection to the engine.
pub(crate) enum Connection {
    #[cfg(unix)]
    Unix(tokio::net::UnixStream),
    Tcp(tokio::net::TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>),
    Ssh(Box<SshPipe>),
    #[cfg(windows)]
    Pipe(tokio::net::windows::named_pipe::NamedPipeClient),
}

macro_rules! each {
    ($self:ident, $io:ident => $e:expr) => {
        match $self.get_mut() {
            #[cfg(unix)]
            Connection::Unix($io) => $e,
            Connection::Tcp($io) => $e,
            Connection::Tls($io) => $e,
            Connection::Ssh($io) => $e,
            #[cfg(windows)]
            Connection::Pipe($io) => $e,
        }
    };
}

impl AsyncRead for Connection {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let tls = matches!(*self, Connection::Tls(_));
        let read = each!(self, io => Pin::new(io).poll_read(cx, buf));
        match read {
            Poll::Ready(Err(e)) if tls => Poll::Ready(Err(super::tls::explain(e).unwrap_or_else(|e| e))),
            other => other,
        }
    }
}

impl AsyncWrite for Connection {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        each!(self, io => Pin::new(io).poll_write(cx, buf))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self, io => Pin::new(io).poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self, io => Pin::new(io).poll_shutdown(cx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_the_docker_cli_accepts() {
        assert_eq!(Endpoint::parse("unix:///var/run/docker.sock"), Some(Endpoint::Unix("/var/run/docker.sock".into())), "a socket");
        assert_eq!(Endpoint::parse("tcp://127.0.0.1:2375"), Some(Endpoint::Tcp("127.0.0.1:2375".into())), "a port");
        assert_eq!(Endpoint::parse("tcp://docker.local"), Some(Endpoint::Tcp("docker.local:2375".into())), "the default port");
        assert_eq!(Endpoint::parse("tcp://[::1]:2376"), Some(Endpoint::Tcp("[::1]:2376".into())), "IPv6");
        assert_eq!(Endpoint::parse("npipe:////./pipe/docker_engine"), Some(Endpoint::Pipe(r"\\.\pipe\docker_engine".into())), "a pipe");
        assert_eq!(Endpoint::parse("ssh://me@vm:2222"), Some(Endpoint::Ssh(SshTarget { destination: "me@vm".into(), port: Some(2222) })), "ssh");
        for other in ["ssh://", "https://host:2376", "unix://", "tcp://", "docker.sock"] {
            assert_eq!(Endpoint::parse(other), None, "{other} is not supported");
        }
    }
}
