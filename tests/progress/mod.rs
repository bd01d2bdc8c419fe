//! The progress store on real files: a writer killed mid-write loses nothing it committed and
//! leaves a sound file; two processes write at once; and the `nivel progress` and `nivel
//! whoami` commands end to end.

mod cli;
mod concurrent;
mod kill;
mod writer;
