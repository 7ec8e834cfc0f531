//! The compiled model in a compact form for the wire: numbers instead of
//! strings wherever the scorer works with numbers, flat arrays instead of
//! objects. The split editor re-scores moves in the browser; it needs the call
//! graph, not the JSON of every module and call (a 10,000-module project is
//! 5.6 MB as JSON and about a fifth of that in this form, before compression).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::graph::{
    Amount, CallMeasure, CallRec, CallRows, CoChangeRec, Interner, ModelGraph, ModuleIx, Rows,
    icp_weight, valid_magnitude,
};
use crate::model::Latency;

/// What traces measured of one call: (call number, spans counted, failed
/// ones, (p50, p95, p99) in milliseconds).
pub type MeasureRow = (u32, u64, Option<u64>, Option<(f64, f64, f64)>);

/// A [`ModelGraph`] with the modules' display names, ready to serialise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompactModel {
    /// Module ids, in module order.
    pub ids: Vec<String>,
    /// Module names; empty when the name is the id.
    pub names: Vec<String>,
    /// Entry points.
    pub entry_point: Vec<bool>,
    /// Module sizes in exact units.
    pub size: Vec<i64>,
    /// Team per module: 0 for none, else the team's number + 1.
    pub team: Vec<u32>,
    /// Team names.
    pub teams: Vec<String>,
    /// Use-case labels per module (row offsets and items).
    pub labels: (Vec<u32>, Vec<u32>),
    /// Label names.
    pub label_names: Vec<String>,
    /// Tables read per module.
    pub reads: (Vec<u32>, Vec<u32>),
    /// Tables written per module.
    pub writes: (Vec<u32>, Vec<u32>),
    /// Table names.
    pub tables: Vec<String>,
    /// Calling module per call.
    pub caller: Vec<u32>,
    /// Called module per call.
    pub callee: Vec<u32>,
    /// Volume per call.
    pub volume: Vec<f64>,
    /// Per call: bit 0 synchronous, bit 1 transactional, bit 2 query.
    pub flags: Vec<u8>,
    /// What traces measured of calls.
    pub measures: Vec<MeasureRow>,
    /// Module pairs that change together: (a, b, shared revisions, degree).
    /// (Every field is always written: the editor receives this as Postcard,
    /// which cannot skip fields.)
    pub co_changes: Vec<(u32, u32, u32, u32)>,
    /// Owner per module by the history: 0 for none, else the owner's number + 1
    /// (empty when no module has one).
    pub owner: Vec<u32>,
    /// Owner names.
    pub owners: Vec<String>,
}

/// Why a compact model cannot be turned back into a graph.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("the compact model is inconsistent: {0}")]
pub struct CompactError(String);

impl CompactModel {
    /// The compact form of a graph; `names` are the modules' display names in
    /// module order.
    pub fn of(graph: &ModelGraph, names: impl IntoIterator<Item = String>) -> CompactModel {
        let ids: Vec<String> = (0..graph.module_count() as ModuleIx)
            .map(|ix| graph.id(ix).to_string())
            .collect();
        let names = names
            .into_iter()
            .zip(&ids)
            .map(|(name, id)| if &name == id { String::new() } else { name })
            .collect();
        let rows = |rows: &Rows| (rows.offsets.clone(), rows.items.clone());
        CompactModel {
            ids,
            names,
            entry_point: graph.entry_point.clone(),
            size: graph.size.clone(),
            team: graph.team.iter().map(|t| t.map_or(0, |t| t + 1)).collect(),
            teams: graph.teams.names().to_vec(),
            labels: rows(&graph.labels),
            label_names: graph.label_names.names().to_vec(),
            reads: rows(&graph.reads),
            writes: rows(&graph.writes),
            tables: graph.tables.names().to_vec(),
            caller: graph.calls.iter().map(|c| c.caller).collect(),
            callee: graph.calls.iter().map(|c| c.callee).collect(),
            volume: graph.calls.iter().map(|c| c.volume).collect(),
            flags: graph
                .calls
                .iter()
                .map(|c| {
                    u8::from(c.sync) | (u8::from(c.transactional) << 1) | (u8::from(c.query) << 2)
                })
                .collect(),
            measures: graph
                .measures
                .iter()
                .map(|(&call, m)| {
                    (
                        call,
                        m.count,
                        m.errors,
                        m.latency.map(|l| (l.p50, l.p95, l.p99)),
                    )
                })
                .collect(),
            co_changes: graph
                .co_changes
                .iter()
                .map(|c| (c.a, c.b, c.shared, c.degree))
                .collect(),
            owner: if graph.owners.is_empty() {
                Vec::new()
            } else {
                graph.owner.iter().map(|o| o.map_or(0, |o| o + 1)).collect()
            },
            owners: graph.owners.names().to_vec(),
        }
    }

    /// A module's display name.
    pub fn name(&self, ix: usize) -> &str {
        match self.names.get(ix).map(String::as_str) {
            Some("") | None => self.ids.get(ix).map_or("", String::as_str),
            Some(name) => name,
        }
    }

