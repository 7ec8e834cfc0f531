//! The Mono2Micro importer never panics: calls, contexts and one partition,
//! split at NUL bytes.
#![no_main]

use engine::formats::ImportLimits;
use engine::formats::mono2micro::{NamedInput, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let calls = parts.next().unwrap_or("");
    let contexts = parts.next();
    let partition = parts.next();
    let partitions: Vec<NamedInput<'_>> = partition
        .map(|text| NamedInput { name: "p.json", text })
        .into_iter()
        .collect();
    let _ = import(
        "fuzz",
        NamedInput { name: "calls.json", text: calls },
        contexts.map(|text| NamedInput { name: "bcs.json", text }),
        &partitions,
        None,
        &ImportLimits::default(),
    );
});
