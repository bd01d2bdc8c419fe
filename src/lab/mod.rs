//! Labs: what `LAB` on the command line names. A lab is a folder holding a compose file; the
//! course's five built-in labs (`labs/level-0` … `labs/level-4`) are embedded in the binary and
//! written to the data directory on first use, so `nivel up 2` works from anywhere.

mod catalog;
mod install;
mod install_record;
pub mod lock;
mod overview;
mod requirements;
mod resolve;
pub mod secrets;
pub mod spec;
mod text;
mod user_ids;

pub use catalog::{catalog, find, project_name, BuiltinLab};
pub use install::{data_dir, data_dir_from, install, lab_dir, InstallError, Installed, Kept, DATA_DIR_ENV, NEW_VERSION_SUFFIX};
pub use overview::{of_project, LabOverview, LabPort};
pub use resolve::{resolve, resolve_in, LabSource, ResolveError, UnknownLab};
pub use requirements::{EngineVersion, Requirements};
pub use spec::{fill_credentials, lint, lint_builtin, load_lab, CredentialSpec, Exercise, LabLoadError, LabSpec, Link, LintProblem, Severity, LAB_FILE};
pub use text::Text;
pub use user_ids::with_user_ids;
