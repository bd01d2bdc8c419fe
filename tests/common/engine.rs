//! The real Docker engine for tests: found the way `nivel` finds it; a missing engine skips
//! engine tests on a developer's machine and fails them where `NIVEL_REQUIRE_DOCKER=1` (CI).

use nivel::docker::{config_dir, resolve_host, Engine};

/// The engine's address, or `None` (with a note on stderr) when no engine answers and the
/// engine is not required.
pub fn engine() -> Option<Engine> {
    let env = |k: &str| std::env::var(k).ok();
    let host = resolve_host(&env, config_dir(&env).as_deref());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    match rt.block_on(Engine::connect(host)) {
        Ok(engine) => Some(engine),
        Err(e) if std::env::var("NIVEL_REQUIRE_DOCKER").as_deref() == Ok("1") => {
            panic!("NIVEL_REQUIRE_DOCKER=1 but no Docker engine answers: {e}")
        }
        Err(e) => {
            eprintln!("skipping an engine test: {e}");
            None
        }
    }
}
