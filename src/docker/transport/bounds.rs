//! How long and how much each engine request may take, decided from the request alone so that
//! no caller has to say it. Connecting and the handshake are short (a dead engine is told
//! within seconds); plain requests are bounded as a whole; streams (events, logs, pulls, builds,
//! exec) run as long as they need but each line or frame is bounded, so memory stays bounded
//! whatever the engine sends.

use std::time::Duration;

use hyper::{Method, Uri};

/// Connecting to the engine's socket or port.
pub(crate) const CONNECT_WITHIN: Duration = Duration::from_secs(5);
/// `/_ping` and `/version`: an engine that cannot answer these in seconds is not answering.
pub(crate) const HANDSHAKE_WITHIN: Duration = Duration::from_secs(5);
/// Listings and inspects, whole.
pub(crate) const READ_WITHIN: Duration = Duration::from_secs(30);
/// Creating, starting, removing; and disk usage, which the engine computes slowly.
pub(crate) const CHANGE_WITHIN: Duration = Duration::from_secs(120);
/// The longest wait for the next byte of a finite stream (a log without `-f`, an archive).
pub(crate) const SILENCE_WITHIN: Duration = Duration::from_secs(30);

/// An answer read whole into memory: listings, inspects, error bodies.
pub(crate) const WHOLE_LIMIT: u64 = 32 << 20;
/// The handshake's answers are a few hundred bytes.
pub(crate) const HANDSHAKE_LIMIT: u64 = 1 << 20;
/// One JSON document of a stream (an event, a pull or build progress line), or one line of a
/// TTY container's log. The client parses or scans an unfinished line again on every read, so
/// this also bounds that work.
pub(crate) const LINE_LIMIT: u64 = 1 << 20;
/// One log or exec frame (the decoder holds a whole frame; a TTY container's log line is
/// bounded by [`LINE_LIMIT`]).
pub(crate) const FRAME_LIMIT: u64 = 16 << 20;
/// The status line and headers.
pub(crate) const HEAD_LIMIT: u64 = 64 << 10;

/// What the body of a successful answer is made of, which decides what is bounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    /// Read whole into memory.
    Whole,
    /// One JSON document per line.
    JsonLines,
    /// Log frames (an 8-byte header announcing the length), or plain output from a TTY, which
    /// the log decoder holds until a newline when `tty_lines` is set.
    LogFrames { tty_lines: bool },
    /// Bytes the caller takes piece by piece (an archive): nothing is held.
    Raw,
}

/// The bounds of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bounds {
    pub framing: Framing,
    /// The most bytes of a body read whole (and of any error answer).
    pub whole_limit: u64,
    /// The whole exchange, from connecting to the last byte of the answer.
    pub within: Option<Duration>,
    /// The longest wait for the next byte while reading.
    pub silence: Option<Duration>,
    /// A HEAD request: the answer has no body whatever its headers say.
    pub head: bool,
}

impl Bounds {
    /// The bounds of `method` on `uri`, by the Docker API's endpoints.
    pub(crate) fn of(method: &Method, uri: &Uri) -> Bounds {
        let path = unversioned(uri.path());
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let query = |key: &str| query_value(uri.query().unwrap_or(""), key);
        let plain = |within| Bounds { framing: Framing::Whole, whole_limit: WHOLE_LIMIT, within: Some(within), silence: None, head: false };
        let stream = |framing| Bounds { framing, whole_limit: WHOLE_LIMIT, within: None, silence: None, head: false };
        let first = parts.first().copied().unwrap_or("");
        let last = parts.last().copied().unwrap_or("");
        let bounds = match (method, first, last, parts.len()) {
            (_, "_ping" | "version", _, 1) => Bounds { whole_limit: HANDSHAKE_LIMIT, ..plain(HANDSHAKE_WITHIN) },
            (_, "events", _, 1) => stream(Framing::JsonLines),
            (&Method::GET, "containers", "logs", 3) => {
                let follow = matches!(query("follow"), Some("1" | "true"));
                let logs = stream(Framing::LogFrames { tty_lines: true });
                if follow { logs } else { Bounds { silence: Some(SILENCE_WITHIN), ..logs } }
            }
            (&Method::POST, "containers", "attach", 3) | (&Method::POST, "exec", "start", 3) => {
                // The exec and attach decoder hands TTY output on as it comes: no line is held.
                stream(Framing::LogFrames { tty_lines: false })
            }
            (&Method::GET, "containers", "stats", 3) if matches!(query("stream"), Some("0" | "false")) => plain(READ_WITHIN),
            (&Method::GET, "containers", "stats", 3) => stream(Framing::JsonLines),
            // Its answer is one small document, written when the container exits.
            (&Method::POST, "containers", "wait", 3) => stream(Framing::Whole),
            (&Method::POST, "images", "create" | "load", 2) | (&Method::POST, "build", _, 1) => stream(Framing::JsonLines),
            (&Method::POST, "images", "push", n) if n >= 3 => stream(Framing::JsonLines),
            (&Method::GET, "containers", "archive" | "export", 3) | (&Method::GET, "images", "get", _) => {
                Bounds { silence: Some(SILENCE_WITHIN), ..stream(Framing::Raw) }
            }
            // Uploads take as long as the archive takes to send.
            (&Method::PUT, "containers", "archive", 3) => stream(Framing::Whole),
            (_, "system", "df", 2) => plain(CHANGE_WITHIN),
            (&Method::POST, "containers", "stop" | "restart", 3) => match query("t").and_then(|t| t.parse::<i64>().ok()) {
                // A negative grace period waits for the container however long it takes.
                Some(t) if t < 0 => stream(Framing::Whole),
                Some(t) => plain(CHANGE_WITHIN + Duration::from_secs(t.unsigned_abs())),
                None => plain(CHANGE_WITHIN),
            },
            (&Method::GET | &Method::HEAD, _, _, _) => plain(READ_WITHIN),
            _ => plain(CHANGE_WITHIN),
        };
        Bounds { head: method == Method::HEAD, ..bounds }
    }
}

