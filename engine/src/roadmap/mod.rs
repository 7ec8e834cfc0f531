//! The migration roadmap of a split, strangler-fig style: a sequence of steps,
//! each taking one service (or a group that must go together) out of the
//! remaining monolith, so that after step k the system is "monolith + the
//! services of k steps". Every intermediate state is scored with the split
//! metrics, the default order is the cheapest under a stated cost, and each
//! step lists what it needs — remote calls with their timeouts, tables and
//! sagas, reads, gateway routes, contract tests, the runtime checklist —
//! traced to the model, with the advice rules asked of the state it leaves.
//!
//! Pure like the rest of the engine: the browser plans and re-scores orders
//! with the same code as the command line and the report.

mod cost;
mod errors;
mod export;
mod groups;
mod items;
mod needs;
mod order;
mod steps;
mod timeline;

use std::sync::Arc;

use crate::graph::{ModelGraph, ModuleIx, ResolvedSplit};
use crate::metrics::{AnalysisOptions, Scorer, UNASSIGNED};
use crate::model::{RoadmapPlan, Service, Split};

pub use cost::{CostModel, CostWeights, StateCost};
pub use errors::RoadmapError;
pub use export::{TASK_COLUMNS, Task, mermaid, tasks, tasks_csv, tasks_json};
pub use groups::{Group, GroupReason};
pub use items::{Item, ItemKind, first_items, item_counts, items};
pub use needs::{
    ApiOperation, Breaker, Contract, Coordination, ReadItem, ReadPattern, RemoteCall, RemoteKind,
    Route, RuntimeCheck, RuntimeItem, RuntimeStatus, Saga, SagaStep, StepNeeds, TableItem,
    TablePlan, Timeout, breaker, rules, timeout,
};
pub use order::{Constraints, EXACT_GROUPS, HEURISTIC_BUDGET, OrderMethod};
pub use steps::{Roadmap, RoadmapReadiness, Step};
pub use timeline::{StepState, Timeline};

/// The id the state's remaining monolith gets (with a number added when the
/// split has a service of that id), and its name.
pub const MONOLITH: &str = "monolith";

/// The consumer name of entry points (the outside world, through the gateway).
pub const GATEWAY: &str = "gateway";

/// Each split's roadmap by split name, or why it cannot be planned: what
/// the reports end each split with.
pub type SplitRoadmaps = Vec<(String, Result<Roadmap, RoadmapError>)>;

