//! `seams export`: a project in another format, or the decomposition report.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use engine::analysis::analyze;
use engine::formats::{cml, csv, dot, mermaid, native, structurizr};
use engine::metrics::AnalysisOptions;
use engine::model::{Project, Split};
use engine::report::{ReportInput, html, markdown};
use engine::text::Language;

use super::boundaries::{Tool, read_baseline, write_rules};
use super::{read_project, write_output};
use engine::boundaries::Boundaries;

/// Output formats of `seams export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The decomposition report as Markdown.
    Md,
    /// The decomposition report as one standalone HTML page.
    Html,
    /// The native project document.
    Json,
    /// Every metric of every split, one row per split.
    Csv,
    /// A Mermaid flowchart of one split.
    Mermaid,
    /// A Graphviz digraph, one cluster per service of a split.
    Dot,
    /// Structurizr DSL of one split.
    Structurizr,
    /// Context Mapper CML of one split.
    Cml,
    /// Checkstyle's import control for one split's boundaries (Java): -o DIR.
    Checkstyle,
    /// dependency-cruiser rules for one split's boundaries (JavaScript/TypeScript): -o DIR.
    Depcruise,
    /// import-linter contracts for one split's boundaries (Python): -o DIR.
    Importlinter,
}

/// Report languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    /// English.
    #[default]
    En,
    /// 한국어.
    Ko,
}

/// Options of `seams export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The project file.
    pub project: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The split to draw (mermaid, dot, structurizr, cml) [default: the first].
    #[arg(long)]
    pub split: Option<String>,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LanguageArg,
    /// Where to write [default: standard output]; the folder of the rule files.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Rule files: the known violations to let pass (`seams check --write-baseline` writes one).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Rule files: the source folder dependency-cruiser runs in (to name known
    /// violations' files with their extensions) [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub sources: PathBuf,
}

/// Runs `seams export`.
pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let project = read_project(&args.project)?;
    let language = match args.lang {
        LanguageArg::En => Language::En,
        LanguageArg::Ko => Language::Ko,
    };
    let chosen = || choose_split(&project, args.split.as_deref());
    let tool = match args.format {
        ExportFormat::Checkstyle => Some(Tool::Checkstyle),
        ExportFormat::Depcruise => Some(Tool::Depcruise),
        ExportFormat::Importlinter => Some(Tool::Importlinter),
        _ => None,
    };
    if let Some(tool) = tool {
        let split = args
            .split
            .as_deref()
            .context("rule files are of one split: name it with --split")?;
        let split = chosen()?.filter(|s| s.name == split).context("the split")?;
        let dir = args
            .output
            .as_deref()
            .context("rule files go into a folder: name it with -o DIR")?;
        project.validate()?;
        let boundaries = Boundaries::of(&project, split, None)?;
        let known = match &args.baseline {
            Some(path) => read_baseline(path, &boundaries)?.violations_of(&boundaries),
            None => Vec::new(),
        };
        let written = write_rules(tool, &boundaries, &known, dir, &args.sources)?;
        eprintln!("wrote {}", written.join(", "));
        return Ok(());
    }
    let text = match args.format {
        ExportFormat::Json => native::to_json(&project),
        ExportFormat::Mermaid => mermaid::export(&project, chosen()?),
        ExportFormat::Dot => dot::export(&project, chosen()?),
        ExportFormat::Md
        | ExportFormat::Html
        | ExportFormat::Csv
        | ExportFormat::Structurizr
        | ExportFormat::Cml
        | ExportFormat::Checkstyle
        | ExportFormat::Depcruise
        | ExportFormat::Importlinter => {
            let analysis = analyze(&project, AnalysisOptions::default())?;
            let report = || -> anyhow::Result<ReportInput<'_>> {
                let graph = std::sync::Arc::new(engine::graph::ModelGraph::build(&project)?);
                let roadmaps =
                    engine::roadmap::roadmaps(&graph, &project, AnalysisOptions::default());
                Ok(ReportInput::new(&project, &analysis).with_roadmaps(roadmaps))
            };
            match args.format {
                ExportFormat::Md => markdown(&report()?, language),
                ExportFormat::Html => html(&report()?, language),
                ExportFormat::Csv => csv::export_metrics(&analysis),
                _ => {
                    let split = chosen()?
                        .context("this format draws one split, and the project has none")?;
                    let split_analysis = analysis
                        .splits
                        .iter()
                        .find(|s| s.name == split.name)
                        .context("the split was not analysed")?;
                    if args.format == ExportFormat::Structurizr {
                        structurizr::export(&project, split, split_analysis)
                    } else {
                        cml::export(&project, split, split_analysis)
                    }
                }
            }
        }
    };
    write_output(args.output.as_deref(), &text)
}

/// The split named on the command line, or the first one (none when the project
/// has no splits and none was named).
fn choose_split<'a>(project: &'a Project, name: Option<&str>) -> anyhow::Result<Option<&'a Split>> {
    match name {
        Some(name) => match project.split(name) {
            Some(split) => Ok(Some(split)),
            None => {
                let names: Vec<&str> = project.splits.iter().map(|s| s.name.as_str()).collect();
                bail!(
                    "no split named '{name}' (the project has: {})",
                    names.join(", ")
                )
            }
        },
        None => Ok(project.splits.first()),
    }
}
