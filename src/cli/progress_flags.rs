//! `--progress auto|plain|json|quiet` and `-q`, shared by the commands that change a lab.

use super::meters::ProgressMode;

#[derive(Debug, clap::Args)]
pub struct ProgressFlags {
    /// How to show progress.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    progress: ProgressMode,
    /// Print nothing but warnings and errors (`--progress quiet`).
    #[arg(short, long, conflicts_with = "progress")]
    quiet: bool,
}

impl ProgressFlags {
    pub fn mode(&self) -> ProgressMode {
        if self.quiet {
            ProgressMode::Quiet
        } else {
            self.progress
        }
    }

    pub fn json(&self) -> bool {
        self.mode() == ProgressMode::Json
    }

    pub fn quiet(&self) -> bool {
        self.mode() == ProgressMode::Quiet
    }
}
