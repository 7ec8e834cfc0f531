//! Each kind of need of one step, computed from the state the step leaves.

use super::{
    ApiOperation, CHOREOGRAPHY_MAX, Contract, Coordination, Measured, ReadItem, ReadPattern,
    RemoteCall, RemoteKind, Route, RuntimeCheck, RuntimeItem, RuntimeStatus, Saga, SagaStep,
    StepNeeds, TableItem, TablePlan, breaker, timeout,
};
use crate::advice::Finding;
use crate::graph::ModuleIx;
use crate::metrics::UNASSIGNED;
use crate::readiness::{PASS_MARK, ReadinessReport};
use crate::roadmap::Planner;
use crate::text::Text;

/// A side of a state: a service of the split, or the monolith.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Side {
    Service(u32),
    Monolith,
}

/// One state of an order, as the needs of its step read it.
struct State<'a> {
    planner: &'a Planner,
    position: Vec<usize>,
    step: usize,
    group: usize,
}

impl State<'_> {
    /// The side of a module (`None` for entry points).
    fn side(&self, m: ModuleIx) -> Option<Side> {
        let s = self.planner.service_of[m as usize];
        if s == UNASSIGNED {
            None
        } else if self.position[self.planner.group_of[s as usize]] <= self.step {
            Some(Side::Service(s))
        } else {
            Some(Side::Monolith)
        }
    }

    /// Whether a side is one of this step's services.
    fn new_here(&self, side: Side) -> bool {
        matches!(side, Side::Service(s) if self.planner.group_of[s as usize] == self.group)
    }

    fn name(&self, side: Side) -> String {
        match side {
            Side::Service(s) => self.planner.service_label(s).to_string(),
            Side::Monolith => crate::roadmap::MONOLITH.to_string(),
        }
    }

    fn names(&self, sides: &[Side]) -> Vec<String> {
        sides.iter().map(|&s| self.name(s)).collect()
    }

    fn id(&self, m: ModuleIx) -> String {
        self.planner.graph.id(m).to_string()
    }

    /// The modules of this step's services.
    fn modules(&self) -> impl Iterator<Item = ModuleIx> + '_ {
        self.planner.groups[self.group]
            .services
            .iter()
            .flat_map(|&s| self.planner.members[s as usize].iter().copied())
    }
}

impl Planner {
    /// What step `k` of `order` needs; `readiness` says which runtime checks
    /// the organisation can do.
    pub fn needs(&self, order: &[usize], k: usize, readiness: &ReadinessReport) -> StepNeeds {
        let findings = self.findings(order, k);
        let remote = self.new_remote_calls(order, k);
        self.needs_with(order, k, readiness, findings, &remote)
    }

    /// What step `k` needs, its new findings given.
    pub(crate) fn needs_with(
        &self,
        order: &[usize],
        k: usize,
        readiness: &ReadinessReport,
        findings: Vec<Finding>,
        remote: &[u32],
    ) -> StepNeeds {
        let state = State {
            planner: self,
            position: self.positions(order),
            step: k,
            group: order[k],
        };
        StepNeeds {
            new_remote_calls: remote
                .iter()
                .map(|&cx| self.remote_call(&state, cx))
                .collect(),
            api: self.api(&state),
            tables: self.tables(&state),
            sagas: self.sagas(&state),
            reads: self.reads(&state),
            gateway_routes: self.routes(&state),
            contract_tests: self.contracts(&state),
            runtime: self.runtime(&state, readiness),
            findings,
        }
    }

    fn remote_call(&self, state: &State<'_>, cx: u32) -> RemoteCall {
        let call = &self.graph.calls[cx as usize];
        let measured = self.graph.measures.get(&cx).map(|m| Measured {
            count: m.count,
            errors: m.errors,
            p99_ms: m.latency.map(|l| l.p99),
        });
        let kind = if !call.sync {
            RemoteKind::Async
        } else if !call.query && !call.transactional {
            RemoteKind::AsyncCandidate
        } else {
            RemoteKind::Sync
        };
        let side = |m| state.side(m).map_or_else(String::new, |s| state.name(s));
        RemoteCall {
            caller: state.id(call.caller),
            callee: state.id(call.callee),
            from: side(call.caller),
            to: side(call.callee),
            volume: call.volume,
            transactional: call.transactional,
            query: call.query,
            kind,
            timeout: call.sync.then(|| timeout(measured.and_then(|m| m.p99_ms))),
            breaker: call.sync.then(|| breaker(call.volume, measured.as_ref())),
            measured,
        }
    }

