//! The CSV importer never panics: a calls file and a modules file, split at the
//! first NUL byte.
#![no_main]

use engine::formats::ImportLimits;
use engine::formats::csv::{CsvInput, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (calls, modules) = match text.split_once('\0') {
        Some((calls, modules)) => (calls, Some(modules)),
        None => (text.as_ref(), None),
    };
    let _ = import(
        "fuzz",
        CsvInput { name: "calls.csv", text: calls },
        modules.map(|text| CsvInput { name: "modules.csv", text }),
        &ImportLimits::default(),
    );
});
