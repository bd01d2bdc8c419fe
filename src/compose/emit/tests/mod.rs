//! Output compared with the text `docker compose config` (v2.40.3) printed for equivalent
//! compose files.

mod documents;
mod keys;
mod scalars;
