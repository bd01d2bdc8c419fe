//! The students of a class. A student's id names their stack, their namespace and their
//! secrets, so it is a short slug that every engine and cluster takes as a name.

use serde::Serialize;

/// The longest student id: a namespace is `<class>-<student>`, at most 63 characters.
pub const STUDENT_ID_MAX: usize = 20;

/// One student of the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Student {
    /// `[a-z0-9-]`, starting with a letter, unique in the class.
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

/// Why `id` cannot name a student (or a class, with `max`), in both languages; `None` when
/// it can.
pub fn slug_problem(id: &str, max: usize) -> Option<crate::lab::Text> {
    use crate::lab::Text;
    if id.is_empty() {
        return Some(Text::new("está vacío", "is empty"));
    }
    if id.len() > max {
        return Some(Text::new(format!("tiene {} caracteres; el máximo es {max}", id.len()), format!("has {} characters; at most {max} fit", id.len())));
    }
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some(Text::new("no empieza por una letra minúscula", "does not start with a lowercase letter"));
    }
    if id.ends_with('-') {
        return Some(Text::new("termina en `-`", "ends with `-`"));
    }
    if let Some(c) = id.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Some(Text::new(format!("tiene `{c}`; solo valen a-z, 0-9 y `-`"), format!("has `{c}`; only a-z, 0-9 and `-` are allowed")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_that_name_a_namespace_pass() {
        for id in ["ana", "b2", "maria-jose", "s01"] {
            assert_eq!(slug_problem(id, STUDENT_ID_MAX), None, "{id} is a fine student id");
        }
    }

    #[test]
    fn slugs_a_cluster_refuses_are_refused_with_why() {
        let cases = [("", "empty"), ("Ana", "lowercase"), ("1ana", "lowercase"), ("ana-", "ends"), ("ana_b", "`_`"), ("a-very-long-student-id-here", "at most 20")];
        for (id, why) in cases {
            let problem = slug_problem(id, STUDENT_ID_MAX).unwrap_or_else(|| panic!("{id:?} must be refused"));
            assert!(problem.en.contains(why), "{id:?}: {} should say {why}", problem.en);
            assert!(!problem.es.is_empty(), "{id:?}: the Spanish message is there");
        }
    }
}
