//! How the CLI meters a long operation's events on the terminal (`--progress auto|plain|json|quiet`): a live
//! terminal display, plain lines for logs and pipes, or JSON lines for other programs.
//! Operations only emit [`Event`](nivel::events::Event)s; rendering them lives here.

mod json;
mod live;
mod meter;
mod output;
mod plain;
mod rate;
pub mod units;
mod words;

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

use clap::ValueEnum;
use indicatif::ProgressDrawTarget;
use nivel::events::EventSink;

pub use json::JsonSink;
pub use live::LiveSink;
pub use plain::PlainSink;
pub use words::{phase_word, removed_line};

/// How progress is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    /// A live display on a terminal, plain lines otherwise.
    #[default]
    Auto,
    /// One line per change on stderr.
    Plain,
    /// One JSON object per event on stdout.
    Json,
    /// Nothing but warnings and errors.
    Quiet,
}

/// The time source of rate and throttling (tests pass a clock they move by hand).
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Instant::now)
}

/// The sink for `mode`, drawing on the process's stderr (stdout for JSON); the live and plain
/// displays speak the language of the environment, JSON stays in its English tokens.
pub fn sink(mode: ProgressMode) -> Box<dyn EventSink> {
    let lang = super::env_lang();
    match mode {
        ProgressMode::Json => Box::new(JsonSink::new(Box::new(std::io::stdout()))),
        ProgressMode::Quiet => Box::new(nivel::events::Discard),
        ProgressMode::Auto if std::io::stderr().is_terminal() => Box::new(LiveSink::new(ProgressDrawTarget::stderr(), system_clock(), lang)),
        ProgressMode::Auto | ProgressMode::Plain => Box::new(PlainSink::new(Box::new(std::io::stderr()), system_clock(), lang)),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use super::Clock;

    /// A writer whose bytes the test reads afterwards.
    #[derive(Clone, Default)]
    pub struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Captured {
        pub fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A clock the test sets by hand, in milliseconds from its start.
    #[derive(Clone)]
    pub struct FakeClock {
        start: Instant,
        offset: Arc<Mutex<Duration>>,
    }

    impl Default for FakeClock {
        fn default() -> Self {
            FakeClock { start: Instant::now(), offset: Arc::default() }
        }
    }

    impl FakeClock {
        pub fn set_ms(&self, ms: u64) {
            *self.offset.lock().unwrap() = Duration::from_millis(ms);
        }

        pub fn clock(&self) -> Clock {
            let me = self.clone();
            Arc::new(move || me.start + *me.offset.lock().unwrap())
        }
    }

    #[test]
    fn sinks_can_be_shared_across_engine_tasks() {
        fn shared<T: Send + Sync + ?Sized>() {}
        shared::<dyn nivel::events::EventSink>();
        shared::<super::PlainSink>();
        shared::<super::JsonSink>();
        shared::<super::LiveSink>();
    }
}
