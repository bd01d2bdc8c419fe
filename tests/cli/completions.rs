//! Shell completions, the man page and the exit codes in `--help`.

use crate::common::{nivel, stderr, stdout};

fn run(args: &[&str]) -> std::process::Output {
    nivel().args(args).output().unwrap()
}

#[test]
fn bash_completes_the_built_in_lab_ids_where_a_lab_is_asked() {
    let script = run(&["completions", "bash"]);
    assert_eq!(script.status.code(), Some(0), "the script is made: {}", stderr(&script));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nivel.bash");
    std::fs::write(&file, &script.stdout).unwrap();
    // What bash does on `nivel up lev<TAB>`.
    let complete = format!(
        "source '{}'; COMP_WORDS=(nivel up lev); COMP_CWORD=2; COMP_LINE='nivel up lev'; _nivel nivel lev up; echo \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = std::process::Command::new("bash").args(["-c", &complete]).output().unwrap();
    assert_eq!(stdout(&out).trim(), "level-0 level-1 level-2 level-3 level-4", "the ids: {}", stderr(&out));
}

#[test]
fn every_shell_gets_a_script_and_zsh_and_fish_know_the_lab_ids() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("nivel"), "{shell}: a script for nivel");
        if matches!(shell, "zsh" | "fish") {
            assert!(stdout(&out).contains("level-3"), "{shell}: the lab ids are in it");
        }
    }
    let unknown = run(&["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2), "an unknown shell is an input error");
}

#[test]
fn the_man_page_is_roff_for_nivel_and_for_each_command() {
    let page = run(&["man"]);
    assert_eq!(page.status.code(), Some(0), "{}", stderr(&page));
    assert!(stdout(&page).contains(".TH nivel 1"), "a section 1 page: {}", &stdout(&page)[..200.min(page.stdout.len())]);
    assert!(stdout(&page).contains("Exit codes"), "it lists the exit codes");
    let up = run(&["man", "up"]);
    assert!(stdout(&up).contains(".TH nivel-up 1") && stdout(&up).contains("wait\\-timeout"), "up's own page: {}", stdout(&up));
    let unknown = run(&["man", "upp"]);
    assert_eq!(unknown.status.code(), Some(2), "an unknown command is an input error");
    assert!(stderr(&unknown).contains("fix: choose one of"), "with the commands to choose from: {}", stderr(&unknown));
}

#[test]
fn help_ends_with_the_exit_codes() {
    let help = stdout(&run(&["--help"]));
    for code in ["  0 ", "  1 ", "  2 ", "  130 ", "  141 "] {
        assert!(help.contains(code), "exit code `{}` is listed: {help}", code.trim());
    }
}
