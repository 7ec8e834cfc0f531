//! Layering imports into one project: a layer from the team's history, traces
//! or analyzer output is merged into the model without touching what was made
//! by hand, and [`preview`] says what a merge would change before it is saved.
//!
//! Merging a layer (see [`merge`]):
//! * it replaces the layer of the same source, if any;
//! * traces and analyzer layers add the modules the model lacks; a history
//!   layer adds none (its co-change and ownership count for the modules the
//!   model has; the rest are listed as unmatched, to be mapped by rules);
//! * each call it saw is added with the layer as its source, or, when the model
//!   has it already, takes the layer's volume and style (its source stays);
//!   calls the same source added before and no longer sees are removed;
//! * owners fill the team tag of modules that have none (hand-made tags stay);
//! * tables read and written are added to the modules' tags;
//! * modules a layer adds that it names as entry points (a scan's routes) are
//!   marked as entry points;
//! * splits are kept as they are (new modules are unassigned).

pub mod history;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::model::{Call, CallKind, Layer, LayerKind, Module, Project};

/// The project after merging `layer` into it.
pub fn merge(project: &mut Project, layer: &Layer) {
    let source = layer.source.as_str();
    let seen: FxHashSet<(&str, &str)> = layer
        .calls
        .iter()
        .map(|c| (c.caller.as_str(), c.callee.as_str()))
        .collect();
    project.calls.retain(|call| {
        call.source.as_deref() != Some(source)
            || seen.contains(&(call.caller.as_str(), call.callee.as_str()))
    });
    if layer.kind != LayerKind::History {
        let mut known: FxHashSet<String> = project.modules.iter().map(|m| m.id.clone()).collect();
        let named = layer
            .modules
            .iter()
            .chain(layer.calls.iter().flat_map(|c| [&c.caller, &c.callee]))
            .chain(layer.tables.iter().map(|t| &t.module));
        for id in named {
            if known.insert(id.clone()) {
                project.modules.push(Module {
                    entry_point: layer.entry_points.contains(id),
                    ..Module::new(id.clone())
                });
            }
        }
    }
    let mut at: FxHashMap<(String, String), usize> = project
        .calls
        .iter()
        .enumerate()
        .map(|(ix, c)| ((c.caller.clone(), c.callee.clone()), ix))
        .collect();
    let modules: FxHashSet<String> = project.modules.iter().map(|m| m.id.clone()).collect();
    for seen in &layer.calls {
        if !modules.contains(&seen.caller) || !modules.contains(&seen.callee) {
            continue;
        }
        let volume = seen.count as f64;
        match at.get(&(seen.caller.clone(), seen.callee.clone())) {
            Some(&ix) => {
                let call = &mut project.calls[ix];
                call.volume = volume;
                call.style = seen.style;
            }
            None => {
                at.insert(
                    (seen.caller.clone(), seen.callee.clone()),
                    project.calls.len(),
                );
                project.calls.push(Call {
                    volume,
                    style: seen.style,
                    kind: CallKind::Command,
                    source: Some(layer.source.clone()),
                    ..Call::new(seen.caller.clone(), seen.callee.clone())
                });
            }
        }
    }
    let owners: FxHashMap<&str, &str> = layer
        .owners
        .iter()
        .filter_map(|o| Some((o.module.as_str(), o.main_team.as_deref()?)))
        .collect();
    for module in &mut project.modules {
        if module.team.is_none()
            && let Some(team) = owners.get(module.id.as_str())
        {
            module.team = Some((*team).to_string());
        }
    }
    let position: FxHashMap<String, usize> = project
        .modules
        .iter()
        .enumerate()
        .map(|(ix, m)| (m.id.clone(), ix))
        .collect();
    for table in &layer.tables {
        if let Some(&ix) = position.get(&table.module) {
            let module = &mut project.modules[ix];
            let list = if table.writes {
                &mut module.writes
            } else {
                &mut module.reads
            };
            if !list.contains(&table.table) {
                list.push(table.table.clone());
            }
        }
    }
    match project.layers.iter_mut().find(|l| l.source == layer.source) {
        Some(old) => *old = layer.clone(),
        None => project.layers.push(layer.clone()),
    }
}

/// The project without the layer of `source` and the calls it added.
pub fn remove(project: &mut Project, source: &str) {
    project.layers.retain(|l| l.source != source);
    project
        .calls
        .retain(|c| c.source.as_deref() != Some(source));
}

