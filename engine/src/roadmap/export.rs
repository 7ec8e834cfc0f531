//! A roadmap for other tools: one task per item of every step, as CSV or
//! JSON that issue trackers import (with its step, services and what in the
//! model it comes from), and a Mermaid diagram of the steps.

use std::fmt::Write as _;

use serde::Serialize;

use super::Roadmap;
use super::items::items;
use crate::formats::mermaid;
use crate::metrics::format_value;
use crate::text::Language;

/// One task a team can put in its issue tracker.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Task {
    /// The step (1, 2, …).
    pub step: usize,
    /// The services that step extracts.
    pub services: String,
    /// What kind of item it is (`remote_call`, `api`, `table`, `saga`,
    /// `read`, `gateway_route`, `contract_test`, `runtime`, `advice`).
    pub kind: &'static str,
    /// A one-line title.
    pub summary: String,
    /// What to do, and the numbers.
    pub description: String,
    /// What in the model it comes from (module and table ids).
    pub trace: String,
}

/// The columns of the CSV, in order.
pub const TASK_COLUMNS: [&str; 6] = [
    "step",
    "services",
    "kind",
    "summary",
    "description",
    "trace",
];

/// Every task of every step, in step order.
pub fn tasks(roadmap: &Roadmap, language: Language) -> Vec<Task> {
    roadmap
        .steps
        .iter()
        .flat_map(|step| {
            items(step, language).into_iter().map(|item| Task {
                step: step.number,
                services: step.services.join(", "),
                kind: item.kind.key(),
                summary: format!("{}: {}", item.kind.one(language), item.title),
                description: item.details,
                trace: item.trace,
            })
        })
        .collect()
}

/// The tasks as CSV (every field guarded against spreadsheet formulas).
pub fn tasks_csv(roadmap: &Roadmap, language: Language) -> String {
    crate::formats::csv::export_text_table(
        &TASK_COLUMNS,
        tasks(roadmap, language).into_iter().map(|task| {
            vec![
                task.step.to_string(),
                task.services,
                task.kind.to_string(),
                task.summary,
                task.description,
                task.trace,
            ]
        }),
    )
}

/// The tasks as a JSON array.
pub fn tasks_json(roadmap: &Roadmap, language: Language) -> String {
    let mut json = serde_json::to_string_pretty(&tasks(roadmap, language)).unwrap_or_default();
    json.push('\n');
    json
}

/// A Mermaid flowchart of the steps: from the monolith, each step with its
/// services, its cost and how many calls it makes remote.
pub fn mermaid(roadmap: &Roadmap, language: Language) -> String {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en);
    let mut out = String::from("flowchart TD\n");
    let _ = writeln!(
        out,
        "  s0([\"{}\"])",
        mermaid::escape(&format!("{}: {}", t("모놀리스", "Monolith"), roadmap.split))
    );
    for step in &roadmap.steps {
        let label = format!(
            "{} {}: {} — {} {}, {} {}",
            t("단계", "Step"),
            step.number,
            step.services.join(", "),
            t("비용", "cost"),
            format_value(step.cost),
            step.needs.new_remote_calls.len(),
            t("개 호출이 원격으로", "calls become remote")
        );
        let _ = writeln!(out, "  s{}[\"{}\"]", step.number, mermaid::escape(&label));
        let _ = writeln!(out, "  s{} --> s{}", step.number - 1, step.number);
    }
    out
}
