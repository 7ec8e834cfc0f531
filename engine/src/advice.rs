//! Advice: concrete findings about a split, each with the pattern the field note
//! recommends and why, so the team discusses remedies, not only numbers.

use serde::{Deserialize, Serialize};

use crate::analysis::{CrossCall, SplitAnalysis};
use crate::metrics::{AnalysisOptions, MetricId};
use crate::text::Text;

/// How urgent a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Breaks correctness or availability if shipped as is.
    Critical,
    /// Costs reliability or autonomy; plan a remedy.
    Warning,
    /// Good practice to put in place.
    Info,
}

impl Severity {
    /// The CSS class and stable key of the severity.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The severity as the reports and the compare page name it.
    pub fn label(self) -> Text {
        match self {
            Severity::Critical => Text::new("심각", "Critical"),
            Severity::Warning => Text::new("경고", "Warning"),
            Severity::Info => Text::new("참고", "Info"),
        }
    }
}

/// Which rule produced a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// An atomic call crosses a service boundary.
    DistributedTransaction,
    /// A long chain of synchronous cross-service hops.
    SyncChain,
    /// Services that call each other in a cycle.
    ServiceCycle,
    /// A table written by several services.
    SharedTable,
    /// Reads of another service's table.
    CrossServiceReads,
    /// Synchronous cross-service calls in general.
    SyncCalls,
    /// Modules left in no service.
    UnassignedModules,
    /// Services without modules.
    EmptyServices,
    /// Many one-module services.
    TinyServices,
    /// A service owned by many teams.
    TeamSplit,
    /// Two services whose modules always change together (history).
    ChangeTogether,
    /// The outside world calls several services.
    ApiGateway,
    /// What every service needs to be operable.
    Observability,
}

/// One recommendation about a split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// How urgent.
    pub severity: Severity,
    /// What was found, with the numbers.
    pub title: Text,
    /// The recommended pattern.
    pub pattern: Text,
    /// Why the pattern helps here.
    pub why: Text,
    /// The services concerned (ids).
    pub services: Vec<String>,
    /// The modules concerned (ids).
    pub modules: Vec<String>,
    /// The calls concerned, as (caller, callee).
    pub calls: Vec<(String, String)>,
}

/// A synchronous chain of this many hops or more gets a finding.
pub const LONG_CHAIN_HOPS: u32 = 3;
/// A service with this many teams or more gets a finding.
pub const MANY_TEAMS: usize = 3;
/// Module pairs coupled this strongly (percent of their commits shared)
/// across two services get a finding: they change together almost always.
pub const ALWAYS_TOGETHER_DEGREE: u32 = 80;
/// At most this many calls are listed in one finding.
const LISTED_CALLS: usize = 10;

