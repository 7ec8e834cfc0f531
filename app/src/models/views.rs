//! What each page of a project loads: only what it shows. A 10,000-module
//! project's pages stay small because no page carries the whole project; the
//! server computes metrics, comparisons and graph drawings from its in-memory
//! snapshot and sends the result.

use std::collections::BTreeMap;

use engine::analysis::SplitAnalysis;
use engine::compare::Comparison;
use engine::metrics::Scores;
use engine::model::{Call, Module, Project, Service, SplitOrigin};
use engine::report::ModelSummary;
use serde::{Deserialize, Serialize};

use super::Role;

/// What every page of an open project needs: the viewer's role, the project's
/// name, its splits and services, the checklist, and counts of the model. The
/// modules, calls and assignments stay on the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectHead {
    /// Project id.
    pub id: String,
    /// Revision this view shows.
    pub revision: i64,
    /// The viewer's role.
    pub role: Role,
    /// The project without modules, calls and assignments (readiness
    /// participants are user ids).
    pub project: Project,
    /// Display names of the readiness participants, by user id.
    pub participants: BTreeMap<String, String>,
    /// Counts of the model.
    pub summary: ModelSummary,
}

/// A split in a list, with its metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitRow {
    /// Split id.
    pub id: String,
    /// Name.
    pub name: String,
    /// How it was made.
    pub origin: SplitOrigin,
    /// Every metric; none when the split cannot be scored.
    pub metrics: Option<Scores>,
}

/// Which page of a table to show, filtered and sorted on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TableQuery {
    /// Rows whose text contains this (case-insensitive); empty for all.
    pub filter: String,
    /// The column to sort by; empty for the model's own order.
    pub sort: String,
    /// Sort descending.
    pub descending: bool,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return (at most [`MAX_PAGE_ROWS`]).
    pub limit: usize,
}

/// The most rows one page of a table carries.
pub const MAX_PAGE_ROWS: usize = 500;

/// One page of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TablePage<T> {
    /// Rows in the whole table.
    pub total: usize,
    /// Rows that match the filter.
    pub matching: usize,
    /// Position of the first row returned among the matching ones.
    pub offset: usize,
    /// The rows.
    pub rows: Vec<T>,
}

/// A page of the modules table.
pub type ModulePage = TablePage<Module>;

/// A page of the calls table.
pub type CallPage = TablePage<Call>;

/// A module with the modules it calls and is called by (the first of each).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleDetail {
    /// The module.
    pub module: Module,
    /// Modules it calls.
    pub calls: Vec<String>,
    /// How many it calls in all.
    pub calls_count: usize,
    /// Modules that call it.
    pub called_by: Vec<String>,
    /// How many call it in all.
    pub called_by_count: usize,
}

/// How one split agrees with the reference split the compare page was asked about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitAgreement {
    /// The split's id.
    pub split: String,
    /// Its name.
    pub name: String,
    /// Its agreement with the reference.
    pub agreement: engine::agreement::Agreement,
}

/// The splits side by side, as the compare page shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareView {
    /// The compared split ids, in comparison order.
    pub ids: Vec<String>,
    /// Metric by metric.
    pub comparison: Comparison,
    /// Each split's details (module lists left out; the largest cross-service
    /// calls and findings' examples only, with the full counts).
    pub splits: Vec<SplitAnalysis>,
    /// Cross-service calls per split in all.
    pub cross_call_counts: Vec<usize>,
    /// Service dependencies per split in all (the heaviest are listed).
    pub dependency_counts: Vec<usize>,
    /// Per split, the calls from service `r` to service `c` at `r * n + c`.
    pub matrices: Vec<Vec<u32>>,
    /// Per split, how many findings each rule made (a few of each are listed).
    pub finding_counts: Vec<Vec<(engine::advice::Rule, usize)>>,
}

