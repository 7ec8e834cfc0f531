//! `seams analyze`: every metric and the advice for every split of a project.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, ValueEnum};
use engine::analysis::{ProjectAnalysis, compare_scored, describe_scored, score_compiled};
use engine::compare::Comparison;
use engine::metrics::{AnalysisOptions, METRICS, format_value as number};

use super::timings::Timings;
use super::{free_in_background, read_document, write_json_output, write_output};

/// Output formats of `seams analyze`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// Everything, as JSON.
    #[default]
    Json,
    /// A plain-text table of the metrics.
    Table,
    /// A Markdown table of the metrics and the advice.
    Md,
}

/// Options of `seams analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The project file (native JSON).
    pub project: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AnalyzeFormat,
    /// Availability of one synchronous cross-service hop, between 0 and 1.
    #[arg(long, default_value_t = AnalysisOptions::default().hop_availability)]
    pub hop_availability: f64,
    /// Where to write the result [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print the seconds of each phase on standard error, one `PHASE SECONDS`
    /// line each: read, build, metrics, advice (not for --format table, which
    /// shows none), write.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `seams analyze`.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.hop_availability) {
        bail!(
            "--hop-availability must be between 0 and 1, got {}",
            args.hop_availability
        );
    }
    let mut timings = Timings::start(args.timings);
    let document = read_document(&args.project)?;
    timings.end("read");
    let compiled = document.compile(&args.project.display().to_string())?;
    free_in_background(document);
    timings.end("build");
    let options = AnalysisOptions {
        hop_availability: args.hop_availability,
    };
    let scorers = score_compiled(&compiled, options);
    timings.end("metrics");
    if args.format == AnalyzeFormat::Table {
        let text = table(&compare_scored(&compiled, &scorers));
        free_in_background((compiled, scorers));
        write_output(args.output.as_deref(), &text)?;
        timings.end("write");
        return Ok(());
    }
    let analysis = describe_scored(&compiled, &scorers);
    free_in_background((compiled, scorers));
    timings.end("advice");
    match args.format {
        AnalyzeFormat::Md => write_output(args.output.as_deref(), &markdown(&analysis))?,
        _ => write_json_output(args.output.as_deref(), &analysis)?,
    }
    timings.end("write");
    free_in_background(analysis);
    Ok(())
}

fn table(comparison: &Comparison) -> String {
    let mut columns: Vec<Vec<String>> = Vec::new();
    let mut header = vec!["metric".to_string()];
    header.extend(comparison.splits.iter().cloned());
    columns.push(header);
    for row in &comparison.rows {
        let mut line = vec![row.key.to_string()];
        line.extend(row.values.iter().enumerate().map(|(ix, v)| {
            let mark = if row.best.contains(&ix) { " *" } else { "" };
            format!("{}{mark}", number(*v))
        }));
        columns.push(line);
    }
    let widths: Vec<usize> = (0..columns[0].len())
        .map(|c| {
            columns
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in &columns {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, width))| {
                if c == 0 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    let _ = writeln!(out, "\n* better value. {}", comparison.summary.en);
    out
}

fn markdown(analysis: &ProjectAnalysis) -> String {
    let comparison = &analysis.comparison;
    let mut out = String::from("# Split analysis\n\n");
    let _ = writeln!(out, "| Metric | {} |", comparison.splits.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(comparison.splits.len()));
    for (row, info) in comparison.rows.iter().zip(METRICS) {
        let cells: Vec<String> = row
            .values
            .iter()
            .enumerate()
            .map(|(ix, v)| {
                if row.best.contains(&ix) {
                    format!("**{}**", number(*v))
                } else {
                    number(*v)
                }
            })
            .collect();
        let _ = writeln!(out, "| {} | {} |", info.name_en, cells.join(" | "));
    }
    let _ = writeln!(out, "\nBold: better value. {}\n", comparison.summary.en);
    for split in &analysis.splits {
        let _ = writeln!(out, "## Advice for {}\n", split.name);
        if split.advice.is_empty() {
            let _ = writeln!(out, "No findings.\n");
        }
        for finding in &split.advice {
            let _ = writeln!(
                out,
                "- **{:?}** {} — *{}*. {}",
                finding.severity, finding.title.en, finding.pattern.en, finding.why.en
            );
        }
        out.push('\n');
    }
    out
}
