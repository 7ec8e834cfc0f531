//! `seams roadmap`: the migration roadmap of one split — the extraction order
//! (the team's, the cheapest, or one given), every intermediate state's
//! metrics and what each step needs.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, ValueEnum};
use engine::metrics::AnalysisOptions;
use engine::model::{RoadmapPlan, Split};
use engine::roadmap::{OrderMethod, Planner};

use super::export::LanguageArg;
use super::{find_split, read_document, write_output};

/// Output formats of `seams roadmap`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum RoadmapFormat {
    /// Everything, as JSON (`total_cost` and `steps`).
    #[default]
    Json,
    /// The roadmap as the report writes it, in Markdown.
    Md,
    /// One task per item of every step, as CSV for an issue tracker.
    TasksCsv,
    /// The same tasks as a JSON array.
    TasksJson,
    /// A Mermaid flowchart of the steps.
    Mermaid,
}

/// Options of `seams roadmap`.
#[derive(Debug, Args)]
pub struct RoadmapArgs {
    /// The project file (native JSON).
    pub project: PathBuf,
    /// The split to plan (its name or id).
    #[arg(long)]
    pub split: String,
    /// Evaluate this extraction order instead of choosing one: every service
    /// once, by name or id, separated by commas.
    #[arg(long, value_delimiter = ',')]
    pub order: Option<Vec<String>>,
    /// Extract these services first, in this order (replaces the project's pins).
    #[arg(long, value_delimiter = ',')]
    pub first: Option<Vec<String>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: RoadmapFormat,
    /// The language of the Markdown, the tasks and the diagram.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LanguageArg,
    /// Where to write the result [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The service ids `names` stand for in `split` (each an id or a name).
fn service_ids(split: &Split, names: &[String]) -> anyhow::Result<Vec<String>> {
    names
        .iter()
        .map(|name| {
            let name = name.trim();
            split
                .services
                .iter()
                .find(|s| s.id == name)
                .or_else(|| split.services.iter().find(|s| s.label() == name))
                .map(|s| s.id.clone())
                .with_context(|| {
                    let known: Vec<&str> = split.services.iter().map(|s| s.label()).collect();
                    format!(
                        "split '{}' has no service '{name}' (it has: {})",
                        split.name,
                        known.join(", ")
                    )
                })
        })
        .collect()
}

/// Runs `seams roadmap`.
pub fn run(args: RoadmapArgs) -> anyhow::Result<()> {
    let language = match args.lang {
        LanguageArg::En => engine::text::Language::En,
        LanguageArg::Ko => engine::text::Language::Ko,
    };
    let compiled = read_document(&args.project)?.compile(&args.project.display().to_string())?;
    let (split, resolved) =
        find_split(&compiled, &args.project.display().to_string(), &args.split)?;
    let mut plan: RoadmapPlan = split.roadmap.clone();
    if let Some(first) = &args.first {
        plan.first = service_ids(split, first)?;
    }
    if args.order.is_some() || args.first.is_some() {
        plan.order.clear();
    }
    let planner = Planner::new(
        Arc::clone(&compiled.graph),
        split,
        resolved,
        &plan,
        AnalysisOptions::default(),
    )
    .map_err(|e| anyhow::anyhow!("split '{}': {e}", split.name))?;
    let roadmap = match &args.order {
        Some(order) => {
            let ids = service_ids(split, order)?;
            let groups = planner
                .order_of(&ids)
                .map_err(|e| anyhow::anyhow!("--order: {e}"))?;
            planner.roadmap_of(&groups, OrderMethod::Given, &compiled.readiness)
        }
        None => planner
            .roadmap(&compiled.readiness)
            .map_err(|e| anyhow::anyhow!("split '{}': the saved order: {e}", split.name))?,
    };
    let text = match args.format {
        RoadmapFormat::Json => {
            let mut json = serde_json::to_string_pretty(&roadmap)?;
            json.push('\n');
            json
        }
        RoadmapFormat::Md => engine::report::roadmap_markdown(&roadmap, language),
        RoadmapFormat::TasksCsv => engine::roadmap::tasks_csv(&roadmap, language),
        RoadmapFormat::TasksJson => engine::roadmap::tasks_json(&roadmap, language),
        RoadmapFormat::Mermaid => engine::roadmap::mermaid(&roadmap, language),
    };
    write_output(args.output.as_deref(), &text)
}
