//! Advice: concrete findings about a split, each with the pattern the field note
//! recommends and why, so the team discusses remedies, not only numbers.

use serde::{Deserialize, Serialize};

use crate::analysis::SplitAnalysis;
use crate::metrics::AnalysisOptions;
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

/// The synchronous cross-service calls a finding lists (the largest first).
pub const LISTED_SYNC_CALLS: usize = LISTED_CALLS;

mod rules;

pub use rules::RULES;

/// One advice rule: which finding it makes and how it looks for it in an
/// analysed split. The advice of a split is every rule of [`RULES`] asked in
/// turn; the migration roadmap asks the same rules of each intermediate state.
#[derive(Clone, Copy)]
pub struct AdviceRule {
    /// The rule.
    pub rule: Rule,
    /// Its findings in an analysed split.
    pub find: fn(&SplitAnalysis, AnalysisOptions) -> Vec<Finding>,
}

/// Every finding for an analysed split, most severe first (rules in the order
/// of [`RULES`] within one severity).
pub fn advise(analysis: &SplitAnalysis, options: AnalysisOptions) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES
        .iter()
        .flat_map(|rule| (rule.find)(analysis, options))
        .collect();
    findings.sort_by_key(|f| f.severity);
    findings
}

impl Rule {
    /// The pattern the field note recommends for what this rule finds, shared
    /// by the advice and the roadmap's tasks.
    pub fn pattern(self) -> Text {
        let (ko, en) = match self {
            Rule::DistributedTransaction => (
                "보상 트랜잭션이 있는 사가(Saga) — 또는 두 모듈을 한 서비스에 유지",
                "Saga with compensating transactions — or keep the two modules in one service",
            ),
            Rule::SyncChain => (
                "한 홉을 비동기(메시지 큐)로 바꾸거나 API 조합/캐시로 줄이고, 모든 동기 홉에 타임아웃과 서킷 브레이커",
                "Make a hop asynchronous (message queue) or replace it with API composition or a cache; put timeouts and a circuit breaker on every synchronous hop",
            ),
            Rule::ServiceCycle => (
                "서비스를 합치거나, 한 방향을 이벤트 발행/구독으로 뒤집기",
                "Merge the services, or invert one direction with events",
            ),
            Rule::SharedTable => (
                "테이블에 소유 서비스 하나를 정하고, 다른 서비스는 그 API나 이벤트를 통해 변경",
                "Give the table one owning service; the others change it through that service's API or events",
            ),
            Rule::CrossServiceReads => (
                "API 조합(여러 서비스의 응답을 모아 응답) 또는 CQRS 읽기 모델(이벤트로 자체 조회 모델 구성)",
                "API composition (aggregate answers from the owning services) or a CQRS read model (build your own query model from events)",
            ),
            Rule::SyncCalls => (
                "모든 동기 서비스 간 호출에 타임아웃과 서킷 브레이커(스스로 차단하고 회복); 작업을 잃으면 안 되는 호출은 비동기로",
                "Timeouts and a circuit breaker (trips and heals itself) on every synchronous cross-service call; make calls whose work must not be lost asynchronous",
            ),
            Rule::UnassignedModules => (
                "모든 모듈을 서비스에 배정",
                "Assign every module to a service",
            ),
            Rule::EmptyServices => (
                "모듈을 옮기거나 서비스를 삭제",
                "Move modules into them or delete them",
            ),
            Rule::TinyServices => (
                "함께 바뀌고 함께 호출되는 작은 서비스는 합치기",
                "Merge small services that change and are called together",
            ),
            Rule::TeamSplit => (
                "서비스 하나에 팀 하나: 팀 경계와 서비스 경계를 맞추기 (콘웨이 법칙)",
                "One team per service: align team and service boundaries (Conway's law)",
            ),
            Rule::ChangeTogether => (
                "함께 바뀌는 모듈은 한 서비스에 두기 — 또는 둘 사이의 계약(API, 이벤트 스키마)을 먼저 안정시키기",
                "Keep modules that change together in one service — or first stabilise the contract (API, event schema) between them",
            ),
            Rule::ApiGateway => (
                "API 게이트웨이(리버스 프록시)를 앞에 두기",
                "Put an API gateway (reverse proxy) in front",
            ),
            Rule::Observability => (
                "중앙 로그(유실 금지), 메트릭(시계열), 분산 추적, 준비/생존 프로브, 그레이스풀 셧다운",
                "Central logs (never lost), metrics (time series), distributed tracing, readiness/liveness probes, graceful shutdown",
            ),
        };
        Text::new(ko, en)
    }

