//! From the facts of every file to one structure layer: which module each
//! unit belongs to (by level and the user's mapping rules), which module each
//! name it mentions resolves to (by name within the project, as declarations
//! and imports say; everything else is external and left out), the tables
//! each module reads and writes, and an entry module per route.

mod data;
mod paths;
mod types;

pub(crate) use data::is_write_method;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use engine::history::mapping::{MappingRule, ruled};
use engine::model::{CallStyle, Layer, LayerCall, LayerKind, TableUse};

use crate::Level;
use crate::facts::{FileFacts, Route};
use crate::files::SourceFile;
use crate::lang::Language;

/// A unit's place: (file index, unit index).
pub(crate) type UnitAt = (usize, usize);

/// Everything the resolver works over.
pub(crate) struct Project<'a> {
    pub files: &'a [FileFacts],
    pub languages: Vec<Language>,
    /// The module index of each unit.
    pub module_of: Vec<Vec<usize>>,
    /// Module ids, by index.
    pub modules: Vec<String>,
}

/// What a scan found, in module terms.
pub(crate) struct Resolved {
    /// The layer: modules, dependencies, tables, entry points.
    pub layer: Layer,
    /// Which module each scanned file went to (for the history of the same tree).
    pub file_modules: FxHashMap<String, String>,
    /// Routes found, each with the entry module that stands for it.
    pub routes: Vec<(String, String)>,
}

/// Resolves every file's facts into a layer named `source`.
pub(crate) fn resolve(
    source: &str,
    files: &[FileFacts],
    languages: Vec<Language>,
    descriptors: &[SourceFile],
    level: Level,
    rules: &[MappingRule],
) -> Resolved {
    let go_modules = paths::go_modules(descriptors);
    let python_packages = paths::python_packages(files, &languages);
    let mut modules: Vec<String> = Vec::new();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut module_of: Vec<Vec<usize>> = Vec::with_capacity(files.len());
    let mut file_modules: FxHashMap<String, String> = FxHashMap::default();
    for (file, &language) in files.iter().zip(&languages) {
        let ruled_module = ruled(rules, &file.path);
        let mut ids = Vec::with_capacity(file.units.len());
        for unit in &file.units {
            let id = ruled_module.clone().unwrap_or_else(|| {
                paths::module_id(file, unit, language, level, &go_modules, &python_packages)
            });
            let at = *index.entry(id.clone()).or_insert_with(|| {
                modules.push(id.clone());
                modules.len() - 1
            });
            ids.push(at);
        }
        if let Some(&first) = ids.first() {
            file_modules.insert(file.path.clone(), modules[first].clone());
        }
        module_of.push(ids);
    }
    let project = Project {
        files,
        languages,
        module_of,
        modules,
    };
    let mut counts: FxHashMap<(usize, usize), u64> = FxHashMap::default();
    let typed = types::TypeIndex::new(&project);
    let scripts = paths::PathIndex::new(&project, &go_modules, &python_packages);
    // What each unit's names resolve to, kept for data access and routes.
    let resolver = Resolver {
        project: &project,
        typed: &typed,
        scripts: &scripts,
    };
    // Each file's names resolved on every core, then summed (the sum does
    // not depend on the order).
    let resolved: Vec<Vec<((usize, usize), u32)>> = files
        .par_iter()
        .enumerate()
        .map(|(f, file)| {
            let mut found = Vec::new();
            for u in 0..file.units.len() {
                let from = project.module_of[f][u];
                for (target, weight) in resolver.dependencies((f, u)) {
                    let to = project.module_of[target.0][target.1];
                    if to != from {
                        found.push(((from, to), weight));
                    }
                }
            }
            found
        })
        .collect();
    for (pair, weight) in resolved.into_iter().flatten() {
        *counts.entry(pair).or_default() += u64::from(weight);
    }
    let mut tables = data::tables(&project, &resolver, descriptors);
    let mut entry_calls: FxHashMap<(String, usize), u64> = FxHashMap::default();
    let mut routes: Vec<(String, String)> = Vec::new();
    for (f, file) in files.iter().enumerate() {
        for (u, unit) in file.units.iter().enumerate() {
            for route in data::routed(&project, (f, u), &unit.routes, descriptors) {
                let target = resolver
                    .handler((f, u), &route.handler)
                    .map_or(project.module_of[f][u], |t| project.module_of[t.0][t.1]);
                let entry = entry_id(&route, &unit.name, &file.path);
                routes.push((entry.clone(), project.modules[target].clone()));
                *entry_calls.entry((entry, target)).or_default() += 1;
            }
        }
    }
    let mut calls: Vec<LayerCall> = counts
        .into_iter()
        .map(|((from, to), count)| LayerCall {
            caller: project.modules[from].clone(),
            callee: project.modules[to].clone(),
            style: CallStyle::Sync,
            count,
            errors: None,
            latency: None,
        })
        .collect();
    let mut entry_points: Vec<String> = Vec::new();
    for ((entry, target), count) in entry_calls {
        calls.push(LayerCall {
            caller: entry.clone(),
            callee: project.modules[target].clone(),
            style: CallStyle::Sync,
            count,
            errors: None,
            latency: None,
        });
        entry_points.push(entry);
    }
    calls.sort_by(|a, b| (&a.caller, &a.callee).cmp(&(&b.caller, &b.callee)));
    entry_points.sort();
    entry_points.dedup();
    routes.sort();
    routes.dedup();
    tables.sort_by(|a, b| (&a.module, &a.table).cmp(&(&b.module, &b.table)));
    let mut module_ids = project.modules.clone();
    module_ids.extend(entry_points.iter().cloned());
    module_ids.sort();
    module_ids.dedup();
    let layer = Layer {
        modules: module_ids,
        calls,
        tables: tables
            .into_iter()
            .map(|t| TableUse {
                module: t.module,
                table: t.table,
                writes: t.writes,
            })
            .collect(),
        entry_points,
        rules: rules.to_vec(),
        ..Layer::new(source, LayerKind::Structure)
    };
    Resolved {
        layer,
        file_modules,
        routes,
    }
}

