//! `file`: a file exists in the service's container, and optionally its text matches.

use super::excerpt::shown;
use super::target::LabTarget;
use super::verdict::{container_id, probe_failed, Verdict};
use crate::checks::FileCheck;
use crate::docker::probe::{self, FileRead};
use crate::lab::Text;

pub async fn run(target: &LabTarget, check: &FileCheck) -> Verdict {
    let container = match container_id(target, &check.service) {
        Ok(c) => c,
        Err(why) => return Verdict::fail(expected(check), why),
    };
    match probe::read_file(&target.engine, &target.project, container, &check.path).await {
        Ok(read) => evaluate(&read, check),
        Err(e) => {
            let what = Text::new(format!("no se pudo leer {}", check.path), format!("could not read {}", check.path));
            Verdict::fail(expected(check), probe_failed(what, &e))
        }
    }
}

pub fn expected(check: &FileCheck) -> Text {
    let path = &check.path;
    match &check.contains {
        Some(re) => Text::new(format!("que el archivo {path} contenga /{}/", re.as_str()), format!("file {path} containing /{}/", re.as_str())),
        None => Text::new(format!("que exista el archivo {path}"), format!("file {path} exists")),
    }
}

pub fn evaluate(read: &FileRead, check: &FileCheck) -> Verdict {
    let path = &check.path;
    let (passed, observed) = match read {
        FileRead::Missing => (false, Text::new(format!("{path} no existe"), format!("{path} does not exist"))),
        FileRead::NotAFile { kind } => {
            (false, Text::new(format!("{path} es {}, no un archivo", kind_es(kind)), format!("{path} is a {kind}, not a file")))
        }
        FileRead::File { bytes, size, truncated } => {
            let passed = check.contains.as_ref().is_none_or(|re| re.is_match(&String::from_utf8_lossy(bytes)));
            let text = shown(bytes, *truncated);
            (passed, Text::new(format!("{path} existe ({size} bytes): {}", text.es), format!("{path} exists ({size} bytes): {}", text.en)))
        }
    };
    Verdict { passed, expected: expected(check), observed }
}

/// The kind of entry the engine's archive named, in Spanish.
fn kind_es(kind: &str) -> String {
    match kind {
        "directory" => "una carpeta".into(),
        "symbolic link" => "un enlace simbólico".into(),
        "special file" => "un archivo especial".into(),
        other => format!("un elemento de tipo {other}"),
    }
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    fn check(contains: Option<&str>) -> FileCheck {
        FileCheck { service: "api".into(), path: "/app/model.pkl".into(), contains: contains.map(|r| Regex::new(r).unwrap()) }
    }

    fn file(text: &str) -> FileRead {
        FileRead::File { bytes: text.as_bytes().to_vec(), size: text.len() as u64, truncated: false }
    }

    #[test]
    fn an_existing_file_passes_without_a_regex() {
        let v = evaluate(&file("binary"), &check(None));
        assert!(v.passed, "it is there");
        assert_eq!((v.expected.en.as_str(), v.observed.en.as_str()), ("file /app/model.pkl exists", "/app/model.pkl exists (6 bytes): binary"), "words");
        assert_eq!(
            (v.expected.es.as_str(), v.observed.es.as_str()),
            ("que exista el archivo /app/model.pkl", "/app/model.pkl existe (6 bytes): binary"),
            "Spanish words"
        );
    }

    #[test]
    fn the_regex_is_tested_on_the_contents() {
        assert!(evaluate(&file("version: 3"), &check(Some("version: [0-9]"))).passed, "matches");
        assert!(!evaluate(&file("version: x"), &check(Some("version: [0-9]"))).passed, "does not match");
        let asked = expected(&check(Some("version: [0-9]")));
        assert_eq!(asked, Text::new("que el archivo /app/model.pkl contenga /version: [0-9]/", "file /app/model.pkl containing /version: [0-9]/"), "the regex as written");
    }

    #[test]
    fn missing_files_and_folders_fail() {
        assert_eq!(evaluate(&FileRead::Missing, &check(None)).observed, Text::new("/app/model.pkl no existe", "/app/model.pkl does not exist"), "missing");
        let v = evaluate(&FileRead::NotAFile { kind: "directory".into() }, &check(None));
        assert!(!v.passed, "a folder is not the file");
        assert_eq!(v.observed, Text::new("/app/model.pkl es una carpeta, no un archivo", "/app/model.pkl is a directory, not a file"), "says what it is");
    }
}
