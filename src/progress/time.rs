//! Instants as milliseconds since the Unix epoch, the form they take in the store, and their
//! plain UTC rendering for reports (no time zone database: an instructor reads UTC).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// An instant, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct UnixMillis(pub i64);

impl UnixMillis {
    /// `t` in milliseconds; instants before 1970 become negative.
    pub fn from_system_time(t: SystemTime) -> UnixMillis {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => UnixMillis(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
            Err(e) => UnixMillis(-i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX)),
        }
    }

    /// The time from `earlier` to `self`, zero when `earlier` is later.
    pub fn since(self, earlier: UnixMillis) -> Duration {
        Duration::from_millis(u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0))
    }

    /// RFC 3339 in UTC to the second: `2025-03-14T09:26:53Z`.
    pub fn rfc3339(self) -> String {
        let (date, (h, m, s)) = self.civil();
        format!("{date}T{h:02}:{m:02}:{s:02}Z")
    }

    /// The day in UTC: `2025-03-14`.
    pub fn date(self) -> String {
        self.civil().0
    }

    /// For people: `2025-03-14 09:26 UTC`.
    pub fn display_utc(self) -> String {
        let (date, (h, m, _)) = self.civil();
        format!("{date} {h:02}:{m:02} UTC")
    }

    fn civil(self) -> (String, (i64, i64, i64)) {
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, mo, d) = civil_from_days(days);
        (format!("{y:04}-{mo:02}-{d:02}"), (rem / 3600, rem % 3600 / 60, rem % 60))
    }
}

/// Year, month, day of the proleptic Gregorian calendar for days since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A duration for people: `0 min`, `12 min`, `3 h 05 min`.
pub fn format_duration(d: Duration) -> String {
    let minutes = d.as_secs() / 60;
    match minutes / 60 {
        0 => format!("{minutes} min"),
        h => format!("{h} h {:02} min", minutes % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_print_in_utc() {
        assert_eq!(UnixMillis(0).rfc3339(), "1970-01-01T00:00:00Z", "the epoch");
        assert_eq!(UnixMillis(1_710_408_413_999).rfc3339(), "2024-03-14T09:26:53Z", "milliseconds are cut, not rounded");
        assert_eq!(UnixMillis(951_782_400_000).rfc3339(), "2000-02-29T00:00:00Z", "a leap day of a year divisible by 400");
        assert_eq!(UnixMillis(-1000).rfc3339(), "1969-12-31T23:59:59Z", "before the epoch");
        assert_eq!(UnixMillis(1_710_408_413_000).display_utc(), "2024-03-14 09:26 UTC", "the form reports show");
        assert_eq!(UnixMillis(1_710_460_799_999).date(), "2024-03-14", "the last millisecond of a day is still that day");
    }

    #[test]
    fn system_times_become_millis_and_back() {
        let t = UNIX_EPOCH + Duration::from_millis(1_234_567);
        assert_eq!(UnixMillis::from_system_time(t), UnixMillis(1_234_567), "milliseconds since the epoch");
        assert_eq!(UnixMillis(5_000).since(UnixMillis(2_000)), Duration::from_secs(3), "a forward span");
        assert_eq!(UnixMillis(2_000).since(UnixMillis(5_000)), Duration::ZERO, "a backward span is zero");
    }

    #[test]
    fn durations_read_in_hours_and_minutes() {
        assert_eq!(format_duration(Duration::from_secs(59)), "0 min", "under a minute");
        assert_eq!(format_duration(Duration::from_secs(12 * 60 + 30)), "12 min", "minutes only");
        assert_eq!(format_duration(Duration::from_secs(3 * 3600 + 5 * 60)), "3 h 05 min", "hours and padded minutes");
    }
}
