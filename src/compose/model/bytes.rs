//! Byte sizes (`mem_limit`, `shm_size`, tmpfs `size`): parsed like go-units' `RAMInBytes`
//! (binary multiples, `512m` = `512MiB` = `512mb`), printed as a quoted number of bytes.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A size in bytes. compose prints it as a string (`"536870912"`) in both YAML and JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnitBytes(pub i64);

/// Parses `1024`, `512m`, `1.5g`, `1GiB`, `10 MB`, `1e3`; the reason on failure.
pub fn parse_bytes(text: &str) -> Result<i64, String> {
    let invalid = || format!("invalid size {text:?}");
    let sep = text.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ').ok_or_else(invalid)?;
    let (num, suffix) = if text.as_bytes()[sep] == b' ' {
        (&text[..sep], &text[sep + 1..])
    } else {
        (&text[..=sep], &text[sep + 1..])
    };
    let size: f64 = parse_go_float(num).ok_or_else(invalid)?;
    if size < 0.0 {
        return Err(invalid());
    }
    if suffix.is_empty() {
        return Ok(size as i64);
    }
    let bad_suffix = || format!("invalid suffix {suffix:?} in size {text:?}");
    let sfx = suffix.to_ascii_lowercase();
    if sfx.len() > 3 {
        return Err(bad_suffix());
    }
    let bytes = sfx.as_bytes();
    if bytes[0] == b'b' {
        return if sfx.len() == 1 { Ok(size as i64) } else { Err(bad_suffix()) };
    }
    let power = match bytes[0] {
        b'k' => 1,
        b'm' => 2,
        b'g' => 3,
        b't' => 4,
        b'p' => 5,
        _ => return Err(bad_suffix()),
    };
    match &sfx[1..] {
        "" | "b" | "ib" => Ok((size * 1024f64.powi(power)) as i64),
        _ => Err(bad_suffix()),
    }
}

/// Go's `strconv.ParseFloat` accepts what Rust's does for the forms sizes use, but not
/// Rust's words (`inf`, `nan`) without a sign check; sizes never need them.
fn parse_go_float(num: &str) -> Option<f64> {
    if num.is_empty() || num.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
        return None;
    }
    num.parse().ok()
}

impl Serialize for UnitBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for UnitBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = UnitBytes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a size such as `512m` or a number of bytes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<UnitBytes, E> {
                parse_bytes(v)
                    .map(UnitBytes)
                    .map_err(|e| E::custom(format!("{e}; write a number of bytes or a size such as `512m` or `1g`")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<UnitBytes, E> {
                Ok(UnitBytes(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<UnitBytes, E> {
                i64::try_from(v).map(UnitBytes).map_err(|_| E::custom("size too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<UnitBytes, E> {
                Ok(UnitBytes(v as i64))
            }
        }
        d.deserialize_any(V)
    }
}

impl super::OmitEmpty for UnitBytes {
    fn is_omitted(&self, _: super::Format) -> bool {
        self.0 == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_go_units() {
        let cases = [
            ("100", 100),
            ("10B", 10),
            ("1kb", 1024),
            ("1Kib", 1024),
            ("0.5k", 512),
            ("512m", 536_870_912),
            ("512 MiB", 536_870_912),
            ("1.5g", 1_610_612_736),
            ("1GiB", 1_073_741_824),
            ("1e3", 1000),
            ("2t", 2 * 1024i64.pow(4)),
        ];
        for (text, bytes) in cases {
            assert_eq!(parse_bytes(text), Ok(bytes), "compose reads {text} as {bytes} bytes");
        }
        for bad in ["", "m", "1x", "1mm", "1kbb", "-1", "1 GB B"] {
            assert!(parse_bytes(bad).is_err(), "{bad:?} is not a size");
        }
    }
}
