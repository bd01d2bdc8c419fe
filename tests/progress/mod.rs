//! The progress store on real files: a writer killed mid-write loses nothing it committed and
//! leaves a sound file; two processes write at once; a full disk; read-only stores; files
//! that are not Nivel's or are damaged; daily backups and restores; the files Nivel writes
//! for the user; and the `nivel progress` and `nivel whoami` commands end to end.

mod backups;
mod cli;
mod concurrent;
mod full_disk;
mod kill;
mod ownership;
mod read_only;
pub mod support;
mod user_files;
mod writer;
