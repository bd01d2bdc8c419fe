//! Where rendered lines go: a thread of their own writes them, so an engine task that emits
//! an event never waits on a slow terminal or a reader that does not read its pipe.

use std::io::Write;
use std::sync::mpsc::{channel, Sender};
use std::thread::JoinHandle;

pub struct LineOutput {
    tx: Option<Sender<String>>,
    writer: Option<JoinHandle<()>>,
}

impl LineOutput {
    /// Lines sent here are written to `out`, each followed by a newline and a flush.
    pub fn new(mut out: Box<dyn Write + Send>) -> LineOutput {
        let (tx, rx) = channel::<String>();
        let writer = std::thread::Builder::new()
            .name("nivel-progress".into())
            .spawn(move || {
                for line in rx {
                    // A closed pipe (`nivel up | head`) must not stop the operation.
                    if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                        break;
                    }
                }
            })
            .ok();
        LineOutput { tx: Some(tx), writer }
    }

    pub fn send(&self, line: String) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(line);
        }
    }
}

impl Drop for LineOutput {
    /// Every line sent is written before the sink goes away.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}