/// The roadmap of every split of `project` that resolves against `graph`
/// (by split name), each by the team's plan, or why it cannot be planned.
pub fn roadmaps(
    graph: &Arc<ModelGraph>,
    project: &crate::model::Project,
    options: AnalysisOptions,
) -> SplitRoadmaps {
    // Each split planned on a core of its own where there are several.
    crate::parallel::map(&project.splits, |split| {
        split_roadmap(graph, split, &project.readiness, options)
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The roadmap of one split by the team's plan, named by the split (as in
/// [`SplitRoadmaps`]), or `None` when the split does not resolve against
/// `graph`: what [`roadmaps`] gives for each split, for a caller that keeps
/// the roadmaps of splits an edit did not touch.
pub fn split_roadmap(
    graph: &Arc<ModelGraph>,
    split: &Split,
    readiness: &crate::model::Readiness,
    options: AnalysisOptions,
) -> Option<(String, Result<Roadmap, RoadmapError>)> {
    let resolved = graph.resolve_split(split).ok()?;
    let roadmap = Planner::new(Arc::clone(graph), split, &resolved, &split.roadmap, options)
        .and_then(|planner| planner.roadmap(readiness));
    Some((split.name.clone(), roadmap))
}

/// A split made ready for planning: its groups, the cost model of its states
/// and the team's constraints. Build it once per model and plan; order and
/// re-score as often as needed.
#[derive(Clone, Debug)]
pub struct Planner {
    graph: Arc<ModelGraph>,
    options: AnalysisOptions,
    weights: CostWeights,
    split_name: String,
    services: Vec<Service>,
    service_of: Vec<u32>,
    members: Vec<Vec<ModuleIx>>,
    assignment: Vec<(ModuleIx, u32)>,
    groups: Vec<Group>,
    group_of: Vec<usize>,
    cost: CostModel,
    constraints: Constraints,
    plan: RoadmapPlan,
    index: needs::Index,
}

impl Planner {
    /// Prepares `split` (resolved against `graph`) with the team's `plan`.
    /// Every module must be in a service, and the plan's pins and ruled-out
    /// orders must not contradict each other.
    pub fn new(
        graph: Arc<ModelGraph>,
        split: &Split,
        resolved: &ResolvedSplit,
        plan: &RoadmapPlan,
        options: AnalysisOptions,
    ) -> Result<Planner, RoadmapError> {
        let k = split.services.len();
        if k == 0 {
            return Err(RoadmapError::NoServices);
        }
        let mut service_of = vec![UNASSIGNED; graph.module_count()];
        let mut members = vec![Vec::new(); k];
        for &(m, s) in &resolved.order {
            service_of[m as usize] = s;
        }
        for &(m, s) in &resolved.order {
            members[s as usize].push(m);
        }
        let unassigned: Vec<String> = (0..graph.module_count() as ModuleIx)
            .filter(|&m| !graph.entry_point[m as usize] && service_of[m as usize] == UNASSIGNED)
            .map(|m| graph.id(m).to_string())
            .collect();
        if !unassigned.is_empty() {
            return Err(RoadmapError::Unassigned {
                count: unassigned.len(),
                examples: unassigned.into_iter().take(3).collect(),
            });
        }
        let scorer = Scorer::new(Arc::clone(&graph), resolved, options);
        let groups = groups::groups(&scorer, plan);
        let mut group_of = vec![0; k];
        for (g, group) in groups.iter().enumerate() {
            for &s in &group.services {
                group_of[s as usize] = g;
            }
        }
        let cost = CostModel::new(
            &graph,
            &service_of,
            k,
            &groups,
            &scorer.service_graph().cycles,
        );
        let mut planner = Planner {
            graph,
            options,
            weights: CostWeights::default(),
            split_name: split.name.clone(),
            services: split.services.clone(),
            service_of,
            members,
            assignment: resolved.order.clone(),
            constraints: Constraints::none(groups.len()),
            groups,
            group_of,
            cost,
            plan: plan.clone(),
            index: needs::Index::default(),
        };
        planner.index = needs::Index::new(&planner.graph, &planner.service_of);
        planner.constraints = planner.constraints_of(plan)?;
        Ok(planner)
    }

    /// The same planner pricing states with other weights.
    pub fn with_weights(mut self, weights: CostWeights) -> Planner {
        self.weights = weights;
        self
    }

    /// The weights states are priced with.
    pub fn weights(&self) -> &CostWeights {
        &self.weights
    }

    /// The compiled model.
    pub fn graph(&self) -> &Arc<ModelGraph> {
        &self.graph
    }

    /// The split's services, in split order.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The groups of services that leave together, by their first service.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The group of a service (its number in the split).
    pub fn group_of(&self, service: u32) -> usize {
        self.group_of[service as usize]
    }

    /// The plan the planner keeps.
    pub fn plan(&self) -> &RoadmapPlan {
        &self.plan
    }

    /// The split's name.
    pub fn split_name(&self) -> &str {
        &self.split_name
    }

    /// The number of a service id.
    fn service_number(&self, id: &str) -> Option<u32> {
        self.services
            .iter()
            .position(|s| s.id == id)
            .map(|s| s as u32)
    }

    /// The display name of a service number.
    pub fn service_label(&self, service: u32) -> &str {
        self.services[service as usize].label()
    }

    /// The service number a step (group) is known by: its first service.
    pub fn lead(&self, group: usize) -> u32 {
        self.groups[group].services[0]
    }

    fn known(&self, id: &str) -> Result<usize, RoadmapError> {
        self.service_number(id)
            .map(|s| self.group_of(s))
            .ok_or_else(|| RoadmapError::UnknownService(id.to_string()))
    }

    /// The constraints `plan` puts on the order of the groups: pinned
    /// services first, in their order, and every ruled-out order.
    fn constraints_of(&self, plan: &RoadmapPlan) -> Result<Constraints, RoadmapError> {
        let mut constraints = Constraints::none(self.groups.len());
        let mut pinned: Vec<usize> = Vec::new();
        for id in &plan.first {
            let g = self.known(id)?;
            if !pinned.contains(&g) {
                pinned.push(g);
            }
        }
        for pair in pinned.windows(2) {
            constraints.require(pair[0], pair[1]);
        }
        if let Some(&last) = pinned.last() {
            for g in (0..self.groups.len()).filter(|g| !pinned.contains(g)) {
                constraints.require(last, g);
            }
        }
        for rule in &plan.not_before {
            let (later, earlier) = (self.known(&rule.later)?, self.known(&rule.earlier)?);
            constraints.require(earlier, later);
        }
        if let Some(cycle) = constraints.contradiction() {
            return Err(RoadmapError::Contradiction(
                cycle
                    .iter()
                    .map(|&g| self.service_label(self.lead(g)).to_string())
                    .collect(),
            ));
        }
        Ok(constraints)
    }

    /// The cheapest order under the constraints, and how it was found.
    pub fn cheapest(&self) -> (Vec<usize>, OrderMethod) {
        order::cheapest(&self.cost, &self.constraints, &self.weights)
    }

    /// The sum of the states' costs of an order, priced by the cost model.
    pub fn price(&self, order: &[usize]) -> f64 {
        order::total(&self.cost, order, &self.weights)
    }

    /// The order of the plan: the one the team chose, or else the cheapest.
    pub fn planned_order(&self) -> Result<(Vec<usize>, OrderMethod), RoadmapError> {
        if self.plan.order.is_empty() {
            Ok(self.cheapest())
        } else {
            Ok((self.order_of(&self.plan.order)?, OrderMethod::Given))
        }
    }

    /// The group order a list of service ids gives (each service once; a
    /// group's place is that of its first service listed), checked against
    /// the constraints.
    pub fn order_of(&self, ids: &[String]) -> Result<Vec<usize>, RoadmapError> {
        let mut seen = vec![false; self.services.len()];
        let mut order = Vec::new();
        for id in ids {
            let s = self
                .service_number(id)
                .ok_or_else(|| RoadmapError::UnknownService(id.clone()))?;
            if std::mem::replace(&mut seen[s as usize], true) {
                return Err(RoadmapError::RepeatedService(
                    self.service_label(s).to_string(),
                ));
            }
            let g = self.group_of(s);
            if !order.contains(&g) {
                order.push(g);
            }
        }
        let missing: Vec<String> = (0..self.services.len())
            .filter(|&s| !seen[s])
            .map(|s| self.service_label(s as u32).to_string())
            .collect();
        if !missing.is_empty() {
            return Err(RoadmapError::MissingServices(missing));
        }
        self.check(&order)?;
        Ok(order)
    }

    /// Whether group `g` may come right after the groups of `prefix` (every
    /// group that must go before it is among them): what a drag may do.
    pub fn may_follow(&self, prefix: &[usize], g: usize) -> bool {
        let mut out = fixedbitset::FixedBitSet::with_capacity(self.groups.len());
        out.extend(prefix.iter().copied());
        self.constraints.allows(g, &out)
    }

    /// Whether a group order keeps the constraints; names the first it breaks.
    pub fn check(&self, order: &[usize]) -> Result<(), RoadmapError> {
        let Some((early, waited_for)) = self.constraints.broken_by(order) else {
            return Ok(());
        };
        let name = |g: usize| self.service_label(self.lead(g)).to_string();
        let pinned = self
            .plan
            .first
            .iter()
            .filter_map(|id| self.service_number(id))
            .any(|s| self.group_of(s) == waited_for);
        Err(if pinned {
            RoadmapError::BrokenPin {
                early: name(early),
                pinned: name(waited_for),
            }
        } else {
            RoadmapError::BrokenNotBefore {
                later: name(early),
                earlier: name(waited_for),
            }
        })
    }

    /// The id the state's monolith gets: `monolith`, or with a number when
    /// the split has a service of that id.
    pub(crate) fn monolith_id(&self) -> String {
        let taken = |id: &str| self.services.iter().any(|s| s.id == id);
        if !taken(MONOLITH) {
            return MONOLITH.to_string();
        }
        (2..)
            .map(|n| format!("{MONOLITH}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or_default()
    }

    /// The split of the state after `steps` steps of `order`, as a person
    /// would build it by hand: the services extracted so far (in the split's
    /// order) and, while anything is left, one service `monolith` holding
    /// every other module, assignments in the split's order.
    pub fn state_split(&self, order: &[usize], steps: usize) -> Split {
        let mut split = Split::new(
            format!("{} — {steps}", self.split_name),
            crate::model::SplitOrigin::Manual,
        );
        split.id = format!("state-{steps}");
        let position = self.positions(order);
        split.services = (0..self.services.len())
            .filter(|&s| position[self.group_of[s]] < steps)
            .map(|s| self.services[s].clone())
            .collect();
        let monolith = self.monolith_id();
        if steps < order.len() {
            split
                .services
                .push(Service::new(monolith.clone(), MONOLITH));
        }
        for &(m, s) in &self.assignment {
            let service = if position[self.group_of[s as usize]] < steps {
                self.services[s as usize].id.clone()
            } else {
                monolith.clone()
            };
            split
                .assignment
                .insert(self.graph.id(m).to_string(), service);
        }
        split
    }
}
