//! Where the needs of a step are looked up: per table the modules writing
//! and reading it, and the write paths of the model's transactions.

use crate::graph::{ModelGraph, ModuleIx};
use crate::metrics::UNASSIGNED;

/// Per table the modules writing and reading it, and the write paths, built
/// once per planner. A write path is one transaction as the model has it: a
/// module that starts it (no atomic call reaches it) and every module its
/// atomic calls reach, in call order; two transactions that share a module
/// stay two paths.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    pub(super) writers: Vec<Vec<ModuleIx>>,
    pub(super) readers: Vec<Vec<ModuleIx>>,
    /// Per module, the write paths it is on.
    pub(super) paths_of: rustc_hash::FxHashMap<ModuleIx, Vec<usize>>,
    /// Each write path's modules in call order (breadth first from its start).
    pub(super) paths: Vec<Vec<ModuleIx>>,
}

impl Index {
    pub(crate) fn new(graph: &ModelGraph, service_of: &[u32]) -> Index {
        let mut writers = vec![Vec::new(); graph.tables.len()];
        let mut readers = vec![Vec::new(); graph.tables.len()];
        for m in 0..graph.module_count() as ModuleIx {
            for &t in graph.writes.row(m) {
                writers[t as usize].push(m);
            }
            for &t in graph.reads.row(m) {
                readers[t as usize].push(m);
            }
        }
        let placed = |m: ModuleIx| service_of[m as usize] != UNASSIGNED;
        let mut out: rustc_hash::FxHashMap<ModuleIx, Vec<ModuleIx>> = Default::default();
        let mut called = rustc_hash::FxHashSet::default();
        for call in graph
            .calls
            .iter()
            .filter(|c| c.transactional && !c.is_self() && placed(c.caller) && placed(c.callee))
        {
            out.entry(call.caller).or_default().push(call.callee);
            called.insert(call.callee);
        }
        let mut starts: Vec<ModuleIx> = out
            .keys()
            .copied()
            .filter(|m| !called.contains(m))
            .collect();
        starts.sort_unstable();
        let mut index = Index {
            writers,
            readers,
            ..Index::default()
        };
        let mut covered = rustc_hash::FxHashSet::default();
        let mut add_path = |start: ModuleIx, index: &mut Index| {
            let mut order = Vec::new();
            let mut seen = rustc_hash::FxHashSet::default();
            let mut queue = std::collections::VecDeque::from([start]);
            while let Some(m) = queue.pop_front() {
                if seen.insert(m) {
                    order.push(m);
                    covered.insert(m);
                    queue.extend(out.get(&m).into_iter().flatten().copied());
                }
            }
            for &m in &order {
                index.paths_of.entry(m).or_default().push(index.paths.len());
            }
            index.paths.push(order);
        };
        for start in starts {
            add_path(start, &mut index);
        }
        // Transactions that only loop (every module reached by another) start
        // at their first module.
        let mut looping: Vec<ModuleIx> = out.keys().copied().collect();
        looping.sort_unstable();
        for start in looping {
            if !index.paths_of.contains_key(&start) {
                add_path(start, &mut index);
            }
        }
        index
    }
}
