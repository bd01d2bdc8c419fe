//! Log lines as `docker compose logs` prints them: `web-1  | hello`, the name column as wide
//! as the widest name seen so far plus one, each service's prefix in its own colour.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

use tokio::sync::Notify;

use nivel::events::{Event, EventSink};

/// Compose's rainbow: cyan, yellow, green, magenta, blue, then their bright forms.
const COLOURS: [&str; 10] = ["36", "33", "32", "35", "34", "36;1", "33;1", "32;1", "35;1", "34;1"];

/// The name a container's lines are prefixed with: `service-N` from a compose-style name
/// (`project-service-N`, `project_service_N`), else the service.
pub fn display_name(service: &str, container: &str) -> String {
    let number = container.rsplit(['-', '_']).next().filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match number {
        Some(n) if container.len() > n.len() => format!("{service}-{n}"),
        _ => service.to_string(),
    }
}

/// Writes log lines to `out`; once `out` refuses a write (the reader went away), stops writing
/// and wakes [`Printer::closed`].
pub struct Printer<W> {
    state: Mutex<State<W>>,
    closed: Notify,
}

struct State<W> {
    out: W,
    colour: bool,
    width: usize,
    colours: HashMap<String, &'static str>,
    /// Each container's prefix, made once; all made again when the column widens.
    prefixes: HashMap<String, Vec<u8>>,
    broken: bool,
}

impl<W> State<W> {
    /// `web-1  | `, in the service's colour when colours are on.
    fn prefix(&mut self, service: &str, container: &str) -> Vec<u8> {
        let name = display_name(service, container);
        let width = self.width.max(name.chars().count() + 1);
        if width != self.width {
            self.width = width;
            self.prefixes.clear();
        }
        let prefix = format!("{name:<width$} | ");
        if !self.colour {
            return prefix.into_bytes();
        }
        let next = COLOURS[self.colours.len() % COLOURS.len()];
        let code = *self.colours.entry(service.to_string()).or_insert(next);
        format!("\x1b[{code}m{prefix}\x1b[0m").into_bytes()
    }
}

impl<W: Write + Send> Printer<W> {
    /// `names`: the display names known up front, so the first lines are already aligned.
    pub fn new(out: W, colour: bool, names: &[String]) -> Self {
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 1;
        let state = State { out, colour, width, colours: HashMap::new(), prefixes: HashMap::new(), broken: false };
        Printer { state: Mutex::new(state), closed: Notify::new() }
    }

    /// Resolves when the output was closed.
    pub async fn closed(&self) {
        self.closed.notified().await;
    }

    #[cfg(test)]
    pub fn into_inner(self) -> W {
        match self.state.into_inner() {
            Ok(s) => s.out,
            Err(poisoned) => poisoned.into_inner().out,
        }
    }
}

impl<W: Write + Send> EventSink for Printer<W> {
    fn emit(&self, event: Event) {
        let Event::LogLine { service, container, line, .. } = event else { return };
        let Ok(mut guard) = self.state.lock() else { return };
        let s = &mut *guard;
        if s.broken {
            return;
        }
        if !s.prefixes.contains_key(&container) {
            let prefix = s.prefix(&service, &container);
            s.prefixes.insert(container.clone(), prefix);
        }
        let prefix = s.prefixes.get(&container).map_or(&[][..], Vec::as_slice);
        let written = s.out.write_all(prefix).and_then(|()| s.out.write_all(line.as_bytes())).and_then(|()| s.out.write_all(b"\n"));
        if written.is_err() {
            s.broken = true;
            self.closed.notify_one();
        }
    }

    fn flush(&self) {
        let Ok(mut s) = self.state.lock() else { return };
        if !s.broken && s.out.flush().is_err() {
            s.broken = true;
            self.closed.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nivel::events::LogStream;

    fn line(service: &str, container: &str, text: &str) -> Event {
        Event::LogLine { service: service.into(), container: container.into(), stream: LogStream::Stdout, line: text.into() }
    }

    #[test]
    fn names_come_from_compose_style_container_names() {
        assert_eq!(display_name("web", "level-2-web-1"), "web-1", "compose v2 names");
        assert_eq!(display_name("web", "level2_web_3"), "web-3", "compose v1 names");
        assert_eq!(display_name("web", "quirky_turing"), "web", "no number, the service alone");
        assert_eq!(display_name("web", "7"), "web", "a bare number is not a replica suffix");
    }

    #[test]
    fn prefixes_are_padded_like_compose() {
        let p = Printer::new(Vec::new(), false, &["web-1".to_string(), "database-1".to_string()]);
        p.emit(line("web", "lab-web-1", "hello"));
        p.emit(line("database", "lab-database-1", "ready"));
        let text = String::from_utf8(p.into_inner()).unwrap();
        assert_eq!(text, "web-1       | hello\ndatabase-1  | ready\n", "names padded to the widest plus one, then ` | `");
    }

    #[test]
    fn a_longer_name_seen_later_widens_the_column() {
        let p = Printer::new(Vec::new(), false, &["web-1".to_string()]);
        p.emit(line("web", "lab-web-1", "a"));
        p.emit(line("scheduler", "lab-scheduler-1", "b"));
        p.emit(line("web", "lab-web-1", "c"));
        let text = String::from_utf8(p.into_inner()).unwrap();
        assert_eq!(text, "web-1  | a\nscheduler-1  | b\nweb-1        | c\n", "the column grows, also for names seen before, never shrinks");
    }

    #[test]
    fn each_service_has_its_own_colour() {
        let p = Printer::new(Vec::new(), true, &["api-1".to_string()]);
        p.emit(line("web", "lab-web-1", "a"));
        p.emit(line("api", "lab-api-1", "b"));
        p.emit(line("web", "lab-web-2", "c"));
        let text = String::from_utf8(p.into_inner()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("\x1b[36mweb-1  | \x1b[0ma"), "first service cyan: {:?}", lines[0]);
        assert!(lines[1].starts_with("\x1b[33mapi-1  | \x1b[0mb"), "second yellow: {:?}", lines[1]);
        assert!(lines[2].starts_with("\x1b[36mweb-2"), "a service keeps its colour across containers: {:?}", lines[2]);
    }

    #[test]
    fn a_closed_output_stops_the_printer() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let p = Printer::new(Closed, false, &[]);
        p.emit(line("web", "lab-web-1", "a"));
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let woke = rt.block_on(async { tokio::time::timeout(std::time::Duration::from_secs(5), p.closed()).await.is_ok() });
        assert!(woke, "the command learns its reader went away");
    }
}
