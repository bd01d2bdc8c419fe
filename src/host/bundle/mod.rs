//! A support bundle for a teaching assistant: the doctor's facts, and for each lab on the
//! engine its status and its containers' last log lines, with secrets masked.

mod archive;
pub mod mask;

use std::collections::BTreeMap;
use std::time::SystemTime;

use futures_util::future::join_all;

use crate::docker::logs::{stream_logs, LogOptions};
use crate::docker::status::{self, LabStatus};
use crate::docker::{Engine, EngineError};
use crate::events::{Collect, Event};

pub use archive::write_zip;

/// Log lines kept per container.
pub const LOG_LINES: u64 = 200;

/// The bundle's files: `facts.json`, then `labs/<project>/status.json` and
/// `labs/<project>/<container>.log` for every compose project on the engine. `secrets` (those
/// Nivel made for the labs' credentials) are masked wherever a log shows them.
pub async fn files(engine: Option<&Engine>, facts: &serde_json::Value, now: SystemTime, secrets: &[String]) -> Result<Vec<(String, Vec<u8>)>, EngineError> {
    let mut files = vec![("facts.json".to_string(), pretty(facts))];
    let Some(engine) = engine else { return Ok(files) };
    let labs = status::labs(engine, None, now).await?;
    let logs = join_all(labs.iter().map(|lab| logs_of(engine, lab, secrets))).await;
    for (lab, logs) in labs.iter().zip(logs) {
        let dir = format!("labs/{}", safe(&lab.project));
        files.push((format!("{dir}/status.json"), pretty(&serde_json::to_value(lab).unwrap_or_default())));
        for (container, lines) in logs? {
            files.push((format!("{dir}/{}.log", safe(&container)), lines.into_bytes()));
        }
    }
    Ok(files)
}

/// Each container's last [`LOG_LINES`] lines, masked.
async fn logs_of(engine: &Engine, lab: &LabStatus, secrets: &[String]) -> Result<BTreeMap<String, String>, EngineError> {
    let sink = Collect::default();
    let opts = LogOptions { tail: Some(LOG_LINES), ..Default::default() };
    stream_logs(engine, &lab.project, &[], opts, &sink).await?;
    let mut by_container: BTreeMap<String, String> = BTreeMap::new();
    for event in sink.take() {
        if let Event::LogLine { container, line, .. } = event {
            let text = by_container.entry(container).or_default();
            text.push_str(&mask::known(&mask::log_line(&line), secrets));
            text.push('\n');
        }
    }
    Ok(by_container)
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A project or container name as a path part: no separators, no `..`.
fn safe(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    if s.is_empty() || s.chars().all(|c| c == '.') { "_".into() } else { s }
}
