//! `--progress auto` on a terminal: a live display with one line per service (its phase, or
//! its image's download) under one aggregate pull bar with bytes and time left. Logs, build
//! output and created resources scroll above it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use nivel::events::{Event, EventSink, ServicePhase};
use nivel::i18n::Lang;

use super::meter::PullMeter;
use super::units;
use super::words::{created_line, image_here, images_count, phase_word, pull_label, pulling};
use super::Clock;

const TICK: Duration = Duration::from_millis(120);

pub struct LiveSink {
    multi: MultiProgress,
    clock: Clock,
    lang: Lang,
    state: Mutex<LiveState>,
}

#[derive(Default)]
struct LiveState {
    meter: PullMeter,
    pull: Option<ProgressBar>,
    services: HashMap<String, ProgressBar>,
}

impl LiveSink {
    pub fn new(target: ProgressDrawTarget, clock: Clock, lang: Lang) -> LiveSink {
        LiveSink { multi: MultiProgress::with_draw_target(target), clock, lang, state: Mutex::new(LiveState::default()) }
    }

    /// The line a service shows now (tests read the display through it).
    #[cfg(test)]
    fn service_line(&self, service: &str) -> Option<String> {
        let state = self.state.lock().ok()?;
        state.services.get(service).map(|b| b.message())
    }

    #[cfg(test)]
    fn pull_line(&self) -> Option<(u64, Option<u64>, String)> {
        let state = self.state.lock().ok()?;
        state.pull.as_ref().map(|b| (b.position(), b.length(), b.message()))
    }

    fn service_bar(&self, state: &mut LiveState, service: &str) -> ProgressBar {
        state
            .services
            .entry(service.to_string())
            .or_insert_with(|| {
                let bar = self.multi.add(ProgressBar::new_spinner().with_style(active_style()));
                bar.set_prefix(format!("{service:<10}"));
                bar.enable_steady_tick(TICK);
                bar
            })
            .clone()
    }
}

impl EventSink for LiveSink {
    fn emit(&self, event: Event) {
        let Ok(mut state) = self.state.lock() else { return };
        match event {
            Event::ServiceState { service, state: phase, detail } => {
                let bar = self.service_bar(&mut state, &service);
                let text = match detail {
                    // The whole story (probe output, last log lines) ends the command; a bar
                    // holds one line.
                    Some(d) => format!("{}: {}", phase_word(phase).get(self.lang), d.lines().next().unwrap_or_default()),
                    None => phase_word(phase).get(self.lang).to_string(),
                };
                if is_resting(phase) {
                    bar.disable_steady_tick();
                    bar.set_style(resting_style(phase));
                } else {
                    bar.set_style(active_style());
                    bar.enable_steady_tick(TICK);
                }
                bar.set_message(text);
            }
            Event::ImageProgress { service, done_bytes, total_bytes, status, .. } => {
                let bar = self.service_bar(&mut state, &service);
                bar.set_message(if total_bytes > 0 {
                    format!("{} {} / {}", pulling().get(self.lang), units::bytes_in(done_bytes, self.lang), units::bytes_in(total_bytes, self.lang))
                } else {
                    format!("{}: {status}", pulling().get(self.lang))
                });
            }
            Event::ImageReady { service, .. } => self.service_bar(&mut state, &service).set_message(image_here().get(self.lang).to_owned()),
            Event::PullProgress { done_bytes, total_bytes, images_done, images_total } => {
                let text = state.meter.update((self.clock)(), done_bytes, total_bytes, self.lang);
                let bar = state
                    .pull
                    .get_or_insert_with(|| {
                        let bar = self.multi.insert(0, ProgressBar::new(total_bytes).with_style(pull_style()));
                        bar.set_prefix(pull_label().get(self.lang).to_owned());
                        bar
                    })
                    .clone();
                bar.set_length(total_bytes);
                bar.set_position(done_bytes);
                bar.set_message(format!("{text}  {}", images_count(images_done, images_total).get(self.lang)));
                if images_done >= images_total && done_bytes >= total_bytes {
                    bar.finish();
                }
            }
            Event::ResourceCreated { kind, name } => {
                let _ = self.multi.println(created_line(kind, &name).get(self.lang));
            }
            // Said once above the display: the service's line moves on to the build at once.
            Event::Rebuilding { service, reason, .. } => {
                let _ = self.multi.println(format!("{service:<10} {}", reason.text().get(self.lang)));
            }
            Event::BuildLine { service, line } | Event::LogLine { service, line, .. } => {
                let _ = self.multi.println(format!("{service:<10} | {line}"));
            }
            _ => {}
        }
    }
}

impl Drop for LiveSink {
    /// The last state of every line stays on screen after the operation.
    fn drop(&mut self) {
        if let Ok(state) = self.state.lock() {
            for bar in state.services.values().chain(state.pull.iter()) {
                bar.disable_steady_tick();
                if !bar.is_finished() {
                    bar.abandon();
                }
            }
        }
    }
}

