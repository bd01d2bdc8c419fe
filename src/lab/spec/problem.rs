//! What `nivel lab lint` reports: one problem per place, with the file, line and column it
//! concerns, how bad it is and what to do about it, in both languages; the front end picks one
//! when it renders the problem.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::i18n::Lang;
use crate::lab::Text;

/// Errors stop a lab from loading; warnings point at something an instructor should look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word a rendered problem shows for it.
    pub fn word(self) -> Text {
        match self {
            Severity::Error => Text::new("error", "error"),
            Severity::Warning => Text::new("aviso", "warning"),
        }
    }
}

/// One problem in a lab: in its `lab.toml` or in its compose project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LintProblem {
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the file as a whole.
    pub line: u32,
    /// 1-based, in characters.
    pub col: u32,
    pub severity: Severity,
    pub message: Text,
    /// What the author can do about it.
    pub fix: Text,
}

impl LintProblem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl LintProblem {
    /// The problem as `nivel lab lint` prints it in `lang`: `file:line:col: severity: message`,
    /// the shape editors jump to, then its fix on an indented line.
    pub fn render(&self, lang: Lang) -> String {
        let place = if self.line > 0 { format!(":{}:{}", self.line, self.col) } else { String::new() };
        let fix = Text::new("solución", "fix");
        format!(
            "{}{place}: {}: {}\n  {}: {}",
            self.file.display(),
            self.severity.word().get(lang),
            self.message.get(lang),
            fix.get(lang),
            self.fix.get(lang)
        )
    }
}

/// Collects the problems of one `lab.toml`, turning byte offsets into lines and columns.
pub(super) struct Problems<'a> {
    file: &'a Path,
    text: &'a str,
    /// Where each line of `text` starts, so that placing many problems stays linear.
    line_starts: Vec<usize>,
    pub(super) list: Vec<LintProblem>,
}

impl<'a> Problems<'a> {
    pub(super) fn new(file: &'a Path, text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Problems { file, text, line_starts, list: Vec::new() }
    }

    pub(super) fn error(&mut self, span: Range<usize>, message: Text, fix: Text) {
        self.push(span, Severity::Error, message, fix);
    }

    pub(super) fn warning(&mut self, span: Range<usize>, message: Text, fix: Text) {
        self.push(span, Severity::Warning, message, fix);
    }

    fn push(&mut self, span: Range<usize>, severity: Severity, message: Text, fix: Text) {
        let offset = span.start.min(self.text.len());
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        let (line, col) = (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX));
        self.list.push(LintProblem { file: self.file.to_path_buf(), line, col, severity, message, fix });
    }

    /// A problem found somewhere else (the compose files), already located.
    pub(super) fn add(&mut self, problem: LintProblem) {
        self.list.push(problem);
    }

    pub(super) fn has_errors(&self) -> bool {
        self.list.iter().any(LintProblem::is_error)
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1), "the start");
        assert_eq!(line_col(text, 6), (2, 1), "the start of the second line");
        assert_eq!(line_col(text, 10), (2, 4), "columns count characters, not bytes");
        assert_eq!(line_col(text, 999), (3, 1), "past the end is the end");
    }

    #[test]
    fn problems_are_placed_like_line_col() {
        let text = "a = 1\nbé = 2\n";
        let file = Path::new("lab.toml");
        let mut problems = Problems::new(file, text);
        for offset in [0, 5, 6, 10, 999] {
            problems.error(offset..offset, Text::same("x"), Text::same("y"));
        }
        let placed: Vec<(u32, u32)> = problems.list.iter().map(|p| (p.line, p.col)).collect();
        let expected: Vec<(u32, u32)> = [0, 5, 6, 10, 999].iter().map(|o| line_col(text, *o)).collect();
        assert_eq!(placed, expected, "the line index agrees with counting from the start");
    }

    #[test]
    fn printed_as_file_line_col_then_the_fix_in_each_language() {
        let p = LintProblem {
            file: "lab.toml".into(),
            line: 3,
            col: 7,
            severity: Severity::Error,
            message: Text::new("mal", "bad"),
            fix: Text::new("bien", "good"),
        };
        assert_eq!(p.render(Lang::En), "lab.toml:3:7: error: bad\n  fix: good", "the compiler-like shape editors jump to");
        assert_eq!(p.render(Lang::Es), "lab.toml:3:7: error: mal\n  solución: bien", "the same shape in Spanish");
        let whole = LintProblem { file: "lab".into(), line: 0, severity: Severity::Warning, ..p };
        assert_eq!(whole.render(Lang::Es), "lab: aviso: mal\n  solución: bien", "no place for the whole file; a warning is an aviso");
    }
}