    fn api(&self, state: &State<'_>) -> Vec<ApiOperation> {
        let mut operations = Vec::new();
        for m in state.modules() {
            let service = self.service_of[m as usize];
            let mut consumers: Vec<String> = Vec::new();
            let (mut calls, mut volume, mut queries) = (0u32, 0.0, 0u32);
            for &cx in self.graph.incident.row(m) {
                let call = &self.graph.calls[cx as usize];
                if call.callee != m || call.is_self() {
                    continue;
                }
                let consumer = match state.side(call.caller) {
                    None => crate::roadmap::GATEWAY.to_string(),
                    Some(Side::Service(s)) if s == service => continue,
                    Some(side) => state.name(side),
                };
                if !consumers.contains(&consumer) {
                    consumers.push(consumer);
                }
                calls += 1;
                volume += call.volume;
                queries += u32::from(call.query);
            }
            if calls > 0 {
                consumers.sort();
                operations.push(ApiOperation {
                    module: state.id(m),
                    service: self.service_label(service).to_string(),
                    consumers,
                    calls,
                    volume,
                    queries,
                });
            }
        }
        operations.sort_by(|a, b| b.volume.total_cmp(&a.volume).then(a.module.cmp(&b.module)));
        operations
    }

    /// The sides writing a table in this state, with how many modules each.
    fn writer_sides(&self, state: &State<'_>, table: u32) -> Vec<(Side, usize)> {
        let mut sides: Vec<(Side, usize)> = Vec::new();
        for &m in &self.index.writers[table as usize] {
            let Some(side) = state.side(m) else {
                continue;
            };
            match sides.iter_mut().find(|(s, _)| *s == side) {
                Some((_, count)) => *count += 1,
                None => sides.push((side, 1)),
            }
        }
        sides.sort();
        sides
    }

