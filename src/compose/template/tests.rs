//! Expected values below were taken from `docker compose config` (v2.40.3) with
//! `B=bee`, `C=cee`, `E=` (set but empty) and every other variable unset.

use super::*;

fn env(name: &str) -> Option<String> {
    match name {
        "B" => Some("bee".into()),
        "C" => Some("cee".into()),
        "E" => Some(String::new()),
        _ => None,
    }
}

fn run(template: &str) -> Result<Substituted, TemplateError> {
    substitute(template, &env)
}

/// (template, expected value, expected unset variables)
const OK: &[(&str, &str, &[&str])] = &[
    // Plain names and the `$$` escape.
    ("plain text", "plain text", &[]),
    ("$B", "bee", &[]),
    ("${B}", "bee", &[]),
    ("$A", "", &["A"]),
    ("${A}", "", &["A"]),
    ("$A$B", "bee", &["A"]),
    ("$a_1b", "", &["a_1b"]),
    ("$_", "", &["_"]),
    ("${_}", "", &["_"]),
    ("$A-b", "-b", &["A"]),
    ("$A.b", ".b", &["A"]),
    ("é$A", "é", &["A"]),
    ("$ſ", "", &["ſ"]),
    ("$$HOME", "$HOME", &[]),
    ("$$$", "$$", &[]),
    ("$$$$", "$$", &[]),
    ("$${A}", "${A}", &[]),
    ("$${", "${", &[]),
    // A `$` that starts nothing stays.
    ("$", "$", &[]),
    ("a$", "a$", &[]),
    ("$-x", "$-x", &[]),
    ("$1", "$1", &[]),
    ("{$B}", "{bee}", &[]),
    ("$A{B}", "{B}", &["A"]),
    ("${A}}", "}", &["A"]),
    ("${B}${B}", "beebee", &[]),
    ("${U}${U}$U", "", &["U"]),
    // `:-` and `-`: empty versus unset.
    ("${A:-d}", "d", &[]),
    ("${A-d}", "d", &[]),
    ("${E:-d}", "d", &[]),
    ("${E-d}", "", &[]),
    ("${B:-d}", "bee", &[]),
    ("${B-d}", "bee", &[]),
    ("${A:-}", "", &[]),
    ("${A-}", "", &[]),
    // `:+` and `+`.
    ("${A:+alt}", "", &[]),
    ("${A+alt}", "", &[]),
    ("${E:+a}", "", &[]),
    ("${E+a}", "a", &[]),
    ("${B:+a}", "a", &[]),
    ("${B+a}", "a", &[]),
    ("${B:+${C}}", "cee", &[]),
    ("${B+$C-x}", "cee-x", &[]),
    ("${B:+$}", "$", &[]),
    // `:?` and `?` when the variable is there.
    ("${B:?m}", "bee", &[]),
    ("${B?m}", "bee", &[]),
    ("${B:?}", "bee", &[]),
    ("${E?m}", "", &[]),
    // Nesting.
    ("${A:-${B:-x}}", "bee", &[]),
    ("${A:-${B}}", "bee", &[]),
    ("${A:-$B}", "bee", &[]),
    ("${A:-${B:-${C}}}", "bee", &[]),
    ("${A:-a}-${B:-b}", "a-bee", &[]),
    ("${A:-x}${C}", "xcee", &[]),
    ("${A:-x} $C ${D:-d}", "x cee d", &[]),
    // Operators inside the argument are plain text.
    ("${A-x:-y}", "x:-y", &[]),
    ("${B:-x:-y}", "bee", &[]),
    ("${A:-x-y}", "x-y", &[]),
    // Braces and `$` inside defaults.
    ("${A:-x}y}", "xy}", &[]),
    ("${A:-{x}", "{x", &[]),
    ("${A:-{}}", "{}", &[]),
    ("${A:-{}", "{", &[]),
    ("${A:-\\}}", "\\}", &[]),
    ("${A:-${B}}}", "bee}", &[]),
    ("${A:-${B}x}y}", "beexy}", &[]),
    ("${A:-$}", "$", &[]),
    ("${A:-$$}", "$", &[]),
    ("${A:-$${B}}", "${B}", &[]),
    ("${A:-'x'}", "'x'", &[]),
    ("${A:-\"x\"}", "\"x\"", &[]),
    ("${A:-a b}", "a b", &[]),
    // A template ends at its line; text on later lines is substituted separately.
    ("a\n${A:-x}\n${B}}", "a\nx\nbee}", &[]),
    ("${A:-x}\n}", "x\n}", &[]),
    // compose substitutes defaults eagerly, so unused ones still report unset variables.
    ("${B:-$U}", "bee", &["U"]),
    ("${A:-$U}", "", &["U"]),
    ("${B:+$U}", "", &["U"]),
    ("${A:+$U}", "", &["U"]),
    ("${B?$U}", "bee", &["U"]),
    ("${B:-${X:-${U}}}", "bee", &["U"]),
];

