//! Every intermediate state of an order, scored with the split metrics: one
//! scorer walks the order, moving each step's modules out of the monolith, so
//! a whole order is re-scored in about the time of scoring the split once.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Planner;
use super::cost::StateCost;
use crate::graph::{ModuleIx, ResolvedSplit};
use crate::metrics::{MetricId, Scorer, Scores};

/// One state of the roadmap: after some step, the services extracted so far
/// and the monolith holding the rest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepState {
    /// The group this step extracts.
    pub group: usize,
    /// Every metric of the state, as `seams analyze` gives them for the state's split.
    pub metrics: Scores,
    /// The parts of the state's cost.
    pub cost_parts: StateCost,
    /// The state's cost.
    pub cost: f64,
    /// The calls (numbers in the model) that cross a boundary in this state
    /// and did not in the one before, largest volume first.
    pub new_remote_calls: Vec<u32>,
}

/// An order, scored state by state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// One state per step, in order.
    pub steps: Vec<StepState>,
    /// The sum of the states' costs, added in step order.
    pub total_cost: f64,
}

impl Planner {
    /// Scores every state of `order` (group numbers, each once).
    pub fn timeline(&self, order: &[usize]) -> Timeline {
        self.timeline_with(order, |_, _, _| {})
    }

    /// Scores every state of `order`, letting `visit` see each state's
    /// scorer and metrics on the way.
    pub(crate) fn timeline_with(
        &self,
        order: &[usize],
        mut visit: impl FnMut(usize, &Scorer, &Scores),
    ) -> Timeline {
        let mut steps = Vec::with_capacity(order.len());
        let mut total_cost = 0.0;
        self.walk(order, |k, scorer| {
            let metrics = self.state_scores(scorer, order, k);
            visit(k, scorer, &metrics);
            let cost_parts = StateCost::of(&metrics);
            let cost = cost_parts.total(&self.weights);
            total_cost += cost;
            steps.push(StepState {
                group: order[k],
                metrics,
                cost_parts,
                cost,
                new_remote_calls: self.new_remote_calls(order, k),
            });
        });
        Timeline { steps, total_cost }
    }

    /// The advice rules asked of the state a walk's scorer is in after step
    /// `k`: its analysis without the slots of services not extracted yet, with
    /// the state's own metrics, as the state's split built by hand gives it.
    pub(crate) fn walk_advice(
        &self,
        scorer: &Scorer,
        order: &[usize],
        k: usize,
        metrics: &Scores,
    ) -> Vec<crate::advice::Finding> {
        let mut slots =
            crate::model::Split::new(&self.split_name, crate::model::SplitOrigin::Manual);
        slots.services = self.services.clone();
        let monolith = self.monolith_id();
        slots.services.push(crate::model::Service::new(
            monolith.clone(),
            super::MONOLITH,
        ));
        let mut analysis =
            crate::analysis::describe_with(scorer, &slots, crate::analysis::Detail::Advice);
        let position = self.positions(order);
        let in_state = |id: &str| match self.services.iter().position(|s| s.id == id) {
            Some(s) => position[self.group_of[s]] <= k,
            None => id == monolith && k + 1 < order.len(),
        };
        analysis.services.retain(|s| in_state(&s.id));
        analysis.empty_services.retain(|s| in_state(s));
        analysis.metrics = *metrics;
        self.advise_state(&mut analysis)
    }

    /// The advice rules asked of a state's analysis, with the remaining
    /// monolith named in each language (`모놀리스` in the Korean texts). The
    /// rules run once, with a mark for the monolith's name that each
    /// language's text then has replaced (they ran once per language before:
    /// twice the work for every state of every roadmap).
    pub(crate) fn advise_state(
        &self,
        analysis: &mut crate::analysis::SplitAnalysis,
    ) -> Vec<crate::advice::Finding> {
        /// A private-use character: no service is named with it.
        const MARK: &str = "\u{E000}";
        let monolith = self.monolith_id();
        let Some(ix) = analysis.services.iter().position(|s| s.id == monolith) else {
            return crate::advice::advise(analysis, self.options);
        };
        let name = std::mem::replace(&mut analysis.services[ix].name, MARK.to_string());
        let mut findings = crate::advice::advise(analysis, self.options);
        for finding in &mut findings {
            for text in [&mut finding.title, &mut finding.why] {
                if text.en.contains(MARK) {
                    text.en = text.en.replace(MARK, &name);
                }
                if text.ko.contains(MARK) {
                    text.ko = text.ko.replace(MARK, "모놀리스");
                }
            }
        }
        analysis.services[ix].name = name;
        findings
    }

