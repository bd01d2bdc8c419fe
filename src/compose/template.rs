//! `${VAR}` templates: the substitution rules of the Compose Specification.
//!
//! The rules follow Docker Compose v2.40.3 (compose-go v2.9.1) to the letter, including its
//! quirks, because `nivel config` must print what `docker compose config` prints:
//!
//! - A template with an operator (`${A:-x}`) first extends to the last `}` on its line, then
//!   is cut at the brace that closes its `${`; the text between the cut and that last `}` is
//!   substituted on its own and appended (`${A:-x}y}` gives `xy}`).
//! - When counting braces for the cut, the character right after each `{` is skipped, so
//!   `${A:-{}}` has the default `{}`.
//! - Defaults, alternatives and error messages are substituted before the variable is looked
//!   up, whether or not they are used: `${SET:-${}}` is an error, and `${SET:-$UNSET}` reports
//!   `UNSET` as unset.
//! - Only `$NAME` and `${NAME}` report an unset variable; the operator forms never do.

use std::fmt;

/// The result of substituting one string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Substituted {
    pub value: String,
    /// Variables written as `$NAME` or `${NAME}` that were unset (they became empty), in order
    /// of first appearance, each once. The caller warns about them.
    pub unset: Vec<String>,
}

/// Why a template could not be substituted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// A `$` that starts something that is not a valid template (`${}`, `${A`, `${A!}`).
    /// `template` is the (sub)string in which it was found, as compose reports it.
    Invalid { template: String },
    /// `${NAME:?message}` or `${NAME?message}` with the variable missing (or empty for `:?`).
    MissingRequired { variable: String, message: String },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Invalid { template } => write!(f, "Invalid template: {template:?}"),
            TemplateError::MissingRequired { variable, message } if message.is_empty() => {
                write!(f, "required variable {variable} is missing a value")
            }
            TemplateError::MissingRequired { variable, message } => {
                write!(f, "required variable {variable} is missing a value: {message}")
            }
        }
    }
}

impl std::error::Error for TemplateError {}

/// Substitutes every `$NAME`, `${NAME}`, `${NAME<op>arg}` and `$$` in `input`.
/// `lookup` returns `None` for an unset variable and `Some("")` for a set but empty one.
pub fn substitute(
    input: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Substituted, TemplateError> {
    let mut run = Run { lookup, unset: Vec::new() };
    let value = run.substitute(input)?;
    Ok(Substituted { value, unset: run.unset })
}

/// The operators that may follow the name in `${NAME<op>arg}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// `:-`: `arg` when unset or empty.
    DefaultIfEmpty,
    /// `-`: `arg` when unset.
    DefaultIfUnset,
    /// `:+`: `arg` when set and not empty, else the (empty) value.
    AltIfNotEmpty,
    /// `+`: `arg` when set, else empty.
    AltIfSet,
    /// `:?`: error with `arg` when unset or empty.
    RequiredNotEmpty,
    /// `?`: error with `arg` when unset.
    RequiredSet,
}

struct Run<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    unset: Vec<String>,
}

