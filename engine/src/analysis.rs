//! The full analysis of a split: every metric plus the details behind them (which
//! services, which calls, which tables) and the advice, with names instead of
//! numbers, ready for the UI, the CLI and the reports.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::advice::{Finding, advise};
use crate::compare::{Comparison, compare};
use crate::graph::{ModelGraph, ModuleIx};
use crate::metrics::{AnalysisOptions, Scorer, Scores};
use crate::model::{Project, Split, SplitOrigin, ValidationError};
use crate::readiness::{ReadinessReport, evaluate};

/// One service of an analysed split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    /// Service id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its modules, in assignment order.
    pub modules: Vec<String>,
    /// How many modules it has (also when the list is left out).
    pub module_count: usize,
    /// Sum of its modules' sizes.
    pub size: f64,
    /// Services that call it (Ca).
    pub fan_in: u32,
    /// Services it calls (Ce).
    pub fan_out: u32,
    /// Ce / (Ca + Ce).
    pub instability: f64,
    /// Teams owning its modules.
    pub teams: Vec<String>,
    /// Who works on its modules by the change history (main teams, or main
    /// authors where no team is known), most modules first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Volume of calls that stay inside it.
    pub internal_volume: f64,
}

/// Calls from one service to another, aggregated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dependency {
    /// Calling service id.
    pub from: String,
    /// Called service id.
    pub to: String,
    /// Number of calls.
    pub calls: u32,
    /// Their volume.
    pub volume: f64,
    /// How many are synchronous.
    pub sync_calls: u32,
}

/// A call that crosses a service boundary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrossCall {
    /// Calling module id.
    pub caller: String,
    /// Called module id.
    pub callee: String,
    /// Calling service id.
    pub from: String,
    /// Called service id.
    pub to: String,
    /// Calls per period.
    pub volume: f64,
    /// Synchronous.
    pub sync: bool,
    /// Must be atomic with the caller's write.
    pub transactional: bool,
}

/// A table written by several services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedTable {
    /// Table name.
    pub table: String,
    /// Service ids writing it.
    pub writers: Vec<String>,
}

/// Reads of a table by services that do not own (write) it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrossRead {
    /// Table name.
    pub table: String,
    /// Service ids that write it.
    pub owners: Vec<String>,
    /// Service ids that read it without writing it.
    pub readers: Vec<String>,
    /// The reading modules.
    pub modules: Vec<String>,
}

/// The longest chain of synchronous cross-service hops.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainSummary {
    /// Service ids in call order.
    pub services: Vec<String>,
    /// Number of hops.
    pub hops: u32,
    /// Availability at the configured per-hop availability.
    pub availability: f64,
    /// Whether it passes through a cycle (condensed).
    pub through_cycle: bool,
}

/// Everything Seams says about one split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitAnalysis {
    /// Split name.
    pub name: String,
    /// How it was made.
    pub origin: SplitOrigin,
    /// Every metric.
    pub metrics: Scores,
    /// Recommendations, most severe first.
    pub advice: Vec<Finding>,
    /// Per service.
    pub services: Vec<ServiceSummary>,
    /// The service dependency graph's edges.
    pub dependencies: Vec<Dependency>,
    /// Cross-service calls, largest volume first.
    pub cross_calls: Vec<CrossCall>,
    /// Service cycles (service ids).
    pub cycles: Vec<Vec<String>>,
    /// The longest synchronous chain.
    pub sync_chain: ChainSummary,
    /// Cross-service calls that must be atomic.
    pub distributed_transactions: Vec<CrossCall>,
    /// Tables written by several services.
    pub shared_tables: Vec<SharedTable>,
    /// Reads of other services' tables.
    pub cross_reads: Vec<CrossRead>,
    /// Modules in no service (entry points excluded).
    pub unassigned: Vec<String>,
    /// Services without modules.
    pub empty_services: Vec<String>,
    /// Services that entry points (the outside world) call directly.
    pub entry_services: Vec<String>,
    /// Pairs of services whose modules change together (history), most shared
    /// commits first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_change: Vec<CoChangeCrossing>,
}

/// Two services whose modules change together in the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoChangeCrossing {
    /// One service id.
    pub a: String,
    /// The other service id.
    pub b: String,
    /// Shared commits of the coupled module pairs across the two.
    pub shared: u32,
    /// The strongest pair's degree of coupling, in percent.
    pub degree: u32,
    /// The strongest pair, as module ids.
    pub modules: (String, String),
}

