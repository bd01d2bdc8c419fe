//! `--progress json`: one JSON object per event and line on stdout, for programs that drive
//! Nivel (the shape is `Event`'s serialisation, tagged by `event`).

use std::io::Write;

use nivel::events::{Event, EventSink};

use super::output::LineOutput;

pub struct JsonSink {
    out: LineOutput,
}

impl JsonSink {
    pub fn new(out: Box<dyn Write + Send>) -> JsonSink {
        JsonSink { out: LineOutput::new(out) }
    }
}

impl EventSink for JsonSink {
    fn emit(&self, event: Event) {
        if let Ok(line) = serde_json::to_string(&event) {
            self.out.send(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::Captured;
    use super::*;
    use nivel::events::{ResourceKind, ServicePhase};

    #[test]
    fn every_event_is_one_json_line() {
        let captured = Captured::default();
        let sink = JsonSink::new(Box::new(captured.clone()));
        let events = vec![
            Event::ResourceCreated { kind: ResourceKind::Network, name: "lab_default".into() },
            Event::PullProgress { done_bytes: 10, total_bytes: 20, images_done: 0, images_total: 1 },
            Event::ServiceState { service: "web".into(), state: ServicePhase::Healthy, detail: None },
        ];
        for e in events.clone() {
            sink.emit(e);
        }
        drop(sink);
        let text = captured.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "one line per event: {text}");
        for (line, event) in lines.iter().zip(&events) {
            assert_eq!(*line, serde_json::to_string(event).unwrap(), "the event's own serialisation");
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v.get("event").is_some(), "each object says which event it is: {line}");
        }
        assert_eq!(lines[2], r#"{"event":"service_state","service":"web","state":"healthy","detail":null}"#, "a stable shape");
    }
}
