//! `seams refine`: refine a split by label propagation (every move explained)
//! and add the result to the project as a new split.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use engine::metrics::{MetricId, format_value};
use engine::refine::{RefineOptions, refine_on};

use super::{find_split, module_constraints, read_document, write_output};

/// Options of `seams refine`.
#[derive(Debug, Args)]
pub struct RefineArgs {
    /// The project file (native JSON).
    pub project: PathBuf,
    /// The split to refine (its name or id).
    #[arg(long)]
    pub split: String,
    /// Name of the refined split [default: "<split> (refined)"].
    #[arg(long)]
    pub name: Option<String>,
    /// No service shrinks below this many modules.
    #[arg(long, default_value_t = 1)]
    pub min_size: usize,
    /// No service grows past this many modules [default: the largest service now plus a tenth].
    #[arg(long)]
    pub max_size: Option<usize>,
    /// Weight between two modules per table both write (0 ignores tables).
    #[arg(long, default_value_t = 1.0)]
    pub table_weight: f64,
    /// Weight between two modules that change together, times their coupling.
    #[arg(long, default_value_t = 1.0)]
    pub co_change_weight: f64,
    /// Modules that stay where they are (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    pub pin: Vec<String>,
    /// Modules that move only together, comma-separated; repeatable.
    #[arg(long = "keep-together", value_delimiter = ';')]
    pub keep_together: Vec<String>,
    /// Two module ids never put in one service, "a,b" (repeatable).
    #[arg(long)]
    pub keep_apart: Vec<String>,
    /// Also write every move with its reason, and the metrics before and after, as JSON.
    #[arg(long)]
    pub moves: Option<PathBuf>,
    /// Where to write the project with the refined split [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `seams refine`.
pub fn run(args: RefineArgs) -> anyhow::Result<()> {
    let mut document = read_document(&args.project)?;
    let file = args.project.display().to_string();
    let compiled = document.compile(&file)?;
    let (split, resolved) = find_split(&compiled, &file, &args.split)?;
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| format!("{} (refined)", split.name));
    if document.has_split(&name) {
        bail!("the project already has a split named '{name}'; choose another with --name");
    }
    let (keep_together, keep_apart) = module_constraints(&args.keep_together, &args.keep_apart)?;
    let options = RefineOptions {
        table_weight: args.table_weight,
        co_change_weight: args.co_change_weight,
        min_modules: args.min_size,
        max_modules: args.max_size,
        keep_together,
        keep_apart,
        pinned: args.pin.iter().map(|m| m.trim().to_string()).collect(),
        ..RefineOptions::default()
    };
    let refinement = refine_on(compiled.graph.clone(), split, resolved, &options)?;
    let label = |id: &str| {
        split
            .services
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.label().to_string())
    };
    eprintln!(
        "{} moves in {} passes; the weight crossing services went from {} to {} (largest service allowed: {} modules)",
        refinement.moves.len(),
        refinement.rounds,
        format_value(refinement.objective_before),
        format_value(refinement.objective_after),
        refinement.max_modules
    );
    for id in [MetricId::Icp, MetricId::Bcp, MetricId::Sm] {
        eprintln!(
            "  {}: {} → {}",
            id.key().to_uppercase(),
            format_value(refinement.before.get(id)),
            format_value(refinement.after.get(id))
        );
    }
    for step in &refinement.moves {
        eprintln!(
            "  move {} from {} to {}: {}",
            step.modules.join(", "),
            label(&step.from),
            label(&step.to),
            step.reason().en
        );
    }
    if let Some(path) = &args.moves {
        let mut json = serde_json::to_string_pretty(&refinement)?;
        json.push('\n');
        write_output(Some(path), &json)?;
    }
    let mut refined = refinement.split;
    refined.name = name;
    refined.id = String::new();
    document.add_split(&refined);
    write_output(args.output.as_deref(), &document.to_json())
}
