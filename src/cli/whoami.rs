//! `nivel whoami`: the student's name, id and group as reports print them. `set` changes only
//! the parts given; an empty value clears a part, and one with a control character (an
//! escape sequence, a newline) is refused. Values are printed with control characters
//! escaped, whatever an earlier Nivel stored.

use std::io::Write;
use std::process::ExitCode;

use nivel::app::Identity;
use nivel::i18n::Lang;
use nivel::lab::Text;
use nivel::app::progress_store::report::printable;
use nivel::app::progress_store::IdentityPart;

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
    /// Set your name, student id and group for reports (only the parts given change; "" clears one).
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("part").required(true).multiple(true).args(["name", "id", "group"]))]
struct SetArgs {
    /// Your full name.
    #[arg(long)]
    name: Option<String>,
    /// Your student id.
    #[arg(long)]
    id: Option<String>,
    /// Your course group.
    #[arg(long)]
    group: Option<String>,
    #[command(flatten)]
    data: DataDirArg,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        Some(Subcommand::Set(set)) => {
            let given = nivel::app::progress_store::Identity { name: set.name.clone(), id: set.id.clone(), group: set.group.clone() };
            // Refused here, naming the option, before the store is opened.
            if let Some((part, found)) = given.control_character() {
                return Err(StudyError::ControlCharacter { flag: flag(part), found }.into());
            }
            let ctx = set.data.context().map_err(StudyError::from)?;
            let current = nivel::app::identity_get(&ctx).map_err(StudyError::from)?.unwrap_or_default();
            let (stored, warning) = nivel::app::identity_set(&ctx, &merged(current, &set)).map_err(StudyError::from)?;
            if let Some(w) = &warning {
                warn(w, ctx.lang());
            }
            std::io::stdout().lock().write_all(render(&stored, ctx.lang()).as_bytes())?;
        }
        None => {
            let ctx = args.data.context().map_err(StudyError::from)?;
            let identity = nivel::app::identity_get(&ctx).map_err(StudyError::from)?.unwrap_or_default();
            let out = if args.output.json() { json(&identity) } else { render(&identity, ctx.lang()) };
            std::io::stdout().lock().write_all(out.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The option that sets `part`.
fn flag(part: IdentityPart) -> &'static str {
    match part {
        IdentityPart::Name => "--name",
        IdentityPart::Id => "--id",
        IdentityPart::Group => "--group",
    }
}

/// `current` with the parts `set` gives (the application trims them and clears empty ones).
fn merged(current: Identity, set: &SetArgs) -> Identity {
    let part = |given: &Option<String>, old: Option<String>| given.clone().or(old);
    Identity { name: part(&set.name, current.name), student_id: part(&set.id, current.student_id), group: part(&set.group, current.group) }
}

/// The identity a part per line, labels aligned, in `lang`; how to set it when nothing is.
fn render(identity: &Identity, lang: Lang) -> String {
    let labels = [Text::new("nombre", "name"), Text::new("código", "id"), Text::new("grupo", "group")].map(|l| l.get(lang).to_owned());
    let not_set = Text::new("(sin indicar)", "(not set)");
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 1;
    let mut out = String::new();
    for (label, value) in labels.iter().zip([&identity.name, &identity.student_id, &identity.group]) {
        let label = format!("{label}:");
        out.push_str(&format!("{label:<width$} {}\n", value.as_deref().map_or(not_set.get(lang).into(), printable)));
    }
    if identity.cleaned() == Identity::default() {
        let how = Text::new("indíquelo con: nivel whoami set --name NOMBRE --id CÓDIGO --group GRUPO", "set it with: nivel whoami set --name NAME --id ID --group GROUP");
        out.push_str(how.get(lang));
        out.push('\n');
    }
    out
}

/// `{name, id, group}`, as this command has always printed it.
fn json(identity: &Identity) -> String {
    let mut text = serde_json::to_string_pretty(&nivel::app::progress_store::Identity::from(identity)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: Option<&str>, id: Option<&str>, group: Option<&str>) -> SetArgs {
        SetArgs { name: name.map(Into::into), id: id.map(Into::into), group: group.map(Into::into), data: DataDirArg::default() }
    }

    #[test]
    fn set_changes_only_the_parts_given() {
        let old = Identity { name: Some("Ana".into()), student_id: Some("1".into()), group: Some("G1".into()) };
        let new = merged(old, &set(None, Some(" 2 "), Some(""))).cleaned();
        assert_eq!(new, Identity { name: Some("Ana".into()), student_id: Some("2".into()), group: None }, "name kept, id trimmed, group cleared");
    }

    #[test]
    fn the_identity_prints_in_both_languages() {
        let ana = Identity { name: Some("Ana".into()), student_id: Some("1".into()), group: None };
        assert_eq!(render(&ana, Lang::En), "name:  Ana\nid:    1\ngroup: (not set)\n", "English labels, aligned");
        assert_eq!(render(&ana, Lang::Es), "nombre: Ana\ncódigo: 1\ngrupo:  (sin indicar)\n", "Spanish labels, aligned");
    }

    #[test]
    fn an_empty_identity_says_how_to_set_it_in_both_languages() {
        let empty = Identity::default();
        assert!(render(&empty, Lang::En).ends_with("set it with: nivel whoami set --name NAME --id ID --group GROUP\n"), "English");
        assert!(render(&empty, Lang::Es).ends_with("indíquelo con: nivel whoami set --name NOMBRE --id CÓDIGO --group GRUPO\n"), "Spanish");
    }
}
