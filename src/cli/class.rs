//! `nivel class render --target kubernetes CLASSFILE -o DIR`: every student's manifests, one
//! file each; nothing is applied to a cluster.

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
