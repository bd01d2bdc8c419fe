//! The language of user-facing messages: Spanish first in the app, English by default in
//! the CLI, chosen from the environment the way other command-line programs choose.

/// A language Nivel speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export, export_to = "../ui/src/lib/bindings/"))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    #[default]
    En,
}

impl Lang {
    /// `NIVEL_LANG` when it names a language Nivel speaks, else the locale (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`, the first one set deciding): `es*` is Spanish, anything
    /// else English. `var` reads a variable, so tests pass their own environment.
    pub fn from_env(var: &dyn Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = var("NIVEL_LANG").as_deref().and_then(Lang::from_tag) {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| var(k).filter(|v| !v.is_empty()));
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("es") => Lang::Es,
            _ => Lang::En,
        }
    }

    /// `es`, `es_AR.UTF-8`, `en-GB`…; `None` for a language Nivel does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("es") {
            Some(Lang::Es)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn nivel_lang_wins_over_the_locale() {
        assert_eq!(Lang::from_env(&env(&[("NIVEL_LANG", "es"), ("LANG", "en_US.UTF-8")])), Lang::Es, "NIVEL_LANG first");
        assert_eq!(Lang::from_env(&env(&[("NIVEL_LANG", "en"), ("LC_ALL", "es_ES.UTF-8")])), Lang::En, "also towards English");
        assert_eq!(Lang::from_env(&env(&[("NIVEL_LANG", "fr"), ("LANG", "es_MX.UTF-8")])), Lang::Es, "an unknown NIVEL_LANG falls to the locale");
    }

    #[test]
    fn the_first_locale_variable_set_decides() {
        assert_eq!(Lang::from_env(&env(&[("LC_ALL", "C"), ("LANG", "es_ES.UTF-8")])), Lang::En, "LC_ALL overrides LANG");
        assert_eq!(Lang::from_env(&env(&[("LC_ALL", ""), ("LC_MESSAGES", "es_CL.UTF-8")])), Lang::Es, "an empty LC_ALL is unset");
        assert_eq!(Lang::from_env(&env(&[("LANG", "es_AR.UTF-8")])), Lang::Es, "LANG last");
        assert_eq!(Lang::from_env(&env(&[])), Lang::En, "English when nothing is set");
    }
}
