//! One file per subcommand: an `Args` struct and a `run` function.

use std::fmt;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use nivel::compose::{LoadError, Warning};
use nivel::app::EngineError;
use nivel::i18n::Lang;

mod check;
mod class;
mod class_swarm;
mod completions;
mod compose;
mod config;
mod creds;
mod engine;
mod progress_flags;
mod project_args;
mod table;
mod json_flag;
mod errors_es;
mod help_es;
mod interrupt;
mod lab;
mod labs;
mod lab_arg;
mod lab_lock;
mod remedy;
pub mod doctor;
pub mod meters;
mod logs;
mod man;
mod status;
mod down;
mod reset;
mod restart;
mod up;
mod progress_store;
mod settings;
mod images;
mod study;
mod whoami;

/// Nivel: the course's labs on your own machine.
#[derive(Debug, Parser)]
#[command(name = "nivel", version, about, propagate_version = true, after_help = EXIT_CODES_EN)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a compose project fully resolved, as `docker compose config` does.
    Config(config::Args),
    /// Each lab on the engine: its services' state, health, ports with URLs, image and uptime.
    Status(status::Args),
    /// A lab's container output, prefixed by service; `-f` keeps following.
    Logs(logs::Args),
    /// Start a lab and wait until every service is ready.
    Up(up::Args),
    /// Stop a lab and remove its containers and networks.
    Down(down::Args),
    /// Stop a lab's services (or some of them) and start the same containers again.
    Restart(restart::Args),
    /// Delete a lab's containers and data (or one service's) and start it again.
    Reset(reset::Args),
    /// Run any compose project through Nivel's engine.
    Compose(compose::Args),
    /// The built-in labs: id, level, services and published ports.
    Labs(labs::Args),
    /// Lab files: `nivel lab lint` checks them.
    Lab(lab::Args),
    /// Check my work: run a lab's exercise checks against the running lab and record them.
    Check(check::Args),
    /// A lab's logins: each service's user and the secret made for this installation.
    Creds(creds::Args),
    /// Your progress per level: exercises passed, first pass, attempts, time each lab ran; `export` writes the report.
    #[command(name = "progress")]
    Study(study::Args),
    /// Your name, student id and group as progress reports show them; `set` changes them.
    Whoami(whoami::Args),
    /// Can this machine run the labs? Facts, each lab's verdict, and what to do if not.
    Doctor(doctor::Args),
    /// Nivel's own settings (language, workspace, engine, port offset, network, image mirrors); `set` changes them.
    Settings(settings::Args),
    /// A lab's images in one archive for a classroom without internet: `save` writes it, `load` loads it.
    Images(images::Args),
    /// A completion script for bash, zsh, fish, powershell or elvish, lab ids included.
    Completions(completions::Args),
    /// A class: every student's copy of one lab; `render --target kubernetes` writes their manifests.
    Class(class::Args),
    /// The manual page (roff): `nivel man | man -l -`, or one command's, `nivel man up`.
    Man(man::Args),
}

/// What `nivel --help` ends with: the exit codes every command keeps to.
pub const EXIT_CODES_EN: &str = "Exit codes:
  0    done (a check: every exercise passed; doctor: every lab ready)
  1    a failure: the engine, a service, a busy lab, a check or verdict that did not pass
  2    a problem in the input: an unknown lab or flag, a compose or lab file error
  130  interrupted with Ctrl-C (up and reset record the session as cancelled)
  141  the output's reader went away (a closed pipe), as for the docker CLI";

/// The command line parsed, its help in the student's language.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let lang = env_lang();
    let command = match lang {
        Lang::Es => help_es::localise(Cli::command()),
        Lang::En => Cli::command(),
    };
    let matches = command.try_get_matches().unwrap_or_else(|e| parse_error(e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| parse_error(e, lang))
}

/// Ends the process on a parse error as clap does (exit 2; 0 for `--help`), in Spanish when
/// the student reads Spanish.
fn parse_error(error: clap::Error, lang: Lang) -> ! {
    if lang == Lang::Es {
        if let Some(text) = errors_es::render(&error) {
            eprint!("{text}");
            std::process::exit(error.exit_code());
        }
    }
    error.exit()
}

/// The language of the process's environment (`NIVEL_LANG`, then the locale), for what is
/// said without a context: errors before one exists, progress displays, lint.
pub fn env_lang() -> Lang {
    Lang::from_env(&|k| std::env::var(k).ok())
}

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Config(args) => config::run(args),
        Command::Status(args) => status::run(args),
        Command::Logs(args) => logs::run(args),
        Command::Up(args) => up::run(args),
        Command::Down(args) => down::run(args),
        Command::Restart(args) => restart::run(args),
        Command::Reset(args) => reset::run(args),
        Command::Compose(args) => compose::run(args),
        Command::Labs(args) => labs::run(args),
        Command::Lab(args) => lab::run(args),
        Command::Check(args) => check::run(args),
        Command::Creds(args) => creds::run(args),
        Command::Study(args) => study::run(args),
        Command::Whoami(args) => whoami::run(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Settings(args) => settings::run(args),
        Command::Images(args) => images::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Class(args) => class::run(args),
    }
}

