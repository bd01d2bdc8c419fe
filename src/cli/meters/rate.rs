//! Download speed over a sliding window, and the time left at that speed. A window (rather
//! than the average since the start) follows a pull that speeds up or stalls; time is passed
//! in so the arithmetic is tested on hand-built sequences.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How far back the speed looks.
pub const WINDOW: Duration = Duration::from_secs(10);

/// Samples shorter than this apart say nothing reliable about speed.
const MIN_SPAN: Duration = Duration::from_millis(200);

/// `(time, bytes done)` samples of the last [`WINDOW`], plus one older sample as the anchor
/// the window's speed is measured from.
#[derive(Debug)]
pub struct RateWindow {
    window: Duration,
    samples: VecDeque<(Instant, u64)>,
}

impl Default for RateWindow {
    fn default() -> Self {
        RateWindow::new(WINDOW)
    }
}

impl RateWindow {
    pub fn new(window: Duration) -> RateWindow {
        RateWindow { window, samples: VecDeque::new() }
    }

    /// Records that `done` bytes were done at `now`. A count that goes down (a pull
    /// restarted) starts the window afresh.
    pub fn record(&mut self, now: Instant, done: u64) {
        if self.samples.back().is_some_and(|&(_, last)| done < last) {
            self.samples.clear();
        }
        self.samples.push_back((now, done));
        while self.samples.len() > 2 && self.samples.get(1).is_some_and(|&(t, _)| now.saturating_duration_since(t) >= self.window) {
            self.samples.pop_front();
        }
    }

    /// Bytes per second over the window, once it spans long enough to tell.
    pub fn rate(&self) -> Option<f64> {
        let (&(t0, d0), &(t1, d1)) = (self.samples.front()?, self.samples.back()?);
        let span = t1.saturating_duration_since(t0);
        (span >= MIN_SPAN).then(|| (d1 - d0) as f64 / span.as_secs_f64())
    }

    /// The time until `total` at the current rate; none while the rate is unknown or zero.
    pub fn eta(&self, done: u64, total: u64) -> Option<Duration> {
        if done >= total {
            return Some(Duration::ZERO);
        }
        let rate = self.rate().filter(|r| *r > 0.0)?;
        Duration::try_from_secs_f64((total - done) as f64 / rate).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn at(base: Instant, ms: u64) -> Instant {
        base + Duration::from_millis(ms)
    }

    #[test]
    fn a_steady_pull_gives_its_speed_and_time_left() {
        let base = Instant::now();
        let mut w = RateWindow::default();
        for s in 0..=4 {
            w.record(at(base, s * 1000), s * MIB);
        }
        assert_eq!(w.rate(), Some(MIB as f64), "one MiB a second");
        assert_eq!(w.eta(4 * MIB, 12 * MIB), Some(Duration::from_secs(8)), "eight MiB left at one MiB a second");
    }

    #[test]
    fn no_speed_before_the_window_spans_enough() {
        let base = Instant::now();
        let mut w = RateWindow::default();
        assert_eq!(w.rate(), None, "no samples");
        w.record(base, 0);
        assert_eq!(w.rate(), None, "one sample");
        w.record(at(base, 50), MIB);
        assert_eq!(w.rate(), None, "50 ms is too short to tell");
        assert_eq!(w.eta(MIB, 2 * MIB), None, "no time left without a speed");
    }

    #[test]
    fn the_window_forgets_the_slow_start() {
        let base = Instant::now();
        let mut w = RateWindow::new(Duration::from_secs(2));
        w.record(base, 0);
        w.record(at(base, 10_000), MIB);
        for s in 1..=3 {
            w.record(at(base, 10_000 + s * 1000), MIB + s * 4 * MIB);
        }
        assert_eq!(w.rate(), Some(4.0 * MIB as f64), "only the last two seconds count: 4 MiB/s, not the average");
    }

    #[test]
    fn a_stall_has_no_time_left_and_a_restart_resets() {
        let base = Instant::now();
        let mut w = RateWindow::default();
        w.record(base, MIB);
        w.record(at(base, 5_000), MIB);
        assert_eq!(w.rate(), Some(0.0), "nothing moved");
        assert_eq!(w.eta(MIB, 2 * MIB), None, "no time left at zero speed");
        w.record(at(base, 6_000), 10);
        assert_eq!(w.rate(), None, "a count that went down starts over");
        assert_eq!(w.eta(3, 3), Some(Duration::ZERO), "done is done");
    }
}
