//! Parsing a [`LayerSource`] with the engine's readers, within the import limits.

use engine::analyzers::{self, Analyzer};
use engine::formats::{ImportError, ImportLimits};
use engine::history::mapping::parse_rules;
use engine::layers::history::{self, HistoryInput};
use engine::model::Layer;
use engine::traces::{self, Level, TraceFile};

use crate::functions::layers::{LayerFormat, LayerSource};

/// The layer a source describes.
pub fn parse(source: &LayerSource) -> Result<Layer, ImportError> {
    let limits = ImportLimits::default();
    for (file, text) in [
        ("file", &source.text),
        ("mapping rules", &source.rules),
        ("teams", &source.teams),
    ] {
        limits.check_text(file, text)?;
    }
    let name = source.name.trim();
    if name.is_empty() {
        return Err(ImportError::one(
            "name",
            None,
            "give the layer a name (the file name will do)",
        ));
    }
    let rules = || {
        parse_rules(&source.rules)
            .map_err(|(line, message)| ImportError::one("mapping rules", Some(line), message))
    };
    match source.format {
        LayerFormat::GitLog => history::read(
            &HistoryInput {
                source: name,
                log: &source.text,
                rules: &source.rules,
                teams: &source.teams,
                options: Default::default(),
            },
            &limits,
        ),
        LayerFormat::TracesByService | LayerFormat::TracesByOperation => {
            let level = if source.format == LayerFormat::TracesByOperation {
                Level::Operation
            } else {
                Level::Service
            };
            traces::read(
                name,
                &[TraceFile {
                    name: "traces",
                    text: &source.text,
                }],
                level,
                &rules()?,
                &limits,
            )
        }
        LayerFormat::DependencyCruiser | LayerFormat::Pydeps => {
            let analyzer = if source.format == LayerFormat::Pydeps {
                Analyzer::Pydeps
            } else {
                Analyzer::DependencyCruiser
            };
            analyzers::read(name, analyzer, "analysis", &source.text, &rules()?, &limits)
        }
    }
}