/// How the call graph groups modules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Grouping {
    /// Every module on its own (small models); bigger ones group by package.
    #[default]
    Automatic,
    /// Every module on its own.
    Modules,
    /// By the package of the module id (what comes before its last `.`, `/` or `::`).
    Package,
    /// By capability tag.
    Capability,
    /// By subdomain tag.
    Subdomain,
    /// By owning team.
    Team,
    /// By service of a split.
    Split {
        /// The split id.
        split: String,
    },
}

/// Which drawing of the call graph to make.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GraphRequest {
    /// How to group.
    pub grouping: Grouping,
    /// Groups shown as their modules.
    pub expanded: Vec<String>,
}

/// A node of the drawn call graph: a module, or a group of modules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphNode {
    /// The module id, or the group's name.
    pub key: String,
    /// What is written on it.
    pub label: String,
    /// A group (expandable) rather than a module.
    pub group: bool,
    /// Modules it stands for.
    pub modules: usize,
    /// Centre, in drawing units.
    pub x: f64,
    /// Centre, in drawing units.
    pub y: f64,
}

/// Calls from one node to another, added up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphEdge {
    /// Calling node (index into the nodes).
    pub from: usize,
    /// Called node.
    pub to: usize,
    /// How many calls.
    pub calls: usize,
    /// Their total volume.
    pub volume: f64,
}

/// The call graph as drawn: at most a few thousand elements, laid out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphView {
    /// How the modules were grouped (the automatic choice resolved).
    pub grouping: Grouping,
    /// The nodes.
    pub nodes: Vec<GraphNode>,
    /// The edges.
    pub edges: Vec<GraphEdge>,
    /// Drawing width.
    pub width: f64,
    /// Drawing height.
    pub height: f64,
    /// Modules and calls in the model.
    pub module_count: usize,
    /// Calls in the model.
    pub call_count: usize,
    /// Set when the drawing was cut down to its limit.
    pub truncated: bool,
}

/// A split as the split editor scores it: its services and, in assignment
/// order, each assigned module (its number in the model) with its service
/// (position in `services`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitState {
    /// The project revision this reflects.
    pub revision: i64,
    /// Fingerprint of the model's modules: the state fits a compact model
    /// with the same fingerprint.
    pub model_key: u64,
    /// The split's services.
    pub services: Vec<Service>,
    /// (module number, service position), in assignment order.
    pub order: Vec<(u32, u32)>,
}

/// The model compiled for the split editor (see [`engine::compact`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorModel {
    /// The project revision this was compiled at.
    pub revision: i64,
    /// Fingerprint of the model's modules.
    pub model_key: u64,
    /// The compiled model.
    pub model: engine::compact::CompactModel,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Postcard cannot skip fields: a compact model with history evidence
    /// (co-change, owners) and one without both come back exactly.
    #[test]
    fn the_editor_model_survives_postcard_with_and_without_evidence() {
        use engine::model::{CoChangeLink, Layer, LayerKind, ModuleOwner};
        let mut project = engine::demo::project();
        let plain = engine::graph::ModelGraph::build(&project).unwrap();
        let layer = Layer {
            co_changes: vec![CoChangeLink {
                a: "fee.FeeCalculator".into(),
                b: "remit.TransferService".into(),
                degree: 80,
                shared: 8,
                revisions: 10,
            }],
            owners: vec![ModuleOwner {
                module: "fee.FeeCalculator".into(),
                main_author: "Ari".into(),
                main_team: None,
                share: 1.0,
                authors: 1,
            }],
            ..Layer::new("git", LayerKind::History)
        };
        engine::layers::merge(&mut project, &layer);
        let layered = engine::graph::ModelGraph::build(&project).unwrap();
        for graph in [plain, layered] {
            let names = project.modules.iter().map(|m| m.label().to_string());
            let sent = EditorModel {
                revision: 3,
                model_key: 7,
                model: engine::compact::CompactModel::of(&graph, names),
            };
            let bytes = postcard::to_allocvec(&sent).unwrap();
            let received: EditorModel = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(received, sent);
        }
    }
}
