//! Fuzz target `loader`: `entries::loader` says what it is fed and what must hold.

#![no_main]

#[path = "../entries.rs"]
mod entries;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    entries::loader(DIR.get_or_init(|| entries::workdir("loader")), data);
});
