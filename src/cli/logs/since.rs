//! `--since` and `--tail` as the docker CLI reads them: a relative duration (`42m`, `1h30m`),
//! an RFC 3339 timestamp or date, or unix seconds; a line count or `all`. Parsed when the
//! command line is; turned into an instant only against the `now` the command passes in.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nivel::app::parse_rfc3339;

/// Where `--since` starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    /// This long before now.
    Ago(Duration),
    At(SystemTime),
}

impl Since {
    pub fn instant(self, now: SystemTime) -> SystemTime {
        match self {
            Since::Ago(d) => now.checked_sub(d).filter(|t| *t >= UNIX_EPOCH).unwrap_or(UNIX_EPOCH),
            Since::At(t) => t,
        }
    }
}

/// How many of the existing lines to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tail {
    All,
    Last(u64),
}

#[derive(Debug, PartialEq, Eq)]
pub struct BadValue {
    what: &'static str,
    text: String,
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not {}", self.text, self.what)
    }
}

impl std::error::Error for BadValue {}

pub fn parse_since(text: &str) -> Result<Since, BadValue> {
    let bad = || BadValue { what: "a duration (42m, 1h30m), a timestamp (2024-05-01T10:20:30Z) or unix seconds", text: text.into() };
    let t = text.trim();
    if let Some(d) = go_duration(t) {
        return Ok(Since::Ago(d));
    }
    if let Some(at) = parse_rfc3339(t).or_else(|| parse_rfc3339(&format!("{t}T00:00:00Z"))) {
        return Ok(Since::At(at));
    }
    if let Ok(secs) = t.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Ok(Since::At(UNIX_EPOCH + Duration::from_secs_f64(secs)));
        }
    }
    Err(bad())
}

pub fn parse_tail(text: &str) -> Result<Tail, BadValue> {
    match text.trim() {
        "all" | "-1" => Ok(Tail::All),
        n => n.parse().map(Tail::Last).map_err(|_| BadValue { what: "a number of lines or `all`", text: text.into() }),
    }
}

/// Go's duration syntax (`300ms`, `1.5h`, `2h45m`), as docker reads `--since`.
fn go_duration(text: &str) -> Option<Duration> {
    let mut rest = text;
    let mut total = 0f64;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        total += value * seconds;
        rest = &rest[unit_len..];
    }
    Duration::try_from_secs_f64(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_durations_count_back_from_now() {
        let now = UNIX_EPOCH + Duration::from_secs(10_000);
        assert_eq!(parse_since("42m").unwrap().instant(now), now - Duration::from_secs(2520), "minutes");
        assert_eq!(parse_since("1h30m").unwrap(), Since::Ago(Duration::from_secs(5400)), "compound");
        assert_eq!(parse_since("1.5s").unwrap(), Since::Ago(Duration::from_millis(1500)), "fractions");
        assert_eq!(parse_since("9999h").unwrap().instant(now), UNIX_EPOCH, "never before the epoch");
    }

    #[test]
    fn timestamps_dates_and_unix_seconds() {
        let at = UNIX_EPOCH + Duration::from_secs(1_714_558_830);
        assert_eq!(parse_since("2024-05-01T10:20:30Z").unwrap(), Since::At(at), "RFC 3339");
        assert_eq!(parse_since("1714558830").unwrap(), Since::At(at), "unix seconds");
        assert_eq!(parse_since("2024-05-01").unwrap(), Since::At(at - Duration::from_secs(37_230)), "a date is its midnight, UTC");
    }

    #[test]
    fn nonsense_is_refused_with_the_accepted_forms() {
        for bad in ["", "soon", "10x", "m", "-5m"] {
            let e = parse_since(bad).unwrap_err();
            assert!(e.to_string().contains("42m"), "{bad:?} refused with examples: {e}");
        }
    }

    #[test]
    fn tail_is_a_count_or_all() {
        assert_eq!(parse_tail("2"), Ok(Tail::Last(2)), "a count");
        assert_eq!(parse_tail("all"), Ok(Tail::All), "everything");
        assert!(parse_tail("two").is_err(), "words are not counts");
    }
}