    /// Why the pattern helps, in general terms (some findings say it with
    /// their own numbers).
    pub fn why(self) -> Text {
        let (ko, en) = match self {
            Rule::DistributedTransaction => (
                "서비스 간에는 하나의 DB 트랜잭션이 없습니다. 2PC는 코디네이터에 의존해 취약하므로, 순서가 있는 단계와 각 단계의 보상 작업으로 일관성을 맞춥니다.",
                "Services share no database transaction. Two-phase commit depends on a fragile coordinator; a saga runs ordered steps and undoes finished ones with compensations when a later step fails.",
            ),
            Rule::SyncChain => (
                "각 홉은 네트워크 호출이자 대기하는 스레드이며 장애 지점입니다.",
                "Each hop is a network call, a waiting thread and a failure point.",
            ),
            Rule::ServiceCycle => (
                "순환이 있으면 서로 독립적으로 배포하거나 장애를 격리할 수 없습니다.",
                "With a cycle none of these services can be deployed or fail independently of the others.",
            ),
            Rule::SharedTable => (
                "여러 서비스가 같은 데이터를 쓰면 스키마 변경과 장애가 서비스 경계를 넘어 번집니다.",
                "When several services write the same data, schema changes and failures leak across service boundaries.",
            ),
            Rule::CrossServiceReads => (
                "다른 서비스의 테이블을 직접 읽으면 그 서비스의 스키마에 묶여 독립 배포가 불가능해집니다.",
                "Reading another service's tables directly ties you to its schema and blocks independent deployment.",
            ),
            Rule::SyncCalls => (
                "호출받는 서비스가 느리거나 죽으면 호출하는 스레드가 기다리다 장애가 연쇄됩니다.",
                "When the called service is slow or down, the caller's threads wait and the failure cascades.",
            ),
            Rule::UnassignedModules => (
                "배정되지 않은 모듈과 그 호출은 지표에서 빠지므로 비교가 실제보다 좋아 보일 수 있습니다.",
                "Unassigned modules and their calls are left out of the metrics, so the split may look better than it is.",
            ),
            Rule::EmptyServices => (
                "빈 서비스는 배포 단위가 아니므로 지표 계산에서 제외됩니다.",
                "An empty service is not a deployable unit and is left out of the metrics.",
            ),
            Rule::TinyServices => (
                "서비스가 너무 많으면 네트워크 호출이 늘고 트러블슈팅이 어려워집니다 (서브도메인 분해의 흔한 위험).",
                "Too many services mean more network calls and harder troubleshooting (a common risk of splitting by subdomain).",
            ),
            Rule::TeamSplit => (
                "여러 팀이 한 서비스를 바꾸면 분해 전과 같은 일정 조율이 다시 필요합니다.",
                "When several teams change one service, the schedule coordination the split was meant to remove comes back.",
            ),
            Rule::ChangeTogether => (
                "늘 함께 바뀌는 두 서비스는 따로 배포할 수 없어, 분해하고도 배포마다 두 팀의 조율이 필요합니다 (분산 모놀리스).",
                "Two services that always change together cannot be deployed independently: every release needs both teams again (a distributed monolith).",
            ),
            Rule::ApiGateway => (
                "인증, 라우팅, 속도 제한을 한곳에서 처리하고 내부 서비스 구조를 외부에 숨깁니다.",
                "It handles authentication, routing and rate limits in one place and hides the internal service layout.",
            ),
            Rule::Observability => (
                "한 요청이 여러 서비스를 지나면 로그와 추적 없이는 장애 원인을 찾을 수 없고, 프로브와 그레이스풀 셧다운이 무중단 배포를 가능하게 합니다.",
                "Once a request crosses several services, failures cannot be traced without central logs and tracing; probes and graceful shutdown make zero-downtime deploys possible.",
            ),
        };
        Text::new(ko, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule is asked once: a rule missing from the list would never fire,
    /// one listed twice would repeat its findings.
    #[test]
    fn the_rule_list_names_every_rule_once() {
        let all = [
            Rule::DistributedTransaction,
            Rule::SyncChain,
            Rule::ServiceCycle,
            Rule::SharedTable,
            Rule::CrossServiceReads,
            Rule::SyncCalls,
            Rule::UnassignedModules,
            Rule::EmptyServices,
            Rule::TinyServices,
            Rule::TeamSplit,
            Rule::ChangeTogether,
            Rule::ApiGateway,
            Rule::Observability,
        ];
        for rule in all {
            assert_eq!(
                RULES.iter().filter(|r| r.rule == rule).count(),
                1,
                "{rule:?}"
            );
        }
        assert_eq!(RULES.len(), all.len());
    }

    /// The demo's advice: each finding carries its rule's pattern, and the
    /// findings come most severe first.
    #[test]
    fn findings_carry_their_rules_pattern_most_severe_first() {
        let project = crate::demo::project();
        let analysis = crate::analysis::analyze(&project, AnalysisOptions::default()).unwrap();
        for split in &analysis.splits {
            assert!(!split.advice.is_empty());
            assert!(
                split
                    .advice
                    .windows(2)
                    .all(|w| w[0].severity <= w[1].severity)
            );
            for finding in &split.advice {
                assert_eq!(finding.pattern, finding.rule.pattern());
            }
        }
    }
}
