//! `nivel class`: a class on the Docker Swarm the current engine manages (`up`, `status`,
//! `down`, each student's handout), or rendered as Kubernetes manifests (`render`), one file
//! per student; nothing is applied to a Kubernetes cluster.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use nivel::class;

use super::json_flag::JsonFlag;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ClassCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ClassCommand {
    /// Write every student's stack as manifests for a cluster (`--target kubernetes`), one file per student.
    Render(RenderArgs),
    /// Deploy every student's stack (or one's) on the Docker Swarm the engine manages, wait until each runs, and give each student's links and credentials.
    Up(UpArgs),
    /// Show every student's services, the node each runs on and its links.
    Status(StudentArgs),
    /// Remove every student's stack (or one's): services, networks and the volumes on every node.
    Down(StudentArgs),
    /// Run the lab's exercise checks against every student's stack and record them in the class's store.
    Check(CheckArgs),
    /// Write the class report (students × exercises) from the class's checks and the progress exports students hand in.
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    target: StudentArgs,
    /// Only this exercise (repeatable); every exercise of the lab when none is given.
    #[arg(long = "exercise", value_name = "ID")]
    exercises: Vec<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum ReportFormat {
    Html,
    Md,
    Json,
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// The class file (see docs/classes.md).
    class_file: PathBuf,
    /// Progress exports students handed in (`nivel progress export --format json`), merged by their identity's id.
    exports: Vec<PathBuf>,
    /// Where to write the report.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// html, md or json; by default from the output's extension, else html.
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
}

#[derive(Debug, clap::Args)]
struct StudentArgs {
    /// The class file (see docs/classes.md).
    class_file: PathBuf,
    /// Only this student (their id in the class file).
    #[arg(long, value_name = "ID")]
    student: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Debug, clap::Args)]
struct UpArgs {
    #[command(flatten)]
    target: StudentArgs,
    /// Write each student's handout (links and credentials) to DIR/<student>.md instead of printing them.
    #[arg(long, value_name = "DIR")]
    handouts: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Target {
    Kubernetes,
}

#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// What to render for.
    #[arg(long, value_enum)]
    target: Target,
    /// The class file (see docs/classes.md).
    class_file: PathBuf,
    /// The folder the files are written to (made when missing).
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    #[command(flatten)]
    json: JsonFlag,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        ClassCommand::Render(args) => render(args),
        ClassCommand::Up(args) => super::class_swarm::up(&args.target.class_file, args.target.student.as_deref(), args.handouts.as_deref(), args.target.json.json()),
        ClassCommand::Status(args) => super::class_swarm::status(&args.class_file, args.student.as_deref(), args.json.json()),
        ClassCommand::Down(args) => super::class_swarm::down(&args.class_file, args.student.as_deref(), args.json.json()),
        ClassCommand::Check(args) => super::class_swarm::check(&args.target.class_file, args.target.student.as_deref(), &args.exercises, args.target.json.json()),
        ClassCommand::Report(args) => super::class_swarm::report(&args.class_file, &args.exports, &args.output, args.format),
    }
}

fn render(args: RenderArgs) -> Result<ExitCode, CliError> {
    let Target::Kubernetes = args.target;
    let file = class::read(&args.class_file).map_err(CliError::Class)?;
    let data_dir = nivel::lab::data_dir().map_err(nivel::lab::ResolveError::from)?;
    let rendered = class::render::write_kubernetes(&file, &data_dir, &args.output).map_err(CliError::Class)?;
    let mut out = std::io::stdout().lock();
    if args.json.json() {
        serde_json::to_writer_pretty(&mut out, &rendered).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let lang = super::env_lang();
        for r in &rendered {
            writeln!(out, "{}  {}  {}", r.student, r.namespace, r.file.display())?;
        }
        let n = rendered.len();
        let v = class::kube::KUBERNETES_VERSION;
        let (es, en) = if n == 1 { ("estudiante", "student") } else { ("estudiantes", "students") };
        let summary = nivel::Text::new(
            format!("{n} {es}, manifiestos de Kubernetes {v}: aplíquelos con kubectl apply -f {}", args.output.display()),
            format!("{n} {en}, Kubernetes {v} manifests: apply them with kubectl apply -f {}", args.output.display()),
        );
        writeln!(out, "{}", summary.get(lang))?;
    }
    Ok(ExitCode::SUCCESS)
}
