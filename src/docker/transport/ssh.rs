//! An engine behind `ssh://user@host[:port]`, reached as the docker CLI reaches it: the
//! system's `ssh` runs `docker system dial-stdio` on the remote machine, which joins its
//! standard input and output to the engine there, and HTTP goes over that pipe. Each
//! connection is one `ssh`, ended when the connection is dropped. `ssh` runs in batch mode: a
//! password prompt would wait forever where nobody types (the desktop app), so a refused key
//! fails at once, with ssh's own words kept for the message.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::process::Stdio;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::oneshot;

use super::fault::{Fault, TransportFault};

/// The ssh to run, with its options, in place of `ssh` (as `GIT_SSH_COMMAND` is for git): a
/// key or a config file of its own, `ssh -F ~/.ssh/aula_config`.
pub(crate) const SSH_COMMAND_ENV: &str = "NIVEL_SSH_COMMAND";

/// `user@host` and the port of an `ssh://` address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SshTarget {
    pub destination: String,
    pub port: Option<u16>,
}

impl SshTarget {
    /// `ssh://ana@vm:2222` → `ana@vm`, port 2222; `None` without a host.
    pub(crate) fn parse(rest: &str) -> Option<SshTarget> {
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        let (user, host) = authority.rsplit_once('@').map_or((None, authority), |(u, h)| (Some(u), h));
        let (host, port) = match host.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => match p.parse::<u16>() {
                Ok(port) => (h, Some(port)),
                Err(_) => return None,
            },
            _ => (host, None),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() || host.starts_with('-') || user.is_some_and(|u| u.is_empty() || u.starts_with('-')) {
            return None;
        }
        let destination = user.map_or_else(|| host.to_string(), |u| format!("{u}@{host}"));
        Some(SshTarget { destination, port })
    }

    /// The `ssh` command line that runs `remote` there (the docker CLI's options, plus batch
    /// mode).
    pub(crate) fn command(&self, remote: &[&str]) -> Command {
        let mut command = Command::from(self.std_command(&["-T"]));
        command.args(remote);
        command
    }

    /// The configured ssh with the docker CLI's options, batch mode, `extra` and this
    /// target's port and destination; what runs there comes after.
    pub(crate) fn std_command(&self, extra: &[&str]) -> std::process::Command {
        let configured = std::env::var(SSH_COMMAND_ENV).ok().filter(|c| !c.trim().is_empty()).unwrap_or_else(|| "ssh".into());
        let mut words = configured.split_whitespace();
        let mut command = std::process::Command::new(words.next().unwrap_or("ssh"));
        command.args(words).args(["-o", "ConnectTimeout=30", "-o", "BatchMode=yes"]).args(extra);
        if let Some(port) = self.port {
            command.args(["-p", &port.to_string()]);
        }
        command.arg("--").arg(&self.destination);
        command
    }

    /// A new `docker system dial-stdio` over ssh.
    pub(crate) fn connect(&self) -> io::Result<SshPipe> {
        let mut child = self
            .command(&["docker", "system", "dial-stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| fault(format!("cannot run ssh: {e}")))?;
        let (Some(stdin), Some(stdout), Some(mut stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take()) else {
            return Err(fault("ssh gave no pipes".into()));
        };
        let (tell, said) = oneshot::channel();
        tokio::spawn(async move {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text).await;
            let _ = tell.send(text);
        });
        Ok(SshPipe { _child: child, stdin, stdout, said, answered: false })
    }
}

fn fault(detail: String) -> io::Error {
    TransportFault { host: String::new(), fault: Fault::Ssh { detail } }.into_io()
}

/// One `ssh … docker system dial-stdio`: its output is the engine's answer.
pub(crate) struct SshPipe {
    _child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    /// What ssh wrote on its error output, once it ended.
    said: oneshot::Receiver<String>,
    /// Whether anything came back: an ssh that ends before is an ssh that failed.
    answered: bool,
}

impl AsyncRead for SshPipe {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        std::task::ready!(Pin::new(&mut self.stdout).poll_read(cx, buf))?;
        if buf.filled().len() > before {
            self.answered = true;
            return Poll::Ready(Ok(()));
        }
        if self.answered {
            return Poll::Ready(Ok(()));
        }
        // Ended without a byte: ssh's last words say why (refused key, no route, no docker).
        let said = std::task::ready!(Pin::new(&mut self.said).poll(cx)).unwrap_or_default();
        match said.lines().map(str::trim).rfind(|l| !l.is_empty()) {
            Some(line) => Poll::Ready(Err(fault(line.to_string()))),
            None => Poll::Ready(Ok(())),
        }
    }
}

impl AsyncWrite for SshPipe {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stdin).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdin).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdin).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_addresses_as_the_docker_cli_takes_them() {
        let t = |d: &str, p: Option<u16>| Some(SshTarget { destination: d.into(), port: p });
        assert_eq!(SshTarget::parse("ana@vm"), t("ana@vm", None));
        assert_eq!(SshTarget::parse("ana@vm:2222"), t("ana@vm", Some(2222)));
        assert_eq!(SshTarget::parse("vm.aula.es/"), t("vm.aula.es", None));
        assert_eq!(SshTarget::parse("root@[::1]:22"), t("root@::1", Some(22)));
        for bad in ["", "ana@", "@vm", "-oProxyCommand=x", "ana@vm:port"] {
            assert_eq!(SshTarget::parse(bad), None, "{bad}");
        }
    }
}
