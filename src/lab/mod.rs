//! Labs: what `LAB` on the command line names. Today a folder holding a compose file, or a
//! compose file itself; the course's built-in labs (`level-2`, `2`) join this lookup later.

mod resolve;

pub use resolve::{resolve, LabSource, UnknownLab};
