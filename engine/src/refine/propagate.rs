//! The label propagation: pass over the movable units (a module, or a
//! keep-together group) and move each to the service it is tied to most when
//! that strictly lowers the crossing weight and keeps every constraint; stop
//! when a pass moves nothing. Each move lowers an integer objective, so the
//! refinement ends and never makes it worse.

use std::sync::Arc;

use super::reason::{crossings, metric_changes, writer_services};
use super::weights::Ties;
use super::{ProposedMove, RefineError, RefineOptions, Refinement};
use crate::graph::{Amount, ModelGraph, ModuleIx, ResolvedSplit};
use crate::metrics::{AnalysisOptions, Scorer, UNASSIGNED};
use crate::model::Split;
use crate::text::Text;

/// A module or a keep-together group: what moves at once.
struct Unit {
    members: Vec<ModuleIx>,
    pinned: bool,
}

/// The constraints, resolved to module numbers.
struct Constraints {
    units: Vec<Unit>,
    unit_of: Vec<u32>,
    apart: Vec<Vec<ModuleIx>>,
    min: usize,
    max: usize,
}

/// Refines a split on a compiled model (with its layers attached): `split`
/// names the services, `resolved` places the modules.
pub fn refine_on(
    model: Arc<ModelGraph>,
    split: &Split,
    resolved: &ResolvedSplit,
    options: &RefineOptions,
) -> Result<Refinement, RefineError> {
    check_options(options)?;
    let mut scorer = Scorer::new(Arc::clone(&model), resolved, AnalysisOptions::default());
    let n = model.module_count();
    let mut service_of: Vec<u32> = (0..n as ModuleIx)
        .map(|m| scorer.service_of(m).unwrap_or(UNASSIGNED))
        .collect();
    let mut size = vec![0usize; scorer.service_count() as usize];
    for &s in service_of.iter().filter(|&&s| s != UNASSIGNED) {
        size[s as usize] += 1;
    }
    let constraints = Constraints::resolve(&model, split, &service_of, &size, options)?;
    let ties = Ties::of(&model, options.table_weight, options.co_change_weight);
    let mut co_changes: Vec<Vec<ModuleIx>> = vec![Vec::new(); n];
    for pair in &model.co_changes {
        co_changes[pair.a as usize].push(pair.b);
        co_changes[pair.b as usize].push(pair.a);
    }
    let objective_before = ties.crossing(&service_of, UNASSIGNED);
    let before = scorer.scores();
    let mut current = before;
    let mut refined = split.clone();
    refined.assignment = resolved
        .order
        .iter()
        .map(|&(m, s)| {
            (
                model.id(m).to_string(),
                split.services[s as usize].id.clone(),
            )
        })
        .collect();
    let mut moves = Vec::new();
    let mut weight_to = vec![0i64; size.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut rounds = 0;
    while rounds < options.max_rounds {
        rounds += 1;
        let mut moved = false;
        for unit in constraints.units.iter().filter(|u| !u.pinned) {
            let members = &unit.members;
            let from = service_of[members[0] as usize];
            let own = constraints.unit_of[members[0] as usize];
            for &m in members {
                for &(other, w) in ties.of_module(m) {
                    let s = service_of[other as usize];
                    if s == UNASSIGNED || constraints.unit_of[other as usize] == own {
                        continue;
                    }
                    if weight_to[s as usize] == 0 {
                        touched.push(s);
                    }
                    weight_to[s as usize] += w;
                }
            }
            let stay = weight_to[from as usize];
            let mut best: Option<(i64, u32)> = None;
            for &to in &touched {
                let gain = weight_to[to as usize] - stay;
                let better = best.is_none_or(|(g, t)| gain > g || (gain == g && to < t));
                if to != from
                    && gain > 0
                    && better
                    && constraints.allows(members, from, to, &size, &service_of)
                {
                    best = Some((gain, to));
                }
            }
            for s in touched.drain(..) {
                weight_to[s as usize] = 0;
            }
            let Some((gain, to)) = best else { continue };
            let (uncrossed, crossed, co_uncrossed, co_crossed) =
                crossings(&model, &co_changes, &service_of, members, from, to);
            let tables_before = writer_services(&model, &scorer.table_writers, members);
            for &m in members {
                service_of[m as usize] = to;
                let id = model.id(m).to_string();
                refined.assignment.shift_remove(&id);
                refined
                    .assignment
                    .insert(id, split.services[to as usize].id.clone());
            }
            scorer.move_modules(members.iter().map(|&m| (m, Some(to))));
            size[from as usize] -= members.len();
            size[to as usize] += members.len();
            let tables_after = writer_services(&model, &scorer.table_writers, members);
            let table_name = |t: u32| model.tables.name(t).to_string();
            let after = scorer.scores();
            moves.push(ProposedMove {
                modules: members.iter().map(|&m| model.id(m).to_string()).collect(),
                from: split.services[from as usize].id.clone(),
                to: split.services[to as usize].id.clone(),
                gain: units_value(gain),
                calls_uncrossed: uncrossed,
                calls_crossed: crossed,
                co_changes_uncrossed: co_uncrossed,
                co_changes_crossed: co_crossed,
                tables_unshared: tables_before
                    .iter()
                    .zip(&tables_after)
                    .filter(|((_, b), (_, a))| *b > 1 && *a <= 1)
                    .map(|((t, _), _)| table_name(*t))
                    .collect(),
                tables_shared: tables_before
                    .iter()
                    .zip(&tables_after)
                    .filter(|((_, b), (_, a))| *b <= 1 && *a > 1)
                    .map(|((t, _), _)| table_name(*t))
                    .collect(),
                metrics: metric_changes(&current, &after),
            });
            current = after;
            moved = true;
        }
        if !moved {
            break;
        }
    }
    Ok(Refinement {
        split: refined,
        moves,
        objective_before: units_value(objective_before),
        objective_after: units_value(ties.crossing(&service_of, UNASSIGNED)),
        before,
        after: current,
        rounds,
        max_modules: constraints.max,
    })
}

/// A weight in exact units as a number.
fn units_value(units: i64) -> f64 {
    let mut amount = Amount::default();
    amount.add(units, 1);
    amount.get()
}

fn check_options(options: &RefineOptions) -> Result<(), RefineError> {
    if [options.table_weight, options.co_change_weight]
        .iter()
        .any(|w| !(*w >= 0.0 && w.is_finite()))
    {
        return Err(RefineError::InvalidOption(Text::new(
            "가중치는 음수일 수 없습니다",
            "weights cannot be negative",
        )));
    }
    if options.min_modules == 0 {
        return Err(RefineError::InvalidOption(Text::new(
            "서비스의 최소 모듈 수는 1 이상이어야 합니다 (서비스 수를 유지합니다)",
            "the smallest service size must be at least 1 (the number of services stays)",
        )));
    }
    if let Some(max) = options.max_modules
        && max < options.min_modules
    {
        return Err(RefineError::InvalidOption(Text::new(
            format!(
                "최대 크기 {max}가 최소 크기 {}보다 작습니다",
                options.min_modules
            ),
            format!(
                "the largest size {max} is below the smallest size {}",
                options.min_modules
            ),
        )));
    }
    Ok(())
}

impl Constraints {
    fn resolve(
        model: &ModelGraph,
        split: &Split,
        service_of: &[u32],
        size: &[usize],
        options: &RefineOptions,
    ) -> Result<Constraints, RefineError> {
        let n = model.module_count();
        let placed = |id: &str| -> Result<ModuleIx, RefineError> {
            model
                .ix(id)
                .filter(|&m| service_of[m as usize] != UNASSIGNED)
                .ok_or_else(|| RefineError::UnknownModule(id.to_string()))
        };
        let service_name = |m: ModuleIx| split.services[service_of[m as usize] as usize].label();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        for group in &options.keep_together {
            let members = group
                .iter()
                .map(|id| placed(id))
                .collect::<Result<Vec<_>, _>>()?;
            for pair in members.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if service_of[a as usize] != service_of[b as usize] {
                    let (x, y) = (model.id(a), model.id(b));
                    let (sx, sy) = (service_name(a), service_name(b));
                    return Err(RefineError::AlreadyBroken(Text::new(
                        format!(
                            "'{x}'와(과) '{y}'는 함께 두어야 하지만 지금 {sx}와(과) {sy}에 있습니다"
                        ),
                        format!("'{x}' and '{y}' are to be kept together but are in {sx} and {sy}"),
                    )));
                }
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb) as usize] = ra.min(rb);
            }
        }
        let mut unit_of = vec![u32::MAX; n];
        let mut units: Vec<Unit> = Vec::new();
        let mut unit_of_root = vec![u32::MAX; n];
        for m in 0..n as ModuleIx {
            if service_of[m as usize] == UNASSIGNED {
                continue;
            }
            let r = root(&mut parent, m) as usize;
            if unit_of_root[r] == u32::MAX {
                unit_of_root[r] = units.len() as u32;
                units.push(Unit {
                    members: Vec::new(),
                    pinned: false,
                });
            }
            unit_of[m as usize] = unit_of_root[r];
            units[unit_of_root[r] as usize].members.push(m);
        }
        for id in &options.pinned {
            let m = placed(id)?;
            units[unit_of[m as usize] as usize].pinned = true;
        }
        let mut apart = vec![Vec::new(); n];
        for (a, b) in &options.keep_apart {
            let (x, y) = (placed(a)?, placed(b)?);
            if unit_of[x as usize] == unit_of[y as usize] {
                return Err(RefineError::Contradiction(a.clone(), b.clone()));
            }
            if service_of[x as usize] == service_of[y as usize] {
                let service = service_name(x);
                return Err(RefineError::AlreadyBroken(Text::new(
                    format!("'{a}'와(과) '{b}'는 떼어 두어야 하지만 둘 다 {service}에 있습니다"),
                    format!("'{a}' and '{b}' are to be kept apart but are both in {service}"),
                )));
            }
            apart[x as usize].push(y);
            apart[y as usize].push(x);
        }
        let largest = size.iter().copied().max().unwrap_or(0);
        let max = options
            .max_modules
            .unwrap_or(largest + (largest.div_ceil(10)).max(1));
        Ok(Constraints {
            units,
            unit_of,
            apart,
            min: options.min_modules,
            max,
        })
    }

    /// Whether `members` may go from `from` to `to`: the service left keeps at
    /// least the smallest size, the one joined stays within the largest, and no
    /// member meets a module it is to be kept apart from.
    fn allows(
        &self,
        members: &[ModuleIx],
        from: u32,
        to: u32,
        size: &[usize],
        service_of: &[u32],
    ) -> bool {
        let k = members.len();
        size[from as usize] >= self.min + k
            && size[to as usize] + k <= self.max
            && members.iter().all(|&m| {
                self.apart[m as usize]
                    .iter()
                    .all(|&other| service_of[other as usize] != to)
            })
    }
}

/// The representative of `v`'s keep-together group.
fn root(parent: &mut [u32], mut v: u32) -> u32 {
    while parent[v as usize] != v {
        parent[v as usize] = parent[parent[v as usize] as usize];
        v = parent[v as usize];
    }
    v
}