    /// The side suggested to own a table written on several sides (see [`rules`]).
    fn owner(&self, state: &State<'_>, table: u32, writers: &[(Side, usize)]) -> Option<Side> {
        let reading = |side: Side| {
            self.index.readers[table as usize]
                .iter()
                .filter(|&&m| state.side(m) == Some(side))
                .count()
        };
        writers
            .iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(reading(a.0).cmp(&reading(b.0)))
                    .then(state.new_here(b.0).cmp(&state.new_here(a.0)))
                    .then(b.0.cmp(&a.0))
            })
            .map(|(side, _)| *side)
    }

    fn reader_sides(&self, state: &State<'_>, table: u32, writers: &[(Side, usize)]) -> Vec<Side> {
        let mut sides: Vec<Side> = self.index.readers[table as usize]
            .iter()
            .filter_map(|&m| state.side(m))
            .filter(|side| !writers.iter().any(|(w, _)| w == side))
            .collect();
        sides.sort();
        sides.dedup();
        sides
    }

    fn tables(&self, state: &State<'_>) -> Vec<TableItem> {
        self.graph
            .tables_written_by(state.modules())
            .into_iter()
            .map(|t| {
                let name = self.graph.tables.name(t).to_string();
                let writers = self.writer_sides(state, t);
                let readers = self.reader_sides(state, t, &writers);
                let plan = match writers.as_slice() {
                    [(side, _)] => TablePlan::Moves {
                        service: state.name(*side),
                    },
                    _ if self.plan.kept_tables.contains(&name) => TablePlan::Kept,
                    _ => {
                        let owner = self
                            .owner(state, t, &writers)
                            .map(|side| state.name(side))
                            .unwrap_or_default();
                        if self.atomic_across(state, t) {
                            TablePlan::Saga { owner }
                        } else {
                            TablePlan::OneOwner { owner }
                        }
                    }
                };
                TableItem {
                    table: name,
                    plan,
                    writers: writers.iter().map(|(s, _)| state.name(*s)).collect(),
                    readers: state.names(&readers),
                }
            })
            .collect()
    }

    /// Whether some write path has writers of `table` on two sides.
    fn atomic_across(&self, state: &State<'_>, table: u32) -> bool {
        let writers = &self.index.writers[table as usize];
        let paths = |m: &ModuleIx| self.index.paths_of.get(m).into_iter().flatten();
        writers.iter().any(|a| {
            paths(a).any(|path| {
                writers
                    .iter()
                    .any(|b| paths(b).any(|p| p == path) && state.side(*a) != state.side(*b))
            })
        })
    }

    fn sagas(&self, state: &State<'_>) -> Vec<Saga> {
        let mut paths: Vec<usize> = state
            .modules()
            .flat_map(|m| self.index.paths_of.get(&m).into_iter().flatten().copied())
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
            .into_iter()
            .filter_map(|path| self.saga(state, &self.index.paths[path]))
            .collect()
    }

    /// The saga of one write path, if it spans two sides or more.
    fn saga(&self, state: &State<'_>, path: &[ModuleIx]) -> Option<Saga> {
        let mut steps: Vec<(Side, Vec<ModuleIx>)> = Vec::new();
        for &m in path {
            let side = state.side(m)?;
            match steps.iter_mut().find(|(s, _)| *s == side) {
                Some((_, modules)) => modules.push(m),
                None => steps.push((side, vec![m])),
            }
        }
        if steps.len() < 2 {
            return None;
        }
        let mut calls = Vec::new();
        for &m in path {
            for &cx in self.graph.incident.row(m) {
                let call = &self.graph.calls[cx as usize];
                if call.caller == m
                    && call.transactional
                    && !call.is_self()
                    && state.side(call.caller) != state.side(call.callee)
                {
                    calls.push((state.id(call.caller), state.id(call.callee)));
                }
            }
        }
        let last = steps.len() - 1;
        let steps: Vec<SagaStep> = steps
            .into_iter()
            .enumerate()
            .map(|(ix, (side, modules))| {
                let mut writes: Vec<String> = modules
                    .iter()
                    .flat_map(|&m| self.graph.writes.row(m).iter())
                    .map(|&t| self.graph.tables.name(t).to_string())
                    .collect();
                writes.sort();
                writes.dedup();
                let names: Vec<String> = modules.iter().map(|&m| state.id(m)).collect();
                SagaStep {
                    side: state.name(side),
                    compensation: compensation(ix == last, &names, &writes),
                    modules: names,
                    writes,
                }
            })
            .collect();
        Some(Saga {
            coordination: if steps.len() <= CHOREOGRAPHY_MAX {
                Coordination::Choreography
            } else {
                Coordination::Orchestration
            },
            steps,
            calls,
        })
    }

    fn reads(&self, state: &State<'_>) -> Vec<ReadItem> {
        let mut readers: Vec<ModuleIx> = state.modules().collect();
        for m in state.modules() {
            for &t in self.graph.writes.row(m) {
                readers.extend(self.index.readers[t as usize].iter().copied());
            }
        }
        readers.sort_unstable();
        readers.dedup();
        let mut items = Vec::new();
        for m in readers {
            let Some(side) = state.side(m) else {
                continue;
            };
            let mut tables = Vec::new();
            let mut owners_all: Vec<Side> = Vec::new();
            for &t in self.graph.reads.row(m) {
                let writers = self.writer_sides(state, t);
                if writers.is_empty() || writers.iter().any(|(w, _)| *w == side) {
                    continue;
                }
                let Some(owner) = self.owner(state, t, &writers) else {
                    continue;
                };
                if !state.new_here(side) && !writers.iter().any(|(w, _)| state.new_here(*w)) {
                    continue;
                }
                owners_all.push(owner);
                tables.push((self.graph.tables.name(t).to_string(), state.name(owner)));
            }
            if tables.is_empty() {
                continue;
            }
            owners_all.sort();
            owners_all.dedup();
            items.push(ReadItem {
                module: state.id(m),
                side: state.name(side),
                tables,
                pattern: if owners_all.len() >= 2 {
                    ReadPattern::CqrsReadModel
                } else {
                    ReadPattern::ApiComposition
                },
            });
        }
        items
    }

    fn routes(&self, state: &State<'_>) -> Vec<Route> {
        let mut routes: Vec<Route> = Vec::new();
        for m in state.modules() {
            let service = self.service_label(self.service_of[m as usize]).to_string();
            for &cx in self.graph.incident.row(m) {
                let call = &self.graph.calls[cx as usize];
                if call.callee != m || state.side(call.caller).is_some() {
                    continue;
                }
                let entry = state.id(call.caller);
                match routes
                    .iter_mut()
                    .find(|r| r.entry == entry && r.service == service)
                {
                    Some(route) => {
                        route.targets.push(state.id(m));
                        route.volume += call.volume;
                    }
                    None => routes.push(Route {
                        entry,
                        service: service.clone(),
                        targets: vec![state.id(m)],
                        volume: call.volume,
                    }),
                }
            }
        }
        routes
    }

    fn contracts(&self, state: &State<'_>) -> Vec<Contract> {
        let mut pairs: Vec<((Side, Side), u32, f64, u32)> = Vec::new();
        for m in state.modules() {
            for &cx in self.graph.incident.row(m) {
                let call = &self.graph.calls[cx as usize];
                let (Some(from), Some(to)) = (state.side(call.caller), state.side(call.callee))
                else {
                    continue;
                };
                // A call between two of the step's modules is seen from both ends.
                let seen_twice = state.new_here(from) && state.new_here(to);
                if from == to || (seen_twice && call.caller != m) {
                    continue;
                }
                match pairs.iter_mut().find(|(p, ..)| *p == (from, to)) {
                    Some((_, count, largest, example)) => {
                        *count += 1;
                        if call.volume > *largest {
                            *largest = call.volume;
                            *example = cx;
                        }
                    }
                    None => pairs.push(((from, to), 1, call.volume, cx)),
                }
            }
        }
        pairs.sort_by_key(|a| a.0);
        pairs
            .into_iter()
            .map(|((from, to), calls, _, example)| {
                let call = &self.graph.calls[example as usize];
                Contract {
                    consumer: state.name(from),
                    provider: state.name(to),
                    calls,
                    example: (state.id(call.caller), state.id(call.callee)),
                }
            })
            .collect()
    }

    fn runtime(&self, state: &State<'_>, readiness: &ReadinessReport) -> Vec<RuntimeItem> {
        let status = |question: &str| match readiness
            .questions
            .iter()
            .find(|q| q.id == question)
            .and_then(|q| q.score)
        {
            Some(score) if score >= PASS_MARK => RuntimeStatus::Ready,
            Some(_) => RuntimeStatus::NotReady,
            None => RuntimeStatus::Unanswered,
        };
        self.groups[state.group]
            .services
            .iter()
            .flat_map(|&s| {
                RuntimeCheck::ALL.into_iter().map(move |check| RuntimeItem {
                    service: self.service_label(s).to_string(),
                    check,
                    question: check.question().to_string(),
                    status: status(check.question()),
                })
            })
            .collect()
    }

    /// The advice rules asked of the state after step `k` and the one before:
    /// what they find now and did not before (by the finding's title). What
    /// they say of the remaining monolith alone (that many teams share it) is
    /// why it is being split, not news of the step.
    pub(crate) fn findings(&self, order: &[usize], k: usize) -> Vec<Finding> {
        let advice_at = |steps: usize| {
            let split = self.state_split(order, steps);
            self.graph
                .resolve_split(&split)
                .map(|resolved| {
                    let scorer =
                        crate::metrics::Scorer::new(self.graph.clone(), &resolved, self.options);
                    self.advise_state(&mut crate::analysis::describe(&scorer, &split))
                })
                .unwrap_or_default()
        };
        let before = if k == 0 { Vec::new() } else { advice_at(k) };
        self.new_findings(advice_at(k + 1), &before)
    }

    /// The findings of a state that the state before did not have (by rule
    /// and title), leaving out what they say of the monolith alone.
    pub(crate) fn new_findings(&self, now: Vec<Finding>, before: &[Finding]) -> Vec<Finding> {
        let monolith = self.monolith_id();
        now.into_iter()
            .filter(|f| f.services != [monolith.clone()])
            .filter(|f| {
                !before
                    .iter()
                    .any(|b| b.rule == f.rule && b.title == f.title)
            })
            .collect()
    }
}

/// What undoes one saga step (nothing for the last: it completes the saga).
fn compensation(last: bool, modules: &[String], writes: &[String]) -> Text {
    let modules = modules.join(", ");
    if last {
        return Text::new(
            "마지막 단계: 이 단계가 커밋되면 사가가 끝납니다 (재시도해도 안전하게)",
            "Last step: once it commits the saga is done (make it safe to retry)",
        );
    }
    if writes.is_empty() {
        return Text::new(
            format!(
                "{modules}이(가) 바꾼 것을 되돌리기 (모델에 쓰는 테이블이 없으니 무엇을 바꾸는지 확인)"
            ),
            format!(
                "Undo what {modules} changed (it writes no modelled table: check what it changes)"
            ),
        );
    }
    let tables = writes.join(", ");
    Text::new(
        format!("{modules}이(가) {tables}에 쓴 것을 되돌리는 보상 쓰기 (삭제가 아닌 취소 기록)"),
        format!(
            "A compensating write that reverses what {modules} wrote to {tables} (a cancelling entry, not a delete)"
        ),
    )
}
