//! The native JSON reader never panics, and what it accepts analyses without
//! panicking either.
#![no_main]

use engine::analysis::analyze;
use engine::formats::native;
use engine::metrics::AnalysisOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(project) = native::from_json("fuzz.json", &String::from_utf8_lossy(data)) {
        let _ = analyze(&project, AnalysisOptions::default());
    }
});
