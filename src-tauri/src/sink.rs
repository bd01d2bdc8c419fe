//! An operation's events, streamed to the view that started it through its Tauri Channel.

use nivel::events::{Event, EventSink};
use tauri::ipc::Channel;

pub struct ChannelSink(pub Channel<Event>);

impl EventSink for ChannelSink {
    fn emit(&self, event: Event) {
        // A view that closed mid-operation no longer listens; the operation goes on.
        let _ = self.0.send(event);
    }
}
