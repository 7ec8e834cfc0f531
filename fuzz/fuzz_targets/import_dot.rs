//! The DOT importer never panics, whatever the text.
#![no_main]

use engine::formats::{ImportLimits, dot};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dot::import("fuzz.dot", &String::from_utf8_lossy(data), &ImportLimits::default());
});
