//! Nivel: course lab environments on a student's own machine.
//!
//! The engine lives here and never depends on the desktop shell: the `nivel` CLI and the
//! desktop app call the same functions. What they call is the public API:
//!
//! - [`app`]: the use cases (labs overview, up, down, reset, logs, check, progress, doctor,
//!   settings…) over one [`app::Context`], their serialisable results, and their errors as
//!   [`app::Problem`]s with a [`app::Remedy`] a front end shows as a flag or a button;
//! - [`lab`]: the lab file format an instructor writes, and the bilingual [`Text`];
//! - [`i18n`]: the [`Lang`] messages are rendered in;
//! - [`events`]: what a running operation reports (pull progress, service states, log lines);
//! - [`compose`]: the compose loader and its model, as `nivel config` prints it.
//!
//! `docker`, `progress`, `checks`, `host`, `output` and `file_kind` are layers under [`app`]
//! and private to the crate. The `internals` feature, which only this repository's integration
//! tests turn on, makes the first three public so the tests can drive them directly against the
//! real engine and real stores.

pub mod app;
pub mod class;
pub mod compose;
pub mod events;
pub mod i18n;
pub mod lab;

pub use i18n::Lang;
pub use lab::Text;

#[cfg(feature = "internals")]
pub mod checks;
#[cfg(not(feature = "internals"))]
mod checks;
#[cfg(feature = "internals")]
pub mod docker;
#[cfg(not(feature = "internals"))]
mod docker;
#[cfg(feature = "internals")]
pub mod progress;
#[cfg(not(feature = "internals"))]
mod progress;

mod file_kind;
mod host;
mod output;
