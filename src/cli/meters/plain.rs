//! `--progress plain` (and `auto` off a terminal): one human line per change on stderr, fit
//! for CI logs and pipes: `web        healthy`, and the aggregate pull at most once a second.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nivel::events::{Event, EventSink, ServicePhase};
use nivel::i18n::Lang;

use super::meter::PullMeter;
use super::output::LineOutput;
use super::words::{created_line, image_ready, phase_word, pulling};
use super::Clock;

/// The shortest gap between two pull lines.
const PULL_EVERY: Duration = Duration::from_secs(1);

pub struct PlainSink {
    out: LineOutput,
    clock: Clock,
    state: Mutex<PlainState>,
}

#[derive(Default)]
struct PlainState {
    lang: Lang,
    meter: PullMeter,
    last_pull_line: Option<Instant>,
    pull_finished: bool,
    phases: HashMap<String, (ServicePhase, Option<String>)>,
}

impl PlainSink {
    pub fn new(out: Box<dyn Write + Send>, clock: Clock, lang: Lang) -> PlainSink {
        PlainSink { out: LineOutput::new(out), clock, state: Mutex::new(PlainState { lang, ..PlainState::default() }) }
    }
}

impl EventSink for PlainSink {
    fn emit(&self, event: Event) {
        let line = match self.state.lock() {
            Ok(mut state) => state.line(event, (self.clock)()),
            Err(_) => None,
        };
        if let Some(line) = line {
            self.out.send(line);
        }
    }
}

impl PlainState {
    fn line(&mut self, event: Event, now: Instant) -> Option<String> {
        match event {
            Event::ServiceState { service, state, detail } => {
                let line = service_line(&service, phase_word(state).get(self.lang), detail.as_deref());
                let seen = (state, detail);
                (self.phases.get(&service) != Some(&seen)).then(|| {
                    self.phases.insert(service, seen);
                    line
                })
            }
            Event::PullProgress { done_bytes, total_bytes, images_done, images_total } => {
                let text = self.meter.update(now, done_bytes, total_bytes, self.lang);
                let finished = images_done >= images_total && done_bytes >= total_bytes;
                let due = self.last_pull_line.is_none_or(|t| now.saturating_duration_since(t) >= PULL_EVERY);
                // The last line is always shown, so a log ends at 100% rather than at 97%.
                let show = if finished { !self.pull_finished } else { due };
                self.pull_finished = finished;
                show.then(|| {
                    self.last_pull_line = Some(now);
                    format!("{} {text}", pulling().get(self.lang))
                })
            }
            Event::ImageReady { service, image } => Some(service_line(&service, image_ready(&image).get(self.lang), None)),
            Event::ResourceCreated { kind, name } => Some(created_line(kind, &name).get(self.lang).to_owned()),
            Event::Rebuilding { service, reason, .. } => Some(service_line(&service, reason.text().get(self.lang), None)),
            Event::BuildLine { service, line } | Event::LogLine { service, line, .. } => Some(format!("{service:<10} | {line}")),
            _ => None,
        }
    }
}

fn service_line(service: &str, what: &str, detail: Option<&str>) -> String {
    match detail {
        // One line per change: the whole story (probe output, last log lines) ends the command.
        Some(d) => format!("{service:<10} {what}: {}", d.lines().next().unwrap_or_default()),
        None => format!("{service:<10} {what}"),
    }
}

#[cfg(test)]
mod tests {
    use nivel::events::ResourceKind;

    use super::super::tests::{Captured, FakeClock};
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn state(service: &str, state: ServicePhase, detail: Option<&str>) -> Event {
        Event::ServiceState { service: service.into(), state, detail: detail.map(String::from) }
    }

    fn pull(done: u64, total: u64, images_done: usize) -> Event {
        Event::PullProgress { done_bytes: done, total_bytes: total, images_done, images_total: 2 }
    }

