//! The aggregate pull's text: `12.3 MiB / 45.0 MiB (27%) ETA 8s` (`12,3 MiB / 45,0 MiB (27%)
//! quedan 8s` in Spanish), the same in the plain lines and on the live bar.

use std::time::Instant;

use nivel::i18n::Lang;
use nivel::lab::Text;

use super::rate::RateWindow;
use super::units;

#[derive(Debug, Default)]
pub struct PullMeter {
    window: RateWindow,
}

impl PullMeter {
    /// Records the counts seen at `now` and describes them in `lang`.
    pub fn update(&mut self, now: Instant, done: u64, total: u64, lang: Lang) -> String {
        self.window.record(now, done);
        if total == 0 {
            return units::bytes_in(done, lang);
        }
        let percent = (u128::from(done.min(total)) * 100 / u128::from(total)) as u64;
        let mut text = format!("{} / {} ({percent}%)", units::bytes_in(done, lang), units::bytes_in(total, lang));
        if let Some(eta) = self.window.eta(done, total).filter(|_| done < total) {
            let left = Text::new("quedan", "ETA");
            text.push_str(&format!(" {} {}", left.get(lang), units::eta(eta)));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bytes_percent_and_time_left() {
        let base = Instant::now();
        let mut m = PullMeter::default();
        let mib = 1024 * 1024;
        assert_eq!(m.update(base, 0, 45 * mib, Lang::En), "0 B / 45.0 MiB (0%)", "no speed yet, so no ETA");
        let done = 12_897_485;
        let text = m.update(base + Duration::from_secs(4), done, 45 * mib, Lang::En);
        assert_eq!(text, "12.3 MiB / 45.0 MiB (27%) ETA 11s", "32.7 MiB left at 3.1 MiB/s");
        assert_eq!(m.update(base + Duration::from_secs(5), 45 * mib, 45 * mib, Lang::En), "45.0 MiB / 45.0 MiB (100%)", "no ETA when done");
        assert_eq!(m.update(base + Duration::from_secs(6), 2048, 0, Lang::En), "2.0 KiB", "an unknown total shows bytes only");
    }

    #[test]
    fn spanish_has_a_decimal_comma_and_time_left() {
        let base = Instant::now();
        let mut m = PullMeter::default();
        let mib = 1024 * 1024;
        assert_eq!(m.update(base, 0, 45 * mib, Lang::Es), "0 B / 45,0 MiB (0%)", "no speed yet, so no time left");
        let text = m.update(base + Duration::from_secs(4), 12_897_485, 45 * mib, Lang::Es);
        assert_eq!(text, "12,3 MiB / 45,0 MiB (27%) quedan 11s", "decimal comma and `quedan` for the time left");
        assert_eq!(m.update(base + Duration::from_secs(6), 2048, 0, Lang::Es), "2,0 KiB", "an unknown total shows bytes only");
    }
}
