//! Byte counts and durations the way a person reads them in a progress line.

use std::time::Duration;

use nivel::i18n::Lang;
use nivel::lab::Text;

/// `512 B`, `1.0 KiB`, `12.3 MiB`, `4.7 GiB`: binary units, one decimal.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    // Past 1023.95 the one-decimal text would read "1024.0", so step up a unit there.
    while value >= 1023.95 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// [`bytes`] with each language's decimal mark: `12,3 MiB` in Spanish.
pub fn bytes_text(n: u64) -> Text {
    let en = bytes(n);
    Text::new(en.replace('.', ","), en)
}

/// [`bytes_text`] in `lang`.
pub fn bytes_in(n: u64, lang: Lang) -> String {
    bytes_text(n).get(lang).to_owned()
}

/// `8s`, `1m05s`, `2h03m`: whole seconds rounded up, so a wait never reads `0s`.
pub fn eta(d: Duration) -> String {
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{:02}s", s / 60, s % 60),
        s => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_in_binary_units_with_one_decimal() {
        assert_eq!(bytes(0), "0 B", "nothing");
        assert_eq!(bytes(1023), "1023 B", "under a KiB stays in bytes");
        assert_eq!(bytes(1024), "1.0 KiB", "one KiB");
        assert_eq!(bytes(12_897_485), "12.3 MiB", "a layer");
        assert_eq!(bytes(45 * 1024 * 1024), "45.0 MiB", "a round size");
        assert_eq!(bytes(1024 * 1024 - 1), "1.0 MiB", "never 1024.0 KiB");
        assert_eq!(bytes(5 * 1024 * 1024 * 1024), "5.0 GiB", "an image");
    }

    #[test]
    fn durations_rounded_up_to_whole_seconds() {
        assert_eq!(eta(Duration::from_secs(8)), "8s", "seconds");
        assert_eq!(eta(Duration::from_millis(7_200)), "8s", "a fraction rounds up");
        assert_eq!(eta(Duration::from_millis(1)), "1s", "never 0s while waiting");
        assert_eq!(eta(Duration::ZERO), "0s", "done");
        assert_eq!(eta(Duration::from_secs(65)), "1m05s", "minutes");
        assert_eq!(eta(Duration::from_secs(7_380)), "2h03m", "hours");
    }
}
