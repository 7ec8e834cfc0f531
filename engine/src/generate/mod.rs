//! Generating splits: by capability or subdomain tags, or suggested by community
//! detection on the call graph.

mod by_tag;
mod community;
mod csr;
mod merge;
mod rng;
mod suggest;

pub use by_tag::{TagKind, TagSplit, Untagged, split_by_tag};
pub use community::{Algorithm, Detection, detect};
pub use csr::WGraph;
pub use suggest::{
    CallWeight, MAX_SHARED_GROUP, Placement, ServiceExplanation, SuggestError, SuggestGraph,
    SuggestOptions, Suggestion, Tie, suggest, suggest_on, weighted_graph,
};
