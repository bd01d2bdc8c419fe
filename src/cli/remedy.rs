//! The use cases' refusals as the terminal shows them: the reasons, then the fix, where a
//! [`Remedy`] becomes the flag that applies it (`--force`, `--port-offset N`, `--timeout S`).

use nivel::app::{LifecycleError, Remedy};
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::doctor::report::reasons;

/// The flag (or command) that applies `remedy` on the command line, in words.
pub fn as_flag(remedy: &Remedy) -> Option<Text> {
    Some(match remedy {
        Remedy::StartAnyway => Text::new("use `--force` para arrancar de todos modos", "pass `--force` to start anyway"),
        Remedy::PortOffset { offset } => Text::new(
            format!("use `--port-offset {offset}` para mover todos los puertos, o `--force` para arrancar de todos modos"),
            format!("pass `--port-offset {offset}` to move every port, or `--force` to start anyway"),
        ),
        Remedy::WaitLonger { seconds } => Text::new(format!("espere más con `--timeout {seconds}`"), format!("wait longer with `--timeout {seconds}`")),
        Remedy::WaitForOperation => Text::new("espere a que termine, o quite `--no-wait` para esperarlo", "wait for it to finish, or leave out `--no-wait` to wait for it"),
        Remedy::FixLabFile { .. } => Text::new("corrija el archivo del laboratorio (`nivel lab lint` lista cada problema)", "correct the lab file (`nivel lab lint` lists every problem)"),
        Remedy::Advice { text } => text.clone(),
        _ => return None,
    })
}

/// A refusal of the use cases, whole: what is wrong and how to fix it.
pub fn refusal(e: &LifecycleError, lang: Lang) -> String {
    let fix = match lang {
        Lang::Es => "solución",
        Lang::En => "fix",
    };
    match e {
        LifecycleError::NotReady { lab, verdict, .. } => {
            let remedy = nivel::app::Problem::remedy(e).as_ref().and_then(as_flag).map(|t| t.get(lang).to_owned()).unwrap_or_default();
            let above = match lang {
                Lang::Es => "corrija lo anterior, o",
                Lang::En => "fix the above, or",
            };
            format!("{lab}: {}\n{}  {fix}: {above} {remedy}", verdict.level.label(lang), reasons(&verdict.reasons, lang))
        }
        LifecycleError::UnknownService { service, suggestion, known } => {
            let (missing, hint) = match (suggestion, lang) {
                (Some(s), Lang::Es) => (format!("el laboratorio no tiene el servicio `{service}`"), format!("¿quiso decir `{s}`?")),
                (None, Lang::Es) => (format!("el laboratorio no tiene el servicio `{service}`"), format!("sus servicios son: {}", known.join(", "))),
                (Some(s), Lang::En) => (format!("the lab has no service `{service}`"), format!("did you mean `{s}`?")),
                (None, Lang::En) => (format!("the lab has no service `{service}`"), format!("its services are: {}", known.join(", "))),
            };
            format!("{missing}\n  {fix}: {hint}")
        }
        other => {
            let text = nivel::app::Problem::text(other);
            match nivel::app::Problem::remedy(other).as_ref().and_then(as_flag) {
                Some(remedy) => format!("{}\n  {fix}: {}", text.get(lang), remedy.get(lang)),
                None => text.get(lang).to_owned(),
            }
        }
    }
}