impl SplitAnalysis {
    /// The display name of a service id (the id when unknown).
    pub fn service_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.services
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.name.as_str())
    }

    /// Display names of service ids, joined with `separator`.
    pub fn service_names(&self, ids: &[String], separator: &str) -> String {
        ids.iter()
            .map(|id| self.service_name(id))
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// The analysis of a whole project: each split, their comparison, and readiness.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectAnalysis {
    /// One entry per split, in project order.
    pub splits: Vec<SplitAnalysis>,
    /// The splits side by side.
    pub comparison: Comparison,
    /// The readiness checklist result.
    pub readiness: ReadinessReport,
}

/// Analyses every split of a project.
pub fn analyze(
    project: &Project,
    options: AnalysisOptions,
) -> Result<ProjectAnalysis, ValidationError> {
    project.validate()?;
    let graph = Arc::new(ModelGraph::build(project)?);
    let splits = project
        .splits
        .iter()
        .map(|split| analyze_split(&graph, split, options))
        .collect::<Result<Vec<_>, _>>()?;
    let comparison = compare(splits.iter().map(|s| (s.name.as_str(), &s.metrics)));
    Ok(ProjectAnalysis {
        splits,
        comparison,
        readiness: evaluate(&project.readiness),
    })
}

/// Analyses every split of a compiled project (see
/// [`crate::formats::native::NativeDocument::compile`]).
pub fn analyze_compiled(
    compiled: &crate::formats::native::CompiledProject,
    options: AnalysisOptions,
) -> ProjectAnalysis {
    describe_scored(compiled, &score_compiled(compiled, options))
}

/// Every split of a compiled project scored: the metrics, one scorer per split
/// in project order. The first half of [`analyze_compiled`], apart so that a
/// caller wanting the metrics alone (a comparison table) stops here, and so
/// that each half can be timed.
pub fn score_compiled(
    compiled: &crate::formats::native::CompiledProject,
    options: AnalysisOptions,
) -> Vec<Scorer> {
    compiled
        .splits
        .iter()
        .map(|(_, resolved)| Scorer::new(Arc::clone(&compiled.graph), resolved, options))
        .collect()
}

/// The splits of a compiled project side by side, from their scorers (see
/// [`score_compiled`]).
pub fn compare_scored(
    compiled: &crate::formats::native::CompiledProject,
    scorers: &[Scorer],
) -> Comparison {
    let metrics: Vec<Scores> = scorers.iter().map(Scorer::scores).collect();
    compare(
        compiled
            .splits
            .iter()
            .zip(&metrics)
            .map(|((split, _), scores)| (split.name.as_str(), scores)),
    )
}

/// The whole analysis from the scorers of [`score_compiled`]: each split
/// described with its advice, the comparison, readiness.
pub fn describe_scored(
    compiled: &crate::formats::native::CompiledProject,
    scorers: &[Scorer],
) -> ProjectAnalysis {
    let splits: Vec<SplitAnalysis> = compiled
        .splits
        .iter()
        .zip(scorers)
        .map(|((split, _), scorer)| describe(scorer, split))
        .collect();
    let comparison = compare(splits.iter().map(|s| (s.name.as_str(), &s.metrics)));
    ProjectAnalysis {
        splits,
        comparison,
        readiness: evaluate(&compiled.readiness),
    }
}

/// Analyses one split of a compiled model.
pub fn analyze_split(
    graph: &Arc<ModelGraph>,
    split: &Split,
    options: AnalysisOptions,
) -> Result<SplitAnalysis, ValidationError> {
    let resolved = graph.resolve_split(split)?;
    let scorer = Scorer::new(Arc::clone(graph), &resolved, options);
    Ok(describe(&scorer, split))
}

/// How much of an analysis to spell out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Everything: each service's modules, every cross-service call.
    Full,
    /// What the advice rules read: no module lists (the counts stay), and of
    /// the cross-service calls only the atomic ones and the
    /// [`crate::advice::LISTED_SYNC_CALLS`] largest synchronous ones. The
    /// roadmap asks the rules of every intermediate state this way.
    Advice,
}

/// Turns a scorer's state into the named analysis of `split` (whose services the
/// scorer's service numbers index).
pub fn describe(scorer: &Scorer, split: &Split) -> SplitAnalysis {
    describe_with(scorer, split, Detail::Full)
}

