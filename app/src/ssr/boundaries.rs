//! Building a [`BoundaryView`] from a project.

use std::collections::BTreeMap;

use engine::boundaries::{Boundaries, dependencies_of};
use engine::model::Project;

use crate::errors::AppError;
use crate::models::{BoundaryView, ServiceDependency};

/// The boundaries of the split with id `split`.
pub fn view(project: &Project, split: &str) -> Result<BoundaryView, AppError> {
    let split = project
        .split_by_id(split)
        .ok_or_else(|| AppError::not_found("분해안", "the split"))?;
    let rules = Boundaries::of(project, split, None).map_err(|e| AppError::Invalid(e.text()))?;
    let mut calls: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for call in &project.calls {
        if let (Some(a), Some(b)) = (
            rules.service_of(&call.caller),
            rules.service_of(&call.callee),
        ) && a != b
        {
            *calls.entry((a, b)).or_default() += 1;
        }
    }
    let index = |id: &str| rules.services.iter().position(|s| s.id == id);
    for pair in &split.forbidden {
        if let (Some(a), Some(b)) = (index(&pair.from), index(&pair.to)) {
            calls.entry((a, b)).or_default();
        }
    }
    let mut ranked: Vec<((usize, usize), usize)> = calls.into_iter().collect();
    // The busiest first (forbidden ones among them), as a team reads them.
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let pairs = ranked
        .into_iter()
        .map(|((a, b), count)| {
            let (from, to) = (&rules.services[a], &rules.services[b]);
            ServiceDependency {
                from: from.id.clone(),
                from_name: from.name.clone(),
                to: to.id.clone(),
                to_name: to.name.clone(),
                calls: count,
                forbidden: !rules.allowed.contains(&(a, b)),
            }
        })
        .collect();
    let violations = rules.check(&dependencies_of(project));
    Ok(BoundaryView {
        pairs,
        violation_count: violations.len(),
        violations: violations
            .iter()
            .take(BoundaryView::SHOWN)
            .map(|v| v.text())
            .collect(),
    })
}
