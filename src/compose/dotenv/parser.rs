//! The dotenv scanner: statements, keys and values, following compose-go's parser step by
//! step so that odd files read the same (a bare `KEY` on the last line without a newline
//! becomes an empty key with the value `KEY`; text after a closing quote starts a new
//! statement).

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use super::escapes;
use crate::compose::Environment;
use crate::compose::error::{ErrorKind, LoadError, Warning};
use crate::compose::interpolate::{unset_variable, unset_warning};
use crate::compose::node::Span;
use crate::compose::template::{self, TemplateError};

pub(super) struct Parser<'a> {
    /// The whole text (without a byte-order mark); every slice the parser holds is a suffix of
    /// it, which is how positions for errors are found.
    text: &'a str,
    file: Arc<str>,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    /// Where each line starts, so that placing a message does not rescan the text.
    line_starts: Vec<usize>,
    /// Unset variables already warned about, gathered from the warnings when the first one
    /// is met.
    warned: RefCell<Option<HashSet<String>>>,
}

/// Whitespace inside a line: Go's `isSpace` in the parser (no newline).
fn is_space(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}')
}

impl<'a> Parser<'a> {
    pub(super) fn new(text: &'a str, file: &str, lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Parser { text, file: Arc::from(file), lookup, line_starts, warned: RefCell::default() }
    }

    /// Parses every statement. `vars` holds the values defined so far (by earlier files too,
    /// for a project's env files); values look variables up in `lookup` first, then in `vars`.
    pub(super) fn run(
        &self,
        vars: &mut Environment,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<(String, Option<String>)>, LoadError> {
        let mut entries = Vec::new();
        let mut rest = self.text;
        loop {
            rest = statement_start(rest);
            if rest.is_empty() {
                return Ok(entries);
            }
            let statement = rest;
            let (key, after, inherited) = self.key_name(rest)?;
            if key.contains(' ') {
                return Err(self
                    .error(ErrorKind::Syntax, statement, format!("key {key:?} cannot contain a space"))
                    .with_fix("write KEY=value with no space in KEY"));
            }
            if inherited {
                let value = (self.lookup)(&key).or_else(|| vars.get(&key).cloned());
                if let Some(v) = &value {
                    vars.insert(key.clone(), v.clone());
                }
                entries.push((key, value));
                rest = after;
                continue;
            }
            let (value, after) = self.value(&key, after, vars, warnings)?;
            vars.insert(key.clone(), value.clone());
            entries.push((key, Some(value)));
            rest = after;
        }
    }

    /// Reads the key; returns it, the text after the separator (spaces skipped) and whether the
    /// line was a bare `KEY`.
    fn key_name(&self, src: &'a str) -> Result<(String, &'a str, bool), LoadError> {
        let statement = src;
        let mut src = src;
        if let Some(tail) = src.strip_prefix("export") {
            // Go's `\s`: ASCII whitespace without the vertical tab.
            if tail.starts_with(['\t', '\n', '\u{c}', '\r', ' ']) {
                src = tail.trim_start_matches(is_space);
            }
        }
        if src.is_empty() {
            return Err(self
                .error(
                    ErrorKind::Syntax,
                    statement,
                    "`export` at the end of the file names no variable".into(),
                )
                .with_fix("write export KEY=value, or remove the line"));
        }
        // A key that runs to the end of the text without a separator stays empty, and the
        // whole statement is read as its value: compose's behaviour for a last bare line.
        let (mut key, mut offset, mut inherited) = ("", 0, false);
        for (i, c) in src.char_indices() {
            match c {
                c if is_space(c) => {}
                '=' | ':' | '\n' => {
                    (key, offset, inherited) = (&src[..i], i + 1, c == '\n');
                    break;
                }
                '_' | '.' | '-' | '[' | ']' => {}
                c if c.is_alphabetic() || c.is_numeric() => {}
                c => {
                    let line = src.split('\n').next().unwrap_or(src);
                    return Err(self
                        .error(
                            ErrorKind::Syntax,
                            &src[i..],
                            format!("unexpected character {c:?} in variable name {line:?}"),
                        )
                        .with_fix("variable names may hold letters, digits, `_`, `.`, `-`, `[` and `]`"));
                }
            }
        }
        let key = key.trim_end().to_string();
        Ok((key, src[offset..].trim_start_matches(is_space), inherited))
    }

    /// Reads a value; returns it and the text after it.
    fn value(
        &self,
        key: &str,
        src: &'a str,
        vars: &Environment,
        warnings: &mut Vec<Warning>,
    ) -> Result<(String, &'a str), LoadError> {
        let quote = match src.as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => *q,
            _ => {
                let (line, rest) = src.split_once('\n').unwrap_or((src, ""));
                let line = line.split_once(" #").map_or(line, |(value, _)| value);
                let value = self.expand(key, src, line.trim_end(), vars, warnings)?;
                return Ok((value, rest));
            }
        };
        let bytes = src.as_bytes();
        let mut chars = Vec::new();
        let mut escaped = false;
        for (i, &c) in bytes.iter().enumerate().skip(1) {
            if c != quote {
                if !escaped && c == b'\\' {
                    escaped = true;
                    continue;
                }
                if escaped {
                    escaped = false;
                    chars.push(b'\\');
                }
                chars.push(c);
                continue;
            }
            if escaped {
                // `\"` in double quotes, `\'` in single quotes: the quote itself.
                escaped = false;
                chars.push(c);
                continue;
            }
            let value = String::from_utf8_lossy(&chars).into_owned();
            let value = if quote == b'"' {
                self.expand(key, src, &escapes::expand(&value), vars, warnings)?
            } else {
                value
            };
            return Ok((value, &src[i + 1..]));
        }
        let first_line = src.split('\n').next().unwrap_or(src);
        Err(self
            .error(ErrorKind::Syntax, src, format!("unterminated quoted value {first_line}"))
            .with_fix(format!("end the value of {key} with a matching {}", char::from(quote))))
    }

