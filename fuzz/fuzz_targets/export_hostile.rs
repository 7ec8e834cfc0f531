//! Whatever names users type, every export is written without a panic, and
//! the formats Seams reads back (DOT, CSV, native JSON) give the same modules,
//! labels, calls and services again.
#![no_main]

use engine::analysis::analyze;
use engine::formats::csv::{CsvInput, export_calls, export_metrics, export_modules};
use engine::formats::{ImportLimits, cml, csv, dot, mermaid, native, structurizr};
use engine::metrics::AnalysisOptions;
use engine::model::{Call, Module, Project, Service, Split, SplitOrigin};
use engine::report::{ReportInput, html, markdown};
use engine::text::Language;
use libfuzzer_sys::fuzz_target;

/// A project whose module ids and names, service ids and names and split name
/// are the pieces of the input (split at NUL), calls along the modules.
fn project_of(text: &str) -> Project {
    // Trimmed: CSV cells are read trimmed.
    let mut pieces = text.split('\0').map(str::trim).filter(|p| !p.is_empty());
    let split_name = pieces.next().unwrap_or("split").to_string();
    let mut project = Project::new(split_name.clone());
    let mut split = Split::new(split_name, SplitOrigin::Manual);
    for (ix, piece) in pieces.take(12).enumerate() {
        if ix % 3 == 2 {
            if !split.services.iter().any(|s| s.id == piece) {
                split.services.push(Service::new(piece, format!("{piece}{ix}")));
            }
        } else if !project.modules.iter().any(|m| m.id == piece) {
            let mut module = Module::new(piece);
            module.name = format!("{ix}{piece}");
            project.modules.push(module);
        }
    }
    if split.services.is_empty() {
        split.services.push(Service::new("s", "s"));
    }
    for (ix, module) in project.modules.iter().enumerate() {
        let service = &split.services[ix % split.services.len()];
        split.assignment.insert(module.id.clone(), service.id.clone());
    }
    let ids: Vec<String> = project.modules.iter().map(|m| m.id.clone()).collect();
    for pair in ids.windows(2) {
        project.calls.push(Call::new(pair[0].clone(), pair[1].clone()));
    }
    project.splits.push(split);
    project
}

fn ids(project: &Project) -> Vec<(String, String)> {
    project
        .modules
        .iter()
        .map(|m| (m.id.clone(), m.label().to_string()))
        .collect()
}

fn calls(project: &Project) -> Vec<(String, String)> {
    project
        .calls
        .iter()
        .map(|c| (c.caller.clone(), c.callee.clone()))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let project = project_of(&String::from_utf8_lossy(data));
    if project.modules.is_empty() || project.validate().is_err() {
        return;
    }
    let split = &project.splits[0];
    let limits = ImportLimits::default();

    let text = dot::export(&project, Some(split));
    let back = dot::import("fuzz.dot", &text, &limits).expect("DOT export reads back");
    assert_eq!(ids(&back), ids(&project), "{text}");
    assert_eq!(calls(&back), calls(&project), "{text}");
    let services = |s: &Split| {
        s.services
            .iter()
            .map(|s| (s.id.clone(), s.label().to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(services(&back.splits[0]), services(split), "{text}");

    let (calls_csv, modules_csv) = (export_calls(&project), export_modules(&project));
    let back = csv::import(
        "fuzz",
        CsvInput { name: "calls.csv", text: &calls_csv },
        Some(CsvInput { name: "modules.csv", text: &modules_csv }),
        &limits,
    )
    .expect("CSV export reads back");
    assert_eq!(ids(&back), ids(&project), "{modules_csv}");
    assert_eq!(calls(&back), calls(&project), "{calls_csv}");

    let json = native::to_json(&project);
    let back = native::from_json("fuzz.json", &json).expect("JSON export reads back");
    assert_eq!(ids(&back), ids(&project), "{json}");
    assert_eq!(calls(&back), calls(&project), "{json}");
    assert_eq!(back.splits, project.splits, "{json}");

    let Ok(analysis) = analyze(&project, AnalysisOptions::default()) else {
        return;
    };
    let _ = mermaid::export(&project, Some(split));
    let _ = structurizr::export(&project, split, &analysis.splits[0]);
    let _ = cml::export(&project, split, &analysis.splits[0]);
    let _ = export_metrics(&analysis);
    let input = ReportInput::new(&project, &analysis);
    let _ = markdown(&input, Language::En);
    let _ = html(&input, Language::Ko);
});
