//! What each page's server function computes from a project snapshot. Plain
//! functions of the snapshot (run on the heavy-work pool), so they are easy to
//! test and never hold an async thread.

use std::sync::Arc;

use engine::agreement::{Partition, agreement};
use engine::analysis::SplitAnalysis;
use engine::compact::CompactModel;
use engine::compare::compare;
use engine::layout::{Spacing, layered};
use engine::model::{Call, Module, Project};
use engine::rollup::{Limits, UNGROUPED, package, package_depth, roll_up};

use super::AppState;
use super::views::Derived;
use crate::errors::AppError;
use crate::models::{
    CallPage, CompareView, EditorModel, GraphEdge, GraphNode, GraphRequest, GraphView, Grouping,
    MAX_PAGE_ROWS, ModuleDetail, ModulePage, ProjectHead, Role, SplitAgreement, SplitRow,
    SplitState, TablePage, TableQuery,
};

/// The caller (at least a viewer) and the project's current snapshot.
pub async fn open(project_id: &str) -> Result<(AppState, Arc<Derived>), AppError> {
    let state = super::auth::state()?;
    super::caller::Caller::current()
        .await?
        .project(project_id, Role::Viewer)
        .await?;
    let derived = super::views::current(&state, project_id).await?;
    Ok((state, derived))
}

/// The project without its modules, calls and assignments.
pub fn head(id: String, role: Role, derived: &Derived) -> ProjectHead {
    let snapshot = &derived.snapshot;
    let full = &snapshot.project;
    let mut project = Project::new(full.name.clone());
    project.description = full.description.clone();
    project.readiness = full.readiness.clone();
    project.splits = full
        .splits
        .iter()
        .map(|split| {
            let mut light = split.clone();
            light.assignment.clear();
            light
        })
        .collect();
    ProjectHead {
        id,
        revision: snapshot.revision,
        role,
        project,
        participants: snapshot.participants.clone(),
        summary: derived.summary(),
    }
}

/// Every split with its metrics.
pub fn split_rows(derived: &Derived) -> Vec<SplitRow> {
    let analyses = derived.analyses();
    derived
        .snapshot
        .project
        .splits
        .iter()
        .zip(analyses)
        .map(|(split, analysis)| SplitRow {
            id: split.id.clone(),
            name: split.name.clone(),
            origin: split.origin,
            metrics: analysis.as_ref().ok().map(|a| a.metrics),
        })
        .collect()
}