    /// Substitutes `${VAR}` in a value; `at` is where the value starts, for messages.
    fn expand(
        &self,
        key: &str,
        at: &str,
        value: &str,
        vars: &Environment,
        warnings: &mut Vec<Warning>,
    ) -> Result<String, LoadError> {
        let lookup = |name: &str| (self.lookup)(name).or_else(|| vars.get(name).cloned());
        match template::substitute(value, &lookup) {
            Ok(done) => {
                for name in done.unset {
                    let mut warned = self.warned.borrow_mut();
                    let seen = warned.get_or_insert_with(|| warnings.iter().filter_map(unset_variable).map(str::to_owned).collect());
                    if seen.insert(name.clone()) {
                        warnings.push(unset_warning(&name, self.span(at)));
                    }
                }
                Ok(done.value)
            }
            Err(TemplateError::Invalid { template }) => Err(self
                .error(
                    ErrorKind::Interpolation,
                    at,
                    format!("invalid interpolation format for {key}: {template:?}"),
                )
                .with_fix("write a literal $ as $$ (or \\$ in double quotes), and variables as ${NAME}")),
            Err(TemplateError::MissingRequired { variable, message }) => {
                let fix = format!("set {variable} in the environment or earlier in this file");
                let e = TemplateError::MissingRequired { variable, message };
                Err(self.error(ErrorKind::Interpolation, at, format!("{key}: {e}")).with_fix(fix))
            }
        }
    }

    fn error(&self, kind: ErrorKind, at: &str, problem: String) -> LoadError {
        LoadError::at(kind, &self.span(at), problem)
    }

    /// The line and column where `at` (a suffix of the text) starts.
    fn span(&self, at: &str) -> Span {
        let offset = self.text.len().saturating_sub(at.len());
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Span::new(
            self.file.clone(),
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }
}

/// Skips blank space and comment lines; returns the text from the next statement on.
fn statement_start(mut src: &str) -> &str {
    loop {
        src = src.trim_start();
        if !src.starts_with('#') {
            return src;
        }
        match src.find('\n') {
            Some(i) => src = &src[i..],
            None => return "",
        }
    }
}