/// What merging a layer would change, for people to check before saving.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LayerDiff {
    /// Whether the layer replaces an earlier import of the same source.
    pub replaces: bool,
    /// Modules the merge adds.
    pub modules_added: Vec<String>,
    /// Modules the layer names that the model lacks and the merge does not add
    /// (history): their evidence counts only once rules map them.
    pub unmatched: Vec<String>,
    /// Calls added, as (caller, callee).
    pub calls_added: Vec<(String, String)>,
    /// Calls removed (the same source no longer sees them).
    pub calls_removed: Vec<(String, String)>,
    /// Calls whose volume or style changes.
    pub calls_changed: Vec<(String, String)>,
    /// Co-change pairs added, removed and changed, against the earlier import.
    pub co_changes_added: usize,
    /// Co-change pairs the earlier import had and this one has not.
    pub co_changes_removed: usize,
    /// Co-change pairs whose degree or shared commits change.
    pub co_changes_changed: usize,
    /// Modules whose team tag the merge sets, with the team.
    pub teams_set: Vec<(String, String)>,
    /// Modules whose read or written tables change.
    pub tables_changed: Vec<String>,
}

impl LayerDiff {
    /// Whether the merge would change nothing.
    pub fn is_empty(&self) -> bool {
        self.modules_added.is_empty()
            && self.calls_added.is_empty()
            && self.calls_removed.is_empty()
            && self.calls_changed.is_empty()
            && self.co_changes_added + self.co_changes_removed + self.co_changes_changed == 0
            && self.teams_set.is_empty()
            && self.tables_changed.is_empty()
    }
}

/// What merging `layer` into `project` would change, and the project after it.
pub fn preview(project: &Project, layer: &Layer) -> (LayerDiff, Project) {
    let mut after = project.clone();
    merge(&mut after, layer);
    let mut diff = LayerDiff {
        replaces: project.layers.iter().any(|l| l.source == layer.source),
        ..LayerDiff::default()
    };
    let before_modules: FxHashMap<&str, &Module> =
        project.modules.iter().map(|m| (m.id.as_str(), m)).collect();
    for module in &after.modules {
        match before_modules.get(module.id.as_str()) {
            None => diff.modules_added.push(module.id.clone()),
            Some(before) => {
                if before.team != module.team
                    && let Some(team) = &module.team
                {
                    diff.teams_set.push((module.id.clone(), team.clone()));
                }
                if before.reads != module.reads || before.writes != module.writes {
                    diff.tables_changed.push(module.id.clone());
                }
            }
        }
    }
    let after_modules: FxHashSet<&str> = after.modules.iter().map(|m| m.id.as_str()).collect();
    let mut unmatched: Vec<String> = layer
        .co_changes
        .iter()
        .flat_map(|c| [&c.a, &c.b])
        .chain(layer.owners.iter().map(|o| &o.module))
        .chain(layer.modules.iter())
        .filter(|id| !after_modules.contains(id.as_str()))
        .cloned()
        .collect();
    unmatched.sort();
    unmatched.dedup();
    diff.unmatched = unmatched;
    let calls = |p: &Project| -> FxHashMap<(String, String), (f64, crate::model::CallStyle)> {
        p.calls
            .iter()
            .map(|c| ((c.caller.clone(), c.callee.clone()), (c.volume, c.style)))
            .collect()
    };
    let (old, new) = (calls(project), calls(&after));
    for call in &after.calls {
        let key = (call.caller.clone(), call.callee.clone());
        match old.get(&key) {
            None => diff.calls_added.push(key),
            Some(was) if *was != (call.volume, call.style) => diff.calls_changed.push(key),
            Some(_) => {}
        }
    }
    for call in &project.calls {
        let key = (call.caller.clone(), call.callee.clone());
        if !new.contains_key(&key) {
            diff.calls_removed.push(key);
        }
    }
    let pairs = |links: &[crate::model::CoChangeLink]| -> FxHashMap<(String, String), (u32, u32)> {
        links
            .iter()
            .map(|c| ((c.a.clone(), c.b.clone()), (c.degree, c.shared)))
            .collect()
    };
    let earlier = project
        .layers
        .iter()
        .find(|l| l.source == layer.source)
        .map(|l| pairs(&l.co_changes))
        .unwrap_or_default();
    let now = pairs(&layer.co_changes);
    for (key, value) in &now {
        match earlier.get(key) {
            None => diff.co_changes_added += 1,
            Some(was) if was != value => diff.co_changes_changed += 1,
            Some(_) => {}
        }
    }
    diff.co_changes_removed = earlier.keys().filter(|k| !now.contains_key(*k)).count();
    (diff, after)
}

#[cfg(test)]
mod tests;
