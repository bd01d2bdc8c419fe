//! A class on a real multi-node Docker Swarm: engines in network namespaces this test makes
//! (a manager and two workers), joined through a bridge of their own, pulling from a local
//! registry there. Its own binary, run by `scripts/test-class.sh` after the other tests: it
//! starts three engines and is not run alongside the rest.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;
mod browser;
mod class;
mod swarm;