/// Phases a service may stay in: no spinner, a mark saying how it went.
fn is_resting(phase: ServicePhase) -> bool {
    !matches!(
        phase,
        ServicePhase::Waiting | ServicePhase::Pulling | ServicePhase::Building | ServicePhase::Creating | ServicePhase::Starting | ServicePhase::Stopping
    )
}

fn style(template: &str, fallback: fn() -> ProgressStyle) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| fallback())
}

fn active_style() -> ProgressStyle {
    style("{spinner:.cyan} {prefix:.bold} {msg}", ProgressStyle::default_spinner)
}

fn resting_style(phase: ServicePhase) -> ProgressStyle {
    let mark = match phase {
        ServicePhase::Failed | ServicePhase::Unhealthy => "{prefix:.bold} {msg:.red}",
        ServicePhase::Removed | ServicePhase::Stopped => "{prefix:.bold} {msg:.dim}",
        _ => "{prefix:.bold} {msg:.green}",
    };
    style(&format!("  {mark}"), ProgressStyle::default_spinner)
}

fn pull_style() -> ProgressStyle {
    style("  {prefix:<10}[{bar:30.cyan/blue}] {msg}", ProgressStyle::default_bar)
        .progress_chars("=> ")
}

#[cfg(test)]
mod tests {
    use super::super::tests::FakeClock;
    use super::*;

    #[test]
    fn each_service_has_a_line_and_the_pull_one_bar() {
        let sink = LiveSink::new(ProgressDrawTarget::hidden(), FakeClock::default().clock(), Lang::En);
        sink.emit(Event::ImageProgress { service: "db".into(), image: "postgres:16".into(), done_bytes: 1024, total_bytes: 2048, status: "Downloading".into() });
        sink.emit(Event::PullProgress { done_bytes: 1024, total_bytes: 2048, images_done: 0, images_total: 1 });
        sink.emit(Event::ServiceState { service: "web".into(), state: ServicePhase::Starting, detail: None });
        sink.emit(Event::ServiceState { service: "web".into(), state: ServicePhase::Healthy, detail: None });
        sink.emit(Event::ServiceState { service: "job".into(), state: ServicePhase::Failed, detail: Some("exit code 2".into()) });
        sink.emit(Event::LogLine { service: "web".into(), container: "c".into(), stream: nivel::events::LogStream::Stdout, line: "hello".into() });
        assert_eq!(sink.service_line("db").as_deref(), Some("pulling 1.0 KiB / 2.0 KiB"), "the image's own download");
        assert_eq!(sink.service_line("web").as_deref(), Some("healthy"), "the latest phase");
        assert_eq!(sink.service_line("job").as_deref(), Some("failed: exit code 2"), "with why");
        let (pos, len, msg) = sink.pull_line().expect("a pull bar");
        assert_eq!((pos, len), (1024, Some(2048)), "the bar holds the aggregate bytes");
        assert!(msg.starts_with("1.0 KiB / 2.0 KiB (50%)"), "bytes and percent: {msg}");
        assert!(msg.ends_with("0/1 image"), "images done: {msg}");
    }

    #[test]
    fn spanish_service_lines_and_pull_bar() {
        let sink = LiveSink::new(ProgressDrawTarget::hidden(), FakeClock::default().clock(), Lang::Es);
        sink.emit(Event::ImageProgress { service: "db".into(), image: "postgres:16".into(), done_bytes: 1536, total_bytes: 2048, status: "Downloading".into() });
        sink.emit(Event::ImageProgress { service: "cache".into(), image: "redis:7".into(), done_bytes: 0, total_bytes: 0, status: "Waiting".into() });
        sink.emit(Event::ImageReady { service: "api".into(), image: "python:3.12".into() });
        sink.emit(Event::PullProgress { done_bytes: 1024, total_bytes: 2048, images_done: 0, images_total: 1 });
        sink.emit(Event::ServiceState { service: "web".into(), state: ServicePhase::Unhealthy, detail: None });
        sink.emit(Event::ServiceState { service: "job".into(), state: ServicePhase::Completed, detail: Some("exit code 0".into()) });
        assert_eq!(sink.service_line("db").as_deref(), Some("descargando 1,5 KiB / 2,0 KiB"), "the image's own download, decimal comma");
        assert_eq!(sink.service_line("cache").as_deref(), Some("descargando: Waiting"), "the engine's own status stays as it says it");
        assert_eq!(sink.service_line("api").as_deref(), Some("imagen lista"), "the image is here");
        assert_eq!(sink.service_line("web").as_deref(), Some("no sano"), "the latest phase");
        assert_eq!(sink.service_line("job").as_deref(), Some("completado: exit code 0"), "with why");
        let (_, _, msg) = sink.pull_line().expect("a pull bar");
        assert!(msg.starts_with("1,0 KiB / 2,0 KiB (50%)"), "bytes and percent: {msg}");
        assert!(msg.ends_with("0/1 imagen"), "images done: {msg}");
    }
}
