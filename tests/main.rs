//! Nivel's integration tests: one binary, one module per area. They run the real `nivel`
//! binary against real files in temporary directories.

mod common;
mod compose_cli;
mod reference;
