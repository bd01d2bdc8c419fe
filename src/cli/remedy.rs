//! A library failure as the terminal shows it: the message, then its remedy as the flag or
//! command that carries it out. The library's remedies are data; this is the one place that
//! names `nivel`'s flags and commands for them.

use nivel::app::{LifecycleError, Problem, Remedy};
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::doctor::report::reasons;

/// `problem`'s message in `lang`, with a `fix:` line when something can be done.
pub fn render(problem: &dyn Problem, lang: Lang) -> String {
    let text = problem.text();
    let mut out = text.get(lang).to_owned();
    if let Some(fix) = problem.remedy().map(|r| flag(&r, lang)).filter(|f| !f.is_empty()) {
        out.push_str(&format!("\n  {}: {fix}", fix_label().get(lang)));
    }
    out
}

/// What the line with a remedy starts with.
pub fn fix_label() -> Text {
    Text::new("solución", "fix")
}

/// What the student types or does for `remedy`, in `lang`.
pub fn flag(remedy: &Remedy, lang: Lang) -> String {
    let text = match remedy {
        Remedy::PortOffset { offset } => Text::new(
            format!("cierre el programa que ocupa el puerto, o arranque con `--port-offset {offset}` para desplazar todos los puertos del laboratorio"),
            format!("stop the program holding the port, or start with `--port-offset {offset}` to shift every port of the lab"),
        ),
        Remedy::StartEngine => Text::new(
            "arranque Docker: `sudo systemctl start docker` (Linux) o abra Docker Desktop; si falta, instálelo con `sudo apt-get install docker.io`",
            "start Docker: `sudo systemctl start docker` (Linux) or open Docker Desktop; install it with `sudo apt-get install docker.io` if it is missing",
        ),
        Remedy::StartAnyway => Text::new("corrija lo anterior, o use `--force` para arrancar de todos modos", "fix the above, or pass `--force` to start anyway"),
        Remedy::WaitLonger { seconds } => Text::new(
            format!("espere más con `--timeout {seconds}`, o mire los registros de esos servicios"),
            format!("wait longer with `--timeout {seconds}`, or look at those services' logs"),
        ),
        Remedy::WaitForOperation => Text::new(
            "espere a que termine, o quite `--no-wait` para esperarlo",
            "wait for it to finish, or leave out `--no-wait` to wait for it",
        ),
        Remedy::FixLabFile { .. } => Text::new(
            "corrija el archivo del laboratorio (`nivel lab lint` muestra cada problema)",
            "correct the lab file (`nivel lab lint` lists every problem)",
        ),
        Remedy::RestoreProgress { date } => Text::new(
            format!("recupere una copia con `nivel progress restore {date}` (`nivel progress restore --list` las muestra), o mueva el archivo a otro sitio para empezar uno nuevo"),
            format!("restore a backup with `nivel progress restore {date}` (`nivel progress restore --list` shows them), or move it aside to start a new one"),
        ),
        Remedy::ChooseBackup { dates } if dates.is_empty() => {
            Text::new("elija otra copia de `nivel progress restore --list`", "choose another one from `nivel progress restore --list`")
        }
        Remedy::ChooseBackup { dates } => {
            let dates = dates.join(", ");
            Text::new(format!("elija una de estas: {dates}, o `latest`"), format!("choose one of {dates}, or `latest`"))
        }
        Remedy::ChooseLab { known } if known.is_empty() => Text::new(
            "indique la carpeta de un laboratorio (con un compose.yaml), un archivo compose o un laboratorio incluido (`nivel labs` los muestra)",
            "name a lab folder (holding compose.yaml), a compose file, or a built-in lab (`nivel labs` lists them)",
        ),
        Remedy::ChooseLab { known } => {
            let known = known.join(", ");
            Text::new(
                format!("indique un laboratorio incluido ({known}, o solo su número de nivel; `nivel labs` los muestra), o la ruta de una carpeta con un compose.yaml, o de un archivo compose"),
                format!("name a built-in lab ({known}, or just its level number; `nivel labs` lists them), or give the path of a folder holding a compose.yaml, or of a compose file"),
            )
        }
        Remedy::ChooseAnotherPath => Text::new("elija otro archivo", "choose another file"),
        Remedy::StartLab { lab } => Text::new(format!("arránquelo con `nivel up {lab}`"), format!("start it with `nivel up {lab}`")),
        Remedy::Advice { text } => text.clone(),
        // A remedy this CLI does not know yet: the message stands alone.
        _ => return String::new(),
    };
    text.get(lang).to_owned()
}

/// A refusal of the application layer, whole: the readiness gate's reasons then the remedy,
/// a missing service with the nearest name; the lower layers' errors as [`render`] shows them.
pub fn refusal(e: &LifecycleError, lang: Lang) -> String {
    let fix = fix_label();
    let fix = fix.get(lang);
    match e {
        LifecycleError::NotReady { lab, verdict, .. } => {
            let mut remedy = e.remedy().map(|r| flag(&r, lang)).unwrap_or_default();
            // Moving the ports is one way; starting anyway stays the other.
            if matches!(e.remedy(), Some(Remedy::PortOffset { .. })) {
                remedy.push_str(Text::new(", o use `--force` para arrancar de todos modos", ", or pass `--force` to start anyway").get(lang));
            }
            let mut out = format!("{lab}: {}\n{}", verdict.level.label().get(lang), reasons(&verdict.reasons, lang));
            // A refusal without a remedy the CLI knows ends with its reasons, not an empty line.
            if remedy.is_empty() {
                return out.trim_end().to_owned();
            }
            out.push_str(&format!("  {fix}: {remedy}"));
            out
        }
        LifecycleError::UnknownService { service, suggestion, known } => {
            let missing = Text::new(format!("el laboratorio no tiene el servicio `{service}`"), format!("the lab has no service `{service}`"));
            let hint = match suggestion {
                Some(s) => Text::new(format!("¿quiso decir `{s}`?"), format!("did you mean `{s}`?")),
                None => Text::new(format!("sus servicios son: {}", known.join(", ")), format!("its services are: {}", known.join(", "))),
            };
            format!("{}\n  {fix}: {}", missing.get(lang), hint.get(lang))
        }
        other => render(other, lang),
    }
}
