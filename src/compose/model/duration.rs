//! Durations: parsed like compose-go (Go's `time.ParseDuration` plus `d` and `w` units, via
//! go-str2duration) and printed like Go's `time.Duration.String()` (`1m30s`, `500ms`).

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A span of time in nanoseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration(pub i64);

impl Duration {
    pub fn as_nanos(self) -> i64 {
        self.0
    }

    /// The duration for the engine's APIs; negative durations become zero.
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_nanos(u64::try_from(self.0).unwrap_or(0))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}

const UNITS: [(&str, u64); 10] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
    ("d", 86_400_000_000_000),
    ("w", 604_800_000_000_000),
];

/// Parses `1m30s`, `1.5h`, `2d`, `-5s`, `0`; the reason on failure.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let (neg, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(Duration(0));
    }
    if rest.is_empty() {
        return Err(format!("invalid duration {text:?}"));
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let int_part = &rest[..int_len];
        rest = &rest[int_len..];
        let mut frac_part = "";
        if let Some(after) = rest.strip_prefix('.') {
            let n = after.bytes().take_while(u8::is_ascii_digit).count();
            frac_part = &after[..n];
            rest = &after[n..];
        }
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(format!("invalid duration {text:?}"));
        }
        let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        if unit.is_empty() {
            return Err(format!("missing unit in duration {text:?}"));
        }
        let Some(&(_, scale)) = UNITS.iter().find(|(name, _)| *name == unit) else {
            return Err(format!("unknown unit {unit:?} in duration {text:?}"));
        };
        let overflow = || format!("invalid duration {text:?}: too large");
        let whole: u64 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| overflow())? };
        let mut value = whole.checked_mul(scale).ok_or_else(overflow)?;
        // Fractions add digit by digit so that `1.5h` is exact, as in Go.
        let mut place = scale as f64;
        let mut frac = 0f64;
        for d in frac_part.bytes() {
            place /= 10.0;
            frac += f64::from(d - b'0') * place;
        }
        value = value.checked_add(frac as u64).ok_or_else(overflow)?;
        total = total.checked_add(value).ok_or_else(overflow)?;
    }
    let signed = i64::try_from(total).map_err(|_| format!("invalid duration {text:?}: too large"))?;
    Ok(Duration(if neg { -signed } else { signed }))
}

/// Formats nanoseconds the way Go's `time.Duration.String()` does.
pub fn format_duration(nanos: i64) -> String {
    let neg = nanos < 0;
    let mut u = nanos.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        if u == 0 {
            return "0s".into();
        }
        let (prec, unit) = match u {
            0..1_000 => (0, "ns"),
            1_000..1_000_000 => (3, "µs"),
            _ => (6, "ms"),
        };
        let (frac, whole) = fraction(u, prec);
        out = format!("{whole}{frac}{unit}");
    } else {
        let (frac, secs) = fraction(u, 9);
        u = secs;
        let s = format!("{}{frac}s", u % 60);
        u /= 60;
        if u > 0 {
            let m = u % 60;
            u /= 60;
            if u > 0 {
                out.push_str(&format!("{u}h"));
            }
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&s);
    }
    if neg { format!("-{out}") } else { out }
}

/// Splits `v / 10^prec` into its fraction (`.5`, or empty when zero) and its whole part.
fn fraction(v: u64, prec: u32) -> (String, u64) {
    let pow = 10u64.pow(prec);
    let f = v % pow;
    if f == 0 {
        return (String::new(), v / pow);
    }
    let digits = format!("{f:0width$}", width = prec as usize);
    (format!(".{}", digits.trim_end_matches('0')), v / pow)
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_duration(self.0))
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration such as `30s` or `1m30s`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                parse_duration(v).map_err(|e| E::custom(format!("{e}; write a number with a unit such as `10s`, `1m30s` or `500ms`")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

impl super::OmitEmpty for Duration {
    fn is_omitted(&self, _: super::Format) -> bool {
        self.0 == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_str2duration() {
        let s = 1_000_000_000i64;
        let cases = [
            ("1m30s", 90 * s),
            ("90s", 90 * s),
            ("1.5h", 5400 * s),
            ("1d", 86_400 * s),
            ("1w2d", 9 * 86_400 * s),
            ("500ms", s / 2),
            ("100us", 100_000),
            ("100µs", 100_000),
            ("1ns", 1),
            ("0", 0),
            ("0s", 0),
            ("-5s", -5 * s),
            ("1m0.5s", 60 * s + s / 2),
        ];
        for (text, nanos) in cases {
            assert_eq!(parse_duration(text), Ok(Duration(nanos)), "parsing {text}");
        }
        for bad in ["10", "", "s", "1x", "1.s5", "-"] {
            assert!(parse_duration(bad).is_err(), "{bad:?} is not a duration");
        }
        assert!(parse_duration("10").is_err_and(|e| e.contains("missing unit")), "a bare number names the missing unit");
    }

    #[test]
    fn prints_like_go() {
        let s = 1_000_000_000i64;
        let cases = [
            (0, "0s"),
            (1, "1ns"),
            (100_000, "100µs"),
            (1_500_000, "1.5ms"),
            (s / 2, "500ms"),
            (10 * s, "10s"),
            (90 * s, "1m30s"),
            (120 * s, "2m0s"),
            (3600 * s, "1h0m0s"),
            (5400 * s, "1h30m0s"),
            (86_400 * s, "24h0m0s"),
            (60 * s + s / 2, "1m0.5s"),
            (-5 * s, "-5s"),
            (2_562_047 * 3600 * s, "2562047h0m0s"),
        ];
        for (nanos, text) in cases {
            assert_eq!(format_duration(nanos), text, "Go prints {nanos}ns as {text}");
        }
    }
}
