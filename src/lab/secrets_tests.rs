#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::app::Problem;

fn credential(id: &str) -> CredentialSpec {
    CredentialSpec {
        id: id.into(),
        service: "db".into(),
        label: Text::new("Base de datos", "Database"),
        user: Some("admin".into()),
        env: format!("{}_PASSWORD", id.to_uppercase()),
        user_env: None,
    }
}

#[test]
fn a_secret_is_long_alphanumeric_and_new_each_time() {
    let many: Vec<String> = (0..200).map(|_| generate().unwrap()).collect();
    for s in &many {
        assert_eq!(
            s.len(),
            SECRET_LEN,
            "every secret has the documented length: {s}"
        );
        assert!(
            s.bytes().all(|b| b.is_ascii_alphanumeric()),
            "letters and digits only, safe in URLs and YAML: {s}"
        );
    }
    let distinct: std::collections::BTreeSet<&String> = many.iter().collect();
    assert_eq!(
        distinct.len(),
        many.len(),
        "no two secrets alike: they come from the system's random source"
    );
    let all: String = many.concat();
    for class in [
        |b: u8| b.is_ascii_uppercase(),
        |b: u8| b.is_ascii_lowercase(),
        |b: u8| b.is_ascii_digit(),
    ] {
        assert!(
            all.bytes().any(class),
            "upper case, lower case and digits all appear in 4,800 characters"
        );
    }
}

#[test]
fn secrets_are_made_once_and_kept() {
    let data = tempfile::tempdir().unwrap();
    let first = ensure(
        data.path(),
        "lab-a",
        &[credential("minio"), credential("airflow")],
    )
    .unwrap();
    assert_eq!(
        first.secrets.len(),
        2,
        "one secret per declared credential: {first:?}"
    );
    assert_ne!(
        first.get("minio"),
        first.get("airflow"),
        "each credential its own secret"
    );
    let again = ensure(
        data.path(),
        "lab-a",
        &[credential("minio"), credential("airflow")],
    )
    .unwrap();
    assert_eq!(
        again, first,
        "opening the lab again gives the same secrets: its volumes were made with them"
    );
    let other = ensure(data.path(), "lab-b", &[credential("minio")]).unwrap();
    assert_ne!(
        other.get("minio"),
        first.get("minio"),
        "another lab has its own secrets"
    );
    let on_disk = read(&secrets_path(data.path(), "lab-a")).unwrap();
    assert_eq!(on_disk, first, "what is returned is what is kept");
}

#[test]
fn a_new_credential_is_added_and_the_old_ones_stay() {
    let data = tempfile::tempdir().unwrap();
    let before = ensure(data.path(), "lab", &[credential("minio")]).unwrap();
    let after = ensure(
        data.path(),
        "lab",
        &[credential("minio"), credential("postgres")],
    )
    .unwrap();
    assert_eq!(
        after.get("minio"),
        before.get("minio"),
        "a lab upgrade never changes a secret already made"
    );
    assert!(
        after.get("postgres").is_some_and(|s| s.len() == SECRET_LEN),
        "the new credential gets a secret: {after:?}"
    );
    let fewer = ensure(data.path(), "lab", &[credential("postgres")]).unwrap();
    assert_eq!(
        fewer, after,
        "a credential the lab no longer declares keeps its secret (a later version may bring it back)"
    );
}

#[cfg(unix)]
#[test]
fn only_the_student_can_read_the_secrets() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    ensure(data.path(), "lab", &[credential("minio")]).unwrap();
    let file = std::fs::metadata(secrets_path(data.path(), "lab"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(file, 0o600, "the file is the owner's alone: {file:o}");
    let dir = std::fs::metadata(data.path().join(SECRETS_DIR))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir, 0o700, "and so is its folder: {dir:o}");
    let leftovers: Vec<_> = std::fs::read_dir(data.path().join(SECRETS_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("lab.json")],
        "no temporary file is left behind"
    );
}

