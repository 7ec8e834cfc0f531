//! `seams suggest`: adds a split suggested by community detection.

use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, ValueEnum};
use engine::generate::{Algorithm, CallWeight, SuggestOptions, suggest_on};

use super::timings::Timings;
use super::{free_in_background, module_constraints, read_document, write_output};

/// Community detection algorithms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    /// Leiden: well-connected communities.
    #[default]
    Leiden,
    /// Louvain.
    Louvain,
}

/// How call volumes weigh.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum WeightArg {
    /// ln(volume) + 1.
    #[default]
    Log,
    /// The volume.
    Volume,
    /// Every call 1.
    Count,
}

/// Options of `seams suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The project file.
    pub project: PathBuf,
    /// Algorithm.
    #[arg(long, value_enum, default_value_t)]
    pub algorithm: AlgorithmArg,
    /// Target number of services.
    #[arg(long)]
    pub services: Option<usize>,
    /// Random seed: the same seed gives the same split.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Resolution (higher gives more, smaller services).
    #[arg(long, default_value_t = 1.0)]
    pub resolution: f64,
    /// How call volumes weigh.
    #[arg(long, value_enum, default_value_t)]
    pub weight: WeightArg,
    /// Extra weight per table two modules share.
    #[arg(long, default_value_t = 0.0)]
    pub table_weight: f64,
    /// Extra weight per use case two modules share.
    #[arg(long, default_value_t = 0.0)]
    pub use_case_weight: f64,
    /// Extra weight between two modules that change together (a history layer), times their coupling.
    #[arg(long, default_value_t = 0.0)]
    pub co_change_weight: f64,
    /// Modules that must share a service, comma-separated; repeatable.
    #[arg(long = "keep-together", value_delimiter = ';')]
    pub keep_together: Vec<String>,
    /// Two modules that must be in different services, "a,b"; repeatable.
    #[arg(long = "keep-apart")]
    pub keep_apart: Vec<String>,
    /// Name of the new split [default: "Suggested (<algorithm>)"].
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the project [default: standard output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print the seconds of each phase on standard error, one `PHASE SECONDS`
    /// line each: read, build, leiden or louvain, write.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `seams suggest`.
pub fn run(args: SuggestArgs) -> anyhow::Result<()> {
    let mut timings = Timings::start(args.timings);
    let mut document = read_document(&args.project)?;
    timings.end("read");
    let compiled = document.compile(&args.project.display().to_string())?;
    timings.end("build");
    let algorithm = match args.algorithm {
        AlgorithmArg::Leiden => Algorithm::Leiden,
        AlgorithmArg::Louvain => Algorithm::Louvain,
    };
    let name = args.name.unwrap_or_else(|| {
        format!(
            "Suggested ({})",
            match algorithm {
                Algorithm::Leiden => "Leiden",
                Algorithm::Louvain => "Louvain",
            }
        )
    });
    if document.has_split(&name) {
        bail!("the project already has a split named '{name}'; choose another with --name");
    }
    let (keep_together, keep_apart) = module_constraints(&args.keep_together, &args.keep_apart)?;
    let options = SuggestOptions {
        name,
        algorithm,
        services: args.services,
        seed: args.seed,
        resolution: args.resolution,
        call_weight: match args.weight {
            WeightArg::Log => CallWeight::LogVolume,
            WeightArg::Volume => CallWeight::Volume,
            WeightArg::Count => CallWeight::Count,
        },
        table_weight: args.table_weight,
        use_case_weight: args.use_case_weight,
        co_change_weight: args.co_change_weight,
        keep_together,
        keep_apart,
    };
    let suggestion = suggest_on(document.modules(), &compiled.graph, &options)?;
    free_in_background(compiled);
    timings.end(match algorithm {
        Algorithm::Leiden => "leiden",
        Algorithm::Louvain => "louvain",
    });
    eprintln!(
        "added split '{}': {} services, modularity {:.3}",
        suggestion.split.name,
        suggestion.split.services.len(),
        suggestion.modularity
    );
    for service in &suggestion.explanation {
        let name = suggestion
            .split
            .services
            .iter()
            .find(|s| s.id == service.service)
            .map_or(service.service.as_str(), |s| s.label());
        let ties: Vec<String> = service
            .ties
            .iter()
            .map(|t| format!("{}–{}", t.a, t.b))
            .collect();
        eprintln!(
            "  {name}: {} modules; strongest ties {}",
            service.placements.len(),
            ties.join(", ")
        );
    }
    document.add_split(&suggestion.split);
    write_output(args.output.as_deref(), &document.to_json())?;
    timings.end("write");
    free_in_background((document, suggestion));
    Ok(())
}
