//! The use cases a student or instructor performs, shared by every front end: the `nivel` CLI
//! parses arguments and renders these results in a terminal; the desktop app calls the same
//! functions from its commands and renders them in a window. Nothing here prints, reads the
//! process environment or names a command-line flag: what a front end needs to show comes
//! back as data (serialisable results, [`Failure`]s with a [`Remedy`]).

pub mod context;
pub mod error;

pub use context::Context;
pub use error::{Failure, Problem, Remedy};

#[cfg(test)]
#[path = "codes_tests.rs"]
mod codes_tests;
