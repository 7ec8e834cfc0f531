//! `seams import FORMAT …`: builds a native project file from another tool's output.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use engine::formats::mono2micro::{self, NamedInput};
use engine::formats::native;

use super::{read_text, write_output};

/// The formats `seams import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Mono2Micro replication files: call volumes, business contexts, partitions.
    Mono2micro(Mono2MicroArgs),
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
    /// A partition file {"Class": partition}; repeat for several splits.
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
    match command {
        ImportCommand::Mono2micro(args) => mono2micro_import(args),
    }
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
    )?;
    write_output(args.output.as_deref(), &native::to_json(&project))
}
