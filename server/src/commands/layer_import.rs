//! `seams import git|traces|depcruise|pydeps`: evidence layered into a
//! project file. The layer
//! is merged as the web app merges it (hand-made tags and splits kept, a
//! re-import of the same name replaces it); what changed is said in one line
//! on standard error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use engine::analyzers::{self, Analyzer};
use engine::formats::{ImportLimits, native};
use engine::history::ownership::parse_teams;
use engine::layers::{self, LayerDiff};
use engine::model::{Layer, Project};
use engine::traces::{Level, SpanSet, TraceFile};

use super::history::{CouplingFlags, HistorySource, read_history, read_rules, read_table};
use super::{read_text, write_output};

/// Options of `seams import git`.
#[derive(Debug, Args)]
pub struct GitImportArgs {
    #[command(flatten)]
    source: HistorySource,
    /// An `author,team` CSV mapping authors to teams (fills empty team tags).
    #[arg(long)]
    teams: Option<PathBuf>,
    #[command(flatten)]
    into: IntoArgs,
    #[command(flatten)]
    thresholds: CouplingFlags,
}

/// Module granularity of a trace import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TraceLevel {
    /// One module per service.
    #[default]
    Service,
    /// One module per operation (or `code.namespace` class).
    Operation,
}

/// Options of `seams import traces`.
#[derive(Debug, Args)]
pub struct TracesImportArgs {
    /// Trace files: OTLP JSON (the collector's file exporter), Jaeger JSON or Zipkin v2 JSON.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Module granularity.
    #[arg(long, value_enum, default_value_t)]
    level: TraceLevel,
    /// Mapping rules, one `name-prefix-or-glob => module` per line.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    into: IntoArgs,
}

/// Options of `seams import depcruise|pydeps`.
#[derive(Debug, Args)]
pub struct AnalyzerImportArgs {
    /// The analyzer's JSON output.
    input: PathBuf,
    /// Mapping rules, one `path-prefix-or-glob => module` per line (Python names as a/b/c).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    into: IntoArgs,
}

/// Which project takes the layer and under what name.
#[derive(Debug, Args)]
pub struct IntoArgs {
    /// The Seams project to add the layer to [default: a new project].
    #[arg(long)]
    into: Option<PathBuf>,
    /// The layer's name (importing under the same name again replaces it) [default: the file name].
    #[arg(long)]
    name: Option<String>,
}

/// Runs `seams import git`.
pub fn git(args: GitImportArgs) -> anyhow::Result<()> {
    let (commits, rules) = read_history(&args.source)?;
    let teams = match &args.teams {
        Some(path) => read_table(path, parse_teams)?,
        None => BTreeMap::new(),
    };
    let origin = args
        .source
        .log
        .as_deref()
        .or(args.source.repo.as_deref())
        .map(file_name)
        .unwrap_or_default();
    let name = args.into.name.clone().unwrap_or_else(|| origin.clone());
    let layer = layers::history::layer(&name, &commits, rules, &teams, &args.thresholds.options());
    merge_into(&args.into, &origin, layer, args.source.output.as_deref())
}

/// Runs `seams import traces`.
pub fn traces(args: TracesImportArgs) -> anyhow::Result<()> {
    let rules = read_rules(args.rules.as_deref())?;
    let limits = ImportLimits::default();
    // File by file: each text is dropped once its spans are read.
    let mut spans = SpanSet::default();
    for path in &args.files {
        let text = read_text(path)?;
        let name = path.display().to_string();
        spans.add(
            TraceFile {
                name: &name,
                text: &text,
            },
            &limits,
        )?;
    }
    let level = match args.level {
        TraceLevel::Service => Level::Service,
        TraceLevel::Operation => Level::Operation,
    };
    let origin = args.files.first().map(|p| file_name(p)).unwrap_or_default();
    let name = args.into.name.clone().unwrap_or_else(|| origin.clone());
    let layer = spans.layer(&name, level, &rules, &limits)?;
    merge_into(&args.into, &origin, layer, args.output.as_deref())
}

/// Runs `seams import depcruise|pydeps`.
pub fn analysis(analyzer: Analyzer, args: AnalyzerImportArgs) -> anyhow::Result<()> {
    let rules = read_rules(args.rules.as_deref())?;
    let text = read_text(&args.input)?;
    let origin = file_name(&args.input);
    let name = args.into.name.clone().unwrap_or_else(|| origin.clone());
    let layer = analyzers::read(
        &name,
        analyzer,
        &args.input.display().to_string(),
        &text,
        &rules,
        &ImportLimits::default(),
    )?;
    merge_into(&args.into, &origin, layer, args.output.as_deref())
}

/// Merges `layer` into the project `into` names (or a new one named after
/// `origin`), says what changed on standard error and writes the project.
fn merge_into(
    into: &IntoArgs,
    origin: &str,
    layer: Layer,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let project = match &into.into {
        Some(path) => native::from_json(&path.display().to_string(), &read_text(path)?)?,
        None => Project::new(origin),
    };
    let (diff, after) = layers::preview(&project, &layer);
    ImportLimits::default().check_project(&layer.source, &after)?;
    eprintln!("{}", summary(&layer, &diff));
    after.validate()?;
    write_output(output, &native::to_json(&after))
}

/// One line on what a merge changed.
fn summary(layer: &Layer, diff: &LayerDiff) -> String {
    let mut parts = vec![format!(
        "{} '{}': {} modules added, {} calls added, {} removed, {} changed",
        if diff.replaces {
            "replaced layer"
        } else {
            "added layer"
        },
        layer.source,
        diff.modules_added.len(),
        diff.calls_added.len(),
        diff.calls_removed.len(),
        diff.calls_changed.len()
    )];
    if !layer.co_changes.is_empty() || !layer.owners.is_empty() {
        parts.push(format!(
            "{} co-change pairs, {} owned modules, {} team tags set",
            layer.co_changes.len(),
            layer.owners.len(),
            diff.teams_set.len()
        ));
    }
    if !layer.tables.is_empty() {
        parts.push(format!("{} table uses", layer.tables.len()));
    }
    if !diff.unmatched.is_empty() {
        parts.push(format!(
            "{} names match no module (map them with --rules)",
            diff.unmatched.len()
        ));
    }
    parts.join("; ")
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
