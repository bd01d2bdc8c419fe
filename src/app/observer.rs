//! What a front end hears while an operation on a lab runs, besides its result: the
//! operation's events, another operation holding the lab (and whether to wait for it), and
//! warnings the moment they are known (the CLI prints them before the progress display).

use std::ops::ControlFlow;

use crate::events::{Discard, EventSink};
use crate::host::Reason;
use crate::lab::lock::Busy;

/// The listeners of one operation.
pub struct Observer<'a> {
    pub events: &'a dyn EventSink,
    /// Called about every 100 ms while another operation holds the lab: `Continue` waits on,
    /// `Break` gives up with [`LifecycleError::Busy`](super::LifecycleError::Busy).
    pub busy: &'a (dyn Fn(&Busy) -> ControlFlow<()> + Sync),
    /// A warning, as soon as it is known; the result carries them all again.
    pub warning: &'a (dyn Fn(&Reason) + Sync),
}

impl Observer<'static> {
    /// Hears nothing and waits for a busy lab: for callers that only want the result.
    pub fn quiet() -> Observer<'static> {
        Observer { events: &Discard, busy: &|_| ControlFlow::Continue(()), warning: &|_| {} }
    }
}

impl<'a> Observer<'a> {
    /// Events go to `events`; nothing else is heard and a busy lab is waited for.
    pub fn events(events: &'a dyn EventSink) -> Observer<'a> {
        Observer { events, busy: &|_| ControlFlow::Continue(()), warning: &|_| {} }
    }
}