/// Every finding for an analysed split, most severe first.
pub fn advise(analysis: &SplitAnalysis, options: AnalysisOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    let services_in_use = analysis.metrics.get(MetricId::Services) as usize;

    for call in &analysis.distributed_transactions {
        let (from, to) = (
            analysis.service_name(&call.from),
            analysis.service_name(&call.to),
        );
        findings.push(Finding {
            rule: Rule::DistributedTransaction,
            severity: Severity::Critical,
            title: Text::new(
                format!("원자적 호출이 서비스 경계를 넘습니다: {} → {} ({from} → {to})", call.caller, call.callee),
                format!("An atomic call crosses services: {} → {} ({from} → {to})", call.caller, call.callee),
            ),
            pattern: Text::new(
                "보상 트랜잭션이 있는 사가(Saga) — 또는 두 모듈을 한 서비스에 유지",
                "Saga with compensating transactions — or keep the two modules in one service",
            ),
            why: Text::new(
                "서비스 간에는 하나의 DB 트랜잭션이 없습니다. 2PC는 코디네이터에 의존해 취약하므로, 순서가 있는 단계와 각 단계의 보상 작업으로 일관성을 맞춥니다.",
                "Services share no database transaction. Two-phase commit depends on a fragile coordinator; a saga runs ordered steps and undoes finished ones with compensations when a later step fails.",
            ),
            services: vec![call.from.clone(), call.to.clone()],
            modules: vec![call.caller.clone(), call.callee.clone()],
            calls: vec![(call.caller.clone(), call.callee.clone())],
        });
    }

    let chain = &analysis.sync_chain;
    if chain.hops >= LONG_CHAIN_HOPS {
        let path = analysis.service_names(&chain.services, " → ");
        findings.push(Finding {
            rule: Rule::SyncChain,
            severity: Severity::Warning,
            title: Text::new(
                format!("동기 호출 {}홉 체인: {path} (가용성 {:.2}%)", chain.hops, chain.availability * 100.0),
                format!("{}-hop synchronous chain: {path} (availability {:.2}%)", chain.hops, chain.availability * 100.0),
            ),
            pattern: Text::new(
                "한 홉을 비동기(메시지 큐)로 바꾸거나 API 조합/캐시로 줄이고, 모든 동기 홉에 타임아웃과 서킷 브레이커",
                "Make a hop asynchronous (message queue) or replace it with API composition or a cache; put timeouts and a circuit breaker on every synchronous hop",
            ),
            why: Text::new(
                format!(
                    "각 홉은 네트워크 호출이자 대기하는 스레드이며 장애 지점입니다. 홉당 가용성 {:.1}%에서 체인 전체는 {:.2}%입니다.",
                    options.hop_availability * 100.0,
                    chain.availability * 100.0
                ),
                format!(
                    "Each hop is a network call, a waiting thread and a failure point. At {:.1}% per hop the whole chain is available {:.2}% of the time.",
                    options.hop_availability * 100.0,
                    chain.availability * 100.0
                ),
            ),
            services: chain.services.clone(),
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    for cycle in &analysis.cycles {
        let names = analysis.service_names(cycle, ", ");
        findings.push(Finding {
            rule: Rule::ServiceCycle,
            severity: Severity::Warning,
            title: Text::new(
                format!("서비스 순환 의존: {names}"),
                format!("Services depend on each other in a cycle: {names}"),
            ),
            pattern: Text::new(
                "서비스를 합치거나, 한 방향을 이벤트 발행/구독으로 뒤집기",
                "Merge the services, or invert one direction with events",
            ),
            why: Text::new(
                "순환이 있으면 서로 독립적으로 배포하거나 장애를 격리할 수 없습니다.",
                "With a cycle none of these services can be deployed or fail independently of the others.",
            ),
            services: cycle.clone(),
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    for shared in &analysis.shared_tables {
        let writers = analysis.service_names(&shared.writers, ", ");
        findings.push(Finding {
            rule: Rule::SharedTable,
            severity: Severity::Warning,
            title: Text::new(
                format!("테이블 {}을(를) {}개 서비스가 씁니다: {writers}", shared.table, shared.writers.len()),
                format!("Table {} is written by {} services: {writers}", shared.table, shared.writers.len()),
            ),
            pattern: Text::new(
                "테이블에 소유 서비스 하나를 정하고, 다른 서비스는 그 API나 이벤트를 통해 변경",
                "Give the table one owning service; the others change it through that service's API or events",
            ),
            why: Text::new(
                "여러 서비스가 같은 데이터를 쓰면 스키마 변경과 장애가 서비스 경계를 넘어 번집니다.",
                "When several services write the same data, schema changes and failures leak across service boundaries.",
            ),
            services: shared.writers.clone(),
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    for read in &analysis.cross_reads {
        let severity = if read.modules.len() >= 3 {
            Severity::Warning
        } else {
            Severity::Info
        };
        let owners = analysis.service_names(&read.owners, ", ");
        let readers = analysis.service_names(&read.readers, ", ");
        findings.push(Finding {
            rule: Rule::CrossServiceReads,
            severity,
            title: Text::new(
                format!("{owners}의 데이터({})를 다른 서비스가 읽습니다: {readers}", read.table),
                format!("{readers} reads data ({}) owned by {owners}", read.table),
            ),
            pattern: Text::new(
                "API 조합(여러 서비스의 응답을 모아 응답) 또는 CQRS 읽기 모델(이벤트로 자체 조회 모델 구성)",
                "API composition (aggregate answers from the owning services) or a CQRS read model (build your own query model from events)",
            ),
            why: Text::new(
                "다른 서비스의 테이블을 직접 읽으면 그 서비스의 스키마에 묶여 독립 배포가 불가능해집니다.",
                "Reading another service's tables directly ties you to its schema and blocks independent deployment.",
            ),
            services: read.owners.iter().chain(&read.readers).cloned().collect(),
            modules: read.modules.clone(),
            calls: Vec::new(),
        });
    }

    let sync_calls: Vec<&CrossCall> = analysis.cross_calls.iter().filter(|c| c.sync).collect();
    if !sync_calls.is_empty() {
        findings.push(Finding {
            rule: Rule::SyncCalls,
            severity: Severity::Info,
            title: Text::new(
                format!("서비스 간 동기 호출 {}건", sync_calls.len()),
                format!("{} synchronous cross-service calls", sync_calls.len()),
            ),
            pattern: Text::new(
                "모든 동기 서비스 간 호출에 타임아웃과 서킷 브레이커(스스로 차단하고 회복); 작업을 잃으면 안 되는 호출은 비동기로",
                "Timeouts and a circuit breaker (trips and heals itself) on every synchronous cross-service call; make calls whose work must not be lost asynchronous",
            ),
            why: Text::new(
                "호출받는 서비스가 느리거나 죽으면 호출하는 스레드가 기다리다 장애가 연쇄됩니다.",
                "When the called service is slow or down, the caller's threads wait and the failure cascades.",
            ),
            services: Vec::new(),
            modules: Vec::new(),
            calls: sync_calls
                .iter()
                .take(LISTED_CALLS)
                .map(|c| (c.caller.clone(), c.callee.clone()))
                .collect(),
        });
    }

    if !analysis.unassigned.is_empty() {
        findings.push(Finding {
            rule: Rule::UnassignedModules,
            severity: Severity::Warning,
            title: Text::new(
                format!("서비스에 배정되지 않은 모듈 {}개", analysis.unassigned.len()),
                format!("{} modules are in no service", analysis.unassigned.len()),
            ),
            pattern: Text::new("모든 모듈을 서비스에 배정", "Assign every module to a service"),
            why: Text::new(
                "배정되지 않은 모듈과 그 호출은 지표에서 빠지므로 비교가 실제보다 좋아 보일 수 있습니다.",
                "Unassigned modules and their calls are left out of the metrics, so the split may look better than it is.",
            ),
            services: Vec::new(),
            modules: analysis.unassigned.clone(),
            calls: Vec::new(),
        });
    }

    if !analysis.empty_services.is_empty() {
        findings.push(Finding {
            rule: Rule::EmptyServices,
            severity: Severity::Info,
            title: Text::new(
                format!("모듈이 없는 서비스 {}개", analysis.empty_services.len()),
                format!("{} services have no modules", analysis.empty_services.len()),
            ),
            pattern: Text::new(
                "모듈을 옮기거나 서비스를 삭제",
                "Move modules into them or delete them",
            ),
            why: Text::new(
                "빈 서비스는 배포 단위가 아니므로 지표 계산에서 제외됩니다.",
                "An empty service is not a deployable unit and is left out of the metrics.",
            ),
            services: analysis.empty_services.clone(),
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    let tiny: Vec<String> = analysis
        .services
        .iter()
        .filter(|s| s.modules.len() == 1)
        .map(|s| s.id.clone())
        .collect();
    if services_in_use >= 4 && tiny.len() * 10 >= services_in_use * 3 {
        findings.push(Finding {
            rule: Rule::TinyServices,
            severity: Severity::Info,
            title: Text::new(
                format!("서비스 {}개 중 {}개가 모듈 하나뿐입니다", services_in_use, tiny.len()),
                format!("{} of {} services hold a single module", tiny.len(), services_in_use),
            ),
            pattern: Text::new(
                "함께 바뀌고 함께 호출되는 작은 서비스는 합치기",
                "Merge small services that change and are called together",
            ),
            why: Text::new(
                "서비스가 너무 많으면 네트워크 호출이 늘고 트러블슈팅이 어려워집니다 (서브도메인 분해의 흔한 위험).",
                "Too many services mean more network calls and harder troubleshooting (a common risk of splitting by subdomain).",
            ),
            services: tiny,
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    for service in analysis
        .services
        .iter()
        .filter(|s| s.teams.len() >= MANY_TEAMS)
    {
        findings.push(Finding {
            rule: Rule::TeamSplit,
            severity: Severity::Info,
            title: Text::new(
                format!("서비스 {}을(를) {}개 팀이 나눠 소유합니다", service.name, service.teams.len()),
                format!("Service {} is owned by {} teams", service.name, service.teams.len()),
            ),
            pattern: Text::new(
                "서비스 하나에 팀 하나: 팀 경계와 서비스 경계를 맞추기 (콘웨이 법칙)",
                "One team per service: align team and service boundaries (Conway's law)",
            ),
            why: Text::new(
                "여러 팀이 한 서비스를 바꾸면 분해 전과 같은 일정 조율이 다시 필요합니다.",
                "When several teams change one service, the schedule coordination the split was meant to remove comes back.",
            ),
            services: vec![service.id.clone()],
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    for crossing in analysis
        .co_change
        .iter()
        .filter(|c| c.degree >= ALWAYS_TOGETHER_DEGREE)
    {
        let (a, b) = (
            analysis.service_name(&crossing.a),
            analysis.service_name(&crossing.b),
        );
        let (m1, m2) = &crossing.modules;
        findings.push(Finding {
            rule: Rule::ChangeTogether,
            severity: Severity::Warning,
            title: Text::new(
                format!("서비스 {a}와(과) {b}는 함께 바뀝니다: {m1}·{m2}가 커밋의 {}%를 공유 (공유 커밋 {}개)", crossing.degree, crossing.shared),
                format!("Services {a} and {b} change together: {m1} and {m2} share {}% of their commits ({} shared commits)", crossing.degree, crossing.shared),
            ),
            pattern: Text::new(
                "함께 바뀌는 모듈은 한 서비스에 두기 — 또는 둘 사이의 계약(API, 이벤트 스키마)을 먼저 안정시키기",
                "Keep modules that change together in one service — or first stabilise the contract (API, event schema) between them",
            ),
            why: Text::new(
                "늘 함께 바뀌는 두 서비스는 따로 배포할 수 없어, 분해하고도 배포마다 두 팀의 조율이 필요합니다 (분산 모놀리스).",
                "Two services that always change together cannot be deployed independently: every release needs both teams again (a distributed monolith).",
            ),
            services: vec![crossing.a.clone(), crossing.b.clone()],
            modules: vec![m1.clone(), m2.clone()],
            calls: Vec::new(),
        });
    }

    if analysis.entry_services.len() >= 2 {
        findings.push(Finding {
            rule: Rule::ApiGateway,
            severity: Severity::Info,
            title: Text::new(
                format!("외부 호출자가 서비스 {}개를 직접 호출합니다", analysis.entry_services.len()),
                format!("External callers reach {} services directly", analysis.entry_services.len()),
            ),
            pattern: Text::new(
                "API 게이트웨이(리버스 프록시)를 앞에 두기",
                "Put an API gateway (reverse proxy) in front",
            ),
            why: Text::new(
                "인증, 라우팅, 속도 제한을 한곳에서 처리하고 내부 서비스 구조를 외부에 숨깁니다.",
                "It handles authentication, routing and rate limits in one place and hides the internal service layout.",
            ),
            services: analysis.entry_services.clone(),
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    if services_in_use >= 2 {
        findings.push(Finding {
            rule: Rule::Observability,
            severity: Severity::Info,
            title: Text::new(
                format!("서비스 {services_in_use}개 모두의 운영 기반"),
                format!("Operational basics for all {services_in_use} services"),
            ),
            pattern: Text::new(
                "중앙 로그(유실 금지), 메트릭(시계열), 분산 추적, 준비/생존 프로브, 그레이스풀 셧다운",
                "Central logs (never lost), metrics (time series), distributed tracing, readiness/liveness probes, graceful shutdown",
            ),
            why: Text::new(
                "한 요청이 여러 서비스를 지나면 로그와 추적 없이는 장애 원인을 찾을 수 없고, 프로브와 그레이스풀 셧다운이 무중단 배포를 가능하게 합니다.",
                "Once a request crosses several services, failures cannot be traced without central logs and tracing; probes and graceful shutdown make zero-downtime deploys possible.",
            ),
            services: Vec::new(),
            modules: Vec::new(),
            calls: Vec::new(),
        });
    }

    findings.sort_by_key(|f| f.severity);
    findings
}
