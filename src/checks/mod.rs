//! Exercise checks: what "Check my work" verifies against a running lab. A check reaches the
//! lab only through its own published ports on the local machine and through its own
//! containers; the validated types here cannot name anything else.

mod check;
pub mod runner;

pub use check::{
    BasicAuth, Check, CheckKind, ContainerCheck, ExecCheck, ExpectedState, FileCheck, HttpCheck, JsonExpect, JsonTest,
    TcpCheck,
};
pub use runner::{run_exercise, CheckOutcome, ExerciseResult, LabTarget, TargetError};
pub(crate) use runner::ServiceAt;
