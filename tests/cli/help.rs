//! `--help` speaks the student's language, as every other message does.

use crate::common::{nivel, stderr, stdout};

fn help(lang: &str, args: &[&str]) -> std::process::Output {
    nivel().env("NIVEL_LANG", lang).args(args).arg("--help").output().unwrap()
}

#[test]
fn help_is_in_spanish_for_a_spanish_speaker_and_in_english_otherwise() {
    let es = stdout(&help("es", &[]));
    for words in ["Uso: nivel", "Comandos:", "Arranca un laboratorio", "Muestra la ayuda", "Códigos de salida:"] {
        assert!(es.contains(words), "`{words}` in the Spanish help: {es}");
    }
    let en = stdout(&help("en", &[]));
    for words in ["Usage: nivel", "Commands:", "Start a lab", "Exit codes:"] {
        assert!(en.contains(words), "`{words}` in the English help: {en}");
    }
    let up = stdout(&help("es", &["up"]));
    assert!(up.contains("Segundos de espera") && up.contains("Opciones:") && up.contains("Argumentos:"), "a command's flags too: {up}");
}

#[test]
fn every_command_has_a_spanish_help_and_parses_as_in_english() {
    let names: Vec<String> = stdout(&help("en", &[]))
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        // `help` is clap's own, and takes command names rather than flags.
        .filter(|name| name != "help")
        .collect();
    assert!(names.len() >= 18, "the commands are listed: {names:?}");
    for name in &names {
        let out = help("es", &[name]);
        assert_eq!(out.status.code(), Some(0), "`nivel {name} --help` in Spanish: {}", stderr(&out));
        assert!(stdout(&out).contains("Uso: nivel"), "{name}: {}", stdout(&out));
    }
    let labs = nivel().env("NIVEL_LANG", "es").env("NIVEL_DATA_DIR", tempfile::tempdir().unwrap().path()).args(["labs", "--json"]).output().unwrap();
    assert_eq!(labs.status.code(), Some(0), "a Spanish speaker's command line parses the same: {}", stderr(&labs));
    let wrong = nivel().env("NIVEL_LANG", "es").args(["up", "--no-such-flag", "1"]).output().unwrap();
    assert_eq!(wrong.status.code(), Some(2), "an unknown flag is still an input error");
}
