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
        SshPipe::spawn(self.command(&["docker", "system", "dial-stdio"]))
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
    /// `said`'s text once received: both reading and writing may need it.
    words: Option<String>,
    /// Whether anything came back: an ssh that ends before is an ssh that failed.
    answered: bool,
}

impl SshPipe {
    fn spawn(mut command: Command) -> io::Result<SshPipe> {
        let mut child = command
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
        Ok(SshPipe { _child: child, stdin, stdout, said, words: None, answered: false })
    }

    /// The error ssh's last words give, once ssh has ended: why it failed (refused key, no
    /// route, no docker); `None` when it said nothing.
    fn poll_failure(&mut self, cx: &mut Context<'_>) -> Poll<Option<io::Error>> {
        if self.words.is_none() {
            let said = std::task::ready!(Pin::new(&mut self.said).poll(cx)).unwrap_or_default();
            self.words = Some(said);
        }
        let line = self.words.as_deref().and_then(|said| said.lines().map(str::trim).rfind(|l| !l.is_empty()));
        Poll::Ready(line.map(|line| fault(line.to_string())))
    }

    /// `result` of a write, unless ssh ended before answering: then ssh's words, not a broken
    /// pipe (the request is often written after ssh has already given up).
    fn poll_written<T>(&mut self, cx: &mut Context<'_>, result: io::Result<T>) -> Poll<io::Result<T>> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && !self.answered => match std::task::ready!(self.poll_failure(cx)) {
                Some(failure) => Poll::Ready(Err(failure)),
                None => Poll::Ready(Err(e)),
            },
            other => Poll::Ready(other),
        }
    }
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
        // Ended without a byte: ssh's last words say why.
        match std::task::ready!(self.poll_failure(cx)) {
            Some(failure) => Poll::Ready(Err(failure)),
            None => Poll::Ready(Ok(())),
        }
    }
}

impl AsyncWrite for SshPipe {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let result = std::task::ready!(Pin::new(&mut self.stdin).poll_write(cx, buf));
        self.poll_written(cx, result)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = std::task::ready!(Pin::new(&mut self.stdin).poll_flush(cx));
        self.poll_written(cx, result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = std::task::ready!(Pin::new(&mut self.stdin).poll_shutdown(cx));
        self.poll_written(cx, result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    /// An ssh that gave up (`words` on its error output, exit 255) before anything was sent.
    async fn ended_ssh(words: &str) -> SshPipe {
        let mut command = Command::new("sh");
        command.args(["-c", &format!("echo '{words}' >&2; exit 255")]);
        let pipe = SshPipe::spawn(command).unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        pipe
    }

    fn ssh_detail(e: &io::Error) -> Option<String> {
        match super::super::fault::fault_in(e).map(|f| &f.fault) {
            Some(Fault::Ssh { detail }) => Some(detail.clone()),
            _ => None,
        }
    }

    #[tokio::test]
    async fn writing_to_an_ssh_that_already_failed_gives_its_words_not_a_broken_pipe() {
        let words = "ssh: connect to host 127.0.0.1 port 1: Connection refused";
        let mut pipe = ended_ssh(words).await;
        let mut failure = None;
        // The first writes may still land in the pipe's buffer; the pipe is closed by now.
        for _ in 0..100 {
            if let Err(e) = pipe.write_all(b"GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n").await {
                failure = Some(e);
                break;
            }
        }
        let failure = failure.expect("a write to an ended ssh fails");
        assert_eq!(ssh_detail(&failure).as_deref(), Some(words), "{failure}");
    }

    #[tokio::test]
    async fn reading_from_an_ssh_that_failed_gives_its_last_words() {
        let mut pipe = ended_ssh("Warning: Permanently added '[127.0.0.1]:2222'\nroot@vm: Permission denied (publickey).").await;
        let mut buf = Vec::new();
        let failure = pipe.read_to_end(&mut buf).await.expect_err("an ssh that answered nothing failed");
        assert_eq!(ssh_detail(&failure).as_deref(), Some("root@vm: Permission denied (publickey)."), "{failure}");
    }

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
