use clap::{Parser, Subcommand};

use crate::commands::agreement::AgreementArgs;
use crate::commands::analyze::AnalyzeArgs;
use crate::commands::backup::{BackupArgs, RestoreArgs};
use crate::commands::check::CheckArgs;
use crate::commands::export::ExportArgs;
use crate::commands::history::HistoryCommand;
use crate::commands::import::ImportCommand;
use crate::commands::refine::RefineArgs;
use crate::commands::roadmap::RoadmapArgs;
use crate::commands::scan::ScanArgs;
use crate::commands::suggest::SuggestArgs;
use crate::serve::ServeArgs;

/// Seams: plan how a monolith is split into microservices.
#[derive(Debug, Parser)]
#[command(name = "seams", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The serve options, for `seams` without a subcommand.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The subcommands of `seams`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Build a project file from another tool's output.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Read a repository's source code into a project: modules, dependencies,
    /// tables read and written, entry points, and its git history.
    Scan(ScanArgs),
    /// Print every metric and the advice for every split of a project.
    Analyze(AnalyzeArgs),
    /// What a git history says: modules that change together, who owns them (CSV).
    #[command(subcommand)]
    History(HistoryCommand),
    /// Add a split suggested by community detection (Leiden or Louvain).
    Suggest(SuggestArgs),
    /// Refine a split by label propagation: modules move to the service they are
    /// tied to most, each move with its reason; the result is a new split.
    Refine(RefineArgs),
    /// How close a split is to a reference split: MoJo, MoJoFM, c2c, ARI, NMI.
    Agreement(AgreementArgs),
    /// Write the report (md, html) or the project in another format.
    Export(ExportArgs),
    /// The migration roadmap of one split: the extraction order, every
    /// intermediate state's metrics and what each step needs.
    Roadmap(RoadmapArgs),
    /// Fail (exit 1) when a split breaks the given limits: a fitness function for CI.
    Check(CheckArgs),
    /// Copy the SQLite database while the server runs, and check the copy
    /// (PostgreSQL: use pg_dump).
    Backup(BackupArgs),
    /// Put a backup in place of the SQLite database (stop the server first).
    Restore(RestoreArgs),
    /// Write the built-in demo project (a fintech monolith with two splits).
    Demo(DemoArgs),
}

/// Options of `seams demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
}
