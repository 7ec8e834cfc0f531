//! `seams check`: an architecture fitness function for CI. Fails (exit 1) with a
//! readable list when a split breaks any of the given limits.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use engine::analysis::analyze_split;
use engine::graph::ModelGraph;
use engine::metrics::{AnalysisOptions, Direction, MetricId, format_value};

use super::read_project;

/// Options of `seams check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project file.
    pub project: PathBuf,
    /// The split to check.
    #[arg(long)]
    pub split: String,
    /// Highest inter-call percentage allowed.
    #[arg(long)]
    pub max_icp: Option<f64>,
    /// Most service cycles allowed.
    #[arg(long)]
    pub max_cycles: Option<f64>,
    /// Longest synchronous chain allowed (hops).
    #[arg(long)]
    pub max_sync_chain: Option<f64>,
    /// Most distributed transactions allowed.
    #[arg(long)]
    pub max_distributed_transactions: Option<f64>,
    /// Most tables written by several services allowed.
    #[arg(long)]
    pub max_shared_tables: Option<f64>,
    /// Lowest modularity allowed.
    #[arg(long)]
    pub min_modularity: Option<f64>,
    /// Any metric's upper limit, as KEY=VALUE (e.g. cross_calls=40); repeatable.
    #[arg(long = "max", value_name = "KEY=VALUE")]
    pub max: Vec<String>,
    /// Any metric's lower limit, as KEY=VALUE (e.g. sm=0.1); repeatable.
    #[arg(long = "min", value_name = "KEY=VALUE")]
    pub min: Vec<String>,
}

/// A limit on one metric.
struct Limit {
    metric: MetricId,
    bound: f64,
    upper: bool,
}

/// Runs `seams check`; returns whether every limit holds.
pub fn run(args: CheckArgs) -> anyhow::Result<bool> {
    let mut limits = Vec::new();
    for (value, metric, upper) in [
        (args.max_icp, MetricId::Icp, true),
        (args.max_cycles, MetricId::Cycles, true),
        (args.max_sync_chain, MetricId::SyncChain, true),
        (
            args.max_distributed_transactions,
            MetricId::DistributedTransactions,
            true,
        ),
        (args.max_shared_tables, MetricId::SharedWrittenTables, true),
        (args.min_modularity, MetricId::Modularity, false),
    ] {
        if let Some(bound) = value {
            limits.push(Limit {
                metric,
                bound,
                upper,
            });
        }
    }
    for (list, upper) in [(&args.max, true), (&args.min, false)] {
        for item in list {
            let (key, value) = item
                .split_once('=')
                .with_context(|| format!("'{item}' is not KEY=VALUE"))?;
            let metric = MetricId::from_key(key.trim()).with_context(|| {
                format!(
                    "unknown metric '{}' (see the README for the keys)",
                    key.trim()
                )
            })?;
            let bound: f64 = value
                .trim()
                .parse()
                .with_context(|| format!("'{}' is not a number", value.trim()))?;
            limits.push(Limit {
                metric,
                bound,
                upper,
            });
        }
    }
    if limits.is_empty() {
        bail!("no limits given: use e.g. --max-icp 0.3 --max-cycles 0 or --max KEY=VALUE");
    }
    let project = read_project(&args.project)?;
    project.validate()?;
    let split = project.split(&args.split).with_context(|| {
        let names: Vec<&str> = project.splits.iter().map(|s| s.name.as_str()).collect();
        format!(
            "no split named '{}' (the project has: {})",
            args.split,
            names.join(", ")
        )
    })?;
    let graph = std::sync::Arc::new(ModelGraph::build(&project)?);
    let analysis = analyze_split(&graph, split, AnalysisOptions::default())?;
    let mut violations = Vec::new();
    for limit in &limits {
        let value = analysis.metrics.get(limit.metric);
        let broken = if limit.upper {
            value > limit.bound
        } else {
            value < limit.bound
        };
        if broken {
            let info = limit.metric.info();
            let hint = match info.direction {
                Direction::Lower => " (lower is better)",
                Direction::Higher => " (higher is better)",
                Direction::Neutral => "",
            };
            violations.push(format!(
                "{} is {}, {} {} {}{hint}",
                info.key,
                format_value(value),
                if limit.upper {
                    "above the maximum"
                } else {
                    "below the minimum"
                },
                format_value(limit.bound),
                info.name_en
            ));
        }
    }
    if violations.is_empty() {
        println!(
            "ok: split '{}' passes all {} checks",
            split.name,
            limits.len()
        );
        Ok(true)
    } else {
        println!(
            "split '{}' fails {} of {} checks:",
            split.name,
            violations.len(),
            limits.len()
        );
        for violation in &violations {
            println!("  - {violation}");
        }
        Ok(false)
    }
}
