//! The decomposition report: readiness verdict, model summary, the splits side by
//! side with winners, each split's services, cross-service calls, advice and
//! migration roadmap. One content (a [`Document`] tree), two renderings
//! (Markdown and standalone HTML) in either language.

mod agreement;
mod content;
mod document;
mod html;
mod markdown;
mod roadmap;

use serde::{Deserialize, Serialize};

use crate::analysis::ProjectAnalysis;
use crate::model::Project;
use crate::roadmap::{Roadmap, SplitRoadmaps};
use crate::text::Language;

pub use content::document;
pub use document::{
    Block, Bullet, Cell, Chart, Column, Document, FindingBlock, Row, Section, Table,
};
pub use roadmap::LISTED_PER_STEP;

/// The report as one standalone HTML document.
pub fn html(input: &ReportInput<'_>, language: Language) -> String {
    html::render(&document(input, language))
}

/// A page in the report's own look saying why the report is not there, for
/// where the report would have been shown (the report page's preview).
pub fn html_notice(title: &str, text: &str, language: Language) -> String {
    html::render(&Document {
        language,
        title: title.to_string(),
        description: text.to_string(),
        sections: Vec::new(),
    })
}

/// The report as Markdown.
pub fn markdown(input: &ReportInput<'_>, language: Language) -> String {
    markdown::render(&document(input, language))
}

/// One split's roadmap as Markdown, the way the report writes it.
pub fn roadmap_markdown(roadmap: &Roadmap, language: Language) -> String {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en);
    let mut blocks = roadmap::blocks(Ok(roadmap), language, 3);
    // The document's own title names the roadmap already.
    blocks.remove(0);
    markdown::render(&Document {
        language,
        title: format!(
            "{}: {}",
            t("전환 로드맵", "Migration roadmap"),
            roadmap.split
        ),
        description: String::new(),
        sections: vec![Section {
            id: "roadmap".into(),
            class: "",
            title: t("단계별 계획", "Step by step").to_string(),
            blocks,
        }],
    })
}

/// At most this many cross-service calls are listed per split; the metrics count
/// them all.
pub const LISTED_CROSS_CALLS: usize = 50;

/// At most this many modules are listed per service (a report of 50,000
/// modules listed them all: 1.8 MB that no reader goes through, and most of
/// the report page's time); the JSON export has every module's service.
pub const LISTED_MODULES: usize = 200;

/// Counts that describe the modelled monolith.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelSummary {
    /// Modules (entry points excluded).
    pub modules: usize,
    /// Entry points.
    pub entry_points: usize,
    /// Calls.
    pub calls: usize,
    /// Total call volume.
    pub volume: f64,
    /// Distinct capability tags.
    pub capabilities: usize,
    /// Distinct subdomain tags.
    pub subdomains: usize,
    /// Distinct teams.
    pub teams: usize,
    /// Distinct tables.
    pub tables: usize,
    /// Calls that must be atomic.
    pub transactional_calls: usize,
    /// Asynchronous calls.
    pub async_calls: usize,
}

impl ModelSummary {
    /// Counts a project.
    pub fn of(project: &Project) -> ModelSummary {
        let distinct = |values: &mut dyn Iterator<Item = &String>| {
            let mut v: Vec<&String> = values.collect();
            v.sort();
            v.dedup();
            v.len()
        };
        let modules = project.modules.iter().filter(|m| !m.entry_point);
        ModelSummary {
            modules: modules.clone().count(),
            entry_points: project.modules.iter().filter(|m| m.entry_point).count(),
            calls: project.calls.len(),
            volume: project.calls.iter().map(|c| c.volume).sum(),
            capabilities: distinct(&mut modules.clone().filter_map(|m| m.capability.as_ref())),
            subdomains: distinct(&mut modules.clone().filter_map(|m| m.subdomain.as_ref())),
            teams: distinct(&mut modules.clone().filter_map(|m| m.team.as_ref())),
            tables: distinct(
                &mut modules
                    .clone()
                    .flat_map(|m| m.reads.iter().chain(&m.writes)),
            ),
            transactional_calls: project.calls.iter().filter(|c| c.transactional).count(),
            async_calls: project
                .calls
                .iter()
                .filter(|c| c.style == crate::model::CallStyle::Async)
                .count(),
        }
    }
}

/// Everything a report shows, computed once.
pub struct ReportInput<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its analysis.
    pub analysis: &'a ProjectAnalysis,
    /// Its summary.
    pub summary: ModelSummary,
    /// The roadmap of each split (by split name), or why it cannot be planned.
    pub roadmaps: SplitRoadmaps,
}

impl<'a> ReportInput<'a> {
    /// Gathers the report's content (without roadmaps).
    pub fn new(project: &'a Project, analysis: &'a ProjectAnalysis) -> ReportInput<'a> {
        ReportInput {
            project,
            analysis,
            summary: ModelSummary::of(project),
            roadmaps: Vec::new(),
        }
    }

    /// The same content with each split's roadmap.
    pub fn with_roadmaps(mut self, roadmaps: SplitRoadmaps) -> ReportInput<'a> {
        self.roadmaps = roadmaps;
        self
    }
}
