//! Expected values below were taken from Docker Compose v2.40.3 (`config --environment`, and
//! `environment:` entries reading the variables).

use std::path::PathBuf;

use super::*;
use crate::compose::error::ErrorKind;

fn no_env(_: &str) -> Option<String> {
    None
}

/// Parses with the given OS variables and returns the final map (last value wins; bare keys
/// the lookup does not know are left out, as compose does).
fn read(text: &str, os: &[(&str, &str)]) -> Result<Vec<(String, String)>, LoadError> {
    let os: Environment = os.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let entries = parse(text, ".env", &|k: &str| os.get(k).cloned())?;
    let mut out: Vec<(String, String)> = Vec::new();
    for (key, value) in entries {
        let Some(value) = value else { continue };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => out.push((key, value)),
        }
    }
    Ok(out)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

const ALL_FORMS: &str = r#"A=1
export B=2
C: 3
# comment
  D = 4  
E=five # comment
F=six#nocomment
G="dq # not comment" # comment
H='sq $A \n \' x'
I="esc \n \t \" \\ \$A $A \a \b \f \v \r \c \' \0101 \012 \x41 \u0041"
J=${A}x
K
L=
M=" multi
line"
N=	tab	 #c
O=#hash
P= " padded "
Q=a=b
"#;

#[test]
fn reads_every_form() {
    let want = pairs(&[
        ("A", "1"),
        ("B", "2"),
        ("C", "3"),
        ("D", "4"),
        ("E", "five"),
        ("F", "six#nocomment"),
        ("G", "dq # not comment"),
        ("H", r"sq $A \n ' x"),
        ("I", "esc \n \t \" \\ $A 1 \u{7} \u{8} \u{c} \u{b} \r \\c \\' A \\12 \\x41 \\u0041"),
        ("J", "1x"),
        ("K", "fromos"),
        ("L", ""),
        ("M", " multi\nline"),
        ("N", "tab"),
        ("O", "#hash"),
        ("P", " padded "),
        ("Q", "a=b"),
    ]);
    assert_eq!(read(ALL_FORMS, &[("K", "fromos")]), Ok(want), "every form compose accepts");
}

/// (file text, OS variables, expected map, why)
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str)],
    &'static str,
);

const CASES: &[Case] = &[
    ("A=1\nK\n", &[], &[("A", "1")], "a bare key that is not set anywhere is left out"),
    ("A=1\nK\nB=2", &[("K", "os")], &[("A", "1"), ("K", "os"), ("B", "2")], "a bare key takes the OS value"),
    ("A=1\nA\n", &[], &[("A", "1")], "a bare key keeps the file's earlier value"),
    ("A=1\nK", &[], &[("A", "1"), ("", "K")], "compose reads a bare last line without newline as a value"),
    ("=value", &[], &[("", "value")], "an empty key is accepted"),
    ("export", &[], &[("", "export")], "a lone export is a bare last line"),
    ("export\nA=1", &[], &[("A", "1")], "export followed by a newline"),
    ("export  A=1", &[], &[("A", "1")], "several spaces after export"),
    ("exportA=1", &[], &[("exportA", "1")], "export without a space is part of the key"),
    ("a.b-c[0]=1\nÉ=2\n1A=3", &[], &[("a.b-c[0]", "1"), ("É", "2"), ("1A", "3")], "key characters"),
    ("A\tB=1", &[], &[("A\tB", "1")], "a tab inside a key is kept"),
    ("A=1\n  B\n", &[], &[("A", "1")], "an indented bare key"),
    ("A=\"x\" B\n", &[], &[("A", "x")], "text after a closing quote is a new statement"),
    ("A=\"x\"y\n", &[("y", "Y")], &[("A", "x"), ("y", "Y")], "even without a space"),
    ("A=\"a\\\\nb\"", &[], &[("A", "a\\nb")], "an escaped backslash in double quotes"),
    ("A='a\\nb'", &[], &[("A", "a\\nb")], "single quotes keep backslashes"),
    ("A=\"\\$B\"", &[("B", "x")], &[("A", "$B")], "\\$ is a literal $ in double quotes"),
    ("A=$$B", &[("B", "x")], &[("A", "$B")], "$$ is a literal $"),
    ("A='$B'", &[("B", "x")], &[("A", "$B")], "single quotes do not expand"),
    ("A=\"it's\"", &[], &[("A", "it's")], "a single quote inside double quotes"),
    ("A='say \"hi\"'", &[], &[("A", "say \"hi\"")], "double quotes inside single quotes"),
    ("A=b c # d # e", &[], &[("A", "b c")], "the first space-hash starts the comment"),
    ("A=b\t#c", &[], &[("A", "b\t#c")], "a tab before # does not start a comment"),
    ("A:1\nB : 2\nC:\"3\"", &[], &[("A", "1"), ("B", "2"), ("C", "3")], "YAML-style separators"),
    ("A=1 2 3", &[], &[("A", "1 2 3")], "spaces inside an unquoted value"),
    ("\u{feff}A=1\r\nB=\"x\"\r\nC=y z \r\n", &[], &[("A", "1"), ("B", "x"), ("C", "y z")], "BOM and CRLF"),
    ("\n\n  # c\n\t\nA=1\n\n", &[], &[("A", "1")], "blank and comment lines"),
    ("A=file\nB=${A}", &[("A", "os")], &[("A", "file"), ("B", "os")], "values look in the OS first"),
    ("A=1\nB=${A:-x}${C-c}", &[], &[("A", "1"), ("B", "1c")], "earlier lines are visible"),
    (
        "A=\"l1\n${X}\nl3\" # c\nB=2",
        &[("X", "2")],
        &[("A", "l1\n2\nl3"), ("B", "2")],
        "multi-line with a variable",
    ),
    ("A=$U", &[], &[("A", "")], "unset variables become empty"),
];

