//! The one value every use case takes: where Nivel keeps its data, how to reach the engine,
//! the environment compose files are interpolated with, the language messages are rendered in
//! when a front end asks for one, and the clock. Front ends build it once at the edge (the CLI
//! from its flags and the process environment, the app from its settings); tests build it on a
//! temporary folder.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::SystemTime;

use crate::compose::Environment;
use crate::docker::registry::{HUB_URLS_ENV, MIRRORS_ENV};
use crate::docker::{EngineHost, resolve_host, config_dir};
use crate::i18n::Lang;
use crate::lab::InstallError;

/// Lab folders to add to the built-in labs, separated as `PATH` is (`:` on Unix).
pub const EXTRA_LABS_ENV: &str = "NIVEL_EXTRA_LABS";

/// Where and how the use cases run.
#[derive(Debug)]
pub struct Context {
    /// Nivel's data folder: the progress store, installed built-in labs, locks, backups.
    pub data_dir: PathBuf,
    /// The engine endpoint, resolved as the docker CLI resolves it.
    pub engine_host: EngineHost,
    /// The variables compose files are interpolated with.
    pub env: Environment,
    /// The folder relative lab paths are resolved from.
    pub cwd: PathBuf,
    /// Lab folders (each with a `lab.toml`) listed and opened by id beside the built-in labs:
    /// a lab an instructor is writing, a test's lab.
    pub added_labs: Vec<PathBuf>,
    /// The docker CLI's configuration folder, whose registry logins pulls and builds use.
    pub docker_config: Option<PathBuf>,
    /// The image map given in the environment (`NIVEL_IMAGE_MIRRORS`), added to the settings'.
    pub image_mirrors: Option<String>,
    /// Where Docker Hub is asked for its pulls left (`NIVEL_DOCKER_HUB_URLS`), when not Docker Hub.
    pub docker_hub_urls: Option<String>,
    lang: AtomicU8,
    clock: fn() -> SystemTime,
}

impl Context {
    /// A context over `data_dir`, the engine at `engine_host`, the variables `env` and the
    /// folder `cwd`, speaking `lang`, reading the system clock.
    pub fn new(data_dir: PathBuf, engine_host: EngineHost, env: Environment, cwd: PathBuf, lang: Lang) -> Context {
        Context { data_dir, engine_host, env, cwd, added_labs: Vec::new(), docker_config: None, image_mirrors: None, docker_hub_urls: None, lang: AtomicU8::new(lang_code(lang)), clock: SystemTime::now }
    }

    /// A context from a process environment read through `var` (`NIVEL_DATA_DIR`,
    /// `DOCKER_HOST`, `DOCKER_CONTEXT`, `DOCKER_CONFIG`, `NIVEL_LANG`, the locale,
    /// `NIVEL_EXTRA_LABS`, `NIVEL_IMAGE_MIRRORS`, `NIVEL_DOCKER_HUB_URLS`): what a
    /// front end started from a shell gets. `vars` is the whole environment, for interpolation.
    pub fn from_env(var: &dyn Fn(&str) -> Option<String>, vars: Environment, cwd: PathBuf) -> Result<Context, InstallError> {
        let data_dir = crate::lab::data_dir_from(var(crate::lab::DATA_DIR_ENV).map(Into::into))?;
        let docker_config = config_dir(var);
        let host = resolve_host(var, docker_config.as_deref());
        let mut ctx = Context::new(data_dir, host, vars, cwd, Lang::from_env(var));
        ctx.docker_config = docker_config;
        ctx.image_mirrors = var(MIRRORS_ENV).filter(|m| !m.trim().is_empty());
        ctx.docker_hub_urls = var(HUB_URLS_ENV).filter(|m| !m.trim().is_empty());
        ctx.added_labs = var(EXTRA_LABS_ENV).map(|list| std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()).map(|p| ctx.cwd.join(p)).collect()).unwrap_or_default();
        Ok(ctx)
    }

    /// Replaces the clock (tests fix time with it).
    #[must_use]
    pub fn with_clock(mut self, clock: fn() -> SystemTime) -> Context {
        self.clock = clock;
        self
    }

    /// Now, by this context's clock.
    pub fn now(&self) -> SystemTime {
        (self.clock)()
    }

    /// The clock itself, for what outlives a borrow of the context.
    pub(crate) fn clock(&self) -> fn() -> SystemTime {
        self.clock
    }

    /// The language front ends render in; the app switches it without a restart.
    pub fn lang(&self) -> Lang {
        if self.lang.load(Ordering::Relaxed) == 0 { Lang::Es } else { Lang::En }
    }

    /// Switches the language for everything rendered from now on.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.store(lang_code(lang), Ordering::Relaxed);
    }

    /// The progress store file.
    pub fn store_path(&self) -> PathBuf {
        crate::progress::default_path(&self.data_dir)
    }
}

impl Clone for Context {
    /// An independent copy (a task that outlives its caller, the change feed, takes one); its
    /// language starts as this one's and is switched on its own.
    fn clone(&self) -> Context {
        let mut copy = Context::new(self.data_dir.clone(), self.engine_host.clone(), self.env.clone(), self.cwd.clone(), self.lang()).with_clock(self.clock);
        copy.added_labs.clone_from(&self.added_labs);
        copy.docker_config.clone_from(&self.docker_config);
        copy.image_mirrors.clone_from(&self.image_mirrors);
        copy.docker_hub_urls.clone_from(&self.docker_hub_urls);
        copy
    }
}

fn lang_code(lang: Lang) -> u8 {
    match lang {
        Lang::Es => 0,
        Lang::En => 1,
    }
}
