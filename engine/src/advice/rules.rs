//! The advice rules, one function each, in the order [`RULES`] lists them.

use super::{
    ALWAYS_TOGETHER_DEGREE, AdviceRule, Finding, LISTED_CALLS, LONG_CHAIN_HOPS, MANY_TEAMS, Rule,
    Severity,
};
use crate::analysis::{CrossCall, SplitAnalysis};
use crate::metrics::{AnalysisOptions, MetricId};
use crate::text::Text;

/// Every advice rule. The advice of a split asks each in turn; so does each
/// step of a migration roadmap, of the state that step leaves.
pub const RULES: &[AdviceRule] = &[
    AdviceRule {
        rule: Rule::DistributedTransaction,
        find: distributed_transactions,
    },
    AdviceRule {
        rule: Rule::SyncChain,
        find: sync_chain,
    },
    AdviceRule {
        rule: Rule::ServiceCycle,
        find: service_cycles,
    },
    AdviceRule {
        rule: Rule::SharedTable,
        find: shared_tables,
    },
    AdviceRule {
        rule: Rule::CrossServiceReads,
        find: cross_service_reads,
    },
    AdviceRule {
        rule: Rule::SyncCalls,
        find: sync_calls,
    },
    AdviceRule {
        rule: Rule::UnassignedModules,
        find: unassigned_modules,
    },
    AdviceRule {
        rule: Rule::EmptyServices,
        find: empty_services,
    },
    AdviceRule {
        rule: Rule::TinyServices,
        find: tiny_services,
    },
    AdviceRule {
        rule: Rule::TeamSplit,
        find: team_split,
    },
    AdviceRule {
        rule: Rule::ChangeTogether,
        find: change_together,
    },
    AdviceRule {
        rule: Rule::ApiGateway,
        find: api_gateway,
    },
    AdviceRule {
        rule: Rule::Observability,
        find: observability,
    },
];

/// A finding of `rule` with the rule's own pattern and reason.
fn finding(rule: Rule, severity: Severity, title: Text) -> Finding {
    Finding {
        rule,
        severity,
        title,
        pattern: rule.pattern(),
        why: rule.why(),
        services: Vec::new(),
        modules: Vec::new(),
        calls: Vec::new(),
    }
}

fn distributed_transactions(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    analysis
        .distributed_transactions
        .iter()
        .map(|call| {
            let (from, to) = (
                analysis.service_name(&call.from),
                analysis.service_name(&call.to),
            );
            Finding {
                services: vec![call.from.clone(), call.to.clone()],
                modules: vec![call.caller.clone(), call.callee.clone()],
                calls: vec![(call.caller.clone(), call.callee.clone())],
                ..finding(
                    Rule::DistributedTransaction,
                    Severity::Critical,
                    Text::new(
                        format!(
                            "원자적 호출이 서비스 경계를 넘습니다: {} → {} ({from} → {to})",
                            call.caller, call.callee
                        ),
                        format!(
                            "An atomic call crosses services: {} → {} ({from} → {to})",
                            call.caller, call.callee
                        ),
                    ),
                )
            }
        })
        .collect()
}

fn sync_chain(analysis: &SplitAnalysis, options: AnalysisOptions) -> Vec<Finding> {
    let chain = &analysis.sync_chain;
    if chain.hops < LONG_CHAIN_HOPS {
        return Vec::new();
    }
    let path = analysis.service_names(&chain.services, " → ");
    let general = Rule::SyncChain.why();
    vec![Finding {
        why: Text::new(
            format!(
                "{} 홉당 가용성 {:.1}%에서 체인 전체는 {:.2}%입니다.",
                general.ko,
                options.hop_availability * 100.0,
                chain.availability * 100.0
            ),
            format!(
                "{} At {:.1}% per hop the whole chain is available {:.2}% of the time.",
                general.en,
                options.hop_availability * 100.0,
                chain.availability * 100.0
            ),
        ),
        services: chain.services.clone(),
        ..finding(
            Rule::SyncChain,
            Severity::Warning,
            Text::new(
                format!(
                    "동기 호출 {}홉 체인: {path} (가용성 {:.2}%)",
                    chain.hops,
                    chain.availability * 100.0
                ),
                format!(
                    "{}-hop synchronous chain: {path} (availability {:.2}%)",
                    chain.hops,
                    chain.availability * 100.0
                ),
            ),
        )
    }]
}

fn service_cycles(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    analysis
        .cycles
        .iter()
        .map(|cycle| {
            let names = analysis.service_names(cycle, ", ");
            Finding {
                services: cycle.clone(),
                ..finding(
                    Rule::ServiceCycle,
                    Severity::Warning,
                    Text::new(
                        format!("서비스 순환 의존: {names}"),
                        format!("Services depend on each other in a cycle: {names}"),
                    ),
                )
            }
        })
        .collect()
}

fn shared_tables(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    analysis
        .shared_tables
        .iter()
        .map(|shared| {
            let writers = analysis.service_names(&shared.writers, ", ");
            Finding {
                services: shared.writers.clone(),
                ..finding(
                    Rule::SharedTable,
                    Severity::Warning,
                    Text::new(
                        format!(
                            "테이블 {}을(를) {}개 서비스가 씁니다: {writers}",
                            shared.table,
                            shared.writers.len()
                        ),
                        format!(
                            "Table {} is written by {} services: {writers}",
                            shared.table,
                            shared.writers.len()
                        ),
                    ),
                )
            }
        })
        .collect()
}

