//! Loader errors: each names the place (file:line:col), the problem and the fix.

use std::fmt;

use super::node::Span;

/// What went wrong, for callers that branch on it (the CLI maps every kind to exit code 2:
/// all of them are problems in the user's input).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read (missing, unreadable, not UTF-8).
    Io,
    /// The YAML itself does not parse (syntax, tabs, alias bomb, too large).
    Syntax,
    /// A key the Compose Specification does not define.
    UnknownKey,
    /// A value of the wrong type (a list where a mapping is expected, ...).
    WrongType,
    /// A value of the right type that does not parse or is out of range (a port, a duration).
    InvalidValue,
    /// A `${VAR}` template that is malformed, or a required variable that is missing.
    Interpolation,
    /// Services that depend on each other in a circle, or files that include/extend in a circle.
    Cycle,
    /// A reference to something that does not exist (a service, network, volume, file).
    MissingReference,
    /// The project as a whole is not usable (no services file found, empty file).
    Project,
}

/// A problem in a compose project, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub kind: ErrorKind,
    /// Where the problem is; `None` when it concerns no single place (no file found).
    pub span: Option<Span>,
    /// What is wrong, in one sentence.
    pub problem: String,
    /// What the user can do about it.
    pub fix: Option<String>,
}

impl LoadError {
    pub fn new(kind: ErrorKind, span: Option<Span>, problem: impl Into<String>) -> Self {
        LoadError { kind, span, problem: problem.into(), fix: None }
    }

    pub fn at(kind: ErrorKind, span: &Span, problem: impl Into<String>) -> Self {
        LoadError::new(kind, Some(span.clone()), problem)
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// `what` has the wrong shape; the fix shows how to write `expected`.
    pub fn wrong_type(span: &Span, what: &str, expected: &str, found: &str) -> Self {
        LoadError::at(ErrorKind::WrongType, span, format!("{what} must be {expected}, not {found}")).with_fix(shape_fix(expected))
    }

    pub fn invalid(span: &Span, problem: impl Into<String>) -> Self {
        LoadError::at(ErrorKind::InvalidValue, span, problem)
    }

    /// Places an error that has no place of its own (a file that cannot be read) at `span`,
    /// the line that referred to it.
    pub fn or_at(mut self, span: &Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(span) = &self.span {
            write!(f, "{span}: ")?;
        }
        write!(f, "{}", self.problem)?;
        if let Some(fix) = &self.fix {
            write!(f, "\n  fix: {fix}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// A compose file's problem reads as compose's own diagnostics do, in English in both
/// languages: its words are the Compose Specification's keys and values.
impl crate::app::Problem for LoadError {
    fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Io => "compose.unreadable",
            ErrorKind::Syntax => "compose.syntax",
            ErrorKind::UnknownKey => "compose.unknown_key",
            ErrorKind::WrongType => "compose.wrong_type",
            ErrorKind::InvalidValue => "compose.invalid_value",
            ErrorKind::Interpolation => "compose.interpolation",
            ErrorKind::Cycle => "compose.cycle",
            ErrorKind::MissingReference => "compose.missing_reference",
            ErrorKind::Project => "compose.no_project",
        }
    }

    fn text(&self) -> crate::lab::Text {
        let place = self.span.as_ref().map(|s| format!("{s}: ")).unwrap_or_default();
        let text = format!("{place}{}", self.problem);
        crate::lab::Text::new(text.clone(), text)
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        let fix = self.fix.as_ref()?;
        Some(crate::app::Remedy::Advice { text: crate::lab::Text::new(fix.clone(), fix.clone()) })
    }

    fn is_input(&self) -> bool {
        true
    }
}

fn shape_fix(expected: &str) -> String {
    let how = if expected.contains("list") {
        "write it as a list: one `- item` per line, or `[a, b]`"
    } else if expected.contains("mapping") {
        "write it as a mapping: one `key: value` per line, indented under it"
    } else if expected.contains("bool") {
        "write true or false"
    } else if expected.contains("integer") || expected.contains("number") {
        "write a number, without quotes or units"
    } else if expected.contains("string") {
        "write a single value; quote it if it contains `: ` or starts with a special character"
    } else {
        "check this field's syntax in the Compose Specification"
    };
    how.to_string()
}

/// The closest candidate to `word` by edit distance, when it is close enough to be a likely
/// typo ("imgae" → "image").
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + usize::from(word.len() > 6);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    // Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    // transpositions ("imgae") each count as one edit.
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j - 1] + cost).min(rows[i - 1][j] + 1).min(rows[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// Something the user should know that does not stop loading (an unset variable, an obsolete
/// `version:` key). Printed to stderr by the CLI, shown in the app.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub span: Option<Span>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.span {
            Some(span) => write!(f, "{span}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["image", "environment", "ports", "volumes"];
        assert_eq!(did_you_mean("imgae", keys), Some("image"), "a transposition is one edit");
        assert_eq!(did_you_mean("enviroment", keys), Some("environment"), "a missing letter");
        assert_eq!(did_you_mean("port", keys), Some("ports"), "a missing plural");
        assert_eq!(did_you_mean("zzz", keys), None, "nothing close means no suggestion");
    }

    #[test]
    fn display_names_place_problem_and_fix() {
        let span = Span::new("compose.yaml".into(), 3, 5);
        let e = LoadError::at(ErrorKind::UnknownKey, &span, "unknown key `imgae`")
            .with_fix("did you mean `image`?");
        assert_eq!(e.to_string(), "compose.yaml:3:5: unknown key `imgae`\n  fix: did you mean `image`?");
    }
}
