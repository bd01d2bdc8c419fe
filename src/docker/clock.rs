//! The engine's clock as seen from this machine. Event times (`timeNano`) are the engine's;
//! comparing them with this machine's clock would go wrong by however far the two drift apart
//! (a remote engine, a VM whose clock lags after the laptop slept). One `/info` call reads the
//! offset, and every "now" compared with engine times goes through it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::engine::Engine;
use super::status::parse_rfc3339;

/// How far the engine's clock is ahead of this machine's (negative when behind).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineClock {
    offset_ns: i64,
}

impl EngineClock {
    /// Reads the engine's time; the engine's own clock is taken to be read halfway through
    /// the call. An engine that does not say keeps the offset at zero.
    pub async fn read(engine: &Engine) -> EngineClock {
        let before = SystemTime::now();
        let info = engine.docker.info().await;
        let after = SystemTime::now();
        let engine_time = info.ok().and_then(|i| i.system_time).and_then(|t| parse_rfc3339(&t));
        match engine_time {
            Some(t) => EngineClock::from_readings(before, after, t),
            None => EngineClock::default(),
        }
    }

    /// The offset given this machine's clock before and after a call, and the engine's time
    /// during it.
    pub fn from_readings(before: SystemTime, after: SystemTime, engine: SystemTime) -> EngineClock {
        let half = after.duration_since(before).unwrap_or_default() / 2;
        let local = unix_ns(before + half);
        EngineClock { offset_ns: unix_ns(engine).saturating_sub(local) }
    }

    /// The engine's time (ns since the epoch) when this machine's clock reads `local`.
    pub fn engine_ns(&self, local: SystemTime) -> i64 {
        unix_ns(local).saturating_add(self.offset_ns)
    }

    /// The engine's time in whole seconds since the epoch, for `since` filters.
    pub fn engine_secs(&self, local: SystemTime) -> u64 {
        u64::try_from(self.engine_ns(local) / 1_000_000_000).unwrap_or(0)
    }
}

fn unix_ns(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d: Duration| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_is_taken_at_the_middle_of_the_call() {
        let before = UNIX_EPOCH + Duration::from_secs(1000);
        let after = before + Duration::from_millis(20);
        let engine = before + Duration::from_millis(10) + Duration::from_secs(90);
        let clock = EngineClock::from_readings(before, after, engine);
        assert_eq!(clock.engine_ns(before), 1090 * 1_000_000_000, "an engine 90 s ahead");
        assert_eq!(clock.engine_secs(after), 1090, "whole seconds for `since`");
        let behind = EngineClock::from_readings(before, before, before - Duration::from_secs(5));
        assert_eq!(behind.engine_secs(before), 995, "an engine behind this machine");
    }
}
