//! Drift: how today's code (a scan, an analyzer's output, traces) has moved
//! away from the model a split was drawn on: modules that belong to no
//! service, dependencies between services the model did not have, and those
//! it had that are gone.

use std::collections::BTreeSet;

use super::{Boundaries, Dependency};
use crate::text::Text;

/// A dependency between two services, by module and service name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Crossing {
    /// The depending module.
    pub from: String,
    /// The module depended on.
    pub to: String,
    /// The depending module's service.
    pub from_service: String,
    /// The other module's service.
    pub to_service: String,
}

/// What changed between the model and today's code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Modules of today's code that are in no service of the split (new ones).
    pub unassigned: Vec<String>,
    /// Dependencies between services that today's code has and the model had not.
    pub added: Vec<Crossing>,
    /// Dependencies between services the model had and today's code has not.
    pub removed: Vec<Crossing>,
}

impl Drift {
    /// Whether nothing moved.
    pub fn is_empty(&self) -> bool {
        self.unassigned.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// One line per change, for people.
    pub fn lines(&self) -> Vec<String> {
        self.texts().into_iter().map(|t| t.en).collect()
    }

    /// One line per change, in both languages.
    pub fn texts(&self) -> Vec<Text> {
        let mut out = Vec::new();
        for module in &self.unassigned {
            out.push(Text::new(
                format!("어느 서비스에도 없는 새 모듈: {module}"),
                format!("new module in no service: {module}"),
            ));
        }
        for c in &self.added {
            let pair = format!(
                "{} ({}) -> {} ({})",
                c.from, c.from_service, c.to, c.to_service
            );
            out.push(Text::new(
                format!("서비스 사이에 새로 생긴 의존: {pair}"),
                format!("new dependency between services: {pair}"),
            ));
        }
        for c in &self.removed {
            let pair = format!(
                "{} ({}) -> {} ({})",
                c.from, c.from_service, c.to, c.to_service
            );
            out.push(Text::new(
                format!("서비스 사이에서 사라진 의존: {pair}"),
                format!("dependency between services gone: {pair}"),
            ));
        }
        out
    }
}

/// The drift of every split of `before` (that has services) to `after`, the
/// same project with newer evidence layered in: (split name, its changes),
/// splits without any left out.
pub fn drift_of_splits(
    before: &crate::model::Project,
    after: &crate::model::Project,
) -> Vec<(String, Vec<Text>)> {
    let model = super::dependencies_of(before);
    let today = super::dependencies_of(after);
    let modules: Vec<String> = after.modules.iter().map(|m| m.id.clone()).collect();
    let entries: BTreeSet<String> = after
        .modules
        .iter()
        .filter(|m| m.entry_point)
        .map(|m| m.id.clone())
        .collect();
    before
        .splits
        .iter()
        .filter_map(|split| {
            let rules = Boundaries::of(before, split, None).ok()?;
            let changes = drift(&rules, &model, &modules, &today, &entries).texts();
            (!changes.is_empty()).then(|| (split.name.clone(), changes))
        })
        .collect()
}

/// The drift from `model` (the split's project dependencies) to `today`
/// (modules and dependencies of today's code). Entry points (routes) are
/// not modules of a service: `entry_points` leaves them out.
pub fn drift(
    boundaries: &Boundaries,
    model: &[Dependency],
    today_modules: &[String],
    today: &[Dependency],
    entry_points: &BTreeSet<String>,
) -> Drift {
    let crossings = |dependencies: &[Dependency]| -> BTreeSet<Crossing> {
        dependencies
            .iter()
            .filter_map(|d| {
                let a = boundaries.service_of(&d.from)?;
                let b = boundaries.service_of(&d.to)?;
                (a != b).then(|| Crossing {
                    from: d.from.clone(),
                    to: d.to.clone(),
                    from_service: boundaries.services[a].name.clone(),
                    to_service: boundaries.services[b].name.clone(),
                })
            })
            .collect()
    };
    let (before, after) = (crossings(model), crossings(today));
    let mut unassigned: Vec<String> = today_modules
        .iter()
        .filter(|m| boundaries.service_of(m).is_none() && !entry_points.contains(*m))
        .cloned()
        .collect();
    unassigned.sort();
    unassigned.dedup();
    Drift {
        unassigned,
        added: after.difference(&before).cloned().collect(),
        removed: before.difference(&after).cloned().collect(),
    }
}
