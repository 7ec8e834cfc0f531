//! `seams agreement`: how close a split is to a reference split, in the measures
//! the clustering literature reports (MoJo, MoJoFM, c2c, ARI, NMI).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use engine::agreement::{Agreement, Partition, agreement};
use engine::formats::ImportLimits;

use super::{find_split, read_document, read_text, write_output};

/// Output formats of `seams agreement`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AgreementFormat {
    /// A table for people.
    #[default]
    Table,
    /// One header line and one data line.
    Csv,
    /// Every figure as JSON.
    Json,
}

/// Options of `seams agreement`.
#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// The reference split: a partition file (RSF, CSV `element,cluster`,
    /// Mono2Micro JSON) or `PROJECT.json#split-name`.
    #[arg(long)]
    pub reference: String,
    /// The split to measure, in the same forms.
    #[arg(long)]
    pub split: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AgreementFormat,
    /// Where to write the result [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `seams agreement`.
pub fn run(args: AgreementArgs) -> anyhow::Result<()> {
    let reference = read_partition(&args.reference).context("--reference")?;
    let split = read_partition(&args.split).context("--split")?;
    let measured = agreement(&split, &reference)?;
    let text = match args.format {
        AgreementFormat::Table => table(&measured, &args.split, &args.reference),
        AgreementFormat::Csv => csv(&measured),
        AgreementFormat::Json => {
            let mut json = serde_json::to_string_pretty(&measured)?;
            json.push('\n');
            json
        }
    };
    write_output(args.output.as_deref(), &text)
}

/// A partition from a file, or from a split of a project file named after `#`.
pub fn read_partition(source: &str) -> anyhow::Result<Partition> {
    let path = Path::new(source);
    if path.is_file() || !source.contains('#') {
        let text = read_text(path)?;
        return Ok(Partition::read(source, &text, &ImportLimits::default())?);
    }
    let (file, name) = source
        .match_indices('#')
        .map(|(at, _)| (&source[..at], &source[at + 1..]))
        .find(|(file, _)| Path::new(file).is_file())
        .with_context(|| format!("cannot read {source}: no such file"))?;
    if name.is_empty() {
        bail!("{source}: name a split after '#'");
    }
    let compiled = read_document(Path::new(file))?.compile(file)?;
    let (split, resolved) = find_split(&compiled, file, name)?;
    let mut partition = Partition::new();
    for &(module, service) in &resolved.order {
        partition.add(
            compiled.graph.id(module),
            &split.services[service as usize].id,
        );
    }
    Ok(partition)
}

/// The columns `--format csv` prints, in order.
const CSV_COLUMNS: &str = "mojo,mojofm,c2c_50,c2c_33,c2c_10,ari,nmi,elements,unobserved,ignored,split_clusters,reference_clusters";

fn csv(a: &Agreement) -> String {
    format!(
        "{CSV_COLUMNS}\n{},{:.2},{:.2},{:.2},{:.2},{:.4},{:.4},{},{},{},{},{}\n",
        a.mojo,
        a.mojofm,
        a.c2c_50,
        a.c2c_33,
        a.c2c_10,
        a.ari,
        a.nmi,
        a.elements,
        a.unobserved,
        a.ignored,
        a.split_clusters,
        a.reference_clusters
    )
}

fn table(a: &Agreement, split: &str, reference: &str) -> String {
    let mut out = format!(
        "{split} ({} clusters) against {reference} ({} clusters), over the reference's {} elements\n",
        a.split_clusters, a.reference_clusters, a.elements
    );
    if a.unobserved > 0 {
        out.push_str(&format!(
            "  {} reference elements are not in the split: counted in one cluster 'unobserved'\n",
            a.unobserved
        ));
    }
    if a.ignored > 0 {
        out.push_str(&format!(
            "  {} split elements are not in the reference: left out\n",
            a.ignored
        ));
    }
    if a.shared > 0 {
        out.push_str(&format!(
            "  {} reference elements are in several clusters: all count for c2c, the last listed for the others\n",
            a.shared
        ));
    }
    for (name, value) in [
        ("MoJo", a.mojo.to_string()),
        ("MoJoFM", format!("{:.2}", a.mojofm)),
        ("c2c 50%", format!("{:.2}", a.c2c_50)),
        ("c2c 33%", format!("{:.2}", a.c2c_33)),
        ("c2c 10%", format!("{:.2}", a.c2c_10)),
        ("ARI", format!("{:.4}", a.ari)),
        ("NMI", format!("{:.4}", a.nmi)),
    ] {
        out.push_str(&format!("{name:<8} {value:>10}\n"));
    }
    out
}