    #[test]
    fn one_line_per_state_change() {
        let captured = Captured::default();
        let sink = PlainSink::new(Box::new(captured.clone()), FakeClock::default().clock(), Lang::En);
        sink.emit(Event::ResourceCreated { kind: ResourceKind::Network, name: "lab_default".into() });
        sink.emit(state("web", ServicePhase::Starting, None));
        sink.emit(state("web", ServicePhase::Starting, None));
        sink.emit(state("web", ServicePhase::Healthy, None));
        sink.emit(state("worker", ServicePhase::Failed, Some("exit code 3")));
        sink.emit(Event::ImageReady { service: "db".into(), image: "postgres:16".into() });
        drop(sink);
        assert_eq!(
            captured.text(),
            "network lab_default created\nweb        starting\nweb        healthy\nworker     failed: exit code 3\ndb         image postgres:16 ready\n",
            "the repeated state is not printed again"
        );
    }

    #[test]
    fn a_rebuild_says_why_in_the_students_language() {
        let rebuilding = || Event::Rebuilding { service: "api".into(), image: "lab-api".into(), reason: nivel::events::RebuildReason::ContextChanged };
        for (lang, expected) in [
            (Lang::En, "api        rebuilding: the build context changed since the image was built\n"),
            (Lang::Es, "api        reconstruyendo: el contexto de construcción cambió desde que se construyó la imagen\n"),
        ] {
            let captured = Captured::default();
            let sink = PlainSink::new(Box::new(captured.clone()), FakeClock::default().clock(), lang);
            sink.emit(rebuilding());
            drop(sink);
            assert_eq!(captured.text(), expected, "the reason next to the service in {lang:?}");
        }
    }

    #[test]
    fn pulls_print_at_most_once_a_second_and_always_at_the_end() {
        let captured = Captured::default();
        let clock = FakeClock::default();
        let sink = PlainSink::new(Box::new(captured.clone()), clock.clock(), Lang::En);
        let total = 45 * MIB;
        for (ms, done) in [(0, 0), (300, 2 * MIB), (600, 4 * MIB), (1_000, 6 * MIB), (1_500, 9 * MIB), (1_900, 12 * MIB), (2_000, 13 * MIB)] {
            clock.set_ms(ms);
            sink.emit(pull(done, total, 0));
        }
        clock.set_ms(2_100);
        sink.emit(pull(total, total, 2));
        sink.emit(pull(total, total, 2));
        drop(sink);
        let text = captured.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            vec![
                "pulling 0 B / 45.0 MiB (0%)",
                "pulling 6.0 MiB / 45.0 MiB (13%) ETA 7s",
                "pulling 13.0 MiB / 45.0 MiB (28%) ETA 5s",
                "pulling 45.0 MiB / 45.0 MiB (100%)",
            ],
            "the first, one a second at 6 MiB/s, and the finish once: {text}"
        );
    }

    #[test]
    fn spanish_lines_for_phases_resources_images_and_pulls() {
        let captured = Captured::default();
        let clock = FakeClock::default();
        let sink = PlainSink::new(Box::new(captured.clone()), clock.clock(), Lang::Es);
        sink.emit(Event::ResourceCreated { kind: ResourceKind::Network, name: "lab_default".into() });
        sink.emit(Event::ResourceCreated { kind: ResourceKind::Volume, name: "lab_data".into() });
        sink.emit(state("web", ServicePhase::Starting, None));
        sink.emit(state("web", ServicePhase::Healthy, None));
        sink.emit(state("api", ServicePhase::Running, None));
        sink.emit(state("worker", ServicePhase::Failed, Some("exit code 3")));
        sink.emit(Event::ImageReady { service: "db".into(), image: "postgres:16".into() });
        sink.emit(pull(0, 45 * MIB, 0));
        clock.set_ms(1_000);
        sink.emit(pull(6 * MIB, 45 * MIB, 0));
        sink.emit(pull(45 * MIB, 45 * MIB, 2));
        drop(sink);
        let text = captured.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            vec![
                "se creó la red lab_default",
                "se creó el volumen lab_data",
                "web        arrancando",
                "web        sano",
                "api        en marcha",
                "worker     falló: exit code 3",
                "db         imagen postgres:16 lista",
                "descargando 0 B / 45,0 MiB (0%)",
                "descargando 6,0 MiB / 45,0 MiB (13%) quedan 7s",
                "descargando 45,0 MiB / 45,0 MiB (100%)",
            ],
            "every word the student reads is Spanish: {text}"
        );
    }
}
