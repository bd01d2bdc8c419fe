//! The lab's lock on the command line: a line on stderr naming who holds it while this one
//! waits, a refusal (exit 1) with `--no-wait`, and a warning when no lock can be made and the
//! operation goes on without one. The lab commands take it through the application layer
//! ([`on_busy`] is how they hear about a holder); `hold` takes it directly.

use std::ops::ControlFlow;
use std::sync::Mutex;
use std::time::SystemTime;

use nivel::i18n::Lang;
use nivel::lab::lock::{lock_lab, Busy, Holder, LabLock, LockRequest};
use nivel::lab::Text;

use super::CliError;

/// Holds the lock of compose project `project` for `operation` (`nivel up`) until dropped;
/// `None` when Nivel has no data folder to keep locks in (said on stderr).
pub fn hold(project: &str, operation: &str, no_wait: bool) -> Result<Option<LabLock>, CliError> {
    let lang = Lang::from_env(&|k| std::env::var(k).ok());
    let data_dir = match nivel::lab::data_dir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("{} {e}", warning(lang));
            return Ok(None);
        }
    };
    let request = LockRequest { data_dir: &data_dir, project, operation, pid: std::process::id(), now: SystemTime::now() };
    let mut told: Option<Option<Holder>> = None;
    let locked = lock_lab(&request, &mut |busy| {
        if no_wait {
            return ControlFlow::Break(());
        }
        // Once per holder: a holder that changes while this one waits is named again.
        if told.as_ref() != Some(&busy.holder) {
            eprintln!("{}", waiting(busy, lang));
            told = Some(busy.holder.clone());
        }
        ControlFlow::Continue(())
    });
    match locked {
        Ok(lock) => {
            if let Some(problem) = lock.unprotected() {
                eprintln!("{} {}", warning(lang), problem.describe().get(lang));
            }
            Ok(Some(lock))
        }
        Err(busy) => Err(CliError::Busy(busy)),
    }
}

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

fn warning(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "aviso:",
        Lang::En => "warning:",
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
