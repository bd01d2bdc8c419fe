//! Which strings yaml.v3 must quote because, written plain, they would read back as
//! something else: null, a bool, a number or a timestamp (its `resolve`), a YAML 1.1 bool
//! such as `yes`, or a YAML 1.1 base-60 float such as `1:20`.

use super::timestamp::is_timestamp;

/// Whether yaml.v3 writes `s` double-quoted rather than plain.
pub(crate) fn needs_quotes(s: &str) -> bool {
    !resolves_to_str(s) || is_base60_float(s) || is_old_bool(s)
}

/// yaml.v3's `resolve("", s)` returning `!!str`.
fn resolves_to_str(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return false; // the empty string reads as null
    };
    match first {
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => !in_resolve_map(s),
        b'.' => !in_resolve_map(s) && !parse_float_ok(s),
        b'+' | b'-' | b'0'..=b'9' => !in_resolve_map(s) && !number_or_timestamp(s),
        _ => true,
    }
}

fn in_resolve_map(s: &str) -> bool {
    matches!(
        s,
        "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "~"
            | "null"
            | "Null"
            | "NULL"
            | ".nan"
            | ".NaN"
            | ".NAN"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
    )
}

/// The `'D'`/`'S'` branch of `resolve`: timestamps, then integers in any Go base (with
/// underscores dropped), then YAML-style floats, then `0b`/`0o` forms.
fn number_or_timestamp(s: &str) -> bool {
    if is_timestamp(s) {
        return true;
    }
    let plain = s.replace('_', "");
    if parse_int(&plain, 0) || parse_uint(&plain, 0) {
        return true;
    }
    if is_yaml_style_float(&plain) && parse_float_ok(&plain) {
        return true;
    }
    if let Some(rest) = plain.strip_prefix("0b") {
        return parse_int(rest, 2) || parse_uint(rest, 2);
    }
    if let Some(rest) = plain.strip_prefix("-0b") {
        return parse_int(&format!("-{rest}"), 2);
    }
    if let Some(rest) = plain.strip_prefix("0o") {
        return parse_int(rest, 8) || parse_uint(rest, 8);
    }
    if let Some(rest) = plain.strip_prefix("-0o") {
        return parse_int(&format!("-{rest}"), 8);
    }
    false
}

/// Go's `strconv.ParseUint(s, base, 64)` succeeding; base 0 reads Go's prefixes.
fn parse_uint(s: &str, base: u32) -> bool {
    unsigned_value(s, base).is_some()
}

