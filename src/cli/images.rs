//! `nivel images save LAB... -o FILE` and `nivel images load FILE`: a lab's images on a USB
//! stick for a classroom without internet. Missing images are pulled or built first, with the
//! progress `up` shows; the archive's bytes are counted on stderr as they go.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nivel::app::Observer;
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::engine::{context, runtime};
use super::meters::units::bytes_in;
use super::meters::{self, ProgressMode};
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Subcommand,
}

#[derive(Debug, clap::Subcommand)]
enum Subcommand {
    /// Write every image the labs need (pulling or building missing ones first) into one archive.
    Save {
        /// The labs: built-in ids (`level-2`, or just `2`) or lab folders.
        #[arg(required = true, value_name = "LAB")]
        labs: Vec<String>,
        /// The archive to write (replaced only once it is complete).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// How pulls and builds show their progress.
        #[arg(long, value_enum, default_value_t)]
        progress: ProgressMode,
    },
    /// Load an archive written by `nivel images save` (or `docker save`) into the engine.
    Load {
        /// The archive.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let lang = ctx.lang();
    let mut err = std::io::stderr();
    match args.command {
        Subcommand::Save { labs, output, progress } => {
            let meter = ByteMeter::new(Text::new("escrito", "written"), lang);
            let saved = {
                let sink = meters::sink(progress);
                let observer = Observer::events(sink.as_ref());
                runtime()?.block_on(nivel::app::images_save(&ctx, &labs, &output, &observer, &|n| meter.show(n, None)))
            };
            meter.done();
            let saved = saved?;
            let images = Text::count(saved.images.len(), ("imagen", "imágenes"), ("image", "images"));
            let said = Text::new(
                format!("{}, {} en {}", images.es, bytes_in(saved.bytes, lang), output.display()),
                format!("{}, {} in {}", images.en, bytes_in(saved.bytes, lang), output.display()),
            );
            writeln!(err, "{}", said.get(lang))?;
            for image in &saved.images {
                writeln!(err, "  {image}")?;
            }
        }
        Subcommand::Load { file } => {
            let meter = ByteMeter::new(Text::new("leído", "read"), lang);
            let loaded = runtime()?.block_on(nivel::app::images_load(&ctx, &file, &|n, total| meter.show(n, Some(total))));
            meter.done();
            let loaded = loaded?;
            let images = Text::count(loaded.images.len(), ("imagen cargada", "imágenes cargadas"), ("image loaded", "images loaded"));
            let said = Text::new(
                format!("{} de {} ({})", images.es, file.display(), bytes_in(loaded.bytes, lang)),
                format!("{} from {} ({})", images.en, file.display(), bytes_in(loaded.bytes, lang)),
            );
            writeln!(err, "{}", said.get(lang))?;
            for image in &loaded.images {
                writeln!(err, "  {image}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Bytes so far, redrawn in place on a terminal and one line a second otherwise; the last
/// count is always shown.
struct ByteMeter {
    word: Text,
    lang: Lang,
    state: Mutex<Meter>,
    live: bool,
}

/// When a count was last shown, and the newest count if it was not shown.
#[derive(Default)]
struct Meter {
    shown_at: Option<Instant>,
    pending: Option<(u64, Option<u64>)>,
}

impl ByteMeter {
    fn new(word: Text, lang: Lang) -> ByteMeter {
        ByteMeter { word, lang, state: Mutex::new(Meter::default()), live: std::io::stderr().is_terminal() }
    }

    fn show(&self, bytes: u64, total: Option<u64>) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let every = Duration::from_secs(if self.live { 0 } else { 1 }) + Duration::from_millis(100);
        if state.shown_at.is_some_and(|at| now.duration_since(at) < every) {
            state.pending = Some((bytes, total));
            return;
        }
        *state = Meter { shown_at: Some(now), pending: None };
        self.print(bytes, total);
    }

    fn print(&self, bytes: u64, total: Option<u64>) {
        let of = total.map(|t| format!(" / {}", bytes_in(t, self.lang))).unwrap_or_default();
        let line = format!("{} {}{of}", self.word.get(self.lang), bytes_in(bytes, self.lang));
        if self.live {
            eprint!("\r{line}\x1b[K");
        } else {
            eprintln!("{line}");
        }
    }

    fn done(&self) {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((bytes, total)) = state.pending {
            self.print(bytes, total);
        }
        if self.live && state.shown_at.is_some() {
            eprintln!();
        }
    }
}

