//! Evidence layers: what one import from a source the team already has (its git
//! history, its traces, a dependency analyzer's output) brought to a project.
//! A layer is kept apart from the hand-made model, so a re-import of the same
//! source replaces only what that source said, and every relation it added
//! remembers where it came from.

use serde::{Deserialize, Serialize};

use super::CallStyle;
use crate::history::mapping::MappingRule;

/// What kind of source a layer was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    /// A `git log --numstat`: change coupling and ownership.
    History,
    /// Spans (OpenTelemetry, Jaeger, Zipkin): calls with volumes, errors, latency.
    Traces,
    /// A dependency analyzer's output: modules and their dependencies.
    Structure,
}

impl LayerKind {
    /// The kind in both languages.
    pub fn label(self) -> crate::text::Text {
        let (ko, en) = match self {
            LayerKind::History => ("변경 이력", "Change history"),
            LayerKind::Traces => ("트레이스", "Traces"),
            LayerKind::Structure => ("의존성 분석", "Dependency analysis"),
        };
        crate::text::Text::new(ko, en)
    }
}

/// One import's evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// What the team calls the source (unique in the project); importing under
    /// the same name again replaces this layer.
    pub source: String,
    /// What was read.
    pub kind: LayerKind,
    /// How the source's names (file paths, service names) were mapped to module
    /// ids, first match first; kept so a re-import can use them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<MappingRule>,
    /// Module ids the source names; those the model lacks are added when the
    /// source describes structure or runtime (traces, analyzers), never for history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<String>,
    /// Calls the source saw.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<LayerCall>,
    /// Modules that change together (history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_changes: Vec<CoChangeLink>,
    /// Who works on each module (history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<ModuleOwner>,
    /// Tables modules read or write (traces with `db.*` attributes, a source scan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableUse>,
    /// Modules that stand for the outside world calling in (a source scan's
    /// routes); the merge marks them as entry points when it adds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry_points: Vec<String>,
}

impl Layer {
    /// An empty layer.
    pub fn new(source: impl Into<String>, kind: LayerKind) -> Layer {
        Layer {
            source: source.into(),
            kind,
            rules: Vec::new(),
            modules: Vec::new(),
            calls: Vec::new(),
            co_changes: Vec::new(),
            owners: Vec::new(),
            tables: Vec::new(),
            entry_points: Vec::new(),
        }
    }
}

/// A call a source saw, with what it measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerCall {
    /// The calling module.
    pub caller: String,
    /// The called module.
    pub callee: String,
    /// Synchronous (client/server) or asynchronous (producer/consumer).
    #[serde(default)]
    pub style: CallStyle,
    /// How often (spans counted, or dependencies found).
    pub count: u64,
    /// How many of them failed (traces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<u64>,
    /// Latency percentiles in milliseconds (traces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<Latency>,
}

/// Latency percentiles (nearest rank) in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
}

/// Two modules that change together (code-maat's change coupling).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoChangeLink {
    /// One module (the smaller id).
    pub a: String,
    /// The other module.
    pub b: String,
    /// Shared revisions over the pair's average revisions, in percent.
    pub degree: u32,
    /// Change sets both are in.
    pub shared: u32,
    /// The pair's average revisions, rounded up.
    pub revisions: u32,
}

/// Who works on a module, from its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleOwner {
    /// The module id.
    pub module: String,
    /// The author who added the most lines.
    pub main_author: String,
    /// The main author's team, when the team table names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_team: Option<String>,
    /// The main author's share of the lines added (0 to 1).
    pub share: f64,
    /// How many people changed the module.
    pub authors: u32,
}

/// A module reading or writing a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableUse {
    /// The module id.
    pub module: String,
    /// The table (or collection).
    pub table: String,
    /// Whether it writes (else only reads).
    pub writes: bool,
}
