//! `seams import split`: a partition file as a new split of a project (the
//! experts' reference split, or another tool's result).

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use engine::agreement::Partition;
use engine::formats::ImportLimits;
use engine::model::SplitOrigin;

use super::{read_document, read_text, write_output};

/// Options of `seams import split`.
#[derive(Debug, Args)]
pub struct SplitImportArgs {
    /// The partition file: RSF, CSV `element,cluster` or JSON `{"element": cluster}`
    /// (an element listed in several clusters goes to the last).
    pub file: PathBuf,
    /// The project to add the split to (native JSON).
    #[arg(long)]
    pub into: PathBuf,
    /// The split's name [default: the file's name without its extension].
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `seams import split`.
pub fn run(args: SplitImportArgs) -> anyhow::Result<()> {
    let mut document = read_document(&args.into)?;
    let source = args.file.display().to_string();
    let text = read_text(&args.file)?;
    let partition = Partition::read(&source, &text, &ImportLimits::default())?;
    let unknown = partition.unplaceable(document.modules());
    if !unknown.is_empty() {
        let shown: Vec<&str> = unknown.iter().take(5).copied().collect();
        let more = unknown.len() - shown.len();
        bail!(
            "{source}: these elements are not modules of {} (or are entry points): {}{}",
            args.into.display(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    let name = args.name.unwrap_or_else(|| {
        args.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Imported".to_string())
    });
    if document.has_split(&name) {
        bail!("the project already has a split named '{name}'; choose another with --name");
    }
    let split = partition.to_split(&name, SplitOrigin::Imported);
    eprintln!(
        "added split '{name}': {} services, {} modules",
        split.services.len(),
        split.assignment.len()
    );
    document.add_split(&split);
    write_output(args.output.as_deref(), &document.to_json())
}