fn unsigned_value(s: &str, base: u32) -> Option<u64> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let (base, digits) = if base == 0 {
        if bytes[0] == b'0' {
            match bytes.get(1).map(u8::to_ascii_lowercase) {
                Some(b'b') if bytes.len() >= 3 => (2, &bytes[2..]),
                Some(b'o') if bytes.len() >= 3 => (8, &bytes[2..]),
                Some(b'x') if bytes.len() >= 3 => (16, &bytes[2..]),
                _ => (8, &bytes[1..]),
            }
        } else {
            (10, bytes)
        }
    } else {
        (base, bytes)
    };
    let mut n: u64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n.checked_mul(base.into())?.checked_add(d.into())?;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, base, 64)` succeeding.
fn parse_int(s: &str, base: u32) -> bool {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let Some(n) = unsigned_value(rest, base) else {
        return false;
    };
    let cutoff = 1u64 << 63;
    if negative { n <= cutoff } else { n < cutoff }
}

/// Go's `strconv.ParseFloat(s, 64)` succeeding for a decimal float: digits with one
/// optional point, underscores only between digits, an optional exponent, and a result
/// that does not overflow.
fn parse_float_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let (mut digits, mut point, mut underscores) = (false, false, false);
    while i < b.len() {
        match b[i] {
            b'_' => underscores = true,
            b'.' if !point => point = true,
            b'0'..=b'9' => digits = true,
            _ => break,
        }
        i += 1;
    }
    if !digits {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return false;
        }
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            underscores |= b[i] == b'_';
            i += 1;
        }
    }
    if i != b.len() || (underscores && !underscores_ok(s)) {
        return false;
    }
    s.replace('_', "").parse::<f64>().is_ok_and(f64::is_finite)
}

/// Go's `underscoreOK`: every underscore sits between digits (or after a base prefix).
fn underscores_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if matches!(b.first(), Some(b'+' | b'-')) {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits_from = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    if b.get(i) == Some(&b'.') {
        let end = digits_from(i + 1);
        if end == i + 1 {
            return false;
        }
        i = end;
    } else {
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
        if b.get(i) == Some(&b'.') {
            i = digits_from(i + 1);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
    }
    i == b.len()
}

/// yaml.v3's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        // `[0-5]?[0-9]`: one digit, or two when the first is 0-5.
        match (b.get(i + 1), b.get(i + 2)) {
            (Some(d1 @ b'0'..=b'5'), Some(d2)) if d2.is_ascii_digit() && d1.is_ascii_digit() => i += 3,
            (Some(d), _) if d.is_ascii_digit() => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// YAML 1.1 booleans, quoted so that older parsers read them back as strings.
fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_matches_the_reference() {
        // Each case is an environment value and whether `docker compose config` printed it
        // double-quoted (true) or plain (false).
        let cases: &[(&str, bool)] = &[
            ("true", true),
            ("True", true),
            ("FALSE", true),
            ("1", true),
            ("1.5", true),
            ("", true),
            ("null", true),
            ("Null", true),
            ("NULL", true),
            ("~", true),
            ("yes", true),
            ("on", true),
            ("Y", true),
            ("n", true),
            ("NO", true),
            ("off", true),
            ("1:20", true),
            ("12:30:45", true),
            ("190:20:30.15", true),
            ("-1:20", true),
            ("1:2:3", true),
            ("1_0:20", true),
            ("1:20.5", true),
            ("1:20.", true),
            ("-1:2", true),
            ("1:2:3.4_5", true),
            ("1:60", false),
            ("1:2x", false),
            ("0x1F", true),
            ("0o17", true),
            ("0b101", true),
            ("017", true),
            ("08", true),
            ("1_000", true),
            ("1e3", true),
            (".5", true),
            (".inf", true),
            ("-.inf", true),
            (".nan", true),
            ("+.inf", true),
            ("0.", true),
            ("1.", true),
            ("99999999999999999999", true),
            ("0xZZ", false),
            ("+1", true),
            ("1.5e+3", true),
            (".5_0", true),
            ("._5", false),
            ("1e400", false),
            ("1e-400", true),
            ("0xFFFFFFFFFFFFFFFFFF", false),
            ("-18446744073709551615", true),
            ("18446744073709551615", true),
            ("+0x10", true),
            ("-0b101", true),
            ("0b102", false),
            ("0o8", false),
            ("-0o7", true),
            ("1__0", true),
            ("_1", false),
            ("+", false),
            ("+.5", true),
            ("-.5", true),
            ("+1.", true),
            ("1.e5", true),
            ("1e", false),
            ("0e0", true),
            ("00", true),
            ("-0", true),
            ("+-1", false),
            ("0x", false),
            ("0b", false),
            ("0o", false),
            ("0x_1", true),
            ("1_", true),
            ("+0", true),
            ("-0x8000000000000000", true),
            ("-0x8000000000000001", false),
            ("0.5.5", false),
            ("1e+5", true),
            ("1E5", true),
            (".5E-3", true),
            (".e3", false),
            ("-.5e3", true),
            ("+.5e", false),
            ("2024-01-02", true),
            ("2024-1-2T10:00:00Z", true),
            ("2024-13-01", false),
            ("2024-02-30", false),
            ("2024-1-2 10:00:00", true),
            ("2024-1-2t10:00:00+01:00", true),
            ("2024-01-02T25:00:00Z", false),
            ("2024-01-02T10:00:00.123Z", true),
            ("2024-01-02 10:00:00 +01:00", false),
            ("2024-01-02T10:00", false),
            ("2024-01-02T10:00:00+25:00", false),
            ("2024-01-02T10:00:00+01:60", true),
            ("2024-01-02T10:00:00+0100", false),
            ("2024-2-29", true),
            ("2023-2-29", false),
            ("2024-01-02T1:2:3Z", true),
            ("2024-01-02T10:00:00.Z", false),
            ("<<", false),
            ("=", false),
            ("a", false),
            ("-", false),
            ("?", false),
            ("-a", false),
            ("nginx", false),
            ("no_proxy", false),
        ];
        for (s, quoted) in cases {
            assert_eq!(needs_quotes(s), *quoted, "yaml.v3 quoting of {s:?}");
        }
    }
}