#[test]
fn substitutes_like_compose() {
    for (template, value, unset) in OK {
        let got = run(template);
        let want =
            Substituted { value: value.to_string(), unset: unset.iter().map(|s| s.to_string()).collect() };
        assert_eq!(got, Ok(want), "template {template:?}");
    }
}

/// (template, the (sub)template compose names in its error)
const INVALID: &[(&str, &str)] = &[
    ("${}", "${}"),
    ("${A", "${A"),
    ("${A!}", "${A!}"),
    ("${A:x}", "${A:x}"),
    ("${ A}", "${ A}"),
    ("${A }", "${A }"),
    ("${1A}", "${1A}"),
    ("x ${A:-x\ny}", "x ${A:-x\ny}"),
    ("${A:-${}}", "${}"),
    ("${A:-${X}", "${X"),
    ("${A:-x} ${ }", " ${ }"),
    ("${A:-x} ${", "${A:-x} ${"),
    // Eager defaults: invalid even though the default is not used.
    ("${B:-${}}", "${}"),
    ("${A:+${}}", "${}"),
];

#[test]
fn rejects_invalid_templates() {
    for (input, reported) in INVALID {
        let want = TemplateError::Invalid { template: reported.to_string() };
        assert_eq!(run(input), Err(want), "template {input:?}");
    }
}

/// (template, variable, message)
const MISSING: &[(&str, &str, &str)] = &[
    ("${A:?}", "A", ""),
    ("${A?}", "A", ""),
    ("${A:?must set}", "A", "must set"),
    ("${A?must set ${B:-b}}", "A", "must set bee"),
    ("${E:?m}", "E", "m"),
    ("${E:?$B}", "E", "bee"),
    ("${A:?x:-y}", "A", "x:-y"),
    ("ok ${B} ${A:?gone} ${C}", "A", "gone"),
];

#[test]
fn reports_missing_required_variables() {
    for (input, variable, message) in MISSING {
        let want =
            TemplateError::MissingRequired { variable: variable.to_string(), message: message.to_string() };
        assert_eq!(run(input), Err(want), "template {input:?}");
    }
}

#[test]
fn errors_read_like_compose() {
    let missing = TemplateError::MissingRequired { variable: "A".into(), message: "boom".into() };
    assert_eq!(missing.to_string(), "required variable A is missing a value: boom", "compose's wording");
    let bare = TemplateError::MissingRequired { variable: "A".into(), message: String::new() };
    assert_eq!(
        bare.to_string(),
        "required variable A is missing a value",
        "no trailing colon without a message"
    );
    let invalid = TemplateError::Invalid { template: "${A".into() };
    assert_eq!(invalid.to_string(), "Invalid template: \"${A\"", "compose quotes the template");
}

#[test]
fn closing_brace_skips_the_byte_after_each_open_brace() {
    assert_eq!(closing_brace(b"${A:-x}y}"), Some(6), "the first balanced brace");
    assert_eq!(closing_brace(b"${A:-{x}}"), Some(8), "an inner pair counts as one level");
    assert_eq!(closing_brace(b"${A:-{}}"), None, "the brace right after an open brace is skipped");
}
