//! `--json`, or `--format json` as the docker CLI spells it: scripts written for `docker` pass
//! the second, and both print the same document.

use clap::ValueEnum;

#[derive(Debug, clap::Args)]
pub struct JsonFlag {
    /// Print JSON instead of text (the README gives each command's shape).
    #[arg(long)]
    json: bool,
    /// `json` is `--json`; `table`, the default, is text for people.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    format: Option<OutputFormat>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

impl JsonFlag {
    pub fn json(&self) -> bool {
        self.json || self.format == Some(OutputFormat::Json)
    }
}
