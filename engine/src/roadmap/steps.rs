//! A whole roadmap with names instead of numbers: what the command line
//! writes as JSON and the report renders.

use serde::Serialize;

use super::cost::{CostWeights, StateCost};
use super::needs::{self, StepNeeds};
use super::order::OrderMethod;
use super::timeline::StepState;
use super::{Planner, RoadmapError};
use crate::metrics::Scores;
use crate::model::Readiness;
use crate::readiness::{ReadinessReport, Verdict, evaluate};
use crate::text::Text;

/// The migration roadmap of one split.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Roadmap {
    /// The split's name.
    pub split: String,
    /// How the order was found.
    pub method: OrderMethod,
    /// The same, in words.
    pub method_text: Text,
    /// What a state costs, in words.
    pub cost_rule: Text,
    /// The weights of the cost.
    pub weights: CostWeights,
    /// The sum of the states' costs.
    pub total_cost: f64,
    /// What the readiness checklist says: it stands above the whole plan.
    pub readiness: RoadmapReadiness,
    /// The rules the tasks follow.
    pub rules: Vec<Text>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// The readiness verdict as the roadmap's first page shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoadmapReadiness {
    /// The verdict.
    pub verdict: Verdict,
    /// In words.
    pub headline: Text,
    /// Whether the checklist says go; otherwise the roadmap leads with a warning.
    pub go: bool,
}

impl RoadmapReadiness {
    /// The verdict of a checklist result.
    pub fn of(report: &ReadinessReport) -> RoadmapReadiness {
        RoadmapReadiness {
            verdict: report.verdict.clone(),
            headline: report.headline.clone(),
            go: report.verdict == Verdict::Go,
        }
    }
}

/// One step: the services it takes out of the monolith, the state it leaves
/// and what it needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// 1, 2, …
    pub number: usize,
    /// The names of the services it extracts.
    pub services: Vec<String>,
    /// Their ids.
    pub service_ids: Vec<String>,
    /// Why they go together, when there are several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub together: Option<Text>,
    /// The state's cost.
    pub cost: f64,
    /// Its parts.
    pub cost_parts: StateCost,
    /// Every metric of the state (the services extracted so far plus one
    /// service `monolith` holding every other module), keyed as `seams analyze` keys them.
    pub metrics: Scores,
    /// What the step needs.
    #[serde(flatten)]
    pub needs: StepNeeds,
    /// The team that takes the step.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// What the team noted about it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Planner {
    /// The roadmap of the plan's order (the team's, or else the cheapest).
    pub fn roadmap(&self, readiness: &Readiness) -> Result<Roadmap, RoadmapError> {
        let (order, method) = self.planned_order()?;
        Ok(self.roadmap_of(&order, method, readiness))
    }

    /// The roadmap of a given group order.
    pub fn roadmap_of(
        &self,
        order: &[usize],
        method: OrderMethod,
        readiness: &Readiness,
    ) -> Roadmap {
        let report = evaluate(readiness);
        // One walk scores every state and asks the advice rules of each.
        let mut findings = Vec::with_capacity(order.len());
        let mut before = Vec::new();
        let timeline = self.timeline_with(order, |k, scorer, metrics| {
            let advice = self.walk_advice(scorer, order, k, metrics);
            findings.push(self.new_findings(advice.clone(), &before));
            before = advice;
        });
        let steps = timeline
            .steps
            .iter()
            .zip(findings)
            .enumerate()
            .map(|(k, (state, findings))| self.named_step(order, k, state, &report, findings))
            .collect();
        Roadmap {
            split: self.split_name.clone(),
            method,
            method_text: method.text(),
            cost_rule: self.weights.rule(),
            weights: self.weights,
            total_cost: timeline.total_cost,
            readiness: RoadmapReadiness::of(&report),
            rules: needs::rules(),
            steps,
        }
    }

    /// Step `k` of `order`, named, with its needs (for one step on its own:
    /// the browser asks for the step a person opens).
    pub fn step(
        &self,
        order: &[usize],
        k: usize,
        state: &StepState,
        readiness: &ReadinessReport,
    ) -> Step {
        let findings = self.findings(order, k);
        self.named_step(order, k, state, readiness, findings)
    }

    fn named_step(
        &self,
        order: &[usize],
        k: usize,
        state: &StepState,
        readiness: &ReadinessReport,
        findings: Vec<crate::advice::Finding>,
    ) -> Step {
        let group = &self.groups[state.group];
        let lead = &self.services[group.services[0] as usize];
        let note = self.plan.note(&lead.id);
        Step {
            number: k + 1,
            services: group
                .services
                .iter()
                .map(|&s| self.service_label(s).to_string())
                .collect(),
            service_ids: group
                .services
                .iter()
                .map(|&s| self.services[s as usize].id.clone())
                .collect(),
            together: group.reason.text(),
            cost: state.cost,
            cost_parts: state.cost_parts,
            metrics: state.metrics,
            needs: self.needs_with(order, k, readiness, findings, &state.new_remote_calls),
            owner: note.map(|n| n.owner.clone()).unwrap_or_default(),
            note: note.map(|n| n.note.clone()).unwrap_or_default(),
        }
    }
}
