//! clap's own parse errors in the student's language: under a Spanish locale each kind is said
//! in Spanish, with clap's suggestion and usage line, and still exits 2; English is clap's own.

use crate::common::{nivel, stderr};

/// `nivel ARGS` under `locale`, with nothing else choosing the language.
fn parse(locale: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = nivel()
        .env_remove("NIVEL_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .env("NIVEL_DATA_DIR", tempfile::tempdir().unwrap().path())
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), stderr(&out))
}

/// Each kind: the command line, then what the Spanish error says and what the English one does.
const KINDS: &[(&[&str], &[&str], &[&str])] = &[
    (
        &["compose", "up", "--wiat"],
        &["error: argumento inesperado '--wiat'", "consejo: existe un argumento parecido: '--wait'", "Uso: nivel compose up", "Para más información, pruebe '--help'."],
        &["error: unexpected argument '--wiat' found", "tip: a similar argument exists: '--wait'", "Usage: nivel compose up", "For more information, try '--help'."],
    ),
    (
        &["up", "--no-such-flag", "1"],
        &["error: argumento inesperado '--no-such-flag'", "consejo: para pasar '--no-such-flag' como valor, use '-- --no-such-flag'"],
        &["error: unexpected argument '--no-such-flag' found", "tip: to pass '--no-such-flag' as a value"],
    ),
    (
        &["up", "1", "--timeout"],
        &["error: '--timeout <S>' necesita un valor y no se dio ninguno"],
        &["error: a value is required for '--timeout <S>' but none was supplied"],
    ),
    (
        &["labs", "--format", "xml"],
        &["error: valor no válido 'xml' para '--format <FORMAT>'", "[valores posibles: table, json]"],
        &["error: invalid value 'xml' for '--format <FORMAT>'", "[possible values: table, json]"],
    ),
    (
        &["up", "1", "--timeout", "abc"],
        &["error: valor no válido 'abc' para '--timeout <S>': no es un número entero"],
        &["error: invalid value 'abc' for '--timeout <S>': invalid digit found in string"],
    ),
    (
        &["upp"],
        &["error: subcomando desconocido 'upp'", "consejo: existe un subcomando parecido: 'up'", "Uso: nivel"],
        &["error: unrecognized subcommand 'upp'", "tip: a similar subcommand exists: 'up'", "Usage: nivel"],
    ),
    (
        &["up"],
        &["error: faltan estos argumentos obligatorios:\n  <LAB>", "Uso: nivel up"],
        &["error: the following required arguments were not provided:\n  <LAB>", "Usage: nivel up"],
    ),
];

#[test]
fn parse_errors_are_spanish_under_a_spanish_locale_and_exit_2() {
    for (args, spanish, _) in KINDS {
        let (code, text) = parse("es_ES.UTF-8", args);
        assert_eq!(code, Some(2), "`nivel {}` is an input error: {text}", args.join(" "));
        for words in *spanish {
            assert!(text.contains(words), "`{words}` for `nivel {}`: {text}", args.join(" "));
        }
        for english in ["error: unexpected", "tip:", "Usage:", "For more information", "a value is required", "invalid value", "not provided"] {
            assert!(!text.contains(english), "no English `{english}` left for `nivel {}`: {text}", args.join(" "));
        }
    }
}

#[test]
fn parse_errors_stay_claps_own_in_english() {
    for (args, _, english) in KINDS {
        let (code, text) = parse("en_GB.UTF-8", args);
        assert_eq!(code, Some(2), "`nivel {}` is an input error: {text}", args.join(" "));
        for words in *english {
            assert!(text.contains(words), "`{words}` for `nivel {}`: {text}", args.join(" "));
        }
    }
}

#[test]
fn help_and_version_are_not_errors_in_spanish() {
    let out = nivel().env_remove("NIVEL_LANG").env("LANG", "es_ES.UTF-8").arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "--version exits 0: {}", stderr(&out));
    let out = nivel().env_remove("NIVEL_LANG").env("LANG", "es_ES.UTF-8").args(["up", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "--help exits 0: {}", stderr(&out));
}
