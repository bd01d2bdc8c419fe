//! The lab's lock on the command line: a line on stderr naming who holds it while this one
//! waits, and a refusal (exit 1) with `--no-wait`. The commands take it through the
//! application layer; [`on_busy`] is how they hear about a holder.

use std::ops::ControlFlow;
use std::sync::Mutex;
use std::time::SystemTime;

use nivel::i18n::Lang;
use nivel::lab::lock::{Busy, Holder};
use nivel::lab::Text;

/// What the application layer calls while another operation holds the lab: with `--no-wait`,
/// give up; otherwise wait, naming the holder on stderr once per holder.
pub fn on_busy(no_wait: bool, lang: Lang) -> impl Fn(&Busy) -> ControlFlow<()> + Sync {
    let told: Mutex<Option<Option<Holder>>> = Mutex::new(None);
    move |busy: &Busy| {
        if no_wait {
            return ControlFlow::Break(());
        }
        if let Ok(mut told) = told.lock() {
            // Once per holder: a holder that changes while this one waits is named again.
            if told.as_ref() != Some(&busy.holder) {
                eprintln!("{}", waiting(busy, lang));
                *told = Some(busy.holder.clone());
            }
        }
        ControlFlow::Continue(())
    }
}

fn waiting(busy: &Busy, lang: Lang) -> String {
    let holder = busy.describe(SystemTime::now());
    Text::new(
        format!("{}; se espera a que termine (pulse Ctrl-C para dejar de esperar)", holder.es),
        format!("{}; waiting for it to finish (Ctrl-C to stop waiting)", holder.en),
    )
    .get(lang)
    .to_owned()
}

/// The refusal of `--no-wait`, with its fix.
pub fn refusal(busy: &Busy, lang: Lang) -> String {
    let holder = busy.describe(SystemTime::now());
    Text::new(
        format!("{}\n  solución: espere a que termine, o quite `--no-wait` para esperarlo", holder.es),
        format!("{}\n  fix: wait for it to finish, or leave out `--no-wait` to wait for it", holder.en),
    )
    .get(lang)
    .to_owned()
}