impl Run<'_> {
    fn substitute(&mut self, template: &str) -> Result<String, TemplateError> {
        self.substitute_all(template).map_err(|e| match e {
            // An invalid template names the innermost string it was found in.
            TemplateError::Invalid { template: t } if t.is_empty() => {
                TemplateError::Invalid { template: template.to_string() }
            }
            other => other,
        })
    }

    fn substitute_all(&mut self, template: &str) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(template.len());
        let mut pos = 0;
        while let Some(found) = template[pos..].find('$') {
            let at = pos + found;
            out.push_str(&template[pos..at]);
            match self.expand_at(template, at)? {
                Some((text, end)) => {
                    out.push_str(&text);
                    pos = end;
                }
                None => {
                    out.push('$');
                    pos = at + 1;
                }
            }
        }
        out.push_str(&template[pos..]);
        Ok(out)
    }

    /// Expands the `$` at byte `at`; `None` when it starts nothing (a literal `$`). Returns the
    /// replacement and the byte offset just past what it replaced.
    fn expand_at(&mut self, s: &str, at: usize) -> Result<Option<(String, usize)>, TemplateError> {
        let after = &s[at + 1..];
        if after.starts_with('$') {
            return Ok(Some(("$".to_string(), at + 2)));
        }
        let name_len = name_length(after);
        if name_len > 0 {
            let name = &after[..name_len];
            return Ok(Some((self.plain(name), at + 1 + name_len)));
        }
        if after.starts_with('{') {
            return self.braced(s, at).map(Some);
        }
        Ok(None)
    }

    /// The value of `$NAME` / `${NAME}`: empty (and recorded) when unset.
    fn plain(&mut self, name: &str) -> String {
        match (self.lookup)(name) {
            Some(v) => v,
            None => {
                if !self.unset.iter().any(|n| n == name) {
                    self.unset.push(name.to_string());
                }
                String::new()
            }
        }
    }

    fn braced(&mut self, s: &str, at: usize) -> Result<(String, usize), TemplateError> {
        let invalid = || TemplateError::Invalid { template: String::new() };
        let name_start = at + 2;
        let name_len = name_length(&s[name_start..]);
        if name_len == 0 {
            return Err(invalid());
        }
        let name = &s[name_start..name_start + name_len];
        let after_name = name_start + name_len;
        if s[after_name..].starts_with('}') {
            return Ok((self.plain(name), after_name + 1));
        }
        let (op, op_len) = operator(&s[after_name..]).ok_or_else(invalid)?;
        let arg_start = after_name + op_len;
        // The template reaches the last `}` on its line (a greedy match that cannot cross
        // a newline); without one it is invalid.
        let line_end = s[arg_start..].find('\n').map_or(s.len(), |i| arg_start + i);
        let last_brace = s[arg_start..line_end].rfind('}').ok_or_else(invalid)? + arg_start;
        let end = last_brace + 1;
        let (arg_end, rest) = match closing_brace(&s.as_bytes()[at..end]) {
            Some(cut) => (at + cut, &s[at + cut + 1..end]),
            None => (last_brace, ""),
        };
        let arg = self.substitute(&s[arg_start..arg_end])?;
        let value = self.apply(name, op, arg)?;
        let rest = self.substitute(rest)?;
        Ok((value + &rest, end))
    }

    fn apply(&mut self, name: &str, op: Op, arg: String) -> Result<String, TemplateError> {
        Ok(match (op, (self.lookup)(name)) {
            (Op::DefaultIfEmpty, Some(v)) if !v.is_empty() => v,
            (Op::DefaultIfEmpty, _) => arg,
            (Op::DefaultIfUnset, Some(v)) => v,
            (Op::DefaultIfUnset, None) => arg,
            (Op::AltIfNotEmpty, Some(v)) if !v.is_empty() => arg,
            (Op::AltIfNotEmpty, _) => String::new(),
            (Op::AltIfSet, Some(_)) => arg,
            (Op::AltIfSet, None) => String::new(),
            (Op::RequiredNotEmpty, Some(v)) if !v.is_empty() => v,
            (Op::RequiredSet, Some(v)) => v,
            (Op::RequiredNotEmpty | Op::RequiredSet, _) => {
                return Err(TemplateError::MissingRequired { variable: name.to_string(), message: arg });
            }
        })
    }
}

/// Length in bytes of the variable name at the start of `s` (`[_A-Za-z][_A-Za-z0-9]*`), or 0.
///
/// compose matches names case-insensitively against `[_a-z]`, and Go's case folding lets the
/// long s (`ſ`) and the Kelvin sign (`K`) through as well, so they count as name letters too.
fn name_length(s: &str) -> usize {
    let is_start = |c: char| c == '_' || c.is_ascii_alphabetic() || c == 'ſ' || c == '\u{212A}';
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if is_start(c) => {}
        _ => return 0,
    }
    chars.find(|&(_, c)| !(is_start(c) || c.is_ascii_digit())).map_or(s.len(), |(i, _)| i)
}

/// The operator at the start of `s` and its length.
fn operator(s: &str) -> Option<(Op, usize)> {
    let b = s.as_bytes();
    let (colon, sign) = match b.first()? {
        b':' => (true, *b.get(1)?),
        c => (false, *c),
    };
    let op = match (colon, sign) {
        (true, b'-') => Op::DefaultIfEmpty,
        (false, b'-') => Op::DefaultIfUnset,
        (true, b'+') => Op::AltIfNotEmpty,
        (false, b'+') => Op::AltIfSet,
        (true, b'?') => Op::RequiredNotEmpty,
        (false, b'?') => Op::RequiredSet,
        _ => return None,
    };
    Some((op, usize::from(colon) + 1))
}

/// Index of the `}` that closes the first `{` in `s`, counting nested braces the way compose
/// does: the byte right after every `{` is skipped.
fn closing_brace(s: &[u8]) -> Option<usize> {
    let mut open: isize = 0;
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'}' {
            open -= 1;
            if open == 0 {
                return Some(i);
            }
        }
        if s[i] == b'{' {
            open += 1;
            i += 1;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests;
