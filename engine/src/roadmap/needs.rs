//! What one step of the roadmap needs, each item traced to the model so a
//! person can check it: the calls that become remote (sync ones with a timeout
//! and a circuit breaker sized from what traces measured, async candidates),
//! the API the new service exposes, its tables (which move, which stay shared
//! and how), a saga sketch per write path that now spans services, the reads
//! that joined tables across the new boundary, gateway routes, contract tests
//! and the runtime checklist — and the advice rules asked of the state.

use serde::Serialize;

use super::Planner;
use crate::advice::Finding;
use crate::graph::{ModelGraph, ModuleIx};
use crate::metrics::UNASSIGNED;
use crate::readiness::{PASS_MARK, ReadinessReport};
use crate::text::Text;

/// A call that starts crossing a boundary at this step, and how it should travel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RemoteCall {
    /// Calling module id.
    pub caller: String,
    /// Called module id.
    pub callee: String,
    /// The calling side (a service name, or `monolith`).
    pub from: String,
    /// The called side.
    pub to: String,
    /// Calls per period.
    pub volume: f64,
    /// Must be atomic with the caller's write.
    pub transactional: bool,
    /// Only reads.
    pub query: bool,
    /// How it should travel.
    pub kind: RemoteKind,
    /// What traces measured of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<Measured>,
    /// For a call that stays synchronous: its timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Timeout>,
    /// For a call that stays synchronous: its circuit breaker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaker: Option<Breaker>,
}

/// How a call that becomes remote should travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteKind {
    /// Tagged asynchronous in the model: a message on a queue.
    Async,
    /// Synchronous today, but a command that needs no atomicity: a candidate
    /// to send as a message, so the work is not lost when the callee is down.
    AsyncCandidate,
    /// Stays synchronous: a query (the caller needs the answer) or part of a
    /// transaction (see the saga).
    Sync,
}

impl RemoteKind {
    /// The kind in words.
    pub fn label(self) -> Text {
        match self {
            RemoteKind::Async => Text::new("비동기 (메시지)", "async (message)"),
            RemoteKind::AsyncCandidate => {
                Text::new("비동기 후보 (명령)", "async candidate (command)")
            }
            RemoteKind::Sync => Text::new("동기", "sync"),
        }
    }
}

/// What traces measured of a call.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Measured {
    /// Spans counted.
    pub count: u64,
    /// Failed ones, when the source says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<u64>,
    /// 99th percentile latency in milliseconds, when the source has durations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
}

/// A synchronous call's timeout.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Timeout {
    /// Milliseconds.
    pub ms: u32,
    /// Sized from a measured p99 (otherwise a starting value to measure).
    pub measured: bool,
}

/// A synchronous call's circuit breaker (count-based sliding window).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Breaker {
    /// Calls in the window.
    pub window: u32,
    /// Failed or too slow calls in the window, in percent, that open it.
    pub failure_rate: u32,
    /// Seconds it stays open before letting trial calls through.
    pub open_seconds: u32,
    /// Trial calls in the half-open state.
    pub trial_calls: u32,
}

/// A module of the new service that others now call over the network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiOperation {
    /// The called module id.
    pub module: String,
    /// The service that exposes it.
    pub service: String,
    /// Who calls it: sides, and `gateway` for entry points.
    pub consumers: Vec<String>,
    /// Calls to it from outside its service.
    pub calls: u32,
    /// Their volume.
    pub volume: f64,
    /// How many of them only read.
    pub queries: u32,
}

/// A table the step's services write, and what happens to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableItem {
    /// The table.
    pub table: String,
    /// What happens to it.
    pub plan: TablePlan,
    /// The sides writing it in this state.
    pub writers: Vec<String>,
    /// The sides reading it without writing it.
    pub readers: Vec<String>,
}

