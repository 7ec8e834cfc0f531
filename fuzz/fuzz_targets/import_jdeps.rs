//! The jdeps importer never panics, at class or package level.
#![no_main]

use engine::formats::{ImportLimits, jdeps};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let limits = ImportLimits::default();
    let _ = jdeps::import("fuzz.txt", &text, jdeps::Level::Class, &limits);
    let _ = jdeps::import("fuzz.txt", &text, jdeps::Level::Package, &limits);
});
