//! What the student chose for Nivel itself: the language, the workspace folder, the engine to
//! use, a port offset and whether labs are exposed on the network. Kept in the progress
//! store's `settings` table, one key each; the desktop app starts from them. Every value is
//! checked before anything is stored, and a refused one leaves every setting as it was.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::docker::registry::parse_mirrors;
pub use crate::docker::registry::{mirrors_text, ImageMirror};
use crate::i18n::Lang;
use crate::lab::Text;
use crate::progress::{Store, StoreError};

use super::progress_store;
use super::check_error::advice;
use crate::host::Reason;

use super::{Context, Problem, Remedy};

/// The largest port offset: it keeps the course labs' highest port (9001) well inside the
/// 65535 ports there are.
pub const MAX_PORT_OFFSET: u16 = 50_000;

/// Nivel's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Settings {
    /// The language the app speaks.
    pub language: Lang,
    /// The folder the student keeps their lab work in; absolute, and there.
    pub workspace: Option<String>,
    /// The engine to use (`unix:///var/run/docker.sock`, `tcp://host:2375`); `None` is the
    /// one the docker CLI would use.
    pub engine_endpoint: Option<String>,
    /// Added to every published host port.
    pub port_offset: u16,
    /// Publish lab ports on every network interface, not only 127.0.0.1.
    pub expose_lan: bool,
    /// References pulled from a mirror instead (a classroom's registry); `NIVEL_IMAGE_MIRRORS`
    /// adds to it. Absent (an older front end) is none.
    #[serde(default)]
    pub image_mirrors: Vec<ImageMirror>,
}

impl Default for Settings {
    /// Spanish first: the course's language.
    fn default() -> Settings {
        Settings { language: Lang::Es, workspace: None, engine_endpoint: None, port_offset: 0, expose_lan: false, image_mirrors: Vec::new() }
    }
}

