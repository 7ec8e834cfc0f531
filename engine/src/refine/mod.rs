//! Refinement of a chosen split, in the spirit of CARGO (Nitin et al., ASE 2022):
//! label propagation over the call graph plus the data dependencies (modules
//! that write the same table, modules that change together) moves a module, or
//! a keep-together group, to the service it is tied to most — only when that
//! lowers the weight of everything crossing a service boundary, keeps the
//! number of services, stays within the size bounds and breaks no constraint.
//!
//! Every move comes with its reason in numbers: the calls that stop crossing and
//! start crossing, tables no longer written by two services, and how every
//! metric moves, so a team accepts a move only when it sees why.

mod propagate;
mod reason;
mod weights;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::graph::ModelGraph;
use crate::metrics::Scores;
use crate::model::{Project, Split, ValidationError};
use crate::text::Text;

pub use propagate::refine_on;
pub use reason::{CallCount, MetricChange, ProposedMove};

/// What the refinement weighs and which constraints it keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefineOptions {
    /// Weight between two modules per table both write (0 = ignore tables); a
    /// call weighs ln(volume) + 1, as in the inter-call percentage.
    pub table_weight: f64,
    /// Weight between two modules that change together, times their degree of
    /// coupling (0 = ignore the history).
    pub co_change_weight: f64,
    /// No service shrinks below this many modules (at least 1: a service is
    /// never emptied, so the number of services stays).
    pub min_modules: usize,
    /// No service grows past this many modules; by default the largest
    /// service's size now plus a tenth (at least one more).
    pub max_modules: Option<usize>,
    /// Groups of modules that move only together.
    pub keep_together: Vec<Vec<String>>,
    /// Pairs of modules never put in one service.
    pub keep_apart: Vec<(String, String)>,
    /// Modules that stay where they are.
    pub pinned: Vec<String>,
    /// At most this many passes over the modules (each pass moves every module
    /// that gains; the refinement stops earlier when a pass moves nothing).
    pub max_rounds: usize,
}

impl Default for RefineOptions {
    fn default() -> Self {
        RefineOptions {
            table_weight: 1.0,
            co_change_weight: 1.0,
            min_modules: 1,
            max_modules: None,
            keep_together: Vec::new(),
            keep_apart: Vec::new(),
            pinned: Vec::new(),
            max_rounds: 50,
        }
    }
}

/// A refined split and how it got there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Refinement {
    /// The split with every proposed move applied, in order (as the edits that
    /// accept them all would leave it).
    pub split: Split,
    /// The moves, in the order they were found.
    pub moves: Vec<ProposedMove>,
    /// The weight crossing service boundaries before.
    pub objective_before: f64,
    /// The weight crossing service boundaries after every move.
    pub objective_after: f64,
    /// Every metric before.
    pub before: Scores,
    /// Every metric after every move.
    pub after: Scores,
    /// Passes made over the modules.
    pub rounds: usize,
    /// The size bound the refinement kept to.
    pub max_modules: usize,
}

/// Why a split could not be refined.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RefineError {
    /// The model itself is inconsistent.
    #[error(transparent)]
    Model(#[from] ValidationError),
    /// A constraint names a module that is not in a service of the split.
    #[error("constraint names '{0}', which is not a module in a service of this split")]
    UnknownModule(String),
    /// Two modules are to be kept together and apart at once.
    #[error("'{0}' and '{1}' are to be kept together and apart at the same time")]
    Contradiction(String, String),
    /// The split already breaks a constraint; the refinement keeps constraints,
    /// it does not repair them.
    #[error("{}", .0.en)]
    AlreadyBroken(Text),
    /// Options out of range; says which.
    #[error("{}", .0.en)]
    InvalidOption(Text),
}

impl RefineError {
    /// The message in both interface languages (`Display` is the English one).
    pub fn text(&self) -> Text {
        let ko = match self {
            RefineError::Model(invalid) => return invalid.text(),
            RefineError::UnknownModule(id) => {
                format!("제약 조건의 '{id}'은(는) 이 분할의 서비스에 있는 모듈이 아닙니다")
            }
            RefineError::Contradiction(a, b) => {
                format!("'{a}'와(과) '{b}'를 함께 두라는 제약과 떼어 두라는 제약이 동시에 있습니다")
            }
            RefineError::AlreadyBroken(text) | RefineError::InvalidOption(text) => {
                return text.clone();
            }
        };
        Text::new(ko, self.to_string())
    }
}

/// Refines `split` of `project`.
pub fn refine(
    project: &Project,
    split: &Split,
    options: &RefineOptions,
) -> Result<Refinement, RefineError> {
    let mut model = ModelGraph::build(project)?;
    model.attach_layers(&project.layers);
    let resolved = model.resolve_split(split)?;
    refine_on(std::sync::Arc::new(model), split, &resolved, options)
}
