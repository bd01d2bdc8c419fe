//! Host readiness against this machine and the real engine: the facts match what the OS and
//! the docker CLI say, busy ports name their holder, and `nivel doctor` prints, exits and
//! bundles as documented.

mod cli;
mod facts;
