//! Ctrl-C during `up` or `reset`: the operation is dropped where it stands, which records its
//! session as cancelled and releases the lab's lock; what it created carries the lab's labels,
//! so `down` removes it. The student is told so in their language, and the exit is 130, the
//! shell's code for an interrupt.

use std::future::Future;
use std::process::ExitCode;

use nivel::i18n::Lang;
use nivel::lab::Text;

use super::engine::runtime;
use super::remedy::fix_label;
use super::CliError;

/// Runs `operation` to its end, or until Ctrl-C (then `None`). Where the handler cannot be
/// installed, the operation simply runs to its end.
pub fn until_interrupted<T>(operation: impl Future<Output = T>) -> Result<Option<T>, CliError> {
    Ok(runtime()?.block_on(async {
        tokio::select! {
            out = operation => Some(out),
            Ok(()) = tokio::signal::ctrl_c() => None,
        }
    }))
}

/// Says that `operation` was interrupted and how to go on (`down` removes what it created,
/// `again` finishes it), and gives the exit code.
pub fn interrupted(operation: &str, down: &str, again: &str, lang: Lang) -> ExitCode {
    let message = Text::new(
        format!("interrumpido: `{operation}` se detuvo a medio camino; lo que alcanzó a crear lleva las etiquetas del laboratorio"),
        format!("interrupted: `{operation}` stopped part way; what it created carries the lab's labels"),
    );
    let fix = Text::new(format!("`{down}` lo quita, o `{again}` termina lo empezado"), format!("`{down}` removes it, or `{again}` finishes what was started"));
    eprintln!("{}\n  {}: {}", message.get(lang), fix_label().get(lang), fix.get(lang));
    ExitCode::from(130)
}
