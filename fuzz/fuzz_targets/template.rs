//! Fuzz target `template`: `entries::template` says what it is fed and what must hold.

#![no_main]

#[path = "../entries.rs"]
mod entries;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| entries::template(data));