/// Why a command failed; input problems exit with code 2, everything else with 1.
#[derive(Debug)]
pub enum CliError {
    Input(LoadError),
    Output(std::io::Error),
    Engine(EngineError),
    Resolve(nivel::lab::ResolveError),
    Lab(nivel::app::LabError),
    Study(study::StudyError),
    /// A lab file with errors.
    LabFile(nivel::lab::LabLoadError),
    /// A use case refused (the readiness gate, a service the lab does not have); rendered
    /// with its remedy as the flag that applies it.
    Lifecycle(nivel::app::LifecycleError),
    /// The support bundle could not be written.
    Bundle(nivel::app::export::OutputError),
    /// Another operation holds the lab and `--no-wait` was given.
    Busy(nivel::lab::lock::Busy),
    /// A class file, its lab, or what a target cannot map.
    Class(nivel::class::ClassError),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Output(_) => 1,
            CliError::Engine(e) => if nivel::app::Problem::is_input(e) { 2 } else { 1 },
            CliError::Bundle(e) => if e.is_input() { 2 } else { 1 },
            CliError::Resolve(nivel::lab::ResolveError::Unknown(_) | nivel::lab::ResolveError::NotALab { .. }) => 2,
            CliError::Resolve(_) => 1,
            CliError::Lab(e) => e.exit_code(),
            CliError::Study(e) => e.exit_code(),
            CliError::LabFile(_) => 2,
            CliError::Lifecycle(e) => if nivel::app::Problem::is_input(e) { 2 } else { 1 },
            CliError::Busy(_) => 1,
            CliError::Class(e) => if nivel::app::Problem::is_input(e) { 2 } else { 1 },
        }
    }
}

impl CliError {
    /// Whether the output's reader closed the pipe: no failure of Nivel's, and nobody to tell.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The message in `lang`: the library's errors speak both languages, with their remedy as
    /// the CLI's flag or command; compose-file and output errors are English.
    pub fn message(&self, lang: nivel::i18n::Lang) -> String {
        match self {
            CliError::Engine(e) => remedy::render(e, lang),
            CliError::Lab(e) => remedy::render(e, lang),
            CliError::Resolve(e) => remedy::render(e, lang),
            CliError::LabFile(e) => remedy::render(e, lang),
            CliError::Study(e) => e.message(lang),
            CliError::Bundle(e) => remedy::render(e, lang),
            CliError::Busy(busy) => lab_lock::refusal(busy, lang),
            CliError::Lifecycle(e) => remedy::refusal(e, lang),
            CliError::Class(e) => remedy::render(e, lang),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(e) => write!(f, "{e}"),
            CliError::Output(e) => write!(f, "cannot write the output: {e}"),
            CliError::Engine(e) => f.write_str(&remedy::render(e, Lang::En)),
            CliError::Resolve(e) => f.write_str(&remedy::render(e, Lang::En)),
            CliError::Lab(e) => f.write_str(&remedy::render(e, Lang::En)),
            CliError::Study(e) => write!(f, "{e}"),
            CliError::Lifecycle(e) => f.write_str(&remedy::refusal(e, Lang::En)),
            CliError::LabFile(e) => f.write_str(&remedy::render(e, Lang::En)),
            CliError::Bundle(e) => f.write_str(&remedy::render(e, Lang::En)),
            CliError::Busy(busy) => write!(f, "{}", lab_lock::refusal(busy, Lang::En)),
            CliError::Class(e) => f.write_str(&remedy::render(e, Lang::En)),
        }
    }
}

impl From<nivel::app::LifecycleError> for CliError {
    /// The lower layers' errors keep the variants (and so the messages and exit codes) they
    /// always had; the use cases' own refusals are rendered with their remedy.
    fn from(e: nivel::app::LifecycleError) -> Self {
        use nivel::app::LifecycleError as L;
        use nivel::app::ResetError;
        match e {
            L::Resolve(e) => CliError::Resolve(e),
            L::LabFile(e) => CliError::LabFile(e),
            L::Compose(e) => CliError::Input(e),
            L::Busy(e) => CliError::Busy(e),
            L::Engine(e) | L::Reset(ResetError::Engine(e)) => CliError::Engine(e),
            L::Lab(e) => CliError::Lab(e),
            L::Reset(ResetError::UnknownService(u)) => CliError::Lifecycle(L::UnknownService { service: u.service, suggestion: u.suggestion, known: u.known }),
            other => CliError::Lifecycle(other),
        }
    }
}

impl From<LoadError> for CliError {
    fn from(e: LoadError) -> Self {
        CliError::Input(e)
    }
}

impl From<EngineError> for CliError {
    fn from(e: EngineError) -> Self {
        CliError::Engine(e)
    }
}

impl From<nivel::lab::ResolveError> for CliError {
    fn from(e: nivel::lab::ResolveError) -> Self {
        CliError::Resolve(e)
    }
}

impl From<nivel::app::LabError> for CliError {
    fn from(e: nivel::app::LabError) -> Self {
        CliError::Lab(e)
    }
}

impl From<study::StudyError> for CliError {
    fn from(e: study::StudyError) -> Self {
        CliError::Study(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e)
    }
}

/// Prints `message` as an error (it carries its own fix) and exits with `code`, for refusals
/// decided in the CLI itself.
pub fn refuse(message: &str, code: u8) -> Result<ExitCode, CliError> {
    eprintln!("error: {message}");
    Ok(ExitCode::from(code))
}

pub fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
