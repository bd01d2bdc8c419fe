//! The engine writes times as RFC 3339 text (`2024-05-01T10:20:30.123456789Z`); status needs
//! them as instants to compute uptimes against a `now` the caller passes in. A few lines of
//! calendar arithmetic instead of a date crate.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An RFC 3339 timestamp as an instant: `Z` or a `±hh:mm` offset, optional fraction. `None`
/// for anything else, and for the engine's "never" (`0001-01-01T00:00:00Z`, before 1970).
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let s = text.get(from..to)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        for (i, c) in frac[..digits].bytes().enumerate().take(9) {
            nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            let h: i64 = rest[1..3].parse().ok()?;
            let m: i64 = rest[4..6].parse().ok()?;
            sign * (h * 3600 + m * 60)
        }
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    let secs = u64::try_from(secs).ok()?;
    Some(UNIX_EPOCH + Duration::new(secs, nanos))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(t: SystemTime) -> u64 {
        t.duration_since(UNIX_EPOCH).unwrap().as_secs()
    }

    #[test]
    fn reads_the_engines_timestamps() {
        let t = parse_rfc3339("2024-05-01T10:20:30.123456789Z").unwrap();
        assert_eq!(secs(t), 1_714_558_830, "seconds since the epoch (date -d 2024-05-01T10:20:30Z +%s)");
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().subsec_nanos(), 123_456_789, "nanoseconds kept");
        assert_eq!(secs(parse_rfc3339("1970-01-01T00:00:00Z").unwrap()), 0, "the epoch itself");
        assert_eq!(secs(parse_rfc3339("2000-02-29T00:00:00Z").unwrap()), 951_782_400, "a leap day");
    }

    #[test]
    fn applies_offsets() {
        let a = parse_rfc3339("2024-05-01T12:20:30+02:00").unwrap();
        let b = parse_rfc3339("2024-05-01T10:20:30Z").unwrap();
        assert_eq!(a, b, "+02:00 is two hours ahead of UTC");
        let c = parse_rfc3339("2024-05-01T07:50:30-02:30").unwrap();
        assert_eq!(c, b, "negative offsets too");
    }

    #[test]
    fn the_engines_never_and_garbage_are_none() {
        assert_eq!(parse_rfc3339("0001-01-01T00:00:00Z"), None, "a container that never started");
        for bad in ["", "yesterday", "2024-13-01T00:00:00Z", "2024-05-01T10:20:30", "2024-05-01T10:20:30.Z", "2024-05-01T10:20:30+0200"] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?} is not RFC 3339");
        }
    }
}