/// `/v1.41/containers/json` → `/containers/json`.
fn unversioned(path: &str) -> &str {
    let Some(rest) = path.strip_prefix("/v") else { return path };
    let end = rest.find('/').unwrap_or(rest.len());
    let version = &rest[..end];
    if !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.') { &rest[end..] } else { path }
}

fn query_value<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(method: Method, uri: &str) -> Bounds {
        Bounds::of(&method, &uri.parse().unwrap())
    }

    #[test]
    fn the_handshake_is_short_and_small() {
        for uri in ["http://localhost/_ping", "http://localhost/v1.41/version"] {
            let b = of(Method::GET, uri);
            assert_eq!((b.within, b.whole_limit), (Some(HANDSHAKE_WITHIN), HANDSHAKE_LIMIT), "{uri}");
        }
    }

    #[test]
    fn plain_requests_are_bounded_as_a_whole() {
        let list = of(Method::GET, "http://localhost/v1.41/containers/json?all=true");
        assert_eq!((list.framing, list.within), (Framing::Whole, Some(READ_WITHIN)), "a listing");
        let image = of(Method::GET, "http://localhost/images/localhost:5000/nivel/api:1/json");
        assert_eq!(image.within, Some(READ_WITHIN), "an image name with slashes is still an inspect");
        assert_eq!(of(Method::POST, "http://localhost/containers/create?name=x").within, Some(CHANGE_WITHIN), "a change");
        assert_eq!(of(Method::GET, "http://localhost/system/df").within, Some(CHANGE_WITHIN), "disk usage is slow to compute");
        let stats = of(Method::GET, "http://localhost/containers/abc/stats?stream=false&one-shot=true");
        assert_eq!((stats.framing, stats.within), (Framing::Whole, Some(READ_WITHIN)), "one-shot stats");
        assert!(of(Method::HEAD, "http://localhost/_ping").head, "a HEAD answer has no body");
    }

    #[test]
    fn a_stop_waits_for_its_grace_period() {
        let stop = of(Method::POST, "http://localhost/containers/abc/stop?t=600");
        assert_eq!(stop.within, Some(CHANGE_WITHIN + Duration::from_secs(600)), "the grace period on top");
        assert_eq!(of(Method::POST, "http://localhost/containers/abc/restart?t=-1").within, None, "no grace limit, no bound");
    }

    #[test]
    fn streams_have_no_time_bound_but_bounded_pieces() {
        let events = of(Method::GET, "http://localhost/v1.41/events?since=1&filters=%7B%7D");
        assert_eq!((events.framing, events.within, events.silence), (Framing::JsonLines, None, None), "events");
        let follow = of(Method::GET, "http://localhost/containers/abc/logs?follow=true&stdout=true");
        assert_eq!((follow.framing, follow.within, follow.silence), (Framing::LogFrames { tty_lines: true }, None, None), "logs -f");
        let once = of(Method::GET, "http://localhost/containers/abc/logs?follow=false&tail=200");
        assert_eq!((once.within, once.silence), (None, Some(SILENCE_WITHIN)), "a finite log: only silence is bounded");
        let exec = of(Method::POST, "http://localhost/exec/abc/start");
        assert_eq!((exec.framing, exec.within), (Framing::LogFrames { tty_lines: false }, None), "exec output");
        for (method, uri) in [
            (Method::POST, "http://localhost/images/create?fromImage=busybox&tag=1"),
            (Method::POST, "http://localhost/build?t=x"),
            (Method::POST, "http://localhost/images/localhost:5000/x/push"),
            (Method::GET, "http://localhost/containers/abc/stats?stream=true"),
        ] {
            let b = of(method, uri);
            assert_eq!((b.framing, b.within), (Framing::JsonLines, None), "{uri}");
        }
        let archive = of(Method::GET, "http://localhost/containers/abc/archive?path=/x");
        assert_eq!((archive.framing, archive.silence), (Framing::Raw, Some(SILENCE_WITHIN)), "an archive");
        assert_eq!(of(Method::POST, "http://localhost/containers/abc/wait").within, None, "waiting for an exit");
    }

    #[test]
    fn versions_are_stripped_only_when_they_are_versions() {
        assert_eq!(unversioned("/v1.41/containers/json"), "/containers/json", "a version prefix");
        assert_eq!(unversioned("/volumes/x"), "/volumes/x", "no prefix");
        assert_eq!(unversioned("/vx/y"), "/vx/y", "not a version");
    }
}
