//! `nivel whoami`: the student's name, id and group as reports print them. `set` changes only
//! the parts given; an empty value clears a part.

use std::io::Write;
use std::process::ExitCode;

use nivel::progress::Identity;

use super::progress_store::{now, DataDirArg};
use super::study::StudyError;
use super::CliError;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Subcommand>,
    /// Print the identity as JSON: `{name, id, group}`, null for parts not set.
    #[arg(long)]
    json: bool,
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
            let store = set.data.open().map_err(StudyError::from)?;
            let current = store.identity().get().map_err(StudyError::from)?;
            let next = merged(current, &set);
            store.identity().set(&next, now()).map_err(StudyError::from)?;
            std::io::stdout().lock().write_all(render(&next).as_bytes())?;
        }
        None => {
            let store = args.data.open().map_err(StudyError::from)?;
            let identity = store.identity().get().map_err(StudyError::from)?;
            let out = if args.json { json(&identity) } else { render(&identity) };
            std::io::stdout().lock().write_all(out.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `current` with the parts `set` gives: trimmed, and an empty one cleared.
fn merged(current: Identity, set: &SetArgs) -> Identity {
    let part = |given: &Option<String>, old: Option<String>| match given {
        Some(v) if v.trim().is_empty() => None,
        Some(v) => Some(v.trim().to_string()),
        None => old,
    };
    Identity { name: part(&set.name, current.name), id: part(&set.id, current.id), group: part(&set.group, current.group) }
}

fn render(identity: &Identity) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".to_string());
    let mut out = format!("name:  {}\nid:    {}\ngroup: {}\n", show(&identity.name), show(&identity.id), show(&identity.group));
    if identity.is_empty() {
        out.push_str("set it with: nivel whoami set --name NAME --id ID --group GROUP\n");
    }
    out
}

fn json(identity: &Identity) -> String {
    let mut text = serde_json::to_string_pretty(identity).unwrap_or_default();
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
        let old = Identity { name: Some("Ana".into()), id: Some("1".into()), group: Some("G1".into()) };
        let new = merged(old, &set(None, Some(" 2 "), Some("")));
        assert_eq!(new, Identity { name: Some("Ana".into()), id: Some("2".into()), group: None }, "name kept, id trimmed, group cleared");
    }
}
