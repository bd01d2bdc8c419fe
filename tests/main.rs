//! Nivel's integration tests: one binary, one module per area. They run the real `nivel`
//! binary against real files in temporary directories.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod app;
mod app_study;
mod checks;
mod class;
mod cli;
mod compose_cli;
mod engine;
mod fuzz_corpus;
mod lab_files;
mod progress;
mod host;
mod reference;
mod remote;
