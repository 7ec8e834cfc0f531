//! `seams history coupling|ownership`: what a team's change history says about
//! its modules, as CSV: change coupling (the columns of code-maat's `coupling`)
//! or ownership (authors per module, main author and team).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use engine::formats::ImportLimits;
use engine::history::coupling::{CouplingOptions, coupling};
use engine::history::mapping::{MappingRule, module_of, parse_rules};
use engine::history::ownership::{ownership, parse_teams};
use engine::history::{change_sets, gitlog};

use super::{read_text, read_within_limit, write_output};

/// The analyses of `seams history`.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Modules that change together, with code-maat's thresholds.
    Coupling(CouplingArgs),
    /// Authors per module by lines added; the main author and team.
    Ownership(OwnershipArgs),
}

/// Where the history comes from and how files map to modules.
#[derive(Debug, Args)]
pub struct HistorySource {
    /// A saved `git log --numstat` (code-maat's `--pretty=format:'--%h--%ad--%aN'` or git's default).
    #[arg(long, required_unless_present = "repo", conflicts_with = "repo")]
    pub log: Option<PathBuf>,
    /// A git repository to read the history of (runs `git log --numstat --no-renames`).
    #[arg(long)]
    pub repo: Option<PathBuf>,
    /// Mapping rules, one `path-prefix-or-glob => module` per line [default: Java classes, else top folders].
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Where to write the CSV [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Options of `seams history coupling`.
#[derive(Debug, Args)]
pub struct CouplingArgs {
    #[command(flatten)]
    source: HistorySource,
    #[command(flatten)]
    thresholds: CouplingFlags,
}

/// code-maat's coupling thresholds, with its defaults.
#[derive(Debug, Args)]
pub struct CouplingFlags {
    /// Least average revisions of a pair.
    #[arg(long, default_value_t = 5)]
    min_revs: u32,
    /// Least shared revisions.
    #[arg(long, default_value_t = 5)]
    min_shared_revs: u32,
    /// Least degree of coupling, in percent.
    #[arg(long, default_value_t = 30)]
    min_coupling: u32,
    /// Greatest degree of coupling, in percent.
    #[arg(long, default_value_t = 100)]
    max_coupling: u32,
    /// Commits changing more files than this are left out.
    #[arg(long, default_value_t = 30)]
    max_changeset_size: usize,
    /// Treat the commits of this many days as one change set (1 to 365: every
    /// commit is copied into that many windows).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=365))]
    temporal_period: Option<u32>,
}

impl CouplingFlags {
    /// The engine's options.
    pub fn options(&self) -> CouplingOptions {
        CouplingOptions {
            min_revs: self.min_revs,
            min_shared_revs: self.min_shared_revs,
            min_coupling: self.min_coupling,
            max_coupling: self.max_coupling,
            max_changeset_size: self.max_changeset_size,
            temporal_period_days: self.temporal_period,
        }
    }
}

/// Options of `seams history ownership`.
#[derive(Debug, Args)]
pub struct OwnershipArgs {
    #[command(flatten)]
    source: HistorySource,
    /// An `author,team` CSV mapping authors to teams.
    #[arg(long)]
    teams: Option<PathBuf>,
}

/// Runs `seams history …`.
pub fn run(command: HistoryCommand) -> anyhow::Result<()> {
    match command {
        HistoryCommand::Coupling(args) => {
            let (commits, rules) = read_history(&args.source)?;
            let options = args.thresholds.options();
            let sets = change_sets(&commits, |path| module_of(&rules, path));
            let mut csv = String::from(
                "entity,coupled,degree,average-revs,first-entity-revisions,second-entity-revisions,shared-revisions\n",
            );
            for pair in coupling(&sets, &options) {
                let _ = writeln!(
                    csv,
                    "{},{},{},{},{},{},{}",
                    field(&pair.entity),
                    field(&pair.coupled),
                    pair.degree,
                    pair.average_revs,
                    pair.entity_revs,
                    pair.coupled_revs,
                    pair.shared_revs
                );
            }
            write_output(args.source.output.as_deref(), &csv)
        }
        HistoryCommand::Ownership(args) => {
            let (commits, rules) = read_history(&args.source)?;
            let teams = match &args.teams {
                Some(path) => read_table(path, parse_teams)?,
                None => BTreeMap::new(),
            };
            let mut csv = String::from(
                "module,main-author,main-team,main-share,authors,lines-added,commits\n",
            );
            for owner in ownership(&commits, |path| module_of(&rules, path), &teams) {
                let added: u64 = owner.authors.iter().map(|a| a.added).sum();
                let commits: u32 = owner.authors.iter().map(|a| a.commits).sum();
                let _ = writeln!(
                    csv,
                    "{},{},{},{:.3},{},{added},{commits}",
                    field(&owner.module),
                    field(owner.main_author().unwrap_or("")),
                    field(owner.main_team.as_deref().unwrap_or("")),
                    owner.main_share(),
                    owner.authors.len(),
                );
            }
            write_output(args.source.output.as_deref(), &csv)
        }
    }
}

/// The commits and the mapping rules a command names.
pub fn read_history(
    source: &HistorySource,
) -> anyhow::Result<(Vec<gitlog::Commit>, Vec<MappingRule>)> {
    let (name, text) = match (&source.log, &source.repo) {
        (Some(path), _) => (path.display().to_string(), read_text(path)?),
        (None, Some(repo)) => (repo.display().to_string(), git_log(repo)?),
        (None, None) => bail!("give --log FILE or --repo PATH"),
    };
    let commits = gitlog::parse(&name, &text, &ImportLimits::default())?;
    Ok((commits, read_rules(source.rules.as_deref())?))
}

/// The mapping rules in the file `--rules` names; none without one.
pub fn read_rules(path: Option<&Path>) -> anyhow::Result<Vec<MappingRule>> {
    path.map_or(Ok(Vec::new()), |path| read_table(path, parse_rules))
}

/// A small table file (rules, teams) read by `parse`, its errors named `file:line:`.
pub fn read_table<T>(
    path: &Path,
    parse: fn(&str) -> Result<T, (usize, String)>,
) -> anyhow::Result<T> {
    let text = read_text(path)?;
    parse(&text).map_err(|(line, message)| anyhow::anyhow!("{}:{line}: {message}", path.display()))
}

/// The history of a repository in code-maat's format, from the user's own git,
/// read up to the import limit (a bigger history is refused, not read whole).
pub fn git_log(repo: &Path) -> anyhow::Result<String> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "log",
            "--numstat",
            "--date=short",
            "--pretty=format:--%h--%ad--%aN",
            "--no-renames",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git (is it installed?)")?;
    // Its complaints are read beside its output, so neither pipe can fill and stall it.
    let complaints = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        })
    });
    let stdout = child.stdout.take().context("git log gave no output")?;
    let read = read_within_limit(stdout).context("cannot read the output of git log");
    let Some(text) = read? else {
        let _ = child.kill();
        let _ = child.wait();
        bail!(
            "the history of {} is over the import limit of {} (save a shorter `git log --numstat` with --since and give it with --log)",
            repo.display(),
            engine::formats::human_size(ImportLimits::default().max_bytes)
        );
    };
    let status = child.wait().context("git log did not finish")?;
    let complaints = complaints
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    if !status.success() {
        bail!(
            "git log failed in {}: {}",
            repo.display(),
            complaints.trim()
        );
    }
    Ok(text)
}

/// A CSV field, quoted when it needs to be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
