//! clap's own parse errors (an unknown flag, a missing value…) in Spanish: clap writes them in
//! English only, so for a Spanish-speaking student they are put together again here from the
//! error's kind and context, with its suggestion and usage line. Exit 2 as clap's.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The error as a Spanish-speaking student reads it; `None` for what is not an error (`--help`,
/// `--version`) or a kind without the context to say it, which clap then prints itself.
pub fn render(error: &clap::Error) -> Option<String> {
    let get = |kind| error.get(kind);
    let string = |kind| match get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let mut text = match error.kind() {
        ErrorKind::UnknownArgument => format!("argumento inesperado '{}'", arg?),
        ErrorKind::InvalidSubcommand => format!("subcomando desconocido '{}'", string(ContextKind::InvalidSubcommand)?),
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, string(ContextKind::InvalidValue)?);
            let mut text = if value.is_empty() {
                format!("'{arg}' necesita un valor y no se dio ninguno")
            } else {
                format!("valor no válido '{value}' para '{arg}'")
            };
            text.push_str(&list("valores posibles", get(ContextKind::ValidValue)));
            text
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg?, string(ContextKind::InvalidValue)?);
            let why = std::error::Error::source(error).map(|s| format!(": {}", reason(&s.to_string()))).unwrap_or_default();
            format!("valor no válido '{value}' para '{arg}'{why}")
        }
        ErrorKind::MissingRequiredArgument => {
            let Some(ContextValue::Strings(missing)) = get(ContextKind::InvalidArg) else { return None };
            missing.iter().fold("faltan estos argumentos obligatorios:".to_owned(), |text, m| format!("{text}\n  {m}"))
        }
        ErrorKind::MissingSubcommand => {
            let command = string(ContextKind::InvalidSubcommand)?;
            format!("'{command}' necesita un subcomando y no se dio ninguno{}", list("subcomandos", get(ContextKind::ValidSubcommand)))
        }
        ErrorKind::TooManyValues => format!("valor inesperado '{}' para '{}': no se esperaban más", string(ContextKind::InvalidValue)?, arg?),
        ErrorKind::NoEquals => format!("'{}' necesita un signo igual para su valor", arg?),
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if *prior == arg => format!("el argumento '{arg}' no se puede dar más de una vez"),
                Some(ContextValue::String(prior)) => format!("el argumento '{arg}' no se puede usar con '{prior}'"),
                Some(ContextValue::Strings(prior)) => prior.iter().fold(format!("el argumento '{arg}' no se puede usar con:"), |t, p| format!("{t}\n  {p}")),
                _ => format!("el argumento '{arg}' no se puede usar con otro de los dados"),
            }
        }
        _ => return None,
    };
    let tips = [(ContextKind::SuggestedSubcommand, "un subcomando"), (ContextKind::SuggestedArg, "un argumento"), (ContextKind::SuggestedValue, "un valor")];
    let mut tipped = false;
    for (kind, what) in tips {
        if let Some(tip) = similar(what, get(kind)) {
            text.push_str(if tipped { "\n" } else { "\n\n" });
            text.push_str(&tip);
            tipped = true;
        }
    }
    if let Some(ContextValue::StyledStrs(tips)) = get(ContextKind::Suggested) {
        if !tipped {
            text.push('\n');
        }
        for tip in tips {
            text.push_str(&format!("\n  consejo: {}", spanish_tip(&tip.to_string())));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = get(ContextKind::Usage) {
        let usage = usage.to_string();
        text.push_str(&format!("\n\n{}", usage.strip_prefix("Usage:").map(|u| format!("Uso:{u}")).unwrap_or(usage)));
    }
    Some(format!("error: {text}\n\nPara más información, pruebe '--help'.\n"))
}

/// clap's "a similar argument exists" tip, in Spanish.
fn similar(what: &str, found: Option<&ContextValue>) -> Option<String> {
    let quoted = |v: &[String]| v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
    match found? {
        ContextValue::String(one) => Some(format!("  consejo: existe {what} parecido: '{one}'")),
        ContextValue::Strings(one) if one.len() == 1 => Some(format!("  consejo: existe {what} parecido: {}", quoted(one))),
        ContextValue::Strings(many) => Some(format!("  consejo: existen otros parecidos: {}", quoted(many))),
        _ => None,
    }
}

/// clap's other tips, whose words are fixed around the names they quote.
fn spanish_tip(english: &str) -> String {
    if let Some((value, using)) = english.strip_prefix("to pass ").and_then(|t| t.split_once(" as a value, use ")) {
        return format!("para pasar {value} como valor, use {using}");
    }
    if let Some((sub, dash)) = english.strip_prefix("subcommand ").and_then(|t| t.split_once(" exists; to use it, remove the ")) {
        return format!("el subcomando {sub} existe; para usarlo, quite el {} de delante", dash.trim_end_matches(" before it"));
    }
    match english.strip_suffix(" exists") {
        Some(command) => format!("existe {command}"),
        None => english.to_owned(),
    }
}

/// `  [name: a, b]` after the message, as clap lists the values it takes.
fn list(name: &str, values: Option<&ContextValue>) -> String {
    match values {
        Some(ContextValue::Strings(values)) if !values.is_empty() => format!("\n  [{name}: {}]", values.join(", ")),
        _ => String::new(),
    }
}

/// Why a value did not parse, for the parsers the commands use (numbers); others stay as said.
fn reason(english: &str) -> String {
    match english {
        "invalid digit found in string" => "no es un número entero".to_owned(),
        "cannot parse integer from empty string" => "está vacío".to_owned(),
        "number too large to fit in target type" => "el número es demasiado grande".to_owned(),
        "number too small to fit in target type" => "el número es demasiado pequeño".to_owned(),
        other => other.to_owned(),
    }
}
