//! What one step of the roadmap needs, each item traced to the model so a
//! person can check it: the calls that become remote (sync ones with a timeout
//! and a circuit breaker sized from what traces measured, async candidates),
//! the API the new service exposes, its tables (which move, which stay shared
//! and how), a saga sketch per write path that now spans services, the reads
//! that joined tables across the new boundary, gateway routes, contract tests
//! and the runtime checklist — and the advice rules asked of the state.

mod compute;
mod index;

use serde::Serialize;

use crate::advice::Finding;
use crate::text::Text;

pub(crate) use index::Index;

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
