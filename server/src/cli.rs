use clap::{Parser, Subcommand};

use crate::commands::analyze::AnalyzeArgs;
use crate::commands::import::ImportCommand;
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
    /// Print every metric and the advice for every split of a project.
    Analyze(AnalyzeArgs),
}
