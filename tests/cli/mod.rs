//! The habits the docker CLI taught its users, through the real binary: `--format json` beside
//! `--json`, silence on a closed pipe, completions, the man page, exit codes and help in both
//! languages.

mod completions;
mod formats;
mod help;
mod parse_errors;
mod pipe;
