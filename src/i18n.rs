//! The language of user-facing messages: Spanish first in the app, English by default in
//! the CLI, chosen from the environment the way other command-line programs choose.

/// A language Nivel speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    #[default]
    En,
}

impl Lang {
    /// `NIVEL_LANG` when it names a language Nivel speaks, else the locale (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`, the first one set deciding), else the system's language
    /// setting: `es*` is Spanish, anything else English. `var` reads a variable, so tests pass
    /// their own environment.
    pub fn from_env(var: &dyn Fn(&str) -> Option<String>) -> Lang {
        Lang::from_sources(var, &system_locale)
    }

    /// As `from_env`, with the system's setting asked of `system`.
    fn from_sources(var: &dyn Fn(&str) -> Option<String>, system: &dyn Fn() -> Option<String>) -> Lang {
        if let Some(lang) = var("NIVEL_LANG").as_deref().and_then(Lang::from_tag) {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| var(k).filter(|v| !v.is_empty())).or_else(system);
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("es") => Lang::Es,
            _ => Lang::En,
        }
    }

    /// The language's tag, as HTML's `lang` attribute and `NIVEL_LANG` name it: `es`, `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
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

/// The language the system is set to, where it is kept outside the environment: Windows'
/// display language, macOS's preferred languages (a Finder-opened app has no `LANG`). On Linux
/// the locale variables are the system's setting, so there is nothing more to ask.
#[cfg(not(target_os = "linux"))]
fn system_locale() -> Option<String> {
    sys_locale::get_locale()
}

#[cfg(target_os = "linux")]
fn system_locale() -> Option<String> {
    None
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
        assert_eq!(Lang::from_sources(&env(&[]), &|| None), Lang::En, "English when nothing is set");
    }

    #[test]
    fn the_systems_setting_comes_after_the_variables() {
        let spanish = || Some("es-ES".to_string());
        assert_eq!(Lang::from_sources(&env(&[]), &spanish), Lang::Es, "no variable: Windows' or macOS's language");
        assert_eq!(Lang::from_sources(&env(&[("LANG", "en_US.UTF-8")]), &spanish), Lang::En, "a variable set wins");
        assert_eq!(Lang::from_sources(&env(&[("NIVEL_LANG", "en")]), &spanish), Lang::En, "and NIVEL_LANG above all");
    }
}