/// What happens to a table the step's services write.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TablePlan {
    /// Only this service writes it: it moves to the service's own database.
    Moves {
        /// The service.
        service: String,
    },
    /// Written on several sides, and the team decided to keep it shared.
    Kept,
    /// Written on several sides: one owner, the others through its API or events.
    OneOwner {
        /// The suggested owner (see [`rules`]).
        owner: String,
    },
    /// Written on several sides inside one transaction: one owner, and a
    /// saga for the atomic writes (see the step's sagas).
    Saga {
        /// The suggested owner.
        owner: String,
    },
}

/// A saga sketch for one write path that now spans services.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Saga {
    /// The participants in call order.
    pub steps: Vec<SagaStep>,
    /// Choreography or orchestration.
    pub coordination: Coordination,
    /// The atomic calls that now cross a boundary, as (caller, callee).
    pub calls: Vec<(String, String)>,
}

/// One participant of a saga.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SagaStep {
    /// The side.
    pub side: String,
    /// Its modules on the path, in call order.
    pub modules: Vec<String>,
    /// The tables they write.
    pub writes: Vec<String>,
    /// What undoes this step when a later one fails.
    pub compensation: Text,
}

/// How a saga's steps are run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coordination {
    /// Each participant reacts to the previous one's event.
    Choreography,
    /// One coordinator runs the steps and the compensations.
    Orchestration,
}

impl Coordination {
    /// The coordination in words.
    pub fn label(self) -> Text {
        match self {
            Coordination::Choreography => {
                Text::new("코레오그래피 (이벤트)", "choreography (events)")
            }
            Coordination::Orchestration => {
                Text::new("오케스트레이션 (조정자)", "orchestration (a coordinator)")
            }
        }
    }
}

/// A saga with at most this many participants is run by events; with more,
/// the flow is hard to follow without one coordinator.
pub const CHOREOGRAPHY_MAX: usize = 3;

/// Reads by one module of tables another side now owns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadItem {
    /// The reading module.
    pub module: String,
    /// Its side.
    pub side: String,
    /// The tables, each with the side that owns it (writes it, or is
    /// suggested to own it when several do).
    pub tables: Vec<(String, String)>,
    /// How to read them now.
    pub pattern: ReadPattern,
}

/// How a module reads data another service owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadPattern {
    /// Ask the owner's API and combine the answers.
    ApiComposition,
    /// Keep a read model built from the owners' events.
    CqrsReadModel,
}

impl ReadPattern {
    /// The pattern in words.
    pub fn label(self) -> Text {
        match self {
            ReadPattern::ApiComposition => Text::new("API 조합", "API composition"),
            ReadPattern::CqrsReadModel => Text::new("CQRS 읽기 모델", "CQRS read model"),
        }
    }
}

/// An entry point that now lands in the new service: a gateway route.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Route {
    /// The entry point (module id).
    pub entry: String,
    /// The service the route goes to.
    pub service: String,
    /// The modules it calls there.
    pub targets: Vec<String>,
    /// The volume of those calls.
    pub volume: f64,
}

/// A consumer-driven contract test between two sides the step connects.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contract {
    /// The calling side.
    pub consumer: String,
    /// The called side.
    pub provider: String,
    /// How many calls go from one to the other.
    pub calls: u32,
    /// The largest of them, as (caller, callee).
    pub example: (String, String),
}

/// What a new service needs before it runs, from the field note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuntimeCheck {
    /// Readiness and liveness probes.
    Probes,
    /// Graceful shutdown for zero-downtime deploys.
    GracefulShutdown,
    /// Distributed tracing across the new hop.
    Tracing,
    /// Central logs that are never lost.
    CentralLogs,
    /// Metrics as time series.
    Metrics,
}

impl RuntimeCheck {
    /// Every check, in the order the checklist shows them.
    pub const ALL: [RuntimeCheck; 5] = [
        RuntimeCheck::Probes,
        RuntimeCheck::GracefulShutdown,
        RuntimeCheck::Tracing,
        RuntimeCheck::CentralLogs,
        RuntimeCheck::Metrics,
    ];