    /// Walks `order` with one scorer: the monolith is the extra service after
    /// the split's own; each step moves its services' modules to their own
    /// service in assignment order, and `visit` sees the state after it.
    pub(crate) fn walk(&self, order: &[usize], mut visit: impl FnMut(usize, &Scorer)) {
        let monolith = self.services.len() as u32;
        let resolved = ResolvedSplit {
            service_count: monolith + 1,
            order: self
                .assignment
                .iter()
                .map(|&(m, _)| (m, monolith))
                .collect(),
        };
        let mut scorer = Scorer::new(Arc::clone(&self.graph), &resolved, self.options);
        for (k, &g) in order.iter().enumerate() {
            let moving = self
                .assignment
                .iter()
                .filter(|&&(_, s)| self.group_of[s as usize] == g)
                .map(|&(m, s)| (m, Some(s)));
            scorer.move_modules(moving);
            visit(k, &scorer);
        }
    }

    /// The scorer's metrics as the state's own split gives them: the services
    /// not extracted yet are empty slots of the walk, not services of the
    /// state; the state's empty services are the extracted ones without
    /// modules, and the monolith when nothing is left in it.
    fn state_scores(&self, scorer: &Scorer, order: &[usize], k: usize) -> Scores {
        let empty = |g: &usize| {
            self.groups[*g]
                .services
                .iter()
                .filter(|&&s| self.members[s as usize].is_empty())
                .count()
        };
        let extracted_empty: usize = order[..=k].iter().map(empty).sum();
        let left: usize = order[k + 1..]
            .iter()
            .map(|g| self.groups[*g].services.len())
            .sum();
        let left_empty: usize = order[k + 1..].iter().map(empty).sum();
        let monolith_empty = left > 0 && left_empty == left;
        scorer.scores().with(
            MetricId::EmptyServices,
            (extracted_empty + usize::from(monolith_empty)) as f64,
        )
    }

    /// The calls that start crossing at step `k`: between the step's services
    /// and the monolith that remains, or between two of the step's services.
    pub(crate) fn new_remote_calls(&self, order: &[usize], k: usize) -> Vec<u32> {
        let g = order[k];
        let position = self.positions(order);
        let left_by_now = |m: ModuleIx| {
            let s = self.service_of[m as usize];
            s != crate::metrics::UNASSIGNED && position[self.group_of[s as usize]] <= k
        };
        let mut calls = Vec::new();
        for &s in &self.groups[g].services {
            for &m in &self.members[s as usize] {
                for &cx in self.graph.incident.row(m) {
                    let call = &self.graph.calls[cx as usize];
                    let other = if call.caller == m {
                        call.callee
                    } else {
                        call.caller
                    };
                    let other_service = self.service_of[other as usize];
                    if call.is_self()
                        || other_service == crate::metrics::UNASSIGNED
                        || other_service == s
                    {
                        continue;
                    }
                    let in_step = self.group_of[other_service as usize] == g;
                    if (in_step && call.caller == m) || !left_by_now(other) {
                        calls.push(cx);
                    }
                }
            }
        }
        calls.sort_unstable_by(|a, b| {
            let (x, y) = (
                &self.graph.calls[*a as usize],
                &self.graph.calls[*b as usize],
            );
            y.volume.total_cmp(&x.volume).then(a.cmp(b))
        });
        calls
    }

    /// Each group's step number (0-based) in `order`.
    pub(crate) fn positions(&self, order: &[usize]) -> Vec<usize> {
        let mut position = vec![usize::MAX; self.groups.len()];
        for (k, &g) in order.iter().enumerate() {
            position[g] = k;
        }
        position
    }
}
