//! The weighted module graph the refinement minimises the crossing weight of,
//! in exact units so that "the objective went down" is never a rounding effect.

use crate::generate::MAX_SHARED_GROUP;
use crate::graph::{Amount, ModelGraph, ModuleIx};

/// Per module, its neighbours with the weight of their tie (calls both ways,
/// shared written tables, co-change), in exact units; a pair may appear more
/// than once (the weights add up).
pub(super) struct Ties {
    offsets: Vec<usize>,
    links: Vec<(ModuleIx, i64)>,
}

impl Ties {
    /// The ties of `model`: each call weighs its inter-call percentage weight
    /// (ln volume + 1); two modules writing one table weigh `table_weight` (for
    /// tables with up to [`MAX_SHARED_GROUP`] writers: a table everything writes
    /// says nothing about where to cut); two modules changing together weigh
    /// `co_change_weight` × their degree of coupling.
    pub(super) fn of(model: &ModelGraph, table_weight: f64, co_change_weight: f64) -> Ties {
        let n = model.module_count();
        let mut pairs: Vec<(ModuleIx, ModuleIx, i64)> = Vec::with_capacity(model.calls.len());
        for call in &model.calls {
            if !call.is_self() && call.icp_units > 0 {
                pairs.push((call.caller, call.callee, call.icp_units));
            }
        }
        let table_units = Amount::units(table_weight);
        if table_units > 0 {
            let mut writers: Vec<Vec<ModuleIx>> = vec![Vec::new(); model.tables.len()];
            for m in 0..n as ModuleIx {
                for &table in model.writes.row(m) {
                    writers[table as usize].push(m);
                }
            }
            for group in writers.iter().filter(|g| g.len() <= MAX_SHARED_GROUP) {
                for (i, &a) in group.iter().enumerate() {
                    for &b in &group[i + 1..] {
                        pairs.push((a, b, table_units));
                    }
                }
            }
        }
        if co_change_weight > 0.0 {
            for pair in &model.co_changes {
                let units = Amount::units(co_change_weight * f64::from(pair.degree) / 100.0);
                if pair.a != pair.b && units > 0 {
                    pairs.push((pair.a, pair.b, units));
                }
            }
        }
        let mut degree = vec![0usize; n + 1];
        for &(a, b, _) in &pairs {
            degree[a as usize + 1] += 1;
            degree[b as usize + 1] += 1;
        }
        for i in 1..=n {
            degree[i] += degree[i - 1];
        }
        let offsets = degree;
        let mut fill = offsets[..n].to_vec();
        let mut links = vec![(0, 0); offsets[n]];
        for &(a, b, w) in &pairs {
            for (x, y) in [(a, b), (b, a)] {
                links[fill[x as usize]] = (y, w);
                fill[x as usize] += 1;
            }
        }
        Ties { offsets, links }
    }

    /// The ties of one module.
    pub(super) fn of_module(&self, m: ModuleIx) -> &[(ModuleIx, i64)] {
        &self.links[self.offsets[m as usize]..self.offsets[m as usize + 1]]
    }

    /// The total weight of ties between modules in different services (modules
    /// in no service do not count), each tie once.
    pub(super) fn crossing(&self, service_of: &[u32], unassigned: u32) -> i64 {
        let mut total = 0i64;
        for (m, &s) in service_of.iter().enumerate() {
            if s == unassigned {
                continue;
            }
            for &(other, w) in self.of_module(m as ModuleIx) {
                let t = service_of[other as usize];
                if (other as usize) > m && t != unassigned && t != s {
                    total += w;
                }
            }
        }
        total
    }
}