    /// The check in words.
    pub fn label(self) -> Text {
        match self {
            RuntimeCheck::Probes => Text::new("준비/생존 프로브", "readiness and liveness probes"),
            RuntimeCheck::GracefulShutdown => Text::new("그레이스풀 셧다운", "graceful shutdown"),
            RuntimeCheck::Tracing => Text::new("분산 추적", "distributed tracing"),
            RuntimeCheck::CentralLogs => {
                Text::new("중앙 로그 (유실 금지)", "central logs (never lost)")
            }
            RuntimeCheck::Metrics => Text::new("메트릭 (시계열)", "metrics (time series)"),
        }
    }

    /// The readiness question whose answer says whether the organisation can
    /// do it: the DevOps/SRE group for probes and shutdown (deploys), the
    /// monitoring stack for tracing, logs and metrics.
    pub fn question(self) -> &'static str {
        match self {
            RuntimeCheck::Probes | RuntimeCheck::GracefulShutdown => "f2",
            RuntimeCheck::Tracing | RuntimeCheck::CentralLogs | RuntimeCheck::Metrics => "f3",
        }
    }
}

/// One runtime check of one service, with what the checklist says about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuntimeItem {
    /// The service.
    pub service: String,
    /// The check.
    pub check: RuntimeCheck,
    /// The readiness question it hangs on.
    pub question: String,
    /// What the answers to that question say.
    pub status: RuntimeStatus,
}

/// What the readiness answers say about a runtime check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuntimeStatus {
    /// The question passes: the organisation can do it.
    Ready,
    /// The question fails: build this foundation first.
    NotReady,
    /// Nobody answered the question (other than "don't know").
    Unanswered,
}

impl RuntimeStatus {
    /// The status in words.
    pub fn label(self) -> Text {
        match self {
            RuntimeStatus::Ready => Text::new("준비됨", "ready"),
            RuntimeStatus::NotReady => Text::new("준비 안 됨", "not ready"),
            RuntimeStatus::Unanswered => Text::new("답 없음", "not answered"),
        }
    }
}

/// Everything one step needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StepNeeds {
    /// Calls that cross a boundary in this state and did not before, largest first.
    pub new_remote_calls: Vec<RemoteCall>,
    /// The API the step's services expose.
    pub api: Vec<ApiOperation>,
    /// The tables the step's services write.
    pub tables: Vec<TableItem>,
    /// A saga sketch per write path that now spans services.
    pub sagas: Vec<Saga>,
    /// Reads of tables across the new boundary.
    pub reads: Vec<ReadItem>,
    /// Entry points that now land in the step's services.
    pub gateway_routes: Vec<Route>,
    /// Consumer → provider pairs that need a contract test.
    pub contract_tests: Vec<Contract>,
    /// The runtime checklist of each new service.
    pub runtime: Vec<RuntimeItem>,
    /// What the advice rules find in this state and did not in the one before.
    pub findings: Vec<Finding>,
}

