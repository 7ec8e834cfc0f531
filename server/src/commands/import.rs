//! `seams import FORMAT …`: builds a native project file from another tool's output.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use engine::formats::csv::{self as csv_format, CsvInput};
use engine::formats::mono2micro::{self, NamedInput};
use engine::formats::{ImportLimits, dot, jdeps, native};
use engine::model::Project;

use super::{read_text, write_output};

/// The formats `seams import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A calls CSV (caller,callee[,volume][,style][,transactional]) and optionally a modules CSV.
    Csv(CsvArgs),
    /// A Graphviz digraph: nodes are modules, edges calls, clusters services.
    Dot(FileArgs),
    /// A native Seams project (checked and written back in canonical form).
    Json(FileArgs),
    /// `jdeps -verbose:class` output.
    Jdeps(JdepsArgs),
    /// Mono2Micro replication files: call volumes, business contexts, partitions.
    Mono2micro(Mono2MicroArgs),
    /// A partition file (RSF `contain CLUSTER ELEMENT`, CSV `element,cluster`, JSON) as a
    /// new split of a project, e.g. the experts' reference split.
    Split(super::split_import::SplitImportArgs),
    /// A git history (`git log --numstat` or a repository) as a layer: co-change and ownership.
    Git(super::layer_import::GitImportArgs),
    /// Trace files (OTLP JSON, Jaeger JSON, Zipkin v2 JSON) as a layer: measured calls.
    Traces(super::layer_import::TracesImportArgs),
    /// dependency-cruiser's JSON (`depcruise --output-type json src`) as a layer.
    Depcruise(super::layer_import::AnalyzerImportArgs),
    /// pydeps' JSON (`pydeps PACKAGE --show-deps --no-output`) as a layer.
    Pydeps(super::layer_import::AnalyzerImportArgs),
}

/// Options of `seams import csv`.
#[derive(Debug, Args)]
pub struct CsvArgs {
    /// The calls file.
    #[arg(long)]
    pub calls: PathBuf,
    /// The modules file: id,name,capability,subdomain,team,size,use_cases,reads,writes.
    #[arg(long)]
    pub modules: Option<PathBuf>,
    /// Project name [default: the calls file name].
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Options of the single-file importers.
#[derive(Debug, Args)]
pub struct FileArgs {
    /// The input file.
    pub input: PathBuf,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Module granularity of a jdeps import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum JdepsLevel {
    /// One module per class.
    #[default]
    Class,
    /// One module per package.
    Package,
}

/// Options of `seams import jdeps`.
#[derive(Debug, Args)]
pub struct JdepsArgs {
    /// The jdeps output file.
    pub input: PathBuf,
    /// Module granularity.
    #[arg(long, value_enum, default_value_t)]
    pub level: JdepsLevel,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Options of `seams import mono2micro`.
#[derive(Debug, Args)]
pub struct Mono2MicroArgs {
    /// runtime_call_volume.json: {"Caller--Callee": volume}.
    #[arg(long)]
    pub calls: PathBuf,
    /// bcs_per_class.json: {"Class": ["use case", …]}.
    #[arg(long)]
    pub contexts: Option<PathBuf>,
    /// A partition file, JSON {"Class": partition} or CSV rows class,cluster; repeat for several splits.
    #[arg(long = "partition")]
    pub partitions: Vec<PathBuf>,
    /// Name of the entry-point pseudo-class [default: Root or $Root$].
    #[arg(long)]
    pub root: Option<String>,
    /// Project name [default: the calls file's folder name].
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `seams import`.
pub fn run(command: ImportCommand) -> anyhow::Result<()> {
    let limits = ImportLimits::default();
    match command {
        ImportCommand::Csv(args) => {
            let calls = read_text(&args.calls)?;
            let modules = args.modules.as_deref().map(read_text).transpose()?;
            let calls_name = args.calls.display().to_string();
            let modules_name = args.modules.as_ref().map(|p| p.display().to_string());
            let name = args.name.unwrap_or_else(|| stem(&args.calls));
            let project = csv_format::import(
                &name,
                CsvInput {
                    name: &calls_name,
                    text: &calls,
                },
                modules_name
                    .as_deref()
                    .zip(modules.as_deref())
                    .map(|(name, text)| CsvInput { name, text }),
                &limits,
            )?;
            write_project(args.output, &project)
        }
        ImportCommand::Dot(args) => {
            let text = read_text(&args.input)?;
            let project = dot::import(&args.input.display().to_string(), &text, &limits)?;
            write_project(args.output, &project)
        }
        ImportCommand::Json(args) => {
            let text = read_text(&args.input)?;
            limits.check_text(&args.input.display().to_string(), &text)?;
            let project = native::from_json(&args.input.display().to_string(), &text)?;
            write_project(args.output, &project)
        }
        ImportCommand::Jdeps(args) => {
            let text = read_text(&args.input)?;
            let level = match args.level {
                JdepsLevel::Class => jdeps::Level::Class,
                JdepsLevel::Package => jdeps::Level::Package,
            };
            let project = jdeps::import(&args.input.display().to_string(), &text, level, &limits)?;
            write_project(args.output, &project)
        }
        ImportCommand::Mono2micro(args) => mono2micro_import(args),
        ImportCommand::Split(args) => super::split_import::run(args),
        ImportCommand::Git(args) => super::layer_import::git(args),
        ImportCommand::Traces(args) => super::layer_import::traces(args),
        ImportCommand::Depcruise(args) => {
            super::layer_import::analysis(engine::analyzers::Analyzer::DependencyCruiser, args)
        }
        ImportCommand::Pydeps(args) => {
            super::layer_import::analysis(engine::analyzers::Analyzer::Pydeps, args)
        }
    }
}

fn write_project(output: Option<PathBuf>, project: &Project) -> anyhow::Result<()> {
    write_output(output.as_deref(), &native::to_json(project))
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem().map_or_else(
        || "Imported monolith".to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn mono2micro_import(args: Mono2MicroArgs) -> anyhow::Result<()> {
    let calls_text = read_text(&args.calls)?;
    let contexts_text = args.contexts.as_deref().map(read_text).transpose()?;
    let partition_texts = args
        .partitions
        .iter()
        .map(|path| Ok((path.display().to_string(), read_text(path)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let calls_name = args.calls.display().to_string();
    let contexts_name = args.contexts.as_ref().map(|p| p.display().to_string());
    let partitions: Vec<NamedInput<'_>> = partition_texts
        .iter()
        .map(|(name, text)| NamedInput { name, text })
        .collect();
    let name = args.name.unwrap_or_else(|| {
        args.calls
            .canonicalize()
            .ok()
            .and_then(|p| {
                p.parent()?
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "Imported monolith".to_string())
    });
    let project = mono2micro::import(
        &name,
        NamedInput {
            name: &calls_name,
            text: &calls_text,
        },
        contexts_name
            .as_deref()
            .zip(contexts_text.as_deref())
            .map(|(name, text)| NamedInput { name, text }),
        &partitions,
        args.root.as_deref(),
        &ImportLimits::default(),
    )?;
    write_project(args.output, &project)
}
