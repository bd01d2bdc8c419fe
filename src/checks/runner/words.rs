//! Building a check's words in both languages at once: counts take their noun's number in
//! each language (raw data is [`Text::same`] in both, and parts join with [`Text::join`]).

use crate::lab::Text;

/// `n` and its noun, singular for exactly one: `1 element`, `3 elementos`.
pub fn count(n: usize, es: (&str, &str), en: (&str, &str)) -> Text {
    Text::count(n, es, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_within_each_language() {
        let joined = Text::join(&[Text::same("HTTP 200"), Text::new("falta /a", "/a missing")], ", ");
        assert_eq!(joined, Text::new("HTTP 200, falta /a", "HTTP 200, /a missing"), "Spanish with Spanish, English with English");
    }

    #[test]
    fn one_is_singular_in_both_languages() {
        let words = |n| count(n, ("elemento", "elementos"), ("element", "elements"));
        assert_eq!(words(1), Text::new("1 elemento", "1 element"), "one");
        assert_eq!(words(0), Text::new("0 elementos", "0 elements"), "zero is plural");
    }
}
