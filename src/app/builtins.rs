//! The course's built-in labs, written to the context's data folder when needed and loaded
//! with their lab files: what the progress report lists and the doctor judges.

use crate::compose::LoadedProject;
use crate::lab::{self, BuiltinLab, InstallError, LabLoadError, LabSpec};

use super::Context;

/// Why a built-in lab could not be opened.
#[derive(Debug)]
pub(crate) enum BuiltinError {
    Install(InstallError),
    LabFile(LabLoadError),
}

/// A built-in lab, loaded.
pub(crate) struct Builtin {
    pub(crate) lab: BuiltinLab,
    pub(crate) opened: Result<(LabSpec, LoadedProject), BuiltinError>,
}

/// Every built-in lab, by level.
pub(crate) fn builtins(ctx: &Context) -> Vec<Builtin> {
    lab::catalog()
        .into_iter()
        .map(|b| {
            let opened = lab::install(&b, &ctx.data_dir)
                .map_err(BuiltinError::Install)
                .and_then(|installed| lab::load_lab(&installed.dir, ctx.env.clone()).map_err(BuiltinError::LabFile));
            Builtin { lab: b, opened }
        })
        .collect()
}
