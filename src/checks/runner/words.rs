//! Building a check's words in both languages at once: raw data (paths, regexes, bodies,
//! output) is the same in each, and parts join the same way in each.

use crate::lab::Text;

/// `text` unchanged in both languages: a status line, a value, an excerpt.
pub fn same(text: impl Into<String>) -> Text {
    let text = text.into();
    Text { es: text.clone(), en: text }
}

/// `parts` joined by `sep`, each language on its own.
pub fn join(parts: &[Text], sep: &str) -> Text {
    Text {
        es: parts.iter().map(|p| p.es.as_str()).collect::<Vec<_>>().join(sep),
        en: parts.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join(sep),
    }
}

/// `n` and its noun, singular for exactly one: `1 element`, `3 elementos`.
pub fn count(n: usize, es: (&str, &str), en: (&str, &str)) -> Text {
    let pick = |(one, many): (&str, &str)| format!("{n} {}", if n == 1 { one } else { many });
    Text { es: pick(es), en: pick(en) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_within_each_language() {
        let joined = join(&[same("HTTP 200"), Text::new("falta /a", "/a missing")], ", ");
        assert_eq!(joined, Text::new("HTTP 200, falta /a", "HTTP 200, /a missing"), "Spanish with Spanish, English with English");
    }

    #[test]
    fn one_is_singular_in_both_languages() {
        let words = |n| count(n, ("elemento", "elementos"), ("element", "elements"));
        assert_eq!(words(1), Text::new("1 elemento", "1 element"), "one");
        assert_eq!(words(0), Text::new("0 elementos", "0 elements"), "zero is plural");
    }
}
