//! `seams check`: an architecture fitness function for CI. It holds a split
//! to its boundaries (the dependencies it allows, no cycles between services)
//! on the model or on today's code (`--against`), lets a baseline of known
//! violations pass (`--baseline`, written by `--write-baseline`), reports
//! drift, and fails when a metric passes a limit. Results as text, SARIF,
//! JUnit XML or GitHub annotations. Exit codes: 0 clean, 1 violations or a
//! broken limit, 2 a usage or input error.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use engine::analysis::analyze_split;
use engine::boundaries::baseline::Baseline;
use engine::boundaries::drift::drift;
use engine::boundaries::results::{Finding, Results};
use engine::boundaries::{Boundaries, Violation, dependencies_of};
use engine::graph::ModelGraph;
use engine::metrics::{AnalysisOptions, Direction, MetricId, format_value};
use engine::model::{Project, Split};

use super::boundaries::{Today, read_baseline, read_today};
use super::{read_project, write_output};

/// How results are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Lines for people.
    #[default]
    Text,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for test reports.
    Junit,
    /// GitHub workflow annotations.
    Github,
}

/// Options of `seams check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project file.
    pub project: PathBuf,
    /// The split to check.
    #[arg(long)]
    pub split: String,
    /// Today's code: `seams scan` output, jdeps -verbose:class text,
    /// dependency-cruiser or pydeps JSON, or traces; several add up
    /// [default: the project's own model].
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub against: Vec<PathBuf>,
    /// Known violations: only others fail.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Write today's violations as the baseline and pass.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// How to write the results.
    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,
    /// Where to write the results [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
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

/// Runs `seams check`; returns whether it passed.
pub fn run(args: CheckArgs) -> anyhow::Result<bool> {
    let limits = limits(&args)?;
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
    let today = match args.against.is_empty() {
        true => None,
        false => Some(read_today(&args.against)?),
    };
    // Limits alone keep the check they always were; anything else asks for the boundaries.
    let boundaries = !limits.is_empty()
        && today.is_none()
        && args.baseline.is_none()
        && args.write_baseline.is_none();
    let boundaries = !boundaries;
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    if boundaries {
        let rules = Boundaries::of(&project, split, None)?;
        let dependencies = match &today {
            Some(today) => today.dependencies(),
            None => dependencies_of(&project),
        };
        let violations = rules.check(&dependencies);
        if let Some(path) = &args.write_baseline {
            let baseline = Baseline::of(&rules.origin, &violations);
            write_output(Some(path), &baseline.to_json())?;
            eprintln!(
                "wrote {} known violations of split '{}' to {}",
                baseline.violations.len(),
                split.name,
                path.display()
            );
            return Ok(true);
        }
        let failing = match &args.baseline {
            Some(path) => {
                let held = read_baseline(path, &rules)?.hold(&violations);
                if !held.known.is_empty() {
                    notes.push(format!(
                        "{} known violations (in the baseline) pass",
                        held.known.len()
                    ));
                }
                for gone in &held.gone {
                    notes.push(format!(
                        "baseline entry gone (remove it): {} {} -> {}",
                        gone.rule, gone.from, gone.to
                    ));
                }
                held.new
            }
            None => violations,
        };
        findings.extend(failing.iter().map(finding));
        if let Some(today) = &today {
            let found = drift(
                &rules,
                &dependencies_of(&project),
                &today.modules(),
                &today.dependencies(),
                &today.entry_points(),
            );
            notes.extend(found.lines());
        }
    }
    if !limits.is_empty() {
        let checked = match &today {
            Some(today) => with_split(today, split),
            None => project.clone(),
        };
        findings.extend(broken_limits(&checked, &args.split, &limits)?);
    }
    let results = Results {
        findings: &findings,
        notes: &notes,
        fallback_file: &args.project.display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    };
    let text = match args.format {
        CheckFormat::Text if !boundaries => limits_text(split, &findings, limits.len()),
        CheckFormat::Text => results.text(),
        CheckFormat::Sarif => results.sarif(),
        CheckFormat::Junit => results.junit(),
        CheckFormat::Github => results.github(),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(findings.is_empty())
}

/// A violation as a result.
fn finding(violation: &Violation) -> Finding {
    Finding {
        rule: violation.rule.id().to_string(),
        rule_text: violation.rule.description().to_string(),
        message: violation.message(),
        at: violation.at.clone(),
        fingerprint: violation.fingerprint(),
    }
}

/// Today's code with the split laid on it (modules it does not know left out).
fn with_split(today: &Today, split: &Split) -> Project {
    let mut project = today.project.clone();
    let mut laid = split.clone();
    let known: std::collections::HashSet<&str> = project
        .modules
        .iter()
        .filter(|m| !m.entry_point)
        .map(|m| m.id.as_str())
        .collect();
    laid.assignment
        .retain(|module, _| known.contains(module.as_str()));
    project.splits = vec![laid];
    project
}

/// The limits the flags give.
fn limits(args: &CheckArgs) -> anyhow::Result<Vec<Limit>> {
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
    Ok(limits)
}

/// The limits the split breaks in `project`, as results.
fn broken_limits(project: &Project, split: &str, limits: &[Limit]) -> anyhow::Result<Vec<Finding>> {
    let split = project.split(split).context("the split")?;
    let graph = std::sync::Arc::new(ModelGraph::build(project)?);
    let analysis = analyze_split(&graph, split, AnalysisOptions::default())?;
    let mut broken = Vec::new();
    for limit in limits {
        let value = analysis.metrics.get(limit.metric);
        let exceeded = if limit.upper {
            value > limit.bound
        } else {
            value < limit.bound
        };
        if !exceeded {
            continue;
        }
        let info = limit.metric.info();
        let hint = match info.direction {
            Direction::Lower => " (lower is better)",
            Direction::Higher => " (higher is better)",
            Direction::Neutral => "",
        };
        broken.push(Finding {
            rule: "seams/metric-limit".to_string(),
            rule_text: "A metric of the split passes the limit the team set.".to_string(),
            message: format!(
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
            ),
            at: None,
            fingerprint: format!(
                "metric-limit-{}-{}",
                info.key,
                if limit.upper { "max" } else { "min" }
            ),
        });
    }
    Ok(broken)
}

/// The text the limits-only check has always printed.
fn limits_text(split: &Split, findings: &[Finding], checks: usize) -> String {
    if findings.is_empty() {
        return format!("ok: split '{}' passes all {checks} checks\n", split.name);
    }
    let mut out = format!(
        "split '{}' fails {} of {checks} checks:\n",
        split.name,
        findings.len()
    );
    for finding in findings {
        out.push_str(&format!("  - {}\n", finding.message));
    }
    out
}
