//! `nivel config`: the project fully resolved, printed like `docker compose config`.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;

use nivel::compose;

use super::project_args::ProjectArgs;
use super::{print_warnings, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub flags: ConfigFlags,
}

/// What `config` prints, shared with `nivel compose config`.
#[derive(Debug, clap::Args)]
pub struct ConfigFlags {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,
    /// Only check the project: print nothing, exit 2 if it does not load.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print only the services' names, one a line.
    #[arg(long)]
    pub services: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Yaml,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    print(&args.project, &args.flags)
}

/// Loads the project `project` names and prints it as `flags` ask.
pub fn print(project: &ProjectArgs, flags: &ConfigFlags) -> Result<ExitCode, CliError> {
    let loaded = compose::load_project(&project.project_options()?)?;
    print_warnings(&loaded.warnings);
    if flags.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    let text = if flags.services {
        dependencies_first(&loaded.project).into_iter().map(|name| format!("{name}\n")).collect()
    } else {
        compose::render(&loaded.project, matches!(flags.format, Format::Json))?
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The services' names with each one's dependencies before it, as compose lists them (compose
/// breaks ties in map order, which changes from run to run; here, by name).
fn dependencies_first(project: &compose::model::Project) -> Vec<&str> {
    fn visit<'a>(name: &'a str, project: &'a compose::model::Project, seen: &mut Vec<&'a str>, order: &mut Vec<&'a str>) {
        if seen.contains(&name) {
            return;
        }
        seen.push(name);
        let Some(service) = project.services.get(name) else { return };
        for dependency in service.depends_on.keys() {
            visit(dependency, project, seen, order);
        }
        order.push(name);
    }
    let (mut seen, mut order) = (Vec::new(), Vec::new());
    for name in project.services.keys() {
        visit(name, project, &mut seen, &mut order);
    }
    order
}