/// The rules the tasks follow, stated once for the page and the report.
pub fn rules() -> Vec<Text> {
    vec![
        Text::new(
            "타임아웃 = 측정한 p99 × 1.5를 10 ms 단위로 올림 (최소 10 ms; 측정이 없으면 1000 ms에서 시작해 측정 후 조정). 호출의 약 1%가 p99보다 느리고, 여유분이 정상적인 느린 호출을 끊지 않게 합니다.",
            "Timeout = measured p99 × 1.5, rounded up to 10 ms (at least 10 ms; without a measurement start at 1000 ms and tighten once measured): about 1 % of calls are slower than the p99, and the margin keeps a normally slow call from timing out.",
        ),
        Text::new(
            "서킷 브레이커: 최근 호출 창(주기당 호출량 1000 이상이면 100건, 아니면 20건)에서 실패·타임아웃 비율이 50% (측정한 오류율 + 20%p가 더 크면 그 값, 최대 90%) 이상이면 열리고, 30초 뒤 시험 호출 5건으로 회복을 확인합니다.",
            "Circuit breaker: opens when, of the last calls (100 when the call runs 1000 times or more per period, else 20), 50 % or more failed or timed out (or the measured error rate + 20 points when higher, at most 90 %); after 30 s it lets 5 trial calls through to heal.",
        ),
        Text::new(
            "비동기 후보: 동기 명령 호출 중 원자성이 필요 없는 것 — 메시지로 보내면 호출받는 쪽이 멈춰도 작업을 잃지 않습니다. 조회(응답이 필요)와 원자적 호출(사가 참고)은 동기로 둡니다.",
            "Async candidates: synchronous command calls that need no atomicity — sent as messages, their work is not lost when the callee is down. Queries (the caller needs the answer) and atomic calls (see the saga) stay synchronous.",
        ),
        Text::new(
            format!(
                "사가: 참여자 {CHOREOGRAPHY_MAX}개까지는 코레오그래피(각자 앞 단계의 이벤트에 반응), 그보다 많으면 오케스트레이션(조정자 하나가 단계와 보상을 실행). 마지막 단계 외의 각 단계에 보상 작업이 필요합니다."
            ),
            format!(
                "Sagas: up to {CHOREOGRAPHY_MAX} participants by choreography (each reacts to the previous step's event), more by orchestration (one coordinator runs the steps and the compensations). Every step but the last needs a compensating action."
            ),
        ),
        Text::new(
            "읽기: 한 모듈이 다른 두 곳 이상이 소유한 테이블들을 읽으면(예전에 조인하던 데이터가 흩어짐) CQRS 읽기 모델, 한 곳이면 API 조합. 여러 쪽이 쓰는 테이블의 소유자는 아래 규칙으로 정합니다.",
            "Reads: a module reading tables owned by two other sides or more (data it joined is now spread) keeps a CQRS read model; one owner, API composition. A table written on several sides is owned as the rule below suggests.",
        ),
        Text::new(
            "여러 쪽에서 쓰는 테이블: 쓰는 모듈이 가장 많은 쪽(같으면 읽는 모듈이 많은 쪽, 그다음 먼저 있던 쪽)을 소유자로 제안하고, 나머지는 그 API나 이벤트로 바꿉니다 (같은 트랜잭션 안의 쓰기는 사가).",
            "Tables written on several sides: the side with the most writing modules (then the most reading ones, then the one that was there first) is suggested as the owner; the others change it through its API or events (writes inside one transaction, through a saga).",
        ),
    ]
}

/// The timeout of a synchronous call (see [`rules`]).
pub fn timeout(p99_ms: Option<f64>) -> Timeout {
    match p99_ms {
        Some(p99) if p99.is_finite() && p99 >= 0.0 => {
            let ms = ((p99 * 1.5 / 10.0).ceil() * 10.0).clamp(10.0, f64::from(u32::MAX));
            Timeout {
                ms: ms as u32,
                measured: true,
            }
        }
        _ => Timeout {
            ms: 1000,
            measured: false,
        },
    }
}

/// The circuit breaker of a synchronous call (see [`rules`]).
pub fn breaker(volume: f64, measured: Option<&Measured>) -> Breaker {
    let error_rate = measured
        .and_then(|m| Some((m.errors? as f64) / (m.count.max(1) as f64) * 100.0))
        .unwrap_or(0.0);
    Breaker {
        window: if volume >= 1000.0 { 100 } else { 20 },
        failure_rate: (error_rate + 20.0).ceil().clamp(50.0, 90.0) as u32,
        open_seconds: 30,
        trial_calls: 5,
    }
}

/// Per table the modules writing and reading it, and the write paths, built
/// once per planner. A write path is one transaction as the model has it: a
/// module that starts it (no atomic call reaches it) and every module its
/// atomic calls reach, in call order; two transactions that share a module
/// stay two paths.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    writers: Vec<Vec<ModuleIx>>,
    readers: Vec<Vec<ModuleIx>>,
    /// Per module, the write paths it is on.
    paths_of: rustc_hash::FxHashMap<ModuleIx, Vec<usize>>,
    /// Each write path's modules in call order (breadth first from its start).
    paths: Vec<Vec<ModuleIx>>,
}