    /// The graph again, every number checked against the arrays it indexes.
    pub fn to_graph(&self) -> Result<ModelGraph, CompactError> {
        let n = self.ids.len();
        let fail = |what: &str| Err(CompactError(what.to_string()));
        if [
            self.names.len(),
            self.entry_point.len(),
            self.size.len(),
            self.team.len(),
        ]
        .iter()
        .any(|len| *len != n)
        {
            return fail("per-module arrays differ in length");
        }
        let m = self.caller.len();
        if [self.callee.len(), self.volume.len(), self.flags.len()]
            .iter()
            .any(|len| *len != m)
        {
            return fail("per-call arrays differ in length");
        }
        if self.team.iter().any(|t| *t as usize > self.teams.len()) {
            return fail("a team number is out of range");
        }
        let rows = |(offsets, items): &(Vec<u32>, Vec<u32>), names: usize, what: &str| {
            let ordered = offsets.windows(2).all(|w| w[0] <= w[1]);
            if offsets.len() != n + 1
                || offsets.first() != Some(&0)
                || !ordered
                || offsets.last().map(|l| *l as usize) != Some(items.len())
                || items.iter().any(|i| *i as usize >= names)
            {
                return Err(CompactError(format!("the {what} rows are malformed")));
            }
            Ok(Rows {
                offsets: offsets.clone(),
                items: items.clone(),
            })
        };
        let labels = rows(&self.labels, self.label_names.len(), "label")?;
        let reads = rows(&self.reads, self.tables.len(), "read")?;
        let writes = rows(&self.writes, self.tables.len(), "write")?;
        let mut calls = Vec::with_capacity(m);
        for cx in 0..m {
            let (caller, callee, volume) = (self.caller[cx], self.callee[cx], self.volume[cx]);
            if caller as usize >= n || callee as usize >= n {
                return fail("a call names a module out of range");
            }
            if !valid_magnitude(volume) {
                return fail("a call volume is out of range");
            }
            calls.push(CallRec {
                caller,
                callee,
                volume,
                volume_units: Amount::units(volume),
                icp_units: Amount::units(icp_weight(volume)),
                sync: self.flags[cx] & 1 != 0,
                transactional: self.flags[cx] & 2 != 0,
                query: self.flags[cx] & 4 != 0,
                counts_pair: true,
            });
        }
        if self
            .co_changes
            .iter()
            .any(|(a, b, _, _)| *a as usize >= n || *b as usize >= n || a >= b)
        {
            return fail("a co-change pair is out of range");
        }
        if !(self.owner.is_empty() || self.owner.len() == n)
            || self.owner.iter().any(|o| *o as usize > self.owners.len())
        {
            return fail("an owner number is out of range");
        }
        let rows = CallRows::of(n, &calls);
        let index = self
            .ids
            .iter()
            .enumerate()
            .map(|(ix, id)| (id.clone(), ix as ModuleIx))
            .collect();
        let mut graph = ModelGraph::assemble(
            index,
            self.ids.clone(),
            self.entry_point.clone(),
            self.size.clone(),
            self.team.iter().map(|t| t.checked_sub(1)).collect(),
            Interner::from_names(self.teams.clone()),
            labels,
            Interner::from_names(self.label_names.clone()),
            reads,
            writes,
            Interner::from_names(self.tables.clone()),
            calls,
            &rows,
        );
        graph.co_changes = self
            .co_changes
            .iter()
            .map(|&(a, b, shared, degree)| CoChangeRec {
                a,
                b,
                shared,
                degree,
            })
            .collect();
        if self.measures.iter().any(|(call, ..)| *call as usize >= m) {
            return fail("a measured call is out of range");
        }
        graph.measures = self
            .measures
            .iter()
            .map(|&(call, count, errors, latency)| {
                let latency = latency.map(|(p50, p95, p99)| Latency { p50, p95, p99 });
                (
                    call,
                    CallMeasure {
                        count,
                        errors,
                        latency,
                    },
                )
            })
            .collect();
        if !self.owner.is_empty() {
            graph.owner = self.owner.iter().map(|o| o.checked_sub(1)).collect();
            graph.owners = Interner::from_names(self.owners.clone());
        }
        Ok(graph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::metrics::{AnalysisOptions, Scorer};

    #[test]
    fn the_demo_scores_the_same_from_its_compact_form() {
        let project = demo::project();
        let graph = ModelGraph::build(&project).unwrap();
        let names = project.modules.iter().map(|m| m.name.clone());
        let compact = CompactModel::of(&graph, names);
        let back = compact.to_graph().unwrap();
        assert_eq!(compact.name(3), project.modules[3].label());
        for split in &project.splits {
            let resolved = graph.resolve_split(split).unwrap();
            let score = |g: &ModelGraph| {
                Scorer::new(
                    std::sync::Arc::new(g.clone()),
                    &resolved,
                    AnalysisOptions::default(),
                )
                .scores()
            };
            assert_eq!(score(&graph), score(&back), "split {}", split.name);
        }
    }

    #[test]
    fn numbers_out_of_range_are_refused() {
        let project = demo::project();
        let graph = ModelGraph::build(&project).unwrap();
        let compact = CompactModel::of(&graph, project.modules.iter().map(|m| m.name.clone()));
        let mut bad = compact.clone();
        bad.callee[0] = 10_000;
        assert!(bad.to_graph().is_err());
        let mut bad = compact.clone();
        bad.labels.1.push(0);
        assert!(bad.to_graph().is_err());
        let mut bad = compact;
        bad.team.pop();
        assert!(bad.to_graph().is_err());
    }
}
