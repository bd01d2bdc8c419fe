//! How a use case fails, in one shape every front end understands. Each domain keeps its own
//! `#[non_exhaustive]` error enum; every one of them is a [`Problem`]: a stable code programs
//! branch on, a message in both languages, and what to do about it as data. A [`Failure`] is
//! that, flattened to cross a process boundary (the desktop's IPC, `--json` output).

use serde::Serialize;

use crate::lab::Text;

/// What a front end can offer to fix a failure. The CLI prints each as the flag or command
/// that does it; the app shows it as a button or a setting. Only data: no flag is named here.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Remedy {
    /// Start the lab `lab` (it is not running).
    StartLab { lab: String },
    /// Start the lab with every published host port moved up by `offset`.
    PortOffset { offset: u16 },
    /// Start (or install) the container engine, then try again.
    StartEngine,
    /// Start the lab although the readiness check advises against it.
    StartAnyway,
    /// Wait longer for the lab to become ready: `seconds` in all.
    WaitLonger { seconds: u64 },
    /// Another operation holds the lab: wait for it, or try again when it ends.
    WaitForOperation,
    /// Correct the lab file at `path` (a linter lists every problem).
    FixLabFile { path: String },
    /// Restore the progress store from its backup of `date` (`YYYY-MM-DD`, or `latest`: the
    /// newest there is).
    RestoreProgress { date: String },
    /// Pick another backup to restore: one of `dates` (`YYYY-MM-DD`), or, when it is empty,
    /// one from the list of backups.
    ChooseBackup { dates: Vec<String> },
    /// Name a lab that exists: one of the built-in labs `known` (when listed), a folder
    /// holding a compose file, or a compose file.
    ChooseLab { known: Vec<String> },
    /// Choose another place for a file Nivel was asked to write.
    ChooseAnotherPath,
    /// Advice a person follows by hand.
    Advice { text: Text },
}

/// A domain error as every front end sees it.
pub trait Problem: std::error::Error {
    /// Stable, dotted, for programs: `lab.unknown`, `engine.unreachable`, `ports.busy`…
    fn code(&self) -> &'static str;
    /// What went wrong, in both languages.
    fn text(&self) -> Text;
    /// What to do about it, when anything can be done.
    fn remedy(&self) -> Option<Remedy> {
        None
    }
    /// True when the input the user gave is at fault (the CLI exits 2), false when the
    /// machine, the engine or the network is (exit 1).
    fn is_input(&self) -> bool {
        false
    }
}

/// A failure flattened for the boundary: `{code, message: {es, en}, remedy}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Failure {
    pub code: String,
    pub message: Text,
    pub remedy: Option<Remedy>,
    /// The user's input is at fault (rather than the machine or the engine).
    pub input: bool,
}

impl Failure {
    /// The boundary shape of any domain error.
    pub fn from_problem(p: &dyn Problem) -> Failure {
        Failure { code: p.code().to_owned(), message: p.text(), remedy: p.remedy(), input: p.is_input() }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message.en, self.code)
    }
}

impl std::error::Error for Failure {}

impl<P: Problem> From<&P> for Failure {
    fn from(p: &P) -> Failure {
        Failure::from_problem(p)
    }
}

/// What every domain's tests assert of its errors: each has the stable code it is listed with
/// (codes are what programs branch on, so changing one is a breaking change), dotted and
/// lower-case, no two variants share one, and both languages say something.
#[cfg(test)]
pub(crate) fn assert_problems(cases: &[(&dyn Problem, &str)]) {
    let mut seen = std::collections::BTreeSet::new();
    for (problem, code) in cases {
        assert_eq!(problem.code(), *code, "{problem:?}: its stable code");
        let (domain, name) = code.split_once('.').unwrap_or_default();
        let well_formed = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
        assert!(well_formed(domain) && well_formed(name), "{code}: dotted, lower-case words");
        assert!(seen.insert(*code), "{code}: used by one variant only");
        let text = problem.text();
        assert!(!text.es.trim().is_empty() && !text.en.trim().is_empty(), "{code}: a message in both languages: {text:?}");
        assert_ne!(text.es, text.en, "{code}: the Spanish message is Spanish: {text:?}");
        if let Some(Remedy::Advice { text }) = problem.remedy() {
            assert!(!text.es.trim().is_empty() && !text.en.trim().is_empty() && text.es != text.en, "{code}: advice in both languages: {text:?}");
        }
    }
}
