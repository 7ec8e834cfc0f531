//! `seams scan PATH`: a repository's source code (a folder, or a `.zip` /
//! `.tar.gz` of it) read into a project — modules, dependencies, tables read
//! and written, entry points — and, when PATH is a git repository, its change
//! history mapped to the same modules. What was read, left out and could not
//! be parsed is said on standard error.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use engine::formats::{ImportLimits, native};
use engine::layers;
use engine::model::Project;
use scan::{Level, Scan, ScanLimits, ScanOptions};

use super::history::{CouplingFlags, git_log, read_rules};
use super::{read_text, write_output};

/// Module granularity of a scan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ScanLevel {
    /// Types for Java, Kotlin and C#; files for TypeScript/JavaScript and Python; packages for Go.
    #[default]
    Class,
    /// One module per source file.
    File,
    /// One module per package, namespace or folder.
    Package,
}

/// Options of `seams scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The sources: a folder, or a .zip / .tar.gz archive of one.
    path: PathBuf,
    /// Module granularity.
    #[arg(long, value_enum, default_value_t)]
    level: ScanLevel,
    /// Mapping rules, one `path-prefix-or-glob => module` per line (they win over --level).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// The Seams project to add the scan to, as a structure layer [default: a new project].
    #[arg(long)]
    into: Option<PathBuf>,
    /// The layer's name (scanning under the same name again replaces it) [default: the folder name].
    #[arg(long)]
    name: Option<String>,
    /// Leave the git history out, even when PATH is a repository.
    #[arg(long)]
    no_history: bool,
    #[command(flatten)]
    thresholds: CouplingFlags,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Runs `seams scan`.
pub fn run(args: ScanArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let origin = file_name(&args.path);
    let name = args.name.clone().unwrap_or_else(|| origin.clone());
    let limits = ScanLimits::default();
    let tree = if args.path.is_dir() {
        scan::read_folder(&args.path, &limits)?
    } else {
        let bytes = std::fs::read(&args.path)
            .with_context(|| format!("cannot read {}", args.path.display()))?;
        scan::read_archive(&args.path.display().to_string(), &bytes, &limits)?
    };
    let rules = read_rules(args.rules.as_deref())?;
    let options = ScanOptions {
        source: name.clone(),
        level: match args.level {
            ScanLevel::Class => Level::Class,
            ScanLevel::File => Level::File,
            ScanLevel::Package => Level::Package,
        },
        rules,
    };
    let found = scan::scan(tree, &options)?;
    let project = match &args.into {
        Some(path) => native::from_json(&path.display().to_string(), &read_text(path)?)?,
        None => Project::new(origin),
    };
    let (_, mut after) = layers::preview(&project, &found.layer);
    let history = if !args.no_history && args.path.join(".git").exists() {
        let commits = engine::history::gitlog::parse(
            &args.path.display().to_string(),
            &git_log(&args.path)?,
            &ImportLimits::default(),
        )?;
        let map = &found.file_modules;
        let layer = layers::history::mapped_layer(
            &format!("{name} history"),
            &commits,
            Vec::new(),
            |path| map.get(path).cloned(),
            &Default::default(),
            &args.thresholds.options(),
        );
        layers::merge(&mut after, &layer);
        Some((commits.len(), layer.co_changes.len(), layer.owners.len()))
    } else {
        None
    };
    ImportLimits::default().check_project(&name, &after)?;
    after.validate()?;
    eprintln!(
        "{}",
        summary(&found, history, started.elapsed().as_secs_f64())
    );
    write_output(args.output.as_deref(), &native::to_json(&after))
}

/// What the scan read and found, for standard error.
fn summary(found: &Scan, history: Option<(usize, usize, usize)>, seconds: f64) -> String {
    let languages: Vec<String> = found
        .languages
        .iter()
        .map(|(language, (files, lines))| format!("{language} {files} files, {lines} lines"))
        .collect();
    let written = found.layer.tables.iter().filter(|t| t.writes).count();
    let mut tables: Vec<&str> = found
        .layer
        .tables
        .iter()
        .map(|t| t.table.as_str())
        .collect();
    tables.sort_unstable();
    tables.dedup();
    let mut lines = vec![format!(
        "scanned {} files ({}) in {seconds:.2} s: {} modules, {} dependencies, {} tables ({} uses, {written} writing), {} entry points",
        found.files(),
        languages.join("; "),
        found.layer.modules.len() - found.layer.entry_points.len(),
        found.layer.calls.len(),
        tables.len(),
        found.layer.tables.len(),
        found.layer.entry_points.len(),
    )];
    if let Some((commits, pairs, owners)) = history {
        lines.push(format!(
            "history: {commits} commits, {pairs} co-change pairs, {owners} owned modules"
        ));
    }
    const SHOWN: usize = 10;
    if !found.skipped.is_empty() {
        lines.push(format!("left out {}:", found.skipped.len()));
        for skipped in found.skipped.iter().take(SHOWN) {
            lines.push(format!("  {}: {}", skipped.path, skipped.reason));
        }
        if found.skipped.len() > SHOWN {
            lines.push(format!("  … and {} more", found.skipped.len() - SHOWN));
        }
    }
    if !found.broken.is_empty() {
        lines.push(format!(
            "{} files have syntax the parser could not read (what it could read is used):",
            found.broken.len()
        ));
        for broken in found.broken.iter().take(SHOWN) {
            let at: Vec<String> = broken.lines.iter().map(|l| l.to_string()).collect();
            lines.push(format!("  {}:{}", broken.path, at.join(",")));
        }
        if found.broken.len() > SHOWN {
            lines.push(format!("  … and {} more", found.broken.len() - SHOWN));
        }
    }
    lines.join("\n")
}

fn file_name(path: &Path) -> String {
    let name = path
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| path.display().to_string());
    for archive in [".tar.gz", ".tgz", ".zip", ".tar"] {
        if let Some(stem) = name.strip_suffix(archive) {
            return stem.to_string();
        }
    }
    name
}
