//! Every metric of a split (see the catalog), computed from running aggregates so
//! that moving one module re-scores in time proportional to its degree.

mod catalog;
mod scorer;
mod scores;
mod service_graph;

pub use catalog::{Direction, METRIC_COUNT, METRICS, MetricId, MetricInfo, format_value};
pub use scorer::{AnalysisOptions, EdgeAgg, Scorer, UNASSIGNED};
pub use scores::Scores;
pub use service_graph::{ServiceGraph, SyncChain};