/// [`describe`] at a chosen [`Detail`].
pub fn describe_with(scorer: &Scorer, split: &Split, detail: Detail) -> SplitAnalysis {
    let graph = scorer.graph();
    let metrics = scorer.scores();
    let service_id = |s: u32| {
        split
            .services
            .get(s as usize)
            .map_or_else(|| format!("#{s}"), |service| service.id.clone())
    };
    let service_graph = scorer.service_graph();
    let mut members: Vec<Vec<String>> = vec![Vec::new(); scorer.service_count() as usize];
    let mut owned: Vec<BTreeMap<u32, usize>> =
        vec![BTreeMap::new(); scorer.service_count() as usize];
    let mut counts = vec![0usize; scorer.service_count() as usize];
    let mut count = |m: ModuleIx, s: u32| {
        counts[s as usize] += 1;
        if let Some(owner) = graph.owner[m as usize] {
            *owned[s as usize].entry(owner).or_default() += 1;
        }
    };
    if detail == Detail::Full {
        // The member lists keep the split's order.
        for (m, s) in scorer.resolved().order {
            count(m, s);
            members[s as usize].push(graph.id(m).to_string());
        }
    } else {
        // Counts alone need no order: no sort of every module per state.
        for m in 0..graph.module_count() as ModuleIx {
            if let Some(s) = scorer.service_of(m) {
                count(m, s);
            }
        }
    }
    let services = scorer
        .services
        .iter()
        .enumerate()
        .map(|(ix, agg)| {
            let mut teams: Vec<String> = agg
                .teams
                .keys()
                .map(|t| graph.teams.name(*t).to_string())
                .collect();
            teams.sort();
            let mut owners: Vec<(usize, &str)> = owned[ix]
                .iter()
                .map(|(o, n)| (*n, graph.owners.name(*o)))
                .collect();
            owners.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)));
            ServiceSummary {
                owners: owners.into_iter().map(|(_, o)| o.to_string()).collect(),
                id: service_id(ix as u32),
                name: split
                    .services
                    .get(ix)
                    .map_or_else(|| service_id(ix as u32), |s| s.label().to_string()),
                module_count: counts[ix],
                modules: std::mem::take(&mut members[ix]),
                size: agg.size.get(),
                fan_in: service_graph.fan_in[ix],
                fan_out: service_graph.fan_out[ix],
                instability: service_graph.instability(ix as u32),
                teams,
                internal_volume: agg.volume_inside.get(),
            }
        })
        .collect();

    let mut dependencies: Vec<Dependency> = scorer
        .edges
        .iter()
        .map(|(&(a, b), e)| Dependency {
            from: service_id(a),
            to: service_id(b),
            calls: e.calls,
            volume: e.volume.get(),
            sync_calls: e.sync_calls,
        })
        .collect();
    dependencies.sort_by(|x, y| {
        y.volume
            .total_cmp(&x.volume)
            .then_with(|| (&x.from, &x.to).cmp(&(&y.from, &y.to)))
    });

    // Largest volume first, ties in call order: the same order at both details.
    let by_rank = |x: &usize, y: &usize| {
        graph.calls[*y]
            .volume
            .total_cmp(&graph.calls[*x].volume)
            .then(x.cmp(y))
    };
    let most = crate::advice::LISTED_SYNC_CALLS;
    // The cross-service calls listed, by call index. At `Detail::Advice`, the
    // largest synchronous calls are picked from `sync_candidates`, cut back to
    // the largest `most` whenever it holds a few times more (the roadmap asks
    // this of every state, and most calls cross services in its first ones).
    let mut listed: Vec<usize> = Vec::new();
    let mut sync_candidates: Vec<usize> = Vec::new();
    let mut entry_services = Vec::new();
    for (cx, call) in graph.calls.iter().enumerate() {
        let (a, b) = (
            scorer.service_of(call.caller),
            scorer.service_of(call.callee),
        );
        if graph.entry_point[call.caller as usize]
            && let Some(b) = b
        {
            entry_services.push(b);
        }
        if let (Some(a), Some(b)) = (a, b)
            && a != b
        {
            if detail == Detail::Advice && !call.transactional {
                if call.sync {
                    sync_candidates.push(cx);
                    if sync_candidates.len() == 8 * most {
                        sync_candidates.select_nth_unstable_by(most, by_rank);
                        sync_candidates.truncate(most);
                    }
                }
            } else {
                listed.push(cx);
            }
        }
    }
    if sync_candidates.len() > most {
        sync_candidates.select_nth_unstable_by(most, by_rank);
        sync_candidates.truncate(most);
    }
    listed.extend(sync_candidates);
    listed.sort_by(by_rank);
    let cross_calls: Vec<CrossCall> = listed
        .into_iter()
        .filter_map(|cx| {
            let call = &graph.calls[cx];
            let (a, b) = (
                scorer.service_of(call.caller)?,
                scorer.service_of(call.callee)?,
            );
            Some(CrossCall {
                caller: graph.id(call.caller).to_string(),
                callee: graph.id(call.callee).to_string(),
                from: service_id(a),
                to: service_id(b),
                volume: call.volume,
                sync: call.sync,
                transactional: call.transactional,
            })
        })
        .collect();
    entry_services.sort_unstable();
    entry_services.dedup();
    let distributed_transactions = cross_calls
        .iter()
        .filter(|c| c.transactional)
        .cloned()
        .collect();

    let mut reading_modules: Vec<Vec<ModuleIx>> = vec![Vec::new(); graph.tables.len()];
    for m in 0..graph.module_count() as ModuleIx {
        for &table in graph.reads.row(m) {
            reading_modules[table as usize].push(m);
        }
    }
    let mut shared_tables = Vec::new();
    let mut cross_reads = Vec::new();
    for (table, readers_here) in reading_modules.iter().enumerate() {
        let mut owners: Vec<u32> = scorer.table_writers[table].keys().copied().collect();
        owners.sort_unstable();
        if owners.len() >= 2 {
            shared_tables.push(SharedTable {
                table: graph.tables.name(table as u32).to_string(),
                writers: owners.iter().map(|s| service_id(*s)).collect(),
            });
        }
        if owners.is_empty() {
            continue;
        }
        let mut readers: Vec<u32> = scorer.table_readers[table]
            .keys()
            .copied()
            .filter(|s| !owners.contains(s))
            .collect();
        if readers.is_empty() {
            continue;
        }
        readers.sort_unstable();
        let modules = readers_here
            .iter()
            .filter(|&&m| scorer.service_of(m).is_some_and(|s| readers.contains(&s)))
            .map(|&m| graph.id(m).to_string())
            .collect();
        cross_reads.push(CrossRead {
            table: graph.tables.name(table as u32).to_string(),
            owners: owners.iter().map(|s| service_id(*s)).collect(),
            readers: readers.iter().map(|s| service_id(*s)).collect(),
            modules,
        });
    }

    let chain = scorer.sync_chain();
    let sync_chain = ChainSummary {
        services: chain.services.iter().map(|s| service_id(*s)).collect(),
        hops: chain.hops,
        availability: scorer.options.hop_availability.powi(chain.hops as i32),
        through_cycle: chain.through_cycle,
    };
    let unassigned = (0..graph.module_count() as ModuleIx)
        .filter(|&m| !graph.entry_point[m as usize] && scorer.service_of(m).is_none())
        .map(|m| graph.id(m).to_string())
        .collect();
    let empty_services = scorer
        .services
        .iter()
        .enumerate()
        .filter(|(_, agg)| agg.modules == 0)
        .map(|(ix, _)| service_id(ix as u32))
        .collect();

    let mut crossings: BTreeMap<(u32, u32), CoChangeCrossing> = BTreeMap::new();
    for pair in &graph.co_changes {
        let (Some(a), Some(b)) = (scorer.service_of(pair.a), scorer.service_of(pair.b)) else {
            continue;
        };
        if a == b {
            continue;
        }
        let crossing = crossings
            .entry((a.min(b), a.max(b)))
            .or_insert_with(|| CoChangeCrossing {
                a: service_id(a.min(b)),
                b: service_id(a.max(b)),
                shared: 0,
                degree: 0,
                modules: (String::new(), String::new()),
            });
        crossing.shared += pair.shared;
        if pair.degree > crossing.degree {
            crossing.degree = pair.degree;
            crossing.modules = (graph.id(pair.a).to_string(), graph.id(pair.b).to_string());
        }
    }
    let mut co_change: Vec<CoChangeCrossing> = crossings.into_values().collect();
    co_change.sort_by(|x, y| y.shared.cmp(&x.shared).then(y.degree.cmp(&x.degree)));

    let mut analysis = SplitAnalysis {
        name: split.name.clone(),
        origin: split.origin,
        metrics,
        advice: Vec::new(),
        services,
        dependencies,
        cross_calls,
        cycles: service_graph
            .cycles
            .iter()
            .map(|cycle| cycle.iter().map(|s| service_id(*s)).collect())
            .collect(),
        sync_chain,
        distributed_transactions,
        shared_tables,
        cross_reads,
        unassigned,
        empty_services,
        entry_services: entry_services.into_iter().map(service_id).collect(),
        co_change,
    };
    analysis.advice = advise(&analysis, scorer.options);
    analysis
}