/// The id of the entry module standing for a route: `GET /owners/{id}`, or
/// the serving class when the path is not in the code (`GET (OrderServlet)`).
fn entry_id(route: &Route, unit: &str, path: &str) -> String {
    if route.path.is_empty() {
        let name = if unit.is_empty() { path } else { unit };
        format!("{} ({name})", route.method)
    } else {
        format!("{} {}", route.method, route.path)
    }
}

/// Name resolution for every language, one unit at a time.
pub(crate) struct Resolver<'a> {
    pub project: &'a Project<'a>,
    typed: &'a types::TypeIndex,
    scripts: &'a paths::PathIndex,
}

impl Resolver<'_> {
    /// The units `at` depends on, with weights.
    fn dependencies(&self, at: UnitAt) -> Vec<(UnitAt, u32)> {
        let language = self.project.languages[at.0];
        if language.has_types() {
            self.typed.dependencies(self.project, at)
        } else {
            self.scripts.dependencies(self.project, at)
        }
    }

    /// The unit a name written in `at` resolves to (a type, or a module alias).
    pub fn name(&self, at: UnitAt, name: &str) -> Option<UnitAt> {
        let language = self.project.languages[at.0];
        if language.has_types() {
            self.typed.resolve(self.project, at, name)
        } else {
            self.scripts.resolve_name(self.project, at, name)
        }
    }

    /// The typed unit of a fully qualified name (a MyBatis namespace).
    pub fn qualified(&self, name: &str) -> Option<UnitAt> {
        self.typed.get(name)
    }

    /// The unit serving a route's handler (`views.detail`), if another one.
    fn handler(&self, at: UnitAt, handler: &str) -> Option<UnitAt> {
        if handler.is_empty() {
            return None;
        }
        let first = handler.split('.').next().unwrap_or(handler);
        // `views.toggle_done` where `views` is a package holding `toggle_done.py`.
        if self.project.languages[at.0] == Language::Python
            && let Some((package, rest)) = handler.split_once('.')
            && let Some(module) = self.name(at, package)
            && let Some(view) = rest.split('.').next()
            && let Some(sub) = self.scripts.submodule(self.project, module.0, view)
        {
            return Some((sub, 0));
        }
        self.name(at, handler).or_else(|| self.name(at, first))
    }
}
