//! `file`: a file exists in the service's container, and optionally its text matches.

use super::excerpt::shown;
use super::target::LabTarget;
use super::verdict::{container_id, Verdict};
use crate::checks::FileCheck;
use crate::docker::probe::{self, FileRead};

pub async fn run(target: &LabTarget, check: &FileCheck) -> Verdict {
    let id = match container_id(target, &check.service) {
        Ok(id) => id,
        Err(why) => return Verdict::fail(expected(check), why),
    };
    match probe::read_file(&target.engine, &target.project, id, &check.path).await {
        Ok(read) => evaluate(&read, check),
        Err(e) => Verdict::fail(expected(check), format!("could not read {}: {e}", check.path)),
    }
}

pub fn expected(check: &FileCheck) -> String {
    match &check.contains {
        Some(re) => format!("file {} containing /{}/", check.path, re.as_str()),
        None => format!("file {} exists", check.path),
    }
}

pub fn evaluate(read: &FileRead, check: &FileCheck) -> Verdict {
    let (passed, observed) = match read {
        FileRead::Missing => (false, format!("{} does not exist", check.path)),
        FileRead::NotAFile { kind } => (false, format!("{} is a {kind}, not a file", check.path)),
        FileRead::File { bytes, size, truncated } => {
            let passed = check.contains.as_ref().is_none_or(|re| re.is_match(&String::from_utf8_lossy(bytes)));
            (passed, format!("{} exists ({size} bytes): {}", check.path, shown(bytes, *truncated)))
        }
    };
    Verdict { passed, expected: expected(check), observed }
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
        assert_eq!((v.expected.as_str(), v.observed.as_str()), ("file /app/model.pkl exists", "/app/model.pkl exists (6 bytes): binary"), "words");
    }

    #[test]
    fn the_regex_is_tested_on_the_contents() {
        assert!(evaluate(&file("version: 3"), &check(Some("version: [0-9]"))).passed, "matches");
        assert!(!evaluate(&file("version: x"), &check(Some("version: [0-9]"))).passed, "does not match");
    }

    #[test]
    fn missing_files_and_folders_fail() {
        assert_eq!(evaluate(&FileRead::Missing, &check(None)).observed, "/app/model.pkl does not exist", "missing");
        let v = evaluate(&FileRead::NotAFile { kind: "directory".into() }, &check(None));
        assert!(!v.passed, "a folder is not the file");
        assert_eq!(v.observed, "/app/model.pkl is a directory, not a file", "says what it is");
    }
}