fn cross_service_reads(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    analysis
        .cross_reads
        .iter()
        .map(|read| {
            let severity = if read.modules.len() >= 3 {
                Severity::Warning
            } else {
                Severity::Info
            };
            let owners = analysis.service_names(&read.owners, ", ");
            let readers = analysis.service_names(&read.readers, ", ");
            Finding {
                services: read.owners.iter().chain(&read.readers).cloned().collect(),
                modules: read.modules.clone(),
                ..finding(
                    Rule::CrossServiceReads,
                    severity,
                    Text::new(
                        format!(
                            "{owners}의 데이터({})를 다른 서비스가 읽습니다: {readers}",
                            read.table
                        ),
                        format!("{readers} reads data ({}) owned by {owners}", read.table),
                    ),
                )
            }
        })
        .collect()
}

fn sync_calls(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    // Counted on the service dependencies, which count every call (an
    // analysis may list only the largest calls).
    let count: u32 = analysis.dependencies.iter().map(|d| d.sync_calls).sum();
    if count == 0 {
        return Vec::new();
    }
    let sync_calls: Vec<&CrossCall> = analysis.cross_calls.iter().filter(|c| c.sync).collect();
    vec![Finding {
        calls: sync_calls
            .iter()
            .take(LISTED_CALLS)
            .map(|c| (c.caller.clone(), c.callee.clone()))
            .collect(),
        ..finding(
            Rule::SyncCalls,
            Severity::Info,
            Text::new(
                format!("서비스 간 동기 호출 {count}건"),
                format!("{count} synchronous cross-service calls"),
            ),
        )
    }]
}

fn unassigned_modules(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    if analysis.unassigned.is_empty() {
        return Vec::new();
    }
    vec![Finding {
        modules: analysis.unassigned.clone(),
        ..finding(
            Rule::UnassignedModules,
            Severity::Warning,
            Text::new(
                format!(
                    "서비스에 배정되지 않은 모듈 {}개",
                    analysis.unassigned.len()
                ),
                format!("{} modules are in no service", analysis.unassigned.len()),
            ),
        )
    }]
}

fn empty_services(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    if analysis.empty_services.is_empty() {
        return Vec::new();
    }
    vec![Finding {
        services: analysis.empty_services.clone(),
        ..finding(
            Rule::EmptyServices,
            Severity::Info,
            Text::new(
                format!("모듈이 없는 서비스 {}개", analysis.empty_services.len()),
                format!("{} services have no modules", analysis.empty_services.len()),
            ),
        )
    }]
}

fn tiny_services(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    let services_in_use = analysis.metrics.get(MetricId::Services) as usize;
    let tiny: Vec<String> = analysis
        .services
        .iter()
        .filter(|s| s.module_count == 1)
        .map(|s| s.id.clone())
        .collect();
    if services_in_use < 4 || tiny.len() * 10 < services_in_use * 3 {
        return Vec::new();
    }
    vec![Finding {
        services: tiny.clone(),
        ..finding(
            Rule::TinyServices,
            Severity::Info,
            Text::new(
                format!(
                    "서비스 {}개 중 {}개가 모듈 하나뿐입니다",
                    services_in_use,
                    tiny.len()
                ),
                format!(
                    "{} of {} services hold a single module",
                    tiny.len(),
                    services_in_use
                ),
            ),
        )
    }]
}

fn team_split(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    analysis
        .services
        .iter()
        .filter(|s| s.teams.len() >= MANY_TEAMS)
        .map(|service| Finding {
            services: vec![service.id.clone()],
            ..finding(
                Rule::TeamSplit,
                Severity::Info,
                Text::new(
                    format!(
                        "서비스 {}을(를) {}개 팀이 나눠 소유합니다",
                        service.name,
                        service.teams.len()
                    ),
                    format!(
                        "Service {} is owned by {} teams",
                        service.name,
                        service.teams.len()
                    ),
                ),
            )
        })
        .collect()
}

fn change_together(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    analysis
        .co_change
        .iter()
        .filter(|c| c.degree >= ALWAYS_TOGETHER_DEGREE)
        .map(|crossing| {
            let (a, b) = (
                analysis.service_name(&crossing.a),
                analysis.service_name(&crossing.b),
            );
            let (m1, m2) = &crossing.modules;
            Finding {
                services: vec![crossing.a.clone(), crossing.b.clone()],
                modules: vec![m1.clone(), m2.clone()],
                ..finding(
                    Rule::ChangeTogether,
                    Severity::Warning,
                    Text::new(
                        format!("서비스 {a}와(과) {b}는 함께 바뀝니다: {m1}·{m2}가 커밋의 {}%를 공유 (공유 커밋 {}개)", crossing.degree, crossing.shared),
                        format!("Services {a} and {b} change together: {m1} and {m2} share {}% of their commits ({} shared commits)", crossing.degree, crossing.shared),
                    ),
                )
            }
        })
        .collect()
}

fn api_gateway(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    if analysis.entry_services.len() < 2 {
        return Vec::new();
    }
    vec![Finding {
        services: analysis.entry_services.clone(),
        ..finding(
            Rule::ApiGateway,
            Severity::Info,
            Text::new(
                format!(
                    "외부 호출자가 서비스 {}개를 직접 호출합니다",
                    analysis.entry_services.len()
                ),
                format!(
                    "External callers reach {} services directly",
                    analysis.entry_services.len()
                ),
            ),
        )
    }]
}

fn observability(analysis: &SplitAnalysis, _: AnalysisOptions) -> Vec<Finding> {
    let services_in_use = analysis.metrics.get(MetricId::Services) as usize;
    if services_in_use < 2 {
        return Vec::new();
    }
    vec![finding(
        Rule::Observability,
        Severity::Info,
        Text::new(
            format!("서비스 {services_in_use}개 모두의 운영 기반"),
            format!("Operational basics for all {services_in_use} services"),
        ),
    )]
}
