//! Text a student reads, in both of the course's languages. Lab files must give both; Spanish
//! is the course's language and the default in the app.

use serde::Serialize;

use crate::i18n::Lang;

/// A text in Spanish and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Text {
    pub es: String,
    pub en: String,
}

impl Text {
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Text {
        Text { es: es.into(), en: en.into() }
    }

    /// `n` and its noun, singular for exactly one in each language: `1 imagen`, `3 images`.
    /// The nouns are `(one, many)`.
    pub fn count(n: usize, es: (&str, &str), en: (&str, &str)) -> Text {
        let pick = |(one, many): (&str, &str)| format!("{n} {}", if n == 1 { one } else { many });
        Text { es: pick(es), en: pick(en) }
    }

    /// `text` unchanged in both languages: a name, a value, an excerpt.
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

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}