#[test]
fn every_secret_of_every_lab_is_listed_for_masking() {
    let data = tempfile::tempdir().unwrap();
    assert!(every_secret(data.path()).is_empty(), "none before any lab made one");
    let a = ensure(data.path(), "lab-a", &[credential("minio"), credential("airflow")]).unwrap();
    let b = ensure(data.path(), "lab-b", &[credential("db")]).unwrap();
    std::fs::write(data.path().join(SECRETS_DIR).join("broken.json"), "{").unwrap();
    let mut all = every_secret(data.path());
    all.sort();
    let mut want: Vec<String> = a.secrets.into_values().chain(b.secrets.into_values()).collect();
    want.sort();
    assert_eq!(all, want, "each lab's secrets, a broken file adding none");
}

#[test]
fn a_damaged_file_is_refused_not_replaced() {
    let data = tempfile::tempdir().unwrap();
    let path = secrets_path(data.path(), "lab");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{ not json").unwrap();
    let err = ensure(data.path(), "lab", &[credential("minio")]).unwrap_err();
    assert_eq!(err.code(), "credentials.damaged", "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{ not json",
        "the file is left as it was: the lab's data may depend on it"
    );
    std::fs::write(&path, r#"{"secrets": {"minio": ""}}"#).unwrap();
    let err = ensure(data.path(), "lab", &[credential("minio")]).unwrap_err();
    assert!(
        err.text().en.contains("`minio` is empty"),
        "an empty secret is not one: {err}"
    );
}

#[cfg(unix)]
#[test]
fn what_is_not_a_file_is_refused_without_being_followed() {
    let data = tempfile::tempdir().unwrap();
    let path = secrets_path(data.path(), "lab");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();

    // A link to someone else's secrets: neither read nor written through.
    let elsewhere = data.path().join("elsewhere.json");
    std::fs::write(&elsewhere, r#"{"secrets": {"minio": "planted"}}"#).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    let err = ensure(
        data.path(),
        "lab",
        &[credential("minio"), credential("extra")],
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            SecretsError::InTheWay {
                kind: FileKind::SymbolicLink,
                ..
            }
        ),
        "a link is refused: {err:?}"
    );
    assert!(
        err.text().es.contains("enlace simbólico") && err.text().en.contains("symbolic link"),
        "named in both languages: {:?}",
        err.text()
    );
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        r#"{"secrets": {"minio": "planted"}}"#,
        "the link's target is untouched"
    );
    std::fs::remove_file(&path).unwrap();

    // A FIFO: refused at once, never waited on.
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo made the FIFO");
    let err = ensure(data.path(), "lab", &[credential("minio")]).unwrap_err();
    assert!(
        matches!(
            err,
            SecretsError::InTheWay {
                kind: FileKind::Fifo,
                ..
            }
        ),
        "a FIFO is refused: {err:?}"
    );
    std::fs::remove_file(&path).unwrap();

    // A folder.
    std::fs::create_dir(&path).unwrap();
    let err = ensure(data.path(), "lab", &[credential("minio")]).unwrap_err();
    assert_eq!(
        err.code(),
        "credentials.in_the_way",
        "a folder is refused: {err}"
    );
    assert!(
        matches!(err.remedy(), Some(crate::app::Remedy::Advice { .. })),
        "with what to do about it"
    );
}

#[cfg(unix)]
#[test]
fn a_link_in_place_of_the_folder_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(target.path(), data.path().join(SECRETS_DIR)).unwrap();
    let err = ensure(data.path(), "lab", &[credential("minio")]).unwrap_err();
    assert!(
        matches!(
            err,
            SecretsError::InTheWay {
                kind: FileKind::SymbolicLink,
                ..
            }
        ),
        "no secret is written through a linked folder: {err:?}"
    );
    assert_eq!(
        std::fs::read_dir(target.path()).unwrap().count(),
        0,
        "nothing was written where the link points"
    );
}

#[test]
fn errors_have_stable_codes_in_both_languages() {
    let path = PathBuf::from("/data/credentials/lab.json");
    crate::app::error::assert_problems(&[
        (
            &SecretsError::Io {
                path: path.clone(),
                source: std::io::Error::other("denied"),
            },
            "credentials.unwritable",
        ),
        (
            &SecretsError::InTheWay {
                path: path.clone(),
                kind: FileKind::Fifo,
            },
            "credentials.in_the_way",
        ),
        (
            &SecretsError::Damaged {
                path,
                detail: "x".into(),
            },
            "credentials.damaged",
        ),
        (
            &SecretsError::NoRandomness { detail: "x".into() },
            "credentials.no_randomness",
        ),
    ]);
}