/// A setting refused, or the store that keeps them failing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    #[error("`{given}` is not a language Nivel speaks")]
    Language { given: String },
    #[error("the workspace `{given}` is not an absolute path")]
    RelativeWorkspace { given: String },
    #[error("the workspace `{given}` is not a folder")]
    NoWorkspace { given: String },
    #[error("Nivel cannot reach an engine at `{given}`")]
    Endpoint { given: String },
    #[error("the port offset {given} is above {MAX_PORT_OFFSET}")]
    PortOffset { given: u32 },
    #[error("the image map entry `{entry}` is not NAME=MIRROR")]
    Mirrors { entry: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

const LANGUAGE: &str = "language";
const WORKSPACE: &str = "workspace";
const ENGINE_ENDPOINT: &str = "engine_endpoint";
const PORT_OFFSET: &str = "port_offset";
const EXPOSE_LAN: &str = "expose_lan";
const IMAGE_MIRRORS: &str = "image_mirrors";

/// The settings as stored; a setting never set (or one a person mangled by hand) has its
/// default.
pub fn settings_get(ctx: &Context) -> Result<Settings, SettingsError> {
    let store = progress_store::open_to_read(ctx)?;
    read(&store).map_err(|e| e.at(store.path()).into())
}

/// Checks every value of `settings`, then stores them all; what is stored now comes back,
/// with a warning when today's backup could not be made.
pub fn settings_set(ctx: &Context, settings: &Settings) -> Result<(Settings, Option<Reason>), SettingsError> {
    settings.check()?;
    let (store, warning) = progress_store::open_to_write(ctx)?;
    write(&store, settings).map_err(|e| e.at(store.path()))?;
    Ok((read(&store).map_err(|e| e.at(store.path()))?, warning))
}

/// The image map written as `NAME=MIRROR,…` (`docker.io=mirror.local:5000`); empty is none.
pub fn image_mirrors(text: &str) -> Result<Vec<ImageMirror>, SettingsError> {
    parse_mirrors(text).map_err(|e| SettingsError::Mirrors { entry: e.entry })
}

/// A language by its tag (`es`, `en`, `es_CO.UTF-8`…).
pub fn language(tag: &str) -> Result<Lang, SettingsError> {
    Lang::from_tag(tag).ok_or_else(|| SettingsError::Language { given: tag.to_string() })
}

impl Settings {
    /// Every value checked: an absolute workspace that is a folder, an engine address Nivel
    /// can reach, a port offset within [`MAX_PORT_OFFSET`].
    pub fn check(&self) -> Result<(), SettingsError> {
        if let Some(w) = &self.workspace {
            if !Path::new(w).is_absolute() {
                return Err(SettingsError::RelativeWorkspace { given: w.clone() });
            }
            if !Path::new(w).is_dir() {
                return Err(SettingsError::NoWorkspace { given: w.clone() });
            }
        }
        if let Some(e) = self.engine_endpoint.as_ref().filter(|e| !crate::docker::is_supported_endpoint(e)) {
            return Err(SettingsError::Endpoint { given: e.clone() });
        }
        if self.port_offset > MAX_PORT_OFFSET {
            return Err(SettingsError::PortOffset { given: u32::from(self.port_offset) });
        }
        Ok(())
    }
}

fn read(store: &Store) -> Result<Settings, StoreError> {
    let table = store.settings();
    let d = Settings::default();
    Ok(Settings {
        language: table.get(LANGUAGE)?.and_then(|v| Lang::from_tag(&v)).unwrap_or(d.language),
        workspace: table.get(WORKSPACE)?,
        engine_endpoint: table.get(ENGINE_ENDPOINT)?,
        port_offset: table.get(PORT_OFFSET)?.and_then(|v| v.parse().ok()).filter(|n| *n <= MAX_PORT_OFFSET).unwrap_or(d.port_offset),
        expose_lan: table.get(EXPOSE_LAN)?.is_some_and(|v| v == "true"),
        image_mirrors: table.get(IMAGE_MIRRORS)?.and_then(|v| parse_mirrors(&v).ok()).unwrap_or_default(),
    })
}

fn write(store: &Store, s: &Settings) -> Result<(), StoreError> {
    let table = store.settings();
    table.set(LANGUAGE, s.language.tag())?;
    for (key, value) in [(WORKSPACE, &s.workspace), (ENGINE_ENDPOINT, &s.engine_endpoint)] {
        match value {
            Some(v) => table.set(key, v)?,
            None => drop(table.remove(key)?),
        }
    }
    match s.image_mirrors.as_slice() {
        [] => drop(table.remove(IMAGE_MIRRORS)?),
        map => table.set(IMAGE_MIRRORS, &mirrors_text(map))?,
    }
    table.set(PORT_OFFSET, &s.port_offset.to_string())?;
    table.set(EXPOSE_LAN, if s.expose_lan { "true" } else { "false" })
}

impl Problem for SettingsError {
    fn code(&self) -> &'static str {
        match self {
            SettingsError::Language { .. } => "settings.language",
            SettingsError::RelativeWorkspace { .. } => "settings.workspace_relative",
            SettingsError::NoWorkspace { .. } => "settings.workspace_missing",
            SettingsError::Endpoint { .. } => "settings.engine_endpoint",
            SettingsError::PortOffset { .. } => "settings.port_offset",
            SettingsError::Mirrors { .. } => "settings.image_mirrors",
            SettingsError::Store(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            SettingsError::Language { given } => Text::new(
                format!("`{given}` no es un idioma de Nivel; no se cambió nada"),
                format!("`{given}` is not a language Nivel speaks; nothing changed"),
            ),
            SettingsError::RelativeWorkspace { given } => Text::new(
                format!("la carpeta de trabajo `{given}` no es una ruta absoluta; no se cambió nada"),
                format!("the workspace `{given}` is not an absolute path; nothing changed"),
            ),
            SettingsError::NoWorkspace { given } => Text::new(
                format!("la carpeta de trabajo `{given}` no existe o no es una carpeta; no se cambió nada"),
                format!("the workspace `{given}` does not exist or is not a folder; nothing changed"),
            ),
            SettingsError::Endpoint { given } => Text::new(
                format!("Nivel no sabe llegar a un motor en `{given}`; no se cambió nada"),
                format!("Nivel cannot reach an engine at `{given}`; nothing changed"),
            ),
            SettingsError::PortOffset { given } => Text::new(
                format!("el desplazamiento de puertos {given} es mayor que {MAX_PORT_OFFSET}; no se cambió nada"),
                format!("the port offset {given} is above {MAX_PORT_OFFSET}; nothing changed"),
            ),
            SettingsError::Mirrors { entry } => Text::new(
                format!("la entrada `{entry}` del mapa de imágenes no tiene la forma NOMBRE=ESPEJO; no se cambió nada"),
                format!("the image map entry `{entry}` is not NAME=MIRROR; nothing changed"),
            ),
            SettingsError::Store(e) => e.text(),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            SettingsError::Language { .. } => Some(advice("elija es (español) o en (inglés)", "choose es (Spanish) or en (English)")),
            SettingsError::RelativeWorkspace { .. } => Some(advice("indique la ruta completa, desde /", "give the whole path, from /")),
            SettingsError::NoWorkspace { .. } => Some(advice("cree la carpeta primero, o elija otra", "create the folder first, or choose another")),
            SettingsError::Endpoint { .. } => Some(advice("use una dirección unix:///ruta/al/socket, tcp://equipo:puerto o ssh://usuario@equipo", "use an address like unix:///path/to/socket, tcp://host:port or ssh://user@host")),
            SettingsError::PortOffset { .. } => Some(advice(format!("elija un número entre 0 y {MAX_PORT_OFFSET}"), format!("choose a number from 0 to {MAX_PORT_OFFSET}"))),
            SettingsError::Mirrors { .. } => Some(advice(
                "escriba las entradas separadas por comas: `docker.io/library/postgres=espejo:5000/library/postgres,docker.io=espejo:5000`",
                "separate entries with commas: `docker.io/library/postgres=mirror:5000/library/postgres,docker.io=mirror:5000`",
            )),
            SettingsError::Store(e) => e.remedy(),
        }
    }

    fn is_input(&self) -> bool {
        match self {
            SettingsError::Store(e) => StoreError::is_input(e),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_value_is_named_with_its_code() {
        let dir = tempfile::tempdir().unwrap();
        let ok = Settings { workspace: Some(dir.path().display().to_string()), engine_endpoint: Some("tcp://127.0.0.1:2375".into()), ..Settings::default() };
        assert!(ok.check().is_ok(), "a folder that is there and a tcp engine are fine");
        let bad = [
            (Settings { workspace: Some("work".into()), ..Settings::default() }, "settings.workspace_relative"),
            (Settings { workspace: Some(dir.path().join("nope").display().to_string()), ..Settings::default() }, "settings.workspace_missing"),
            (Settings { engine_endpoint: Some("ftp://host".into()), ..Settings::default() }, "settings.engine_endpoint"),
            (Settings { port_offset: MAX_PORT_OFFSET + 1, ..Settings::default() }, "settings.port_offset"),
        ];
        for (settings, code) in bad {
            let err = settings.check().expect_err(code);
            assert_eq!(err.code(), code, "{settings:?}");
            assert!(err.is_input(), "{code}: the user's input is at fault");
            assert!(matches!(err.remedy(), Some(Remedy::Advice { .. })), "{code}: says what to do");
        }
        assert_eq!(language("fr").map_err(|e| e.code()), Err("settings.language"), "an unknown language");
        assert_eq!(image_mirrors("docker.io").map_err(|e| e.code()), Err("settings.image_mirrors"), "a map entry without its mirror");
        assert_eq!(language("es_CO.UTF-8").ok(), Some(Lang::Es), "a locale names its language");
    }
}
