//! Each student's credentials. A class has one secret, generated the first time the class is
//! used from the instructor's data folder and kept there like a lab's
//! (`credentials/class-<id>.json`, readable by its owner alone); every student's secret for
//! every credential of the lab is derived from it (SHA-256 over the class secret, the student
//! id and the credential id). So rendering the class again, on any day, gives every student the
//! same passwords their volumes were made with, and nothing per student has to be stored; a
//! lost class secret means new passwords for everyone.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::lab::secrets::{self, Secrets, SecretsError, SECRET_LEN};
use crate::lab::{CredentialSpec, Text};

/// The characters of a derived secret: those of a lab's own, for the same reasons.
const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The class's secret, kept in `data_dir` and made the first time.
pub fn class_secret(data_dir: &Path, class: &str) -> Result<String, SecretsError> {
    let spec = CredentialSpec {
        id: "class".into(),
        service: String::new(),
        label: Text::new("secreto de la clase", "the class's secret"),
        user: None,
        env: String::new(),
        user_env: None,
    };
    let kept = secrets::ensure(data_dir, &format!("class-{class}"), &[spec])?;
    Ok(kept.get("class").unwrap_or_default().to_owned())
}

/// Student `student`'s secrets for the lab's credentials `declared`.
pub fn student_secrets(class_secret: &str, student: &str, declared: &[CredentialSpec]) -> Secrets {
    let secrets: BTreeMap<String, String> = declared.iter().map(|c| (c.id.clone(), derive(class_secret, student, &c.id))).collect();
    Secrets { secrets }
}

/// [`SECRET_LEN`] characters of [`ALPHABET`] from SHA-256 in counter mode; bytes that would
/// favour some characters are skipped.
fn derive(class_secret: &str, student: &str, credential: &str) -> String {
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut out = String::with_capacity(SECRET_LEN);
    let mut counter: u32 = 0;
    while out.len() < SECRET_LEN {
        let mut hash = Sha256::new();
        for part in [class_secret.as_bytes(), b"\0", student.as_bytes(), b"\0", credential.as_bytes(), b"\0"] {
            hash.update(part);
        }
        hash.update(counter.to_be_bytes());
        for b in hash.finalize().iter().copied().filter(|b| *b < limit) {
            if out.len() < SECRET_LEN {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
        counter += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(id: &str) -> CredentialSpec {
        CredentialSpec { id: id.into(), service: "db".into(), label: Text::new("x", "x"), user: None, env: "X".into(), user_env: None }
    }

    #[test]
    fn a_students_secrets_are_the_same_every_time_and_differ_between_students() {
        let declared = [spec("db"), spec("token")];
        let ana = student_secrets("class-secret", "ana", &declared);
        assert_eq!(ana, student_secrets("class-secret", "ana", &declared), "derived, not drawn");
        let luis = student_secrets("class-secret", "luis", &declared);
        assert_ne!(ana.get("db"), luis.get("db"), "each student has their own");
        assert_ne!(ana.get("db"), ana.get("token"), "each credential has its own");
        assert_ne!(ana, student_secrets("another", "ana", &declared), "another class, other secrets");
        let db = ana.get("db").unwrap();
        assert!(db.len() == SECRET_LEN && db.bytes().all(|b| ALPHABET.contains(&b)), "letters and digits only: {db}");
    }

    #[test]
    fn the_class_secret_is_kept_in_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = class_secret(dir.path(), "mlops").unwrap();
        assert_eq!(first.len(), SECRET_LEN, "a generated secret");
        assert_eq!(class_secret(dir.path(), "mlops").unwrap(), first, "kept, not made again");
        assert!(dir.path().join("credentials/class-mlops.json").is_file(), "beside the labs' credentials");
        assert_ne!(class_secret(dir.path(), "other").unwrap(), first, "one per class");
    }
}