impl Index {
    pub(crate) fn new(graph: &ModelGraph, service_of: &[u32]) -> Index {
        let mut writers = vec![Vec::new(); graph.tables.len()];
        let mut readers = vec![Vec::new(); graph.tables.len()];
        for m in 0..graph.module_count() as ModuleIx {
            for &t in graph.writes.row(m) {
                writers[t as usize].push(m);
            }
            for &t in graph.reads.row(m) {
                readers[t as usize].push(m);
            }
        }
        let placed = |m: ModuleIx| service_of[m as usize] != UNASSIGNED;
        let mut out: rustc_hash::FxHashMap<ModuleIx, Vec<ModuleIx>> = Default::default();
        let mut called = rustc_hash::FxHashSet::default();
        for call in graph
            .calls
            .iter()
            .filter(|c| c.transactional && !c.is_self() && placed(c.caller) && placed(c.callee))
        {
            out.entry(call.caller).or_default().push(call.callee);
            called.insert(call.callee);
        }
        let mut starts: Vec<ModuleIx> = out
            .keys()
            .copied()
            .filter(|m| !called.contains(m))
            .collect();
        starts.sort_unstable();
        let mut index = Index {
            writers,
            readers,
            ..Index::default()
        };
        let mut covered = rustc_hash::FxHashSet::default();
        let mut add_path = |start: ModuleIx, index: &mut Index| {
            let mut order = Vec::new();
            let mut seen = rustc_hash::FxHashSet::default();
            let mut queue = std::collections::VecDeque::from([start]);
            while let Some(m) = queue.pop_front() {
                if seen.insert(m) {
                    order.push(m);
                    covered.insert(m);
                    queue.extend(out.get(&m).into_iter().flatten().copied());
                }
            }
            for &m in &order {
                index.paths_of.entry(m).or_default().push(index.paths.len());
            }
            index.paths.push(order);
        };
        for start in starts {
            add_path(start, &mut index);
        }
        // Transactions that only loop (every module reached by another) start
        // at their first module.
        let mut looping: Vec<ModuleIx> = out.keys().copied().collect();
        looping.sort_unstable();
        for start in looping {
            if !index.paths_of.contains_key(&start) {
                add_path(start, &mut index);
            }
        }
        index
    }
}

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
            Side::Monolith => super::MONOLITH.to_string(),
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
        let state = State {
            planner: self,
            position: self.positions(order),
            step: k,
            group: order[k],
        };
        StepNeeds {
            new_remote_calls: self
                .new_remote_calls(order, k)
                .into_iter()
                .map(|cx| self.remote_call(&state, cx))
                .collect(),
            api: self.api(&state),
            tables: self.tables(&state),
            sagas: self.sagas(&state),
            reads: self.reads(&state),
            gateway_routes: self.routes(&state),
            contract_tests: self.contracts(&state),
            runtime: self.runtime(&state, readiness),
            findings: self.findings(order, k),
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
                    None => "gateway".to_string(),
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
        let mut tables: Vec<u32> = state
            .modules()
            .flat_map(|m| self.graph.writes.row(m).iter().copied())
            .collect();
        tables.sort_unstable();
        tables.dedup();
        tables
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
    fn findings(&self, order: &[usize], k: usize) -> Vec<Finding> {
        let advice_at = |steps: usize| {
            let split = self.state_split(order, steps);
            self.graph
                .resolve_split(&split)
                .map(|resolved| {
                    let scorer =
                        crate::metrics::Scorer::new(self.graph.clone(), &resolved, self.options);
                    crate::analysis::describe(&scorer, &split).advice
                })
                .unwrap_or_default()
        };
        let before = if k == 0 { Vec::new() } else { advice_at(k) };
        let monolith = self.monolith_id();
        advice_at(k + 1)
            .into_iter()
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
