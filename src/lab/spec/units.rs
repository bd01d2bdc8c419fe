//! The units lab files write: sizes (`6GiB`, `512MiB`, `12GB`), durations (`10s`, `500ms`)
//! and engine constraints (`>=20.10`). Sizes say which unit they mean: `GiB` is 2^30 bytes,
//! `GB` is 10^9; a bare `G` or `M` (Docker's habit, binary there) is refused as ambiguous.

use std::time::Duration;

use crate::lab::{EngineVersion, Text};

/// The longest a single check may take.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(300);

/// Why a unit did not parse: the message; the caller adds where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitError {
    pub message: Text,
    pub fix: Text,
}

impl UnitError {
    /// The same error, its message led by the name of the `field` that holds the value.
    pub(super) fn of(self, field: &str) -> UnitError {
        let message = Text::new(format!("{field}: {}", self.message.es), format!("{field}: {}", self.message.en));
        UnitError { message, ..self }
    }
}

fn err(message: Text, fix: Text) -> UnitError {
    UnitError { message, fix }
}

const SIZE_UNITS: [(&str, u64); 9] = [
    ("B", 1),
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
];

fn size_fix() -> Text {
    Text::new(
        "escriba un número y una unidad: `512MiB`, `6GiB` (potencias de 1024) o `512MB`, `12GB` (potencias de 1000)",
        "write a number and a unit: `512MiB`, `6GiB` (powers of 1024) or `512MB`, `12GB` (powers of 1000)",
    )
}

/// `6GiB` → 6 × 2^30 bytes; `1.5GB` → 1.5 × 10^9.
pub fn parse_size(text: &str) -> Result<u64, UnitError> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit = unit.trim();
    let number: f64 = number.parse().map_err(|_| err(Text::new(format!("`{text}` no es un tamaño"), format!("`{text}` is not a size")), size_fix()))?;
    let Some((_, factor)) = SIZE_UNITS.iter().find(|(u, _)| *u == unit) else {
        let message = match unit.to_ascii_uppercase().as_str() {
            "" => Text::new(format!("`{text}` no tiene unidad"), format!("`{text}` has no unit")),
            "K" | "M" | "G" | "T" | "KI" | "MI" | "GI" | "TI" => {
                Text::new(format!("`{unit}` es ambiguo en `{text}`"), format!("`{unit}` is ambiguous in `{text}`"))
            }
            _ => Text::new(format!("`{unit}` no es una unidad de tamaño en `{text}`"), format!("`{unit}` is not a size unit in `{text}`")),
        };
        return Err(err(message, size_fix()));
    };
    let bytes = number * *factor as f64;
    if !(bytes >= 1.0 && bytes < u64::MAX as f64) {
        return Err(err(
            Text::new(format!("`{text}` no es un tamaño utilizable"), format!("`{text}` is not a usable size")),
            Text::new("indique un tamaño mayor que cero", "give a size above zero"),
        ));
    }
    Ok(bytes.round() as u64)
}

fn duration_fix() -> Text {
    Text::new(
        "escriba un número entero y `ms`, `s` o `m`: `500ms`, `10s`, `2m` (como mucho 5m)",
        "write a whole number and `ms`, `s` or `m`: `500ms`, `10s`, `2m` (at most 5m)",
    )
}

/// `500ms`, `10s`, `2m`; above zero and at most [`MAX_TIMEOUT`].
pub fn parse_timeout(text: &str) -> Result<Duration, UnitError> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let not_a_duration = || err(Text::new(format!("`{text}` no es una duración"), format!("`{text}` is not a duration")), duration_fix());
    let n: u64 = number.parse().map_err(|_| not_a_duration())?;
    let duration = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        _ => return Err(not_a_duration()),
    };
    if duration.is_zero() {
        return Err(err(
            Text::new("un `timeout` de cero nunca deja que la comprobación se ejecute", "a timeout of zero never lets a check run"),
            duration_fix(),
        ));
    }
    if duration > MAX_TIMEOUT {
        return Err(err(
            Text::new(format!("el `timeout` `{text}` dura más de 5 minutos"), format!("timeout `{text}` is longer than 5 minutes")),
            Text::new(
                "mantenga cada comprobación por debajo de 5m; divida un ejercicio lento en varias comprobaciones",
                "keep each check under 5m; split a slow exercise into several checks",
            ),
        ));
    }
    Ok(duration)
}

/// `>=20.10` → the oldest engine version the lab runs on.
pub fn parse_engine(text: &str) -> Result<EngineVersion, UnitError> {
    let fix = || {
        Text::new(
            "escriba la versión más antigua de Docker Engine en la que funciona el laboratorio: `>=20.10`",
            "write the oldest Docker Engine version the lab runs on: `>=20.10`",
        )
    };
    let Some(version) = text.trim().strip_prefix(">=") else {
        return Err(err(Text::new(format!("engine `{text}` no es una restricción `>=VERSION`"), format!("engine `{text}` is not a `>=VERSION` constraint")), fix()));
    };
    let version = version.trim();
    let valid = !version.is_empty() && version.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    match EngineVersion::parse(version) {
        Some(v) if valid => Ok(v),
        _ => Err(err(Text::new(format!("engine `{text}`: `{version}` no es una versión"), format!("engine `{text}`: `{version}` is not a version")), fix())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_say_binary_or_decimal() {
        assert_eq!(parse_size("6GiB"), Ok(6 << 30), "GiB is 2^30");
        assert_eq!(parse_size("512MiB"), Ok(512 << 20), "MiB is 2^20");
        assert_eq!(parse_size("12GB"), Ok(12_000_000_000), "GB is 10^9");
        assert_eq!(parse_size("1.5 GiB"), Ok(3 << 29), "a fraction, a space before the unit");
        for bad in ["512M", "6G", "6", "six GiB", "0GiB", "6gib"] {
            assert!(parse_size(bad).is_err(), "{bad} is refused");
        }
        let ambiguous = parse_size("2G").unwrap_err();
        assert!(ambiguous.message.en.contains("ambiguous") && ambiguous.message.es.contains("ambiguo"), "Docker's bare G is called ambiguous: {ambiguous:?}");
    }

    #[test]
    fn timeouts_are_short_and_positive() {
        assert_eq!(parse_timeout("10s"), Ok(Duration::from_secs(10)), "seconds");
        assert_eq!(parse_timeout("500ms"), Ok(Duration::from_millis(500)), "milliseconds");
        assert_eq!(parse_timeout("5m"), Ok(MAX_TIMEOUT), "five minutes is the limit");
        for bad in ["6m", "0s", "10", "1h", "1.5s", "s"] {
            assert!(parse_timeout(bad).is_err(), "{bad} is refused");
        }
    }

    #[test]
    fn engine_constraints_are_at_least_a_version() {
        assert_eq!(parse_engine(">=20.10"), Ok(EngineVersion { major: 20, minor: 10, patch: 0 }), "the usual form");
        assert_eq!(parse_engine(">= 24.0.7").map(|v| v.patch), Ok(7), "a space and a patch");
        for bad in ["20.10", "<=20", ">=", ">=x", ">=20.x"] {
            assert!(parse_engine(bad).is_err(), "{bad} is refused");
        }
    }
}