/// Rows of `items` matching the query: filtered, sorted, one page.
fn page_of<T: Clone>(
    items: &[T],
    query: &TableQuery,
    text: for<'a> fn(&'a T) -> [&'a str; 5],
    compare: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> TablePage<T> {
    let needle = query.filter.trim().to_lowercase();
    let mut matching: Vec<&T> = items
        .iter()
        .filter(|item| {
            needle.is_empty()
                || text(item)
                    .iter()
                    .any(|field| field.to_lowercase().contains(&needle))
        })
        .collect();
    if !query.sort.is_empty() {
        matching.sort_by(|a, b| compare(a, b));
        if query.descending {
            matching.reverse();
        }
    }
    let limit = query.limit.clamp(1, MAX_PAGE_ROWS);
    let offset = query.offset.min(matching.len());
    TablePage {
        total: items.len(),
        matching: matching.len(),
        offset,
        rows: matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect(),
    }
}

/// A page of the modules table (sortable by id, name, capability, subdomain,
/// team and size).
pub fn module_page(derived: &Derived, query: &TableQuery) -> ModulePage {
    fn text(m: &Module) -> [&str; 5] {
        [
            m.id.as_str(),
            m.name.as_str(),
            m.capability.as_deref().unwrap_or(""),
            m.subdomain.as_deref().unwrap_or(""),
            m.team.as_deref().unwrap_or(""),
        ]
    }
    let sort = query.sort.as_str();
    page_of(
        &derived.snapshot.project.modules,
        query,
        text,
        |a, b| match sort {
            "name" => a.label().cmp(b.label()),
            "capability" => a.capability.cmp(&b.capability),
            "subdomain" => a.subdomain.cmp(&b.subdomain),
            "team" => a.team.cmp(&b.team),
            "size" => a.size.total_cmp(&b.size),
            _ => a.id.cmp(&b.id),
        },
    )
}

/// A page of the calls table (sortable by caller, callee and volume).
pub fn call_page(derived: &Derived, query: &TableQuery) -> CallPage {
    fn text(c: &Call) -> [&str; 5] {
        [c.caller.as_str(), c.callee.as_str(), "", "", ""]
    }
    let sort = query.sort.as_str();
    page_of(
        &derived.snapshot.project.calls,
        query,
        text,
        |a, b| match sort {
            "callee" => a.callee.cmp(&b.callee),
            "volume" => a.volume.total_cmp(&b.volume),
            _ => a.caller.cmp(&b.caller),
        },
    )
}

/// How many neighbours a module's details list.
const LISTED_NEIGHBOURS: usize = 50;

/// A module and the modules it calls and is called by, the busiest first.
pub fn module_detail(derived: &Derived, id: &str) -> Option<ModuleDetail> {
    let project = &derived.snapshot.project;
    let module = project.modules.iter().find(|m| m.id == id)?.clone();
    let listed = |mut calls: Vec<&Call>, other: fn(&Call) -> &String| {
        calls.sort_by(|a, b| b.volume.total_cmp(&a.volume));
        let count = calls.len();
        let names = calls
            .into_iter()
            .take(LISTED_NEIGHBOURS)
            .map(|c| other(c).clone())
            .collect();
        (names, count)
    };
    let (calls, calls_count) = listed(
        project.calls.iter().filter(|c| c.caller == id).collect(),
        |c| &c.callee,
    );
    let (called_by, called_by_count) = listed(
        project.calls.iter().filter(|c| c.callee == id).collect(),
        |c| &c.caller,
    );
    Some(ModuleDetail {
        module,
        calls,
        calls_count,
        called_by,
        called_by_count,
    })
}

/// How many cross-service calls, service dependencies and examples per finding
/// the compare page lists.
const LISTED_CALLS: usize = 50;
const LISTED_DEPENDENCIES: usize = 150;
const LISTED_EXAMPLES: usize = 20;
const LISTED_PER_RULE: usize = 5;

/// An analysis cut down to what the compare page shows.
fn trimmed(analysis: &SplitAnalysis) -> SplitAnalysis {
    let mut light = analysis.clone();
    for service in &mut light.services {
        service.modules.clear();
    }
    light.cross_calls.truncate(LISTED_CALLS);
    light.dependencies.truncate(LISTED_DEPENDENCIES);
    light.distributed_transactions.truncate(LISTED_CALLS);
    light.unassigned.truncate(LISTED_EXAMPLES);
    for read in &mut light.cross_reads {
        read.modules.truncate(LISTED_EXAMPLES);
    }
    let mut listed: Vec<(engine::advice::Rule, usize)> = Vec::new();
    light.advice.retain(
        |finding| match listed.iter_mut().find(|(r, _)| *r == finding.rule) {
            Some((_, count)) => {
                *count += 1;
                *count <= LISTED_PER_RULE
            }
            None => {
                listed.push((finding.rule, 1));
                true
            }
        },
    );
    for finding in &mut light.advice {
        finding.modules.truncate(LISTED_EXAMPLES);
        finding.calls.truncate(LISTED_EXAMPLES);
    }
    light
}

/// How many findings each rule made.
fn finding_counts(analysis: &SplitAnalysis) -> Vec<(engine::advice::Rule, usize)> {
    let mut counts: Vec<(engine::advice::Rule, usize)> = Vec::new();
    for finding in &analysis.advice {
        match counts.iter_mut().find(|(r, _)| *r == finding.rule) {
            Some((_, count)) => *count += 1,
            None => counts.push((finding.rule, 1)),
        }
    }
    counts
}

/// The chosen splits side by side (every split when none is chosen; unknown
/// ids are skipped).
pub fn compare_splits(derived: &Derived, ids: &[String]) -> Result<CompareView, AppError> {
    let project = &derived.snapshot.project;
    let chosen: Vec<&str> = if ids.is_empty() {
        project.splits.iter().map(|s| s.id.as_str()).collect()
    } else {
        ids.iter()
            .map(String::as_str)
            .filter(|id| project.split_by_id(id).is_some())
            .collect()
    };
    let mut analyses = Vec::new();
    for id in &chosen {
        match derived.analysis(id) {
            Some(Ok(analysis)) => analyses.push(analysis),
            Some(Err(reason)) => return Err(AppError::refused(reason)),
            None => {}
        }
    }
    let comparison = compare(analyses.iter().map(|a| (a.name.as_str(), &a.metrics)));
    Ok(CompareView {
        ids: chosen.iter().map(|id| id.to_string()).collect(),
        comparison,
        cross_call_counts: analyses.iter().map(|a| a.cross_calls.len()).collect(),
        dependency_counts: analyses.iter().map(|a| a.dependencies.len()).collect(),
        matrices: analyses.iter().map(|a| matrix(a)).collect(),
        finding_counts: analyses.iter().map(|a| finding_counts(a)).collect(),
        splits: analyses.iter().map(|a| trimmed(a)).collect(),
    })
}

/// How every split but `reference` agrees with it, in project order.
pub fn agreements(derived: &Derived, reference: &str) -> Result<Vec<SplitAgreement>, AppError> {
    let project = &derived.snapshot.project;
    let chosen = project
        .split_by_id(reference)
        .ok_or_else(|| AppError::not_found("기준 분해안", "the reference split"))?;
    let reference_partition = Partition::of_split(chosen);
    project
        .splits
        .iter()
        .filter(|s| s.id != reference)
        .map(|split| {
            let measured = agreement(&Partition::of_split(split), &reference_partition)
                .map_err(|e| AppError::Invalid(e.text()))?;
            Ok(SplitAgreement {
                split: split.id.clone(),
                name: split.name.clone(),
                agreement: measured,
            })
        })
        .collect()
}

/// The calls between every two services, row by row.
fn matrix(analysis: &SplitAnalysis) -> Vec<u32> {
    let n = analysis.services.len();
    let position: std::collections::HashMap<&str, usize> = analysis
        .services
        .iter()
        .enumerate()
        .map(|(ix, s)| (s.id.as_str(), ix))
        .collect();
    let mut cells = vec![0; n * n];
    for dependency in &analysis.dependencies {
        if let (Some(&r), Some(&c)) = (
            position.get(dependency.from.as_str()),
            position.get(dependency.to.as_str()),
        ) {
            cells[r * n + c] = dependency.calls;
        }
    }
    cells
}

/// Models up to this many modules are drawn module by module by default.
const AUTOMATIC_MODULES: usize = 500;
/// Most packages a package grouping draws before it groups coarser.
const MAX_GROUPS: usize = 150;
/// The most a drawing holds.
const DRAWING: Limits = Limits {
    nodes: 1500,
    edges: 3000,
};

/// The call graph rolled up as asked and laid out in layers.
pub fn graph(derived: &Derived, request: &GraphRequest) -> Result<GraphView, String> {
    let graph = derived.graph()?;
    let project = &derived.snapshot.project;
    let grouping = match &request.grouping {
        Grouping::Automatic if graph.module_count() <= AUTOMATIC_MODULES => Grouping::Modules,
        Grouping::Automatic => Grouping::Package,
        other => other.clone(),
    };
    let tag = |value: Option<&String>| Some(value.cloned().unwrap_or_else(|| UNGROUPED.into()));
    let split = match &grouping {
        Grouping::Split { split } => Some(
            project
                .split_by_id(split)
                .ok_or_else(|| "this split does not exist (any more)".to_string())?,
        ),
        _ => None,
    };
    let depth = match grouping {
        Grouping::Package => package_depth(&graph, MAX_GROUPS),
        _ => 1,
    };
    let group_of = |m: u32| -> Option<String> {
        let module = &project.modules[m as usize];
        match &grouping {
            Grouping::Automatic | Grouping::Modules => None,
            Grouping::Package => package(&module.id, depth),
            Grouping::Capability => tag(module.capability.as_ref()),
            Grouping::Subdomain => tag(module.subdomain.as_ref()),
            Grouping::Team => tag(module.team.as_ref()),
            Grouping::Split { .. } => Some(
                split
                    .and_then(|s| s.assignment.get(&module.id))
                    .and_then(|service| {
                        split.and_then(|s| s.services.iter().find(|x| &x.id == service))
                    })
                    .map_or_else(|| UNGROUPED.to_string(), |s| s.label().to_string()),
            ),
        }
    };
    let expanded: std::collections::HashSet<&str> =
        request.expanded.iter().map(String::as_str).collect();
    let rolled = roll_up(&graph, group_of, |g| expanded.contains(g), DRAWING);
    let edges: Vec<(usize, usize)> = rolled.edges.iter().map(|e| (e.from, e.to)).collect();
    let layout = layered(rolled.nodes.len(), &edges, Spacing::default());
    let labels: std::collections::HashMap<&str, &str> = project
        .modules
        .iter()
        .map(|m| (m.id.as_str(), m.label()))
        .collect();
    let nodes = rolled
        .nodes
        .iter()
        .zip(&layout.positions)
        .map(|(node, &(x, y))| GraphNode {
            label: if node.group {
                node.key.clone()
            } else {
                labels.get(node.key.as_str()).unwrap_or(&"").to_string()
            },
            key: node.key.clone(),
            group: node.group,
            modules: node.modules,
            x,
            y,
        })
        .collect();
    Ok(GraphView {
        grouping,
        nodes,
        edges: rolled
            .edges
            .iter()
            .map(|e| GraphEdge {
                from: e.from,
                to: e.to,
                calls: e.calls,
                volume: e.volume,
            })
            .collect(),
        width: layout.width,
        height: layout.height,
        module_count: project.modules.len(),
        call_count: project.calls.len(),
        truncated: rolled.truncated,
    })
}

/// The model compiled for the split editor.
pub fn editor_model(derived: &Derived) -> Result<EditorModel, String> {
    let graph = derived.graph()?;
    let names = derived
        .snapshot
        .project
        .modules
        .iter()
        .map(|m| m.name.clone());
    Ok(EditorModel {
        revision: derived.snapshot.revision,
        model_key: derived.model_key(),
        model: CompactModel::of(&graph, names),
    })
}

/// A split as module and service numbers.
pub fn split_state(derived: &Derived, split_id: &str) -> Result<Option<SplitState>, AppError> {
    let Some(split) = derived.snapshot.project.split_by_id(split_id) else {
        return Ok(None);
    };
    let graph = derived.graph().map_err(AppError::refused)?;
    let resolved = graph.resolve_split(split).map_err(AppError::refused)?;
    Ok(Some(SplitState {
        revision: derived.snapshot.revision,
        model_key: derived.model_key(),
        services: split.services.clone(),
        order: resolved.order,
    }))
}
