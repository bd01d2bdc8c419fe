//! `nivel settings`: what the student chose for Nivel itself (the desktop app's language,
//! workspace folder, engine, port offset and network exposure), kept in the progress store.
//! `set` changes only the settings given; a refused value changes nothing and exits 2.

use std::io::Write;
use std::process::ExitCode;

use nivel::app::settings::{image_mirrors, language, mirrors_text};
use nivel::app::Settings;
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::json_flag::JsonFlag;
use super::progress_store::DataDirArg;
use super::study::StudyError;
use super::up::warn;
use super::CliError;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Subcommand>,
    #[command(flatten)]
    output: JsonFlag,
    #[command(flatten)]
    data: DataDirArg,
}

#[derive(Debug, clap::Subcommand)]
enum Subcommand {
    /// Change some settings (only those given change; "" clears the workspace or the engine).
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("setting").required(true).multiple(true)
    .args(["language", "workspace", "engine_endpoint", "port_offset", "expose_lan", "image_mirrors"]))]
struct SetArgs {
    /// The app's language: es or en.
    #[arg(long, value_name = "LANG")]
    language: Option<String>,
    /// The folder you keep your lab work in (an absolute path to a folder that exists).
    #[arg(long, value_name = "DIR")]
    workspace: Option<String>,
    /// The engine to use (unix:///path/to/socket, tcp://host:port).
    #[arg(long, value_name = "URL")]
    engine_endpoint: Option<String>,
    /// Added to every published host port.
    #[arg(long, value_name = "N")]
    port_offset: Option<u16>,
    /// Publish lab ports on every network interface (true) or only on 127.0.0.1 (false).
    #[arg(long, value_name = "BOOL")]
    expose_lan: Option<bool>,
    /// Pull these references from a mirror: NAME=MIRROR,… matched by prefix on the full name
    /// (docker.io/library/postgres=mirror.local:5000/library/postgres,docker.io=mirror.local:5000);
    /// "" clears it. NIVEL_IMAGE_MIRRORS adds to it.
    #[arg(long, value_name = "MAP")]
    image_mirrors: Option<String>,
    #[command(flatten)]
    data: DataDirArg,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let (data, json) = match &args.command {
        Some(Subcommand::Set(set)) => (&set.data, false),
        None => (&args.data, args.output.json()),
    };
    let ctx = data.context().map_err(StudyError::from)?;
    let lang = ctx.lang();
    let mut settings = nivel::app::settings_get(&ctx).map_err(StudyError::from)?;
    if let Some(Subcommand::Set(set)) = &args.command {
        if let Some(tag) = &set.language {
            settings.language = language(tag).map_err(StudyError::from)?;
        }
        let optional = |given: &Option<String>, old: Option<String>| match given {
            Some(v) if v.trim().is_empty() => None,
            Some(v) => Some(v.trim().to_string()),
            None => old,
        };
        settings.workspace = optional(&set.workspace, settings.workspace);
        settings.engine_endpoint = optional(&set.engine_endpoint, settings.engine_endpoint);
        settings.port_offset = set.port_offset.unwrap_or(settings.port_offset);
        settings.expose_lan = set.expose_lan.unwrap_or(settings.expose_lan);
        if let Some(map) = &set.image_mirrors {
            settings.image_mirrors = image_mirrors(map).map_err(StudyError::from)?;
        }
        let (stored, warning) = nivel::app::settings_set(&ctx, &settings).map_err(StudyError::from)?;
        if let Some(w) = &warning {
            warn(w, lang);
        }
        settings = stored;
    }
    let out = if json { format!("{}\n", serde_json::to_string_pretty(&settings).unwrap_or_default()) } else { render(&settings, lang) };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A setting per line, labels aligned, in `lang`.
fn render(s: &Settings, lang: Lang) -> String {
    let unset = Text::new("(sin indicar)", "(not set)");
    let unset = unset.get(lang);
    let yes_no = |b: bool| Text::new(if b { "sí" } else { "no" }, if b { "yes" } else { "no" }).get(lang).to_string();
    let rows = [
        (Text::new("idioma", "language"), s.language.tag().to_string()),
        (Text::new("carpeta de trabajo", "workspace"), s.workspace.clone().unwrap_or_else(|| unset.to_string())),
        (Text::new("motor", "engine"), s.engine_endpoint.clone().unwrap_or_else(|| unset.to_string())),
        (Text::new("desplazamiento de puertos", "port offset"), s.port_offset.to_string()),
        (Text::new("expuesto en la red", "exposed on the network"), yes_no(s.expose_lan)),
        (Text::new("espejos de imágenes", "image mirrors"), if s.image_mirrors.is_empty() { unset.to_string() } else { mirrors_text(&s.image_mirrors) }),
    ];
    let width = rows.iter().map(|(l, _)| l.get(lang).chars().count()).max().unwrap_or(0) + 1;
    rows.iter().map(|(label, value)| format!("{:<width$} {value}\n", format!("{}:", label.get(lang)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_print_in_both_languages() {
        let s = Settings { port_offset: 100, ..Settings::default() };
        let en = render(&s, Lang::En);
        assert!(en.starts_with("language:               es\n"), "labels aligned: {en}");
        assert!(en.contains("port offset:            100\n") && en.contains("exposed on the network: no\n"), "every setting: {en}");
        let es = render(&s, Lang::Es);
        assert!(es.contains("carpeta de trabajo:        (sin indicar)\n"), "in Spanish: {es}");
    }
}
