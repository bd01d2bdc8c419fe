//! Nivel: course lab environments on a student's own machine.
//!
//! The engine lives here and never depends on the desktop shell: the `nivel` CLI and the
//! desktop app call the same functions.

pub mod app;
pub mod checks;
pub mod compose;
pub mod docker;
pub mod events;
pub mod file_kind;
pub mod host;
pub mod i18n;
pub mod lab;
pub mod output;
pub mod progress;