#[test]
fn reads_like_compose() {
    for (text, os, want, why) in CASES {
        assert_eq!(read(text, os), Ok(pairs(want)), "{text:?}: {why}");
    }
}

/// (file text, kind, line, column, start of the problem)
const ERRORS: &[(&str, ErrorKind, u32, u32, &str)] = &[
    ("FOO BAR=1", ErrorKind::Syntax, 1, 1, "key \"FOO BAR\" cannot contain a space"),
    ("A=1\nFOO$=1", ErrorKind::Syntax, 2, 4, "unexpected character '$' in variable name \"FOO$=1\""),
    ("A=1\n\nB=\"abc\nC=1\n", ErrorKind::Syntax, 3, 3, "unterminated quoted value \"abc"),
    ("A='abc", ErrorKind::Syntax, 1, 3, "unterminated quoted value 'abc"),
    (
        "A=\"x\" junk # c\n",
        ErrorKind::Syntax,
        1,
        12,
        "unexpected character '#' in variable name \"junk # c\"",
    ),
    ("A=1\nexport ", ErrorKind::Syntax, 2, 1, "`export` at the end of the file names no variable"),
    ("A=${B", ErrorKind::Interpolation, 1, 3, "invalid interpolation format for A: \"${B\""),
    ("A=${B:?needed}", ErrorKind::Interpolation, 1, 3, "A: required variable B is missing a value: needed"),
];

#[test]
fn errors_name_file_line_and_problem() {
    for (text, kind, line, col, problem) in ERRORS {
        let err = parse(text, "dir/.env", &no_env).err();
        let got = err
            .as_ref()
            .map(|e| (e.kind, e.span.as_ref().map(|s| (&*s.file, s.line, s.col)), e.problem.as_str()));
        assert_eq!(got, Some((*kind, Some(("dir/.env", *line, *col)), *problem)), "{text:?}");
        assert!(err.is_some_and(|e| e.fix.is_some()), "{text:?}: every error says what to do");
    }
}

#[test]
fn bare_keys_are_none_when_unknown() {
    let entries = parse("A\nB=1\n", ".env", &no_env);
    let want = vec![("A".to_string(), None), ("B".to_string(), Some("1".to_string()))];
    assert_eq!(entries, Ok(want), "the caller sees which bare keys had no value");
}

#[test]
fn unset_variables_warn_once_with_place() {
    let mut warnings = Vec::new();
    let result = parse_with_warnings("A=1\nB=$U\nC=${U}", "x.env", &no_env, &mut warnings);
    assert!(result.is_ok(), "unset variables are not errors");
    let got: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        ["x.env:2:3: The \"U\" variable is not set. Defaulting to a blank string."],
        "one warning"
    );
}

fn os(list: &[(&str, &str)]) -> Environment {
    list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn os_environment_wins_over_env_files() {
    let files = vec![
        (PathBuf::from("e1"), "A=a1\nB=b1\nC=c1\n".to_string()),
        (PathBuf::from("e2"), "B=b2-${A}-${C}\nC=c2\nD\nE=${FOO}\n".to_string()),
    ];
    let got = project_environment(&os(&[("FOO", "x"), ("C", "os"), ("D", "dos")]), &files);
    let want = os(&[("A", "a1"), ("B", "b2-a1-os"), ("C", "os"), ("D", "dos"), ("E", "x"), ("FOO", "x")]);
    assert_eq!(got, Ok(want), "OS > later file > earlier file; files see the OS and earlier files");
}

#[test]
fn a_file_sees_its_own_value_over_an_earlier_file() {
    let files =
        vec![(PathBuf::from("f1"), "X=1\n".to_string()), (PathBuf::from("f2"), "X=2\nY=${X}\n".to_string())];
    let got = project_environment(&Environment::new(), &files);
    assert_eq!(got, Ok(os(&[("X", "2"), ("Y", "2")])), "the latest definition is the one visible");
}

#[test]
fn env_file_errors_name_the_file() {
    let files = vec![(PathBuf::from("conf/.env"), "A=1\nB C=2\n".to_string())];
    let err = project_environment(&Environment::new(), &files).err();
    let span = err.and_then(|e| e.span).map(|s| s.to_string());
    assert_eq!(span.as_deref(), Some("conf/.env:2:1"), "the file and line of the bad statement");
}
