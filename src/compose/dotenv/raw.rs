//! The `raw` env_file format (`format: raw`): the `docker run --env-file` syntax, where a
//! value is everything after the first `=`, quotes, `#` and `$` included.

use std::sync::Arc;

use crate::compose::error::{ErrorKind, LoadError};
use crate::compose::node::Span;

/// Entries of a raw env file in file order; a bare `KEY` line is `None`, to be looked up in
/// the environment (and left out when it is not there).
pub fn parse_raw(text: &str, file: &str) -> Result<Vec<(String, Option<String>)>, LoadError> {
    let file: Arc<str> = Arc::from(file);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // Leading whitespace is dropped; trailing whitespace belongs to the value.
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = Span::new(file.clone(), u32::try_from(i + 1).unwrap_or(u32::MAX), col(line, trimmed));
        let (key, value) = match trimmed.split_once('=') {
            Some((k, v)) => (k, Some(v.to_owned())),
            None => (trimmed, None),
        };
        if key.is_empty() {
            return Err(LoadError::at(ErrorKind::Syntax, &at, format!("no variable name on line {trimmed:?}"))
                .with_fix("write KEY=VALUE"));
        }
        if key.contains([' ', '\t']) {
            return Err(LoadError::at(ErrorKind::Syntax, &at, format!("variable {key:?} contains whitespace"))
                .with_fix("a raw env file takes `KEY=VALUE` with no space around `=`"));
        }
        out.push((key.to_owned(), value));
    }
    Ok(out)
}

/// The 1-based column where `rest` (a suffix of `line`) starts.
fn col(line: &str, rest: &str) -> u32 {
    u32::try_from(line[..line.len() - rest.len()].chars().count() + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<(String, Option<String>)> {
        parse_raw(text, "raw.env").unwrap_or_default()
    }

    #[test]
    fn values_are_taken_as_written() {
        let text = "\u{feff}A='x y'\nB=\"q\"\nC=plain # c\n   E=${A}\r\nF=sp  \n#G=1\n\n  # c\nH\nI=a=b\nJ=\n";
        let want: Vec<(String, Option<String>)> = [
            ("A", Some("'x y'")),
            ("B", Some("\"q\"")),
            ("C", Some("plain # c")),
            ("E", Some("${A}")),
            ("F", Some("sp  ")),
            ("H", None),
            ("I", Some("a=b")),
            ("J", Some("")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.map(str::to_owned)))
        .collect();
        assert_eq!(entries(text), want, "quotes, comments, `$` and trailing spaces stay in the value");
    }

    #[test]
    fn keys_must_be_names() {
        for (text, line) in [("A=1\n=x\n", 2), ("a b=1\n", 1), ("a\tb=1\n", 1)] {
            let err = parse_raw(text, "raw.env").err();
            assert_eq!(err.and_then(|e| e.span).map(|s| s.line), Some(line), "compose refuses {text:?}");
        }
    }
}
