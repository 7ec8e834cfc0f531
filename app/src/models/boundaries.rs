//! A split's boundaries as the report page shows them: the dependencies
//! between its services (the team may forbid any), and what breaks them.

use serde::{Deserialize, Serialize};

/// One service depending on another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceDependency {
    /// The depending service's id.
    pub from: String,
    /// Its name.
    pub from_name: String,
    /// The other service's id.
    pub to: String,
    /// Its name.
    pub to_name: String,
    /// Calls of the model from the one to the other.
    pub calls: usize,
    /// Whether the team forbade it.
    pub forbidden: bool,
}

/// The boundaries of one split.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BoundaryView {
    /// Every pair of services with calls between them, and every forbidden pair.
    pub pairs: Vec<ServiceDependency>,
    /// What breaks the rules in the model now (the first few), one sentence each.
    pub violations: Vec<engine::text::Text>,
    /// How many break them in all.
    pub violation_count: usize,
}

impl BoundaryView {
    /// How many violations are listed by name.
    pub const SHOWN: usize = 20;

    /// How many service pairs the card lists before "show all".
    pub const PAIRS_SHOWN: usize = 30;
}
